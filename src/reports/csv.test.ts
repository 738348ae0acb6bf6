// CSV uploads of bulk reports.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VigilError } from '../domain/errors.js';
import { parseCsv, reportsFromCsv } from './csv.js';

describe('CSV bulk reports', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and CRLF lines', () => {
    assert.deepEqual(parseCsv('a,b\r\n"x, y","say ""hi""\nthere"\r\n\r\n'), [
      ['a', 'b'],
      ['x, y', 'say "hi"\nthere'],
    ]);
  });

  it('turns rows into reports by their column names, in any order', () => {
    assert.deepEqual(reportsFromCsv('\uFEFFreason,URL,item_id\nthreat,,p1\nincitement,https://x.example/2,\n'), [
      { item: { id: 'p1' }, reason: 'threat' },
      { item: { url: 'https://x.example/2' }, reason: 'incitement' },
    ]);
  });

  it('names the line of a row without a post or a reason', () => {
    const problem = (text: string) => assert.throws(() => reportsFromCsv(text), (error: unknown) => error instanceof VigilError && error.code === 'E_INVALID_REQUEST' && /line 3/.test(error.message));
    problem('item_id,reason\np1,threat\n,threat\n');
    problem('item_id,reason\np1,threat\np2,\n');
  });

  it('refuses unknown columns and a missing reason column', () => {
    assert.throws(() => reportsFromCsv('item_id,colour\n'), /unknown CSV column "colour"/);
    assert.throws(() => reportsFromCsv('item_id\np1\n'), /needs a "reason" column/);
  });
});
