import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { parseModel } from '../detect/classifier/model-file.js';
import { main } from './main.js';

async function run(args: string[], terminal = false): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  // A terminal that, like some, reports no width.
  const stderr = Object.assign(new PassThrough(), terminal ? { isTTY: true, columns: 0 } : {});
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += chunk));
  stderr.on('data', (chunk) => (err += chunk));
  const code = await main(args, { stdin: Readable.from([]), stdout, stderr });
  return { code, stdout: out, stderr: err };
}

const directory = mkdtempSync(join(tmpdir(), 'vigil-train-eval-'));

// Labels as the project keeps them (ids only) and a pool holding the texts, both made up.
const TEXTS: [string, string][] = [];
for (const target of ['you', 'him', 'her', 'them', 'the mayor', 'that reporter', 'the judge', 'my neighbour']) {
  TEXTS.push(['threat', `i will kill ${target} tonight`], ['incitement', `someone should shoot ${target}`]);
  TEXTS.push(['glorification', `i hope ${target} dies`], ['none', `had lunch with ${target} today`]);
  TEXTS.push(['none', `the game with ${target} was great`], ['none', `police say ${target} was shot downtown`]);
}
const labelsDir = join(directory, 'labels');
mkdirSync(labelsDir);
const pool = join(directory, 'pool.jsonl');
writeFileSync(pool, TEXTS.map(([, text], i) => JSON.stringify({ id: `post-${i}`, text, source: 'test' })).join('\n') + '\n');
writeFileSync(join(labelsDir, 'batch-1.jsonl'), TEXTS.map(([label], i) => JSON.stringify({ id: `post-${i}`, label, labeller: 'test' })).join('\n') + '\n');
writeFileSync(
  join(labelsDir, 'second-pass.jsonl'),
  TEXTS.slice(0, 12).map(([label], i) => JSON.stringify({ id: `post-${i}`, label: i === 3 ? 'incitement' : label, labeller: 'test-2' })).join('\n') + '\n',
);

describe('vigil train', () => {
  it('fits a model on labelled ids joined to a pool, and writes a versioned artifact', async () => {
    const out = join(directory, 'models', 'violence.9.9.9.json');
    const { code, stdout } = await run(['train', '--labels', labelsDir, '--pool', pool, '--out', out, '--version', '9.9.9', '--l2', '0.001', '--iterations', '20']);
    assert.equal(code, 0);
    assert.match(stdout, /wrote .*violence\.9\.9\.9\.json/);
    const model = parseModel(readFileSync(out, 'utf8'));
    assert.equal(model.version, '9.9.9');
  });

  it('draws a progress bar when stderr is a terminal, and none otherwise', async () => {
    const args = ['train', '--labels', labelsDir, '--pool', pool, '--out', join(directory, 'bar.json'), '--l2', '0.001', '--iterations', '5'];
    const onTerminal = await run(args, true);
    assert.equal(onTerminal.code, 0);
    assert.match(onTerminal.stderr, /training \[#+-*\] +\d+%/);
    assert.match(onTerminal.stderr, /100%/);
    const piped = await run(args);
    assert.equal(piped.stderr, '');
  });

  it('rejects unknown flags and bad values with E_USAGE and exit status 2', async () => {
    for (const args of [['--frobnicate'], ['--seed', 'abc'], ['--l2', '-1'], ['--version', 'a/b']]) {
      const { code, stderr } = await run(['train', ...args]);
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, /\[E_USAGE\]/);
    }
  });

  it('says which post has no text', async () => {
    const { code, stderr } = await run(['train', '--labels', labelsDir, '--pool', join(directory, 'missing.jsonl')]);
    assert.equal(code, 1);
    assert.match(stderr, /E_UNREADABLE_INPUT/);
  });
});

describe('vigil eval', () => {
  const withTexts = join(directory, 'with-texts.jsonl');
  writeFileSync(withTexts, TEXTS.map(([label, text], i) => JSON.stringify({ id: `post-${i}`, text, label })).join('\n') + '\n');

  it('reports every system on the same posts, as a table', async () => {
    const { code, stdout } = await run(['eval', '--labels', withTexts]);
    assert.equal(code, 0);
    for (const heading of ['ROC-AUC', 'rules alone', 'model alone', 'obscenity (keyword filter)', 'Confusion', 'Thresholds', 'benign Parler flagged']) {
      assert.ok(stdout.includes(heading), `missing ${heading}`);
    }
  });

  it('reports JSON for machines, with per-category figures and the confusion matrix', async () => {
    const { code, stdout } = await run(['eval', '--labels', withTexts, '--json']);
    assert.equal(code, 0);
    const report = JSON.parse(stdout) as { split: string; systems: { name: string; posts: number }[]; categories: unknown[]; confusion: number[][] };
    assert.equal(report.split, 'all');
    assert.equal(report.systems.length, 4);
    assert.ok(report.systems.every((s) => s.posts === TEXTS.length));
    assert.equal(report.categories.length, 3);
    assert.equal(report.confusion.flat().reduce((a, b) => a + b, 0), TEXTS.length);
  });

  it('draws the precision-recall curve and score histogram as SVG', async () => {
    const plot = join(directory, 'eval.svg');
    const { code } = await run(['eval', '--labels', withTexts, '--plot', plot]);
    assert.equal(code, 0);
    assert.ok(existsSync(plot));
    const svg = readFileSync(plot, 'utf8');
    assert.match(svg, /^<svg /);
    assert.match(svg, /Precision-recall/);
    assert.match(svg, /Score histogram/);
  });

  it("reports Cohen's kappa between first and second-pass labels", async () => {
    const { code, stdout } = await run(['eval', '--labels', labelsDir, '--agreement', '--json']);
    assert.equal(code, 0);
    const result = JSON.parse(stdout) as { posts: number; kappaFourClass: number; kappaViolating: number };
    assert.equal(result.posts, 12);
    assert.ok(result.kappaFourClass < 1 && result.kappaFourClass > 0.5);
  });

  it('rejects a bad split with E_USAGE', async () => {
    const { code, stderr } = await run(['eval', '--split', 'holdout']);
    assert.equal(code, 2);
    assert.match(stderr, /\[E_USAGE\]/);
  });
});
