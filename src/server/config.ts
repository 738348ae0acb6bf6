// The server's one config loader. Each setting may come from (lowest to highest precedence) its default, a JSON or
// YAML file (--config FILE or VIGIL_CONFIG), an environment variable, or a command-line flag. Everything is
// validated at start, and each problem names the setting and where its value came from.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { VigilError } from '../domain/errors.js';
import { webhookSecretKey } from '../act/webhook/signature.js';

export interface ServerConfig {
  host: string;
  port: number;
  /** The embedded database's directory (used when databaseUrl is absent). */
  dataDir: string;
  databaseUrl?: string;
  /** A policy YAML to activate at start (when it differs from the active one). */
  policy?: string;
  bootstrapKey?: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  webhook?: { url: string; secret: string; timeoutMs: number; concurrency: number; backoffMs: number; maxBackoffMs: number };
  limits: { bodyBytes: number; textLength: number; batchSize: number };
  /** Per API key; 0 requests per second turns the limit off. */
  rateLimit: { requestsPerSecond: number; burst: number };
}

type Kind = 'string' | 'integer' | 'url' | 'postgres-url' | 'secret' | 'level' | 'key';

interface Field {
  kind: Kind;
  env?: string;
  flag?: string;
  default?: string | number;
  min?: number;
  max?: number;
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export const FIELDS: Record<string, Field> = {
  port: { kind: 'integer', env: 'PORT', flag: 'port', default: 8080, min: 0, max: 65535 },
  host: { kind: 'string', env: 'HOST', flag: 'host', default: '0.0.0.0' },
  dataDir: { kind: 'string', env: 'VIGIL_DATA_DIR', flag: 'data-dir', default: './vigil-data' },
  databaseUrl: { kind: 'postgres-url', env: 'DATABASE_URL', flag: 'database-url' },
  policy: { kind: 'string', env: 'VIGIL_POLICY', flag: 'policy' },
  // Secrets have no flag: command lines are visible to every user of the machine.
  bootstrapKey: { kind: 'key', env: 'VIGIL_BOOTSTRAP_KEY' },
  logLevel: { kind: 'level', env: 'VIGIL_LOG_LEVEL', flag: 'log-level', default: 'info' },
  'webhook.url': { kind: 'url', env: 'VIGIL_WEBHOOK_URL', flag: 'webhook-url' },
  'webhook.secret': { kind: 'secret', env: 'VIGIL_WEBHOOK_SECRET' },
  'webhook.timeoutMs': { kind: 'integer', default: 10_000, min: 100, max: 300_000 },
  'webhook.concurrency': { kind: 'integer', default: 8, min: 1, max: 256 },
  'webhook.backoffMs': { kind: 'integer', default: 1000, min: 1, max: 3_600_000 },
  'webhook.maxBackoffMs': { kind: 'integer', default: 60_000, min: 1, max: 86_400_000 },
  'limits.bodyBytes': { kind: 'integer', env: 'VIGIL_BODY_LIMIT', default: 8 * 1024 * 1024, min: 1024, max: 512 * 1024 * 1024 },
  'limits.textLength': { kind: 'integer', default: 20_000, min: 1, max: 1_000_000 },
  'limits.batchSize': { kind: 'integer', default: 1000, min: 1, max: 10_000 },
  'rateLimit.requestsPerSecond': { kind: 'integer', env: 'VIGIL_RATE_LIMIT', flag: 'rate-limit', default: 1000, min: 0, max: 1_000_000 },
  'rateLimit.burst': { kind: 'integer', min: 1, max: 10_000_000 },
};

/** The flags `vigil serve` accepts for settings (besides --config). */
export const CONFIG_FLAGS = Object.values(FIELDS).flatMap((field) => (field.flag ? [field.flag] : []));

interface Sourced {
  value: unknown;
  source: string;
}

export interface ConfigSources {
  flags?: Record<string, string | undefined>;
  env?: Record<string, string | undefined>;
  /** A config file path (else VIGIL_CONFIG from env). */
  file?: string;
}

export function loadServerConfig(sources: ConfigSources = {}): ServerConfig {
  const env = sources.env ?? {};
  const raw = new Map<string, Sourced>();
  const filePath = sources.file ?? env.VIGIL_CONFIG;
  if (filePath) for (const [path, value] of Object.entries(readConfigFile(filePath))) raw.set(path, { value, source: filePath });
  for (const [path, field] of Object.entries(FIELDS)) {
    const fromEnv = field.env ? env[field.env] : undefined;
    if (fromEnv !== undefined && fromEnv !== '') raw.set(path, { value: fromEnv, source: `environment variable ${field.env}` });
    const fromFlag = field.flag ? sources.flags?.[field.flag] : undefined;
    if (fromFlag !== undefined) raw.set(path, { value: fromFlag, source: `flag --${field.flag}` });
  }

  const values: Record<string, unknown> = {};
  for (const [path, field] of Object.entries(FIELDS)) {
    const given = raw.get(path);
    values[path] = given === undefined ? field.default : validate(path, field, given);
  }
  values['rateLimit.burst'] ??= Math.max(1, 2 * (values['rateLimit.requestsPerSecond'] as number));

  const webhookUrl = values['webhook.url'] as string | undefined;
  const webhookSecret = values['webhook.secret'] as string | undefined;
  if ((webhookUrl === undefined) !== (webhookSecret === undefined)) {
    throw new VigilError(
      'E_INVALID_CONFIG',
      webhookUrl === undefined
        ? 'config: webhook.secret is set but webhook.url is not (set VIGIL_WEBHOOK_URL or --webhook-url)'
        : 'config: webhook.url needs webhook.secret (set VIGIL_WEBHOOK_SECRET; `vigil keys webhook-secret` makes one)',
    );
  }

  const config: ServerConfig = {
    host: values.host as string,
    port: values.port as number,
    dataDir: values.dataDir as string,
    logLevel: values.logLevel as ServerConfig['logLevel'],
    limits: { bodyBytes: values['limits.bodyBytes'] as number, textLength: values['limits.textLength'] as number, batchSize: values['limits.batchSize'] as number },
    rateLimit: { requestsPerSecond: values['rateLimit.requestsPerSecond'] as number, burst: values['rateLimit.burst'] as number },
  };
  if (values.databaseUrl !== undefined) config.databaseUrl = values.databaseUrl as string;
  if (values.policy !== undefined) config.policy = values.policy as string;
  if (values.bootstrapKey !== undefined) config.bootstrapKey = values.bootstrapKey as string;
  if (webhookUrl !== undefined && webhookSecret !== undefined) {
    config.webhook = {
      url: webhookUrl,
      secret: webhookSecret,
      timeoutMs: values['webhook.timeoutMs'] as number,
      concurrency: values['webhook.concurrency'] as number,
      backoffMs: values['webhook.backoffMs'] as number,
      maxBackoffMs: values['webhook.maxBackoffMs'] as number,
    };
  }
  return config;
}

function readConfigFile(path: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message.split('\n')[0];
    throw new VigilError('E_INVALID_CONFIG', `config file ${path}: ${reason}`);
  }
  if (parsed === null || parsed === undefined) return {};
  const flat: Record<string, unknown> = {};
  const walk = (node: unknown, prefix: string): void => {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) {
      throw new VigilError('E_INVALID_CONFIG', `config file ${path}: ${prefix || 'the top level'} must be a mapping`);
    }
    for (const [key, value] of Object.entries(node)) {
      const dotted = prefix ? `${prefix}.${key}` : key;
      if (dotted in FIELDS) flat[dotted] = value;
      else if (Object.keys(FIELDS).some((name) => name.startsWith(`${dotted}.`))) walk(value, dotted);
      else throw new VigilError('E_INVALID_CONFIG', `config file ${path}: unknown setting "${dotted}" (known: ${Object.keys(FIELDS).join(', ')})`);
    }
  };
  walk(parsed, '');
  return flat;
}

function validate(path: string, field: Field, given: Sourced): unknown {
  const problem = (expected: string) => new VigilError('E_INVALID_CONFIG', `config: ${path} (from ${given.source}) ${expected}; got ${JSON.stringify(given.value)}`);
  const value = given.value;
  switch (field.kind) {
    case 'integer': {
      const number = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isInteger(number) || number < (field.min ?? -Infinity) || number > (field.max ?? Infinity)) {
        throw problem(`must be a whole number from ${field.min} to ${field.max}`);
      }
      return number;
    }
    case 'level':
      if (typeof value !== 'string' || !LEVELS.includes(value)) throw problem(`must be one of ${LEVELS.join(', ')}`);
      return value;
    case 'url':
    case 'postgres-url': {
      const protocols = field.kind === 'url' ? ['http:', 'https:'] : ['postgres:', 'postgresql:'];
      let url: URL | undefined;
      try {
        url = typeof value === 'string' ? new URL(value) : undefined;
      } catch {
        url = undefined;
      }
      if (!url || !protocols.includes(url.protocol)) throw problem(`must be a ${protocols.map((p) => p.replace(':', '')).join(' or ')} URL`);
      return value;
    }
    case 'secret':
      if (typeof value !== 'string') throw problem('must be a string');
      try {
        webhookSecretKey(value);
      } catch (error) {
        throw new VigilError('E_INVALID_CONFIG', `config: ${path} (from ${given.source}): ${(error as Error).message}`);
      }
      return value;
    case 'key':
      if (typeof value !== 'string' || value.length < 24 || /\s/.test(value)) {
        throw new VigilError('E_INVALID_CONFIG', `config: ${path} (from ${given.source}) must be at least 24 characters without spaces`);
      }
      return value;
    case 'string':
      if (typeof value !== 'string' || value.trim() === '') throw problem('must be a non-empty string');
      return value;
  }
}
