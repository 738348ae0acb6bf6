// Per-character canonicalisation: compatibility forms, case, marks, invisible characters, look-alikes and violent
// emoji. Every character maps to a (possibly empty) string independently of its neighbours, so results are cached.

// Look-alike letters from other scripts (Unicode's confusables, the ones abusers use to spell Latin words).
const CONFUSABLES: Record<string, string> = {
  // Cyrillic
  а: 'a', б: '6', в: 'b', г: 'r', д: 'd', е: 'e', ё: 'e', ж: 'x', з: '3', и: 'u', й: 'u', к: 'k', л: 'n', м: 'm',
  н: 'h', о: 'o', п: 'n', р: 'p', с: 'c', т: 't', у: 'y', ф: 'f', х: 'x', ц: 'u', ч: '4', ш: 'w', щ: 'w', ъ: 'b',
  ы: 'bi', ь: 'b', э: 'e', ю: 'io', я: 'r', і: 'i', ї: 'i', ј: 'j', ѕ: 's', ԁ: 'd', һ: 'h', ԛ: 'q', ԝ: 'w', ӏ: 'l',
  ү: 'y', ҡ: 'k', ғ: 'f', ɡ: 'g',
  // Greek
  α: 'a', β: 'b', γ: 'y', δ: 'd', ε: 'e', ζ: 'z', η: 'n', θ: 'o', ι: 'i', κ: 'k', λ: 'l', μ: 'u', ν: 'v', ξ: 'e',
  ο: 'o', π: 'n', ρ: 'p', σ: 'o', ς: 's', τ: 't', υ: 'u', φ: 'f', χ: 'x', ψ: 'w', ω: 'w',
  // Small capitals and other Latin look-alikes
  ᴀ: 'a', ʙ: 'b', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ꜰ: 'f', ɢ: 'g', ʜ: 'h', ɪ: 'i', ᴊ: 'j', ᴋ: 'k', ʟ: 'l', ᴍ: 'm', ɴ: 'n',
  ᴏ: 'o', ᴘ: 'p', ʀ: 'r', ꜱ: 's', ᴛ: 't', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ʏ: 'y', ᴢ: 'z', ı: 'i', ȷ: 'j', ɑ: 'a', ɩ: 'i',
  ɵ: 'o', ʋ: 'u', ł: 'l', đ: 'd', ħ: 'h', ŧ: 't', ƅ: 'b',
  // Latin-1 letters with no decomposition: spelled out, which also keeps mojibake repair idempotent
  æ: 'ae', œ: 'oe', ß: 'ss', ð: 'd', þ: 'th', ø: 'o', '×': 'x',
  // Punctuation variants
  '‘': "'", '’': "'", '‛': "'", 'ʼ': "'", '´': "'", '`': "'", '′': "'",
  '“': '"', '”': '"', '„': '"', '″': '"', '«': '"', '»': '"',
  '‐': '-', '‑': '-', '‒': '-', '–': '-', '—': '-', '―': '-', '−': '-',
};

// Emoji that carry violent meaning, spelled as words so that rules and the classifier can read them.
const VIOLENT_EMOJI: Record<number, string> = {
  0x1f52b: 'gun', // 🔫
  0x1f52a: 'knife', // 🔪
  0x1f5e1: 'dagger', // 🗡
  0x2694: 'swords', // ⚔
  0x1f4a3: 'bomb', // 💣
  0x1fa93: 'axe', // 🪓
  0x1faa2: 'rope', // 🪢
  0x26b0: 'coffin', // ⚰
  0x26b1: 'urn', // ⚱
  0x2620: 'skull', // ☠
  0x1f480: 'skull', // 💀
  0x1fa78: 'blood', // 🩸
  0x1f4a5: 'boom', // 💥
  0x1f525: 'fire', // 🔥
  0x1f9e8: 'dynamite', // 🧨
};

const MARK = /\p{M}/u;
const INVISIBLE = /[\p{Cf}\p{Cc}\p{Cs}\p{Co}\p{Cn}]/u;
const SPACE = /\p{Z}/u;

const cache = new Map<number, string>();

/** The canonical form of one code point: lower-case Latin where a look-alike, ' ' for spaces, '' for the invisible. */
export function canonicalCharacter(codePoint: number): string {
  if (codePoint < 0x80) return asciiCanonical(codePoint);
  let result = cache.get(codePoint);
  if (result === undefined) {
    result = computeCanonical(codePoint);
    cache.set(codePoint, result);
  }
  return result;
}

function asciiCanonical(code: number): string {
  if (code >= 0x41 && code <= 0x5a) return String.fromCharCode(code + 32);
  if (code === 0x60) return "'";
  if (code >= 0x20 && code < 0x7f) return String.fromCharCode(code);
  return code === 0x09 || code === 0x0a || code === 0x0b || code === 0x0c || code === 0x0d ? ' ' : '';
}

function computeCanonical(codePoint: number): string {
  const emoji = VIOLENT_EMOJI[codePoint];
  if (emoji) return ` ${emoji} `;
  // Regional indicator letters (🇰🇮🇱🇱) spell words too.
  if (codePoint >= 0x1f1e6 && codePoint <= 0x1f1ff) return String.fromCharCode(0x61 + codePoint - 0x1f1e6);
  const decomposed = String.fromCodePoint(codePoint).normalize('NFKD').toLowerCase().normalize('NFKD');
  let result = '';
  for (const char of decomposed) {
    if (MARK.test(char) || INVISIBLE.test(char)) continue;
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) result += asciiCanonical(code);
    else if (SPACE.test(char)) result += ' ';
    else result += CONFUSABLES[char] ?? char;
  }
  return result;
}
