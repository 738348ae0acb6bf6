// The reviewer console: the React app built by Vite into dist/console (npm run build), served as static files. Any
// path under /console that is not a file is the app itself, which routes on the client.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';

const CONSOLE_DIR = fileURLToPath(new URL('../../../console/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

// The console needs nothing from other origins and must never be framed (clickjacking a "remove" key press).
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

async function send(reply: FastifyReply, relative: string): Promise<FastifyReply> {
  const path = normalize(join(CONSOLE_DIR, relative));
  const inside = path.startsWith(CONSOLE_DIR) && relative !== '';
  const file = inside ? await readFile(path).catch(() => undefined) : undefined;
  if (file) {
    // Vite names assets by their content hash: they never change, so browsers may keep them.
    const immutable = relative.startsWith('assets/');
    return reply
      .headers(SECURITY_HEADERS)
      .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .type(TYPES[extname(path)] ?? 'application/octet-stream')
      .send(file);
  }
  const index = await readFile(join(CONSOLE_DIR, 'index.html')).catch(() => undefined);
  if (!index) return reply.status(404).type('text/plain; charset=utf-8').send('The console is not built: run npm run build.');
  return reply.headers(SECURITY_HEADERS).header('cache-control', 'no-cache').type(TYPES['.html']).send(index);
}

export function consoleRoutes(app: FastifyInstance): void {
  app.get('/console', { config: { access: 'public' } }, async (_request, reply) => send(reply, ''));
  app.get('/console/*', { config: { access: 'public' } }, async (request, reply) => send(reply, (request.params as { '*': string })['*']));
}
