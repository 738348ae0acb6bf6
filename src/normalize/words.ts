// Word-level evasion: letters spread out with separators (k.i.l.l, k i l l), leetspeak (k1ll, h@ng, $hoot) and
// stretched letters (kiiiiill). Operates on one space-delimited chunk at a time; each character keeps its source span.

/** A run of canonical characters, each with the span of the original text it came from. */
export interface Glyphs {
  chars: string[];
  from: number[];
  to: number[];
}

const LEET: Record<string, string> = {
  '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g', '@': 'a', $: 's', '!': 'i', '|': 'l',
};
const SEPARATORS = new Set(['.', '-', '_', '*', '+', '~', '/', '|', '·', '•', ',']);
const LETTER = /^[a-z]$/;
const GLYPH = /^[a-z0-9@$!|]$/;
// Numbers with units, ordinals, handles with trailing numbers and the like are not leetspeak.
const NOT_LEET = /^(?:\d+(?:st|nd|rd|th|s|am|pm|k|m|mm|cm|km|g|kg|lb|lbs|x|h|hr|hrs|min|yo|ft|d|a|b|c|v|p|gb|mb)|[a-z]+\d{2,}|\d+[a-z]\d*|[a-z]{1,2}\d)$/;
const LEET_CANDIDATE = /[0-9@$!|]/;

// Violent words that people stretch ("kiiiill", "diiie"); a stretched run collapses to one letter when that yields
// one of these, otherwise to two ("shooooot" -> "shoot").
const STRETCHED_WORDS = new Set([
  'kill', 'killing', 'killed', 'die', 'dies', 'dead', 'death', 'hang', 'hanged', 'shot', 'shoot', 'murder', 'bomb',
  'burn', 'stab', 'lynch', 'rope', 'gun', 'guns', 'execute', 'behead', 'slaughter', 'war', 'blood', 'traitor',
  'traitors', 'hunt', 'attack', 'fight', 'beat', 'punch', 'nuke', 'gas', 'fire',
]);

export function isSingleGlyph(glyphs: Glyphs): boolean {
  return glyphs.chars.length === 1 && GLYPH.test(glyphs.chars[0]);
}

/** Canonicalises one chunk (no spaces inside) in place of the original glyphs. */
export function canonicalWord(chunk: Glyphs): Glyphs {
  if (!mayNeedRewrite(chunk.chars.join(''))) return chunk;
  // Leading and trailing punctuation stays as it is; only the core is rewritten.
  let first = 0;
  let last = chunk.chars.length;
  while (first < last && !isCore(chunk.chars[first], nextNonDollar(chunk.chars, first))) first++;
  while (last > first && !isCore(chunk.chars[last - 1], undefined, chunk.chars[last - 2])) last--;
  if (first >= last) return chunk;
  const core = slice(chunk, first, last);
  const fixed = unstretch(unleet(joinSeparated(core)));
  return concat(slice(chunk, 0, first), fixed, slice(chunk, last, chunk.chars.length));
}

// "$$hoot": a run of dollars belongs to the word after it; returns the first character after the run.
function nextNonDollar(chars: string[], index: number): string | undefined {
  let next = index + 1;
  while (chars[index] === '$' && chars[next] === '$') next++;
  return chars[next];
}

// "!" and "|" count as letters only inside a word ("k!ll"), "@" only when not a leading mention, "$" when before a letter.
function isCore(char: string, next: string | undefined, previous?: string): boolean {
  if (/^[\p{L}\p{N}]$/u.test(char)) return true;
  if (char === '$' || char === '@') return next !== undefined ? /[a-z0-9]/.test(next) && char !== '@' : false;
  if (char === '!' || char === '|') return next !== undefined && previous !== undefined;
  return false;
}

/** k.i.l.l, k-i-l-l, k*i*l*l -> kill: at least three single glyphs, each separated by one separator. */
function joinSeparated(core: Glyphs): Glyphs {
  const n = core.chars.length;
  if (n < 5 || n % 2 === 0) return core;
  for (let i = 0; i < n; i++) {
    const expectGlyph = i % 2 === 0;
    if (expectGlyph ? !GLYPH.test(core.chars[i]) : !SEPARATORS.has(core.chars[i])) return core;
  }
  const kept: Glyphs = { chars: [], from: [], to: [] };
  for (let i = 0; i < n; i += 2) push(kept, core.chars[i], core.from[i], core.to[i]);
  return kept;
}

/** Leetspeak inside each run of word characters ("ar-15" keeps its number; "k1ll" becomes "kill"). */
function unleet(core: Glyphs): Glyphs {
  const chars = [...core.chars];
  for (let start = 0; start < chars.length; ) {
    let end = start;
    while (end < chars.length && GLYPH.test(chars[end])) end++;
    const word = chars.slice(start, end).join('');
    if (isLeetWord(word)) {
      for (let i = start; i < end; i++) chars[i] = LEET[chars[i]] ?? chars[i];
    }
    start = Math.max(end, start + 1);
  }
  return { chars, from: core.from, to: core.to };
}

/** A run of glyphs that is leetspeak: letters with digits or symbols in them, but not a number with a unit or the like. */
function isLeetWord(word: string): boolean {
  return LEET_CANDIDATE.test(word) && /[a-z]/.test(word) && !NOT_LEET.test(word);
}

// Words written with a tripled letter on purpose.
const TRIPLED_WORDS = new Set(['www', 'kkk']);

function unstretch(core: Glyphs): Glyphs {
  if (!/(\D)\1\1/.test(core.chars.join(''))) return core;
  // Try each stretched run at one and at two letters (few runs in practice; bounded to keep this cheap).
  const runs = countStretchedRuns(core.chars);
  for (let choice = 0; runs <= 3 && choice < 1 << runs; choice++) {
    const candidate = collapseRuns(core, choice);
    if (STRETCHED_WORDS.has(candidate.chars.join(''))) return candidate;
  }
  return collapseRuns(core, (1 << runs) - 1);
}

/**
 * Shortens every run of three or more equal characters other than digits to one letter, or to two where bit r of
 * `keepTwo` is set for the r-th such run; the last kept letter spans the rest of its run.
 */
function collapseRuns(core: Glyphs, keepTwo: number): Glyphs {
  const result: Glyphs = { chars: [], from: [], to: [] };
  let run = 0;
  for (let i = 0; i < core.chars.length; ) {
    let j = i + 1;
    while (j < core.chars.length && core.chars[j] === core.chars[i]) j++;
    const length = j - i < 3 || !isStretching(core.chars, i, j) ? j - i : keepTwo & (1 << run++) ? 2 : 1;
    for (let k = 0; k < length; k++) push(result, core.chars[i + k], core.from[i + k], k === length - 1 ? core.to[j - 1] : core.to[i + k]);
    i = j;
  }
  return result;
}

function countStretchedRuns(chars: string[]): number {
  let runs = 0;
  for (let i = 0; i < chars.length; ) {
    let j = i + 1;
    while (j < chars.length && chars[j] === chars[i]) j++;
    if (j - i >= 3 && isStretching(chars, i, j)) runs++;
    i = j;
  }
  return runs;
}

/**
 * Whether the run chars[start, end) of one repeated character is emphasis. Digits repeat in numbers ("1000"), not for
 * emphasis (leetspeak is undone before this, so a digit here is a digit); some words are tripled letters ("www").
 */
function isStretching(chars: string[], start: number, end: number): boolean {
  if (chars[start] >= '0' && chars[start] <= '9') return false;
  let first = start;
  while (first > 0 && LETTER.test(chars[first - 1])) first--;
  let last = end;
  while (last < chars.length && LETTER.test(chars[last])) last++;
  return !TRIPLED_WORDS.has(chars.slice(first, last).join(''));
}

export function push(glyphs: Glyphs, char: string, from: number, to: number): void {
  glyphs.chars.push(char);
  glyphs.from.push(from);
  glyphs.to.push(to);
}

function slice(glyphs: Glyphs, start: number, end: number): Glyphs {
  return { chars: glyphs.chars.slice(start, end), from: glyphs.from.slice(start, end), to: glyphs.to.slice(start, end) };
}

function concat(...parts: Glyphs[]): Glyphs {
  const result: Glyphs = { chars: [], from: [], to: [] };
  for (const part of parts) for (let i = 0; i < part.chars.length; i++) push(result, part.chars[i], part.from[i], part.to[i]);
  return result;
}

const SEPARATED = /[a-z0-9@$!|][.\-_*+~/|·•,][a-z0-9@$!|][.\-_*+~/|·•,][a-z0-9@$!|]/;

/** Cheap test: could any rewrite (leetspeak, separators, stretching) change this chunk? */
export function mayNeedRewrite(word: string): boolean {
  return LEET_CANDIDATE.test(word) || /(.)\1\1/.test(word) || SEPARATED.test(word);
}

/**
 * Whether `canonicalWord` would give back the chunk units[start, end) unchanged, decided on the units without building
 * glyphs: the fast path of the word pass. One chunk in eighteen looks suspicious to `mayNeedRewrite` ("great!",
 * "2020", "...", "$100") yet needs nothing. Conservative: false means "maybe not", and the caller then asks
 * `canonicalWord`; true is only given when none of its rewrites applies (each check below mirrors one of them).
 */
export function keepsWordAsIs(units: Uint16Array, start: number, end: number): boolean {
  if (!mayNeedRewriteUnits(units, start, end)) return true;
  for (let i = start; i < end; i++) if (units[i] >= 0x80) return false;
  // The core, as canonicalWord trims it: leading characters up to the first letter, digit or "$" before one;
  // trailing ones back to the last letter or digit.
  let first = start;
  while (first < end && !isLeadingCoreUnit(units, first, end)) first++;
  let last = end;
  while (last > first && !isAlphanumericUnit(units[last - 1])) last--;
  if (first >= last) return true;
  // joinSeparated: glyphs alternating with separators.
  const length = last - first;
  if (length >= 5 && length % 2 === 1) {
    let alternates = true;
    for (let i = first; i < last && alternates; i++) alternates = (i - first) % 2 === 0 ? isGlyphUnit(units[i]) : isSeparatorUnit(units[i]);
    if (alternates) return false;
  }
  // unstretch: a character three times in a row.
  for (let i = first + 2; i < last; i++) if (units[i] === units[i - 1] && units[i] === units[i - 2]) return false;
  // unleet: a run of glyphs that is leetspeak ("k1ll", but not "1st" or "covid19").
  let runStart = first;
  let hasCandidate = false;
  let hasLetter = false;
  for (let i = first; i <= last; i++) {
    const unit = i < last ? units[i] : -1;
    if (isGlyphUnit(unit)) {
      if (unit >= 0x61 && unit <= 0x7a) hasLetter = true;
      else hasCandidate = true;
      continue;
    }
    if (hasCandidate && hasLetter && isLeetWord(String.fromCharCode(...units.subarray(runStart, i)))) return false;
    runStart = i + 1;
    hasCandidate = hasLetter = false;
  }
  return true;
}

/** `mayNeedRewrite` on units, never false where it is true (it may say true where the regular expressions would not). */
function mayNeedRewriteUnits(units: Uint16Array, start: number, end: number): boolean {
  let lastSeparator = -3;
  for (let i = start; i < end; i++) {
    const unit = units[i];
    const kind = unit < 0x80 ? UNIT_KINDS[unit] : unit === 0xb7 || unit === 0x2022 ? SEPARATOR : 0;
    if (kind & LEET_CANDIDATE_UNIT) return true;
    if (i >= start + 2 && unit === units[i - 1] && unit === units[i - 2]) return true;
    if (kind & SEPARATOR) {
      // Two separators one glyph apart: "k.i.l.l" has them, "end." does not.
      if (lastSeparator === i - 2) return true;
      lastSeparator = i;
    }
  }
  return false;
}

const LEET_CANDIDATE_UNIT = 1;
const SEPARATOR = 2;
/** For each ASCII unit: LEET_CANDIDATE ([0-9@$!|]) and SEPARATORS as bits. */
const UNIT_KINDS = Uint8Array.from({ length: 0x80 }, (_, unit) => (LEET_CANDIDATE.test(String.fromCharCode(unit)) ? LEET_CANDIDATE_UNIT : 0) | (SEPARATORS.has(String.fromCharCode(unit)) ? SEPARATOR : 0));

// isCore for ASCII at the start of a chunk: "!", "|" and "@" never are; "$" is when the first non-"$" after it is [a-z0-9].
function isLeadingCoreUnit(units: Uint16Array, index: number, end: number): boolean {
  const unit = units[index];
  if (isAlphanumericUnit(unit)) return true;
  if (unit !== 0x24) return false;
  let next = index + 1;
  while (next < end && units[next] === 0x24) next++;
  return next < end && ((units[next] >= 0x61 && units[next] <= 0x7a) || (units[next] >= 0x30 && units[next] <= 0x39));
}

function isAlphanumericUnit(unit: number): boolean {
  return (unit >= 0x61 && unit <= 0x7a) || (unit >= 0x30 && unit <= 0x39) || (unit >= 0x41 && unit <= 0x5a);
}

/** GLYPH: [a-z0-9@$!|]. */
export function isGlyphUnit(unit: number): boolean {
  return (unit >= 0x61 && unit <= 0x7a) || (unit >= 0x30 && unit <= 0x39) || unit === 0x40 || unit === 0x24 || unit === 0x21 || unit === 0x7c;
}

/** SEPARATORS: . - _ * + ~ / | · • , */
function isSeparatorUnit(unit: number): boolean {
  return unit === 0x2e || unit === 0x2d || unit === 0x5f || unit === 0x2a || unit === 0x2b || unit === 0x7e || unit === 0x2f || unit === 0x7c || unit === 0xb7 || unit === 0x2022 || unit === 0x2c;
}
