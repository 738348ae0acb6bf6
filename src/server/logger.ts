// The one logger: pino, JSON lines on standard output. Fastify logs requests through the same instance.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'vigil' }, redact: ['req.headers.authorization'] });
}
