// Reads labelled posts for `vigil train` and `vigil eval`. Labels live in the project as ids only
// (data/labels/*.jsonl: {"id","label","labeller"}); the texts are joined from the research pool, which stays outside.
// Alternatively a JSONL file may carry {"id","text","label"} itself.
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { LABELS, type Label } from '../domain/decision.js';
import { VigilError } from '../domain/errors.js';

export interface LabelRecord {
  id: string;
  label: Label;
  labeller: string;
  text?: string;
}

export interface LabelSet {
  /** The first label each post received. */
  first: LabelRecord[];
  /** Independent second labels of a sample, for agreement (files named second-pass*.jsonl). */
  second: LabelRecord[];
  /** Where first and second labels disagreed, a third labeller's decision (files named adjudicated*.jsonl). */
  adjudicated: LabelRecord[];
}

/** Reads a labels directory (every *.jsonl in it) or a single JSONL file. */
export function readLabels(path: string): LabelSet {
  let files: string[];
  try {
    files = statSync(path).isDirectory()
      ? readdirSync(path).filter((name) => name.endsWith('.jsonl')).sort().map((name) => join(path, name))
      : [path];
  } catch (error) {
    throw new VigilError('E_UNREADABLE_INPUT', `cannot read labels ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  const set: LabelSet = { first: [], second: [], adjudicated: [] };
  const seen = new Set<string>();
  for (const file of files) {
    const name = basename(file);
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        if (line.trim() === '') return;
        const record = parseLabel(line, `${file}:${index + 1}`, basename(file, '.jsonl'));
        if (name.startsWith('second-pass')) return set.second.push(record);
        if (name.startsWith('adjudicated')) return set.adjudicated.push(record);
        if (seen.has(record.id)) throw new VigilError('E_INVALID_ITEM', `${file}:${index + 1}: post ${record.id} is labelled twice in the first pass`);
        seen.add(record.id);
        set.first.push(record);
      });
  }
  return set;
}

/**
 * The label each post trains and is measured on: its first-pass label, or the adjudicated one where two independent
 * labellers disagreed and a third decided. Agreement is still measured on the first and second passes as given.
 */
export function goldLabels(set: LabelSet): LabelRecord[] {
  const decided = new Map(set.adjudicated.map((r) => [r.id, r]));
  const firstIds = new Set(set.first.map((r) => r.id));
  const stray = set.adjudicated.find((r) => !firstIds.has(r.id));
  if (stray) throw new VigilError('E_INVALID_ITEM', `adjudicated post ${stray.id} has no first-pass label`);
  return set.first.map((r) => {
    const decision = decided.get(r.id);
    return decision ? { ...r, label: decision.label, labeller: decision.labeller } : r;
  });
}

/** Looks up the texts of `ids` in a JSONL pool ({"id","text",...} per line); streams, so the pool can be large. */
export async function readTexts(poolPath: string, ids: Set<string>): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const stream = createReadStream(poolPath, 'utf8');
  const failed = new Promise<never>((_, reject) =>
    stream.on('error', (error: NodeJS.ErrnoException) => reject(new VigilError('E_UNREADABLE_INPUT', `cannot read pool ${poolPath}: ${error.code ?? error.message}`))),
  );
  const read = (async () => {
    for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
      const id = /^\{"id": ?"([^"]+)"/.exec(line)?.[1];
      // Parse only the lines wanted; the fast path relies on "id" coming first, the slow one does not.
      if (id !== undefined && !ids.has(id)) continue;
      const post = JSON.parse(line) as { id?: unknown; text?: unknown };
      if (typeof post.id === 'string' && typeof post.text === 'string' && ids.has(post.id)) texts.set(post.id, post.text);
    }
    return texts;
  })();
  return Promise.race([read, failed]);
}

/** Joins texts to labels; every labelled post must be found, or the numbers would silently be about fewer posts. */
export async function withTexts(records: LabelRecord[], poolPath: string | undefined): Promise<Required<LabelRecord>[]> {
  const missing = records.filter((r) => r.text === undefined);
  const texts = missing.length > 0 && poolPath ? await readTexts(poolPath, new Set(missing.map((r) => r.id))) : new Map<string, string>();
  return records.map((record) => {
    const text = record.text ?? texts.get(record.id);
    if (text === undefined) {
      throw new VigilError('E_UNREADABLE_INPUT', poolPath ? `post ${record.id} is not in ${poolPath}` : `post ${record.id} has no text: pass --pool FILE`);
    }
    return { ...record, text };
  });
}

function parseLabel(line: string, where: string, fileLabeller: string): LabelRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new VigilError('E_INVALID_JSON', `${where}: not valid JSON`);
  }
  const record = value as { id?: unknown; label?: unknown; labeller?: unknown; text?: unknown };
  if (typeof record.id !== 'string' || record.id === '') throw new VigilError('E_INVALID_ITEM', `${where}: "id" must be a non-empty string`);
  if (!LABELS.includes(record.label as Label)) throw new VigilError('E_INVALID_ITEM', `${where}: "label" must be one of ${LABELS.join(', ')}`);
  if (record.text !== undefined && typeof record.text !== 'string') throw new VigilError('E_INVALID_ITEM', `${where}: "text" must be a string`);
  return {
    id: record.id,
    label: record.label as Label,
    labeller: typeof record.labeller === 'string' ? record.labeller : fileLabeller,
    ...(record.text === undefined ? {} : { text: record.text as string }),
  };
}
