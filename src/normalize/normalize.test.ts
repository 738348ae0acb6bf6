import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalize, originalSpan } from './index.js';

const canonical = (text: string): string => normalize(text).text;

describe('normalize: evasion is undone', () => {
  const cases: [string, string][] = [
    ['I WILL KILL YOU', 'i will kill you'],
    ['Iâ€™ll get you', "i'll get you"], // UTF-8 read as Windows-1252
    ['cafÃ© owner', 'cafe owner'], // UTF-8 read as Latin-1, then accents folded
    ['time to ð\u009f\u0094« them', 'time to gun them'], // emoji mis-decoded, then mapped to a word
    ['𝐡𝐚𝐧𝐠 them', 'hang them'], // mathematical bold
    ['ＫＩＬＬ them', 'kill them'], // fullwidth
    ['kіll thеm', 'kill them'], // Cyrillic і and е
    ['κill them', 'kill them'], // Greek kappa
    ['ᴋɪʟʟ them', 'kill them'], // small capitals
    ['k\u200bi\u200dl\u2060l them', 'kill them'], // zero-width characters
    ['\u202ekill\u202c them', 'kill them'], // bidi controls
    ['k̸̢i̵͎l̷̰l̶̺ them', 'kill them'], // Zalgo combining marks
    ['k1ll them', 'kill them'],
    ['h@ng them', 'hang them'],
    ['$hoot them', 'shoot them'],
    ['3xecute them', 'execute them'],
    ['sh00t them', 'shoot them'],
    ['kiiiiiill them', 'kill them'],
    ['diiiie', 'die'],
    ['soooo 1000000 of them', 'soo 1000000 of them'], // stretched letters shortened, digits kept
    ['k.i.l.l them', 'kill them'],
    ['k-i-l-l them', 'kill them'],
    ['k i l l them', 'kill them'],
    ['k_1_l_l them', 'kill them'],
    ['🔫 🔪 💣 🪓 🪢 ⚰️ ☠️', 'gun knife bomb axe rope coffin skull'],
    ['  many   spaces\n\tand lines  ', 'many spaces and lines'],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} -> ${JSON.stringify(expected)}`, () => assert.equal(canonical(input), expected));
  }
});

describe('normalize: ordinary text is left readable', () => {
  const unchanged = [
    'see you on the 19th at 10am', 'the 2a protects us', 'covid19 numbers', 'an ar-15 rifle', 'good morning', "don't stop",
    // Repeated digits are numbers, not stretching; a few words are tripled letters.
    'a $1000 bounty in the 2000s', 'the kkk marched', 'see www.example.com',
  ];
  for (const text of unchanged) it(JSON.stringify(text), () => assert.equal(canonical(text), text));

  it('keeps scripts it has no look-alike for', () => assert.equal(canonical('東京 日本'), '東京 日本'));
});

describe('normalize: words and offsets', () => {
  it('tokenises into words with apostrophes kept inside', () => {
    assert.deepEqual(normalize("I'll K1LL you, traitor!").words, ["i'll", 'kill', 'you', 'traitor']);
  });

  it('maps canonical spans back to the original text', () => {
    const original = 'Hey 𝐡𝐚𝐧𝐠 the k.i.l.l-ers';
    const normalized = normalize(original);
    const at = normalized.words.indexOf('hang');
    const span = originalSpan(normalized, normalized.wordStart[at], normalized.wordEnd[at]);
    assert.equal(original.slice(span.start, span.end), '𝐡𝐚𝐧𝐠');
  });

  it('maps a repaired mojibake character to all the bytes it was made of', () => {
    const original = 'Iâ€™ll';
    const normalized = normalize(original);
    const apostrophe = normalized.text.indexOf("'");
    assert.deepEqual(originalSpan(normalized, apostrophe, apostrophe + 1), { start: 1, end: 4 });
  });
});

// Deterministic pseudo-random Unicode: mixes ASCII, evasion characters, marks, controls, surrogates and emoji.
function randomText(seed: number): string {
  let state = seed;
  const random = (): number => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  const pools = [
    () => String.fromCharCode(0x20 + Math.floor(random() * 95)),
    () => ' ',
    () => '01345789@$!|.-_*'[Math.floor(random() * 16)],
    () => String.fromCharCode(0x80 + Math.floor(random() * 0x180)), // Latin-1, C1 controls, mojibake material
    () => String.fromCharCode(0x300 + Math.floor(random() * 0x70)), // combining marks
    () => String.fromCharCode(0x370 + Math.floor(random() * 0x200)), // Greek, Cyrillic
    () => String.fromCharCode(0x2000 + Math.floor(random() * 0x70)), // spaces, zero-width, bidi, punctuation
    () => String.fromCharCode(0xd800 + Math.floor(random() * 0x800)), // lone surrogates
    () => String.fromCodePoint(0x1d400 + Math.floor(random() * 0x400)), // mathematical alphanumerics
    () => String.fromCodePoint(0x1f300 + Math.floor(random() * 0x700)), // emoji
    () => String.fromCharCode(Math.floor(random() * 0x10000)),
    () => 'kill'.repeat(1 + Math.floor(random() * 3)),
  ];
  let text = '';
  const length = Math.floor(random() * 60);
  for (let i = 0; i < length; i++) text += pools[Math.floor(random() * pools.length)]();
  return text;
}

describe('normalize: properties over random Unicode', () => {
  const samples = Array.from({ length: Number(process.env.FUZZ_SAMPLES ?? 5000) }, (_, i) => randomText(i + 1));

  it('never throws', () => {
    for (const text of samples) assert.doesNotThrow(() => normalize(text), `threw on ${JSON.stringify(text)}`);
  });

  it('is idempotent', () => {
    for (const text of samples) {
      const once = canonical(text);
      assert.equal(canonical(once), once, `not idempotent on ${JSON.stringify(text)}`);
    }
  });

  it('maps every canonical character inside the original', () => {
    for (const text of samples) {
      const normalized = normalize(text);
      assert.equal(normalized.sourceStart.length, normalized.text.length);
      for (let i = 0; i < normalized.text.length; i++) {
        const start = normalized.sourceStart[i];
        const end = normalized.sourceEnd[i];
        assert.ok(start >= 0 && start <= end && end <= text.length, `offset ${start}..${end} outside ${JSON.stringify(text)}`);
      }
    }
  });

  it('keeps word spans inside the canonical text', () => {
    for (const text of samples) {
      const normalized = normalize(text);
      normalized.words.forEach((word, i) => assert.equal(normalized.text.slice(normalized.wordStart[i], normalized.wordEnd[i]), word));
    }
  });
});

describe('normalize: results stay apart', () => {
  it('keeps each result intact when later posts are normalised (results share no scratch space)', () => {
    const first = normalize('I WILL K1LL you');
    const expected = JSON.stringify([first.text, first.words, [...first.sourceStart], [...first.sourceEnd], [...first.wordStart], [...first.wordEnd]]);
    for (let i = 0; i < 5_000; i++) normalize(`post ${i} with s0me w.o.r.d.s and 🔫 ${'x'.repeat(i % 300)}`);
    assert.equal(JSON.stringify([first.text, first.words, [...first.sourceStart], [...first.sourceEnd], [...first.wordStart], [...first.wordEnd]]), expected);
  });

  it('maps a post longer than any shared block', () => {
    const original = 'Kill '.repeat(40_000).trim();
    const normalized = normalize(original);
    assert.equal(normalized.words.length, 40_000);
    assert.deepEqual(originalSpan(normalized, normalized.wordStart[39_999], normalized.wordEnd[39_999]), { start: 199_995, end: 199_999 });
  });

  it('rewrites a word after one that shrank, keeping every span on its own characters', () => {
    const original = 'kiiiiill   k.i.l.l Them  4ll NOW!!!';
    const normalized = normalize(original);
    assert.equal(normalized.text, 'kill kill them all now!!!');
    const spans = normalized.words.map((_, i) => originalSpan(normalized, normalized.wordStart[i], normalized.wordEnd[i]));
    assert.deepEqual(spans.map(({ start, end }) => original.slice(start, end)), ['kiiiiill', 'k.i.l.l', 'Them', '4ll', 'NOW']);
  });
});
