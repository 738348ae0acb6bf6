// `vigil scan`: assesses JSONL posts and writes one decision per input line, in order, to stdout.
import { createReadStream, statSync, type ReadStream } from 'node:fs';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { VigilError } from '../domain/errors.js';
import type { Action } from '../domain/decision.js';
import { createAssessor, loadDefaultPolicy, loadPolicy } from '../decide/index.js';
import { defaultDetectors } from '../detect/default-detectors.js';
import { parseCommandArgs, type CommandIo } from './io.js';
import { readJsonl } from './jsonl.js';
import { Progress } from './progress.js';

const HELP = `Usage: vigil scan [FILE|-] [--policy FILE]

Reads posts as JSONL ({"id": "...", "text": "...", ...} per line) from FILE or standard input and writes one JSON
decision per line to standard output: {"id", "action", "category", "score", "reasons", "policyVersion"} plus the
input's other fields (except "text"). A malformed line yields {"line": N, "error": {"code", "message"}}.
A summary goes to standard error.

Options:
  --policy FILE   policy YAML (default: the shipped policies/default.yaml)
  -h, --help      show this help
`;

const OUTPUT_CHUNK = 64 * 1024;

export async function runScan(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseOptions(args);
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const loaded = values.policy ? loadPolicy(values.policy) : loadDefaultPolicy();
  const assessor = createAssessor(loaded.policy, defaultDetectors(loaded));
  const path = positionals[0] ?? '-';
  const { input, size } = openInput(path, io);

  const counts: Record<Action | 'error', number> = { allow: 0, review: 0, remove: 0, error: 0 };
  const progress = io.stderr.isTTY ? new Progress(io.stderr, size, () => (input as Partial<ReadStream>).bytesRead ?? 0) : undefined;
  const started = process.hrtime.bigint();
  let buffered: string[] = [];
  let bufferedLength = 0;
  const flush = async (): Promise<void> => {
    if (buffered.length === 0) return;
    const ok = io.stdout.write(buffered.join(''));
    buffered = [];
    bufferedLength = 0;
    if (!ok) await once(io.stdout, 'drain');
  };

  try {
    for await (const entry of readJsonl(input)) {
      let output: string;
      if ('error' in entry) {
        counts.error++;
        output = JSON.stringify({ line: entry.line, error: entry.error.toJSON() });
      } else {
        const item = validateItem(entry.value);
        if (item instanceof VigilError) {
          counts.error++;
          output = JSON.stringify({ line: entry.line, error: item.toJSON() });
        } else {
          const { text, ...rest } = item;
          const decision = assessor.assess(text);
          counts[decision.action]++;
          output = JSON.stringify({
            ...rest,
            id: item.id,
            action: decision.action,
            category: decision.category,
            score: decision.score,
            reasons: decision.reasons,
            policyVersion: decision.policyVersion,
          });
        }
      }
      buffered.push(output + '\n');
      bufferedLength += output.length + 1;
      if (bufferedLength >= OUTPUT_CHUNK) await flush();
      progress?.tick(entry.line);
    }
    await flush();
  } catch (error) {
    if (error instanceof VigilError) throw error;
    throw new VigilError('E_UNREADABLE_INPUT', `cannot read ${path === '-' ? 'standard input' : path}: ${(error as Error).message}`);
  } finally {
    progress?.done();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const posts = counts.allow + counts.review + counts.remove;
  io.stderr.write(
    `vigil scan: ${posts} posts: ${counts.remove} remove, ${counts.review} review, ${counts.allow} allow; ` +
      `${counts.error} malformed lines; ${seconds.toFixed(2)} s (${Math.round(posts / Math.max(seconds, 1e-9))} posts/s)\n`,
  );
  return 0;
}

function parseOptions(args: string[]) {
  return parseCommandArgs({ args, allowPositionals: true, options: { policy: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }, HELP);
}

function openInput(path: string, io: CommandIo): { input: Readable; size?: number } {
  if (path === '-') return { input: io.stdin };
  let size: number;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) throw new Error('not a regular file');
    size = stats.size;
  } catch (error) {
    throw new VigilError('E_UNREADABLE_INPUT', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return { input: createReadStream(path, { highWaterMark: 256 * 1024 }), size };
}

interface ScanItem {
  id: string;
  text: string;
  [field: string]: unknown;
}

function validateItem(value: unknown): ScanItem | VigilError {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return new VigilError('E_INVALID_ITEM', 'each line must be a JSON object');
  const item = value as Record<string, unknown>;
  if (typeof item.id !== 'string' && typeof item.id !== 'number') return new VigilError('E_INVALID_ITEM', '"id" must be a string or a number');
  if (typeof item.text !== 'string') return new VigilError('E_INVALID_ITEM', '"text" must be a string');
  return { ...item, id: String(item.id), text: item.text };
}
