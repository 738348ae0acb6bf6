import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { goldLabels, readLabels } from './labelled-posts.js';

function labelsDirectory(files: Record<string, object[]>): string {
  const directory = join(mkdtempSync(join(tmpdir(), 'vigil-labels-')), 'labels');
  mkdirSync(directory);
  for (const [name, records] of Object.entries(files)) writeFileSync(join(directory, name), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return directory;
}

describe('labels', () => {
  it('keeps first-pass, second-pass and adjudicated labels apart, by file name', () => {
    const set = readLabels(
      labelsDirectory({
        'batch-1.jsonl': [{ id: 'a', label: 'none', labeller: 'one' }, { id: 'b', label: 'threat', labeller: 'one' }],
        'second-pass.jsonl': [{ id: 'a', label: 'incitement', labeller: 'two' }],
        'adjudicated-1.jsonl': [{ id: 'a', label: 'incitement', labeller: 'three' }],
      }),
    );
    assert.deepEqual(set.first.map((r) => r.id), ['a', 'b']);
    assert.deepEqual(set.second.map((r) => r.label), ['incitement']);
    assert.deepEqual(set.adjudicated.map((r) => r.labeller), ['three']);
  });

  it('trains and measures on the adjudicated label where there is one, the first-pass label elsewhere', () => {
    const gold = goldLabels(
      readLabels(
        labelsDirectory({
          'batch-1.jsonl': [{ id: 'a', label: 'none', labeller: 'one' }, { id: 'b', label: 'threat', labeller: 'one' }],
          'adjudicated-1.jsonl': [{ id: 'a', label: 'glorification', labeller: 'three' }],
        }),
      ),
    );
    assert.deepEqual(gold.map((r) => [r.id, r.label, r.labeller]), [['a', 'glorification', 'three'], ['b', 'threat', 'one']]);
  });

  it('rejects an adjudication of a post that has no first-pass label', () => {
    const set = readLabels(labelsDirectory({ 'batch-1.jsonl': [{ id: 'a', label: 'none' }], 'adjudicated-1.jsonl': [{ id: 'z', label: 'none' }] }));
    assert.throws(() => goldLabels(set), /adjudicated post z has no first-pass label/);
  });

  it('rejects a post labelled twice in the first pass', () => {
    const directory = labelsDirectory({ 'batch-1.jsonl': [{ id: 'a', label: 'none' }], 'batch-2.jsonl': [{ id: 'a', label: 'threat' }] });
    assert.throws(() => readLabels(directory), /post a is labelled twice in the first pass/);
  });
});
