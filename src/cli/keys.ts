// `vigil keys`: API keys and webhook secrets from the command line, against the same store as the server.
import { resolve } from 'node:path';
import { generateWebhookSecret } from '../act/webhook/signature.js';
import { VigilError } from '../domain/errors.js';
import { lockDataDir } from '../store/data-dir-lock.js';
import { openStore, ROLES, type Role, type Store } from '../store/index.js';
import { loadServerConfig } from '../server/config.js';
import { parseCommandArgs, type CommandIo } from './io.js';

const HELP = `Usage: vigil keys create --role ROLE [--name TEXT]              create a key and print it (shown only once); ROLE is
                                                                platform, admin, trusted_flagger or authority
       vigil keys list                                          list keys (ids, roles, names; never secrets)
       vigil keys revoke ID                                     revoke a key
       vigil keys webhook-secret                                print a new whsec_ secret for VIGIL_WEBHOOK_SECRET

Options: --data-dir DIR, --database-url URL, --config FILE (as for \`vigil serve\`; also VIGIL_DATA_DIR, DATABASE_URL).
With the embedded database, stop the server first (or use POST /v1/keys with an admin key while it runs).
`;

export async function runKeys(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandArgs({
    args,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      name: { type: 'string' },
      config: { type: 'string' },
      'data-dir': { type: 'string' },
      'database-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }, HELP);
  const [subcommand, ...rest] = positionals;
  if (values.help || subcommand === undefined) {
    io.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  if (subcommand === 'webhook-secret') {
    io.stdout.write(generateWebhookSecret() + '\n');
    return 0;
  }
  if (!['create', 'list', 'revoke'].includes(subcommand)) throw new VigilError('E_USAGE', `unknown keys command "${subcommand}"\n\n${HELP}`);
  if (subcommand === 'create' && !ROLES.includes(values.role as Role)) throw new VigilError('E_USAGE', `--role must be one of ${ROLES.join(', ')}\n\n${HELP}`);
  if (subcommand === 'revoke' && rest.length !== 1) throw new VigilError('E_USAGE', `revoke takes one key id\n\n${HELP}`);

  const config = loadServerConfig({
    flags: { 'data-dir': values['data-dir'], 'database-url': values['database-url'] },
    env: process.env,
    ...(values.config ? { file: values.config } : {}),
  });
  const release = config.databaseUrl ? () => {} : lockDataDir(resolve(config.dataDir));
  let store: Store | undefined;
  try {
    store = await openStore(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: resolve(config.dataDir) });
    if (subcommand === 'create') {
      const { key, apiKey } = await store.keys.create(values.role as Role, values.name ?? '');
      io.stderr.write(`created ${apiKey.role} key ${apiKey.id}; the key is shown only now:\n`);
      io.stdout.write(key + '\n');
    } else if (subcommand === 'list') {
      for (const key of await store.keys.list()) {
        io.stdout.write(`${key.id}\t${key.role}\t${key.revokedAt ? 'revoked' : 'active'}\t${key.createdAt.toISOString()}\t${key.name}\n`);
      }
    } else {
      if (!(await store.keys.revoke(rest[0]))) throw new VigilError('E_NOT_FOUND', `no active key with id "${rest[0]}"`, 404);
      io.stderr.write(`revoked ${rest[0]}\n`);
    }
    return 0;
  } finally {
    await store?.close();
    release();
  }
}
