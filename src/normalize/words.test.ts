import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalWord, keepsWordAsIs, type Glyphs } from './words.js';

// A chunk as the word pass holds it (canonical units, no spaces) and as canonicalWord takes it (glyphs with spans).
function unitsOf(chunk: string): Uint16Array {
  return Uint16Array.from(chunk, (char) => char.charCodeAt(0));
}

function glyphsOf(chunk: string): Glyphs {
  const chars = [...chunk];
  return { chars, from: chars.map((_, i) => i), to: chars.map((_, i) => i + 1) };
}

const rewritten = (chunk: string): string => canonicalWord(glyphsOf(chunk)).chars.join('');

describe('keepsWordAsIs: the fast path of the word pass', () => {
  it('keeps the chunks that only look suspicious', () => {
    for (const chunk of ['great!', 'now!!!', '...', '2020', '$100', '@someone', '10:30', '(212)', 'hello', "don't", 'a.b', '!!!', '1st', 'covid19', '#trump2020', 'ar-15']) {
      assert.equal(keepsWordAsIs(unitsOf(chunk), 0, chunk.length), true, chunk);
      assert.equal(rewritten(chunk), chunk, chunk);
    }
  });

  it('leaves evasion to canonicalWord', () => {
    for (const chunk of ['k1ll', 'h@ng', '$hoot', 'kiiiill', 'k.i.l.l', 'sh00t!', 'k-i-l-l', 'k1ll…']) {
      assert.equal(keepsWordAsIs(unitsOf(chunk), 0, chunk.length), false, chunk);
    }
  });

  it('reads only its range of the units', () => {
    const units = unitsOf('k1ll great! sh00t');
    assert.equal(keepsWordAsIs(units, 5, 11), true);
    assert.equal(keepsWordAsIs(units, 0, 4), false);
  });

  it('never keeps a chunk that canonicalWord would change (random chunks)', () => {
    let state = 7;
    const random = (n: number): number => {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      return state % n;
    };
    // Letters, leet symbols, separators, punctuation and a few non-ASCII characters, in runs that make triples likely.
    const alphabet = 'abceiklost0134579@$!|.-_*+~/,·•\'"?():#éк';
    let kept = 0;
    for (let sample = 0; sample < 50_000; sample++) {
      let chunk = '';
      const length = 1 + random(9);
      while (chunk.length < length) chunk += alphabet[random(alphabet.length)].repeat(random(4) === 0 ? 3 : 1);
      if (!keepsWordAsIs(unitsOf(chunk), 0, chunk.length)) continue;
      kept++;
      const canonical = canonicalWord(glyphsOf(chunk));
      assert.equal(canonical.chars.join(''), chunk, `kept ${JSON.stringify(chunk)}`);
      assert.deepEqual([canonical.from, canonical.to], [glyphsOf(chunk).from, glyphsOf(chunk).to], `spans of ${JSON.stringify(chunk)}`);
    }
    assert.ok(kept > 5_000, `only ${kept} random chunks took the fast path`);
  });
});
