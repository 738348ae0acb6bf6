import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { main } from './main.js';

async function run(args: string[], stdinText = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += chunk));
  stderr.on('data', (chunk) => (err += chunk));
  const code = await main(args, { stdin: Readable.from([Buffer.from(stdinText)]), stdout, stderr });
  return { code, stdout: out, stderr: err };
}

const lines = (text: string) => text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
const directory = mkdtempSync(join(tmpdir(), 'vigil-scan-'));

describe('vigil scan', () => {
  it('writes one decision per input line, in order, keeping other fields', async () => {
    const file = join(directory, 'posts.jsonl');
    writeFileSync(file, [
      JSON.stringify({ id: 'a', text: 'I will kill you', author: 'u1' }),
      JSON.stringify({ id: 'b', text: 'lovely weather today' }),
      JSON.stringify({ id: 7, text: 'hang the traitors' }),
    ].join('\n') + '\n');
    const { code, stdout, stderr } = await run(['scan', file]);
    assert.equal(code, 0);
    const [a, b, c] = lines(stdout);
    assert.deepEqual([a.id, b.id, c.id], ['a', 'b', '7']);
    assert.equal(a.author, 'u1');
    assert.equal(a.text, undefined);
    assert.notEqual(a.action, 'allow');
    assert.equal(a.category, 'threat');
    assert.equal(b.action, 'allow');
    assert.equal(b.category, 'none');
    assert.ok(typeof a.score === 'number' && a.score > (b.score as number));
    assert.ok(Array.isArray(a.reasons) && (a.reasons as unknown[]).length > 0);
    assert.equal(typeof a.policyVersion, 'string');
    assert.match(stderr, /3 posts: .*1 allow; 0 malformed lines/);
  });

  it('reports malformed lines with their number and carries on', async () => {
    const input = ['{"id":"ok","text":"hello"}', '{not json', '[1,2]', '{"id":"x"}', '{"id":"y","text":5}', '{"id":"z","text":"bye"}'].join('\n');
    const { code, stdout } = await run(['scan', '-'], input);
    assert.equal(code, 0);
    const output = lines(stdout);
    assert.equal(output.length, 6);
    assert.deepEqual(output.map((o) => (o.error as { code: string } | undefined)?.code ?? o.id), ['ok', 'E_INVALID_JSON', 'E_INVALID_ITEM', 'E_INVALID_ITEM', 'E_INVALID_ITEM', 'z']);
    assert.equal(output[1].line, 2);
  });

  it('reports invalid UTF-8 as a malformed line', async () => {
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (chunk) => (out += chunk));
    const bytes = Buffer.concat([Buffer.from('{"id":"a","text":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n{"id":"b","text":"hi"}\n')]);
    const code = await main(['scan', '-'], { stdin: Readable.from([bytes]), stdout, stderr: new PassThrough() });
    assert.equal(code, 0);
    assert.deepEqual(lines(out).map((o) => (o.error as { code: string } | undefined)?.code ?? o.id), ['E_INVALID_UTF8', 'b']);
  });

  it('exits non-zero when the input cannot be read', async () => {
    const { code, stderr } = await run(['scan', join(directory, 'missing.jsonl')]);
    assert.equal(code, 1);
    assert.match(stderr, /cannot read .*missing\.jsonl.*E_UNREADABLE_INPUT/);
  });

  it('exits non-zero with the line when the policy is invalid', async () => {
    const policy = join(directory, 'bad.yaml');
    writeFileSync(policy, 'version: "x"\ncategories: 5\n');
    const { code, stderr } = await run(['scan', '--policy', policy, '-'], '');
    assert.equal(code, 1);
    assert.match(stderr, /bad\.yaml:2: expected a mapping \(categories\) \[E_INVALID_POLICY\]/);
  });

  it('rejects unknown options with usage', async () => {
    const { code, stderr } = await run(['scan', '--frobnicate']);
    assert.equal(code, 2);
    assert.match(stderr, /Usage: vigil scan/);
  });
});

describe('vigil', () => {
  it('prints help listing the commands', async () => {
    const { code, stdout } = await run(['--help']);
    assert.equal(code, 0);
    assert.match(stdout, /scan \[FILE\|-\]/);
  });

  it('rejects an unknown command', async () => {
    const { code, stderr } = await run(['frob']);
    assert.equal(code, 2);
    assert.match(stderr, /unknown command "frob"/);
  });
});
