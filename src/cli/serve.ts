// `vigil serve`: runs the HTTP server until SIGTERM or SIGINT, then shuts down gracefully.
import { CONFIG_FLAGS, loadServerConfig } from '../server/config.js';
import { startServer } from '../server/server.js';
import { parseCommandArgs, type CommandIo } from './io.js';

const HELP = `Usage: vigil serve [--config FILE] [--port N] [--host H] [--data-dir DIR] [--database-url URL]
                   [--policy FILE] [--webhook-url URL] [--rate-limit N] [--log-level LEVEL]

Starts the moderation API. Data lives in an embedded PostgreSQL (PGlite) in --data-dir (default ./vigil-data),
or in the PostgreSQL server of --database-url / DATABASE_URL.

Settings come from flags, then environment variables, then the config file (JSON or YAML), then defaults:
  --port / PORT (8080)            --host / HOST (0.0.0.0)       --data-dir / VIGIL_DATA_DIR (./vigil-data)
  --database-url / DATABASE_URL   --policy / VIGIL_POLICY       --log-level / VIGIL_LOG_LEVEL (info)
  --webhook-url / VIGIL_WEBHOOK_URL with VIGIL_WEBHOOK_SECRET (whsec_..., see \`vigil keys webhook-secret\`)
  --rate-limit / VIGIL_RATE_LIMIT (requests per second per key, 1000; 0 = off)
  VIGIL_BOOTSTRAP_KEY             an admin API key to create at start (automated deployments)
  --config FILE / VIGIL_CONFIG    also: webhook.{timeoutMs,concurrency,backoffMs,maxBackoffMs},
                                  limits.{bodyBytes,textLength,batchSize}, rateLimit.burst

With no API keys and no VIGIL_BOOTSTRAP_KEY, the first start creates an admin key and prints it once.
`;

export async function runServe(args: string[], io: CommandIo): Promise<number> {
  const parsed = parseCommandArgs({
    args,
    options: {
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      ...Object.fromEntries(CONFIG_FLAGS.map((flag) => [flag, { type: 'string' as const }])),
    },
  }, HELP);
  if (parsed.values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const { config: file, help: _help, ...flags } = parsed.values as Record<string, string | undefined>;
  const config = loadServerConfig({ flags, env: process.env, ...(file ? { file } : {}) });

  const server = await startServer(config, {
    onFirstKey: (key) =>
      io.stderr.write(
        `\n  No API keys existed, so Vigil created this admin key. It is shown only now; keep it safe:\n\n    ${key}\n\n` +
          `  Use it as "Authorization: Bearer <key>"; create platform keys with POST /v1/keys or \`vigil keys create --role platform\`.\n\n`,
      ),
  });
  io.stderr.write(`vigil: listening on ${server.url} (store: ${server.store.driver.kind} ${server.store.driver.location}); API docs at ${server.url}/docs\n`);

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  io.stderr.write(`vigil: ${signal}: shutting down (finishing requests in flight; a second signal forces exit)\n`);
  const force = () => process.exit(1);
  process.once('SIGTERM', force);
  process.once('SIGINT', force);
  await server.close();
  process.off('SIGTERM', force);
  process.off('SIGINT', force);
  return 0;
}
