// Canonicalises a post for detection: repairs mojibake, folds look-alikes and case, strips invisible characters and
// marks, undoes word-level evasion, and keeps for every canonical character the span of the original it came from,
// so that evidence found in the canonical text can be shown in the text the author wrote.
//
// This runs on every post, so it works in reusable typed buffers; only words that need rewriting (leetspeak, spacing,
// stretching) take the slower path through `canonicalWord`.
import { canonicalCharacter } from './characters.js';
import { decodeMojibakeAt, isMojibakeLead } from './mojibake.js';
import { canonicalWord, isGlyphUnit, keepsWordAsIs, push, type Glyphs } from './words.js';

export interface NormalizedText {
  original: string;
  /** Canonical text: lower-case, single-spaced, evasion undone. */
  text: string;
  /** For each UTF-16 unit of `text`, the span [sourceStart, sourceEnd) of `original` it came from. */
  sourceStart: Int32Array;
  sourceEnd: Int32Array;
  /** Word tokens of `text`, with their spans in `text`. */
  words: string[];
  wordStart: Int32Array;
  wordEnd: Int32Array;
}

const SPACE = 32;

/** Canonical unit of each ASCII code: letters lower-cased, "`" as "'", whitespace as a space, controls dropped (-1). */
const ASCII_CANONICAL = Int16Array.from({ length: 0x80 }, (_, code) =>
  code >= 0x41 && code <= 0x5a ? code + 32 : code === 0x60 ? 0x27 : code >= 0x20 && code < 0x7f ? code : code >= 0x09 && code <= 0x0d ? SPACE : -1,
);

/** A growable run of UTF-16 units, each with the original span it came from. */
class UnitBuffer {
  units = new Uint16Array(1024);
  from = new Int32Array(1024);
  to = new Int32Array(1024);
  length = 0;

  /** Makes room for `extra` more units after `length`. */
  reserve(extra: number): void {
    if (this.length + extra <= this.units.length) return;
    const size = Math.max(this.units.length * 2, this.length + extra);
    const units = new Uint16Array(size);
    units.set(this.units);
    const from = new Int32Array(size);
    from.set(this.from);
    const to = new Int32Array(size);
    to.set(this.to);
    Object.assign(this, { units, from, to });
  }

  toString(): string {
    let text = '';
    for (let start = 0; start < this.length; start += 8192) {
      text += String.fromCharCode.apply(null, this.units.subarray(start, Math.min(this.length, start + 8192)) as unknown as number[]);
    }
    return text;
  }
}

/**
 * Hands out the result's offset arrays from shared blocks: a typed array with a backing store of its own costs
 * hundreds of nanoseconds to make and to collect, a tenth of a short post's whole normalisation. A block is freed
 * once no result it served is alive; a post too long for one gets its own.
 */
class OffsetBlocks {
  private static readonly BLOCK_BYTES = 64 * 1024;
  private block = new ArrayBuffer(OffsetBlocks.BLOCK_BYTES);
  private used = 0;

  /** A copy of source[0, length). */
  copy(source: Int32Array, length: number): Int32Array {
    const bytes = length * Int32Array.BYTES_PER_ELEMENT;
    if (this.used + bytes > this.block.byteLength) {
      this.block = new ArrayBuffer(Math.max(OffsetBlocks.BLOCK_BYTES, bytes));
      this.used = 0;
    }
    const copy = new Int32Array(this.block, this.used, length);
    copy.set(source.subarray(0, length));
    this.used += bytes;
    return copy;
  }
}

// Reused across calls: normalisation is synchronous, so one buffer serves the whole process. The character pass fills
// it and the word pass rewrites it in place (a rewritten word is never longer than the chunk it came from).
const buffer = new UnitBuffer();
const tokens = { starts: new Int32Array(256), ends: new Int32Array(256) };
const offsets = new OffsetBlocks();

export function normalize(original: string): NormalizedText {
  canonicalCharacters(original, buffer);
  canonicalWords(buffer);
  const text = buffer.toString();
  const { words, wordStart, wordEnd } = tokenize(text, buffer.units);
  return {
    original,
    text,
    sourceStart: offsets.copy(buffer.from, buffer.length),
    sourceEnd: offsets.copy(buffer.to, buffer.length),
    words,
    wordStart,
    wordEnd,
  };
}

/** The span of the original text that canonical [start, end) came from. */
export function originalSpan(normalized: NormalizedText, start: number, end: number): { start: number; end: number } {
  if (end <= start || normalized.text.length === 0) return { start: 0, end: 0 };
  return { start: normalized.sourceStart[start], end: normalized.sourceEnd[end - 1] };
}

/** Character pass: every code point (or mis-decoded UTF-8 run) becomes zero or more units; spaces collapse. */
function canonicalCharacters(original: string, out: UnitBuffer): void {
  out.length = 0;
  // ASCII gives at most one unit per unit read; other characters make room for what they add.
  out.reserve(original.length);
  let { units, from, to } = out;
  let length = 0;
  let lastWasSpace = true;
  for (let i = 0; i < original.length; ) {
    const code = original.charCodeAt(i);
    if (code < 0x80) {
      // ASCII, by far the most common case, inline.
      const unit = ASCII_CANONICAL[code];
      i++;
      if (unit < 0 || (unit === SPACE && lastWasSpace)) continue;
      units[length] = unit;
      from[length] = i - 1;
      to[length] = i;
      length++;
      lastWasSpace = unit === SPACE;
      continue;
    }
    let codePoint: number;
    let span: number;
    const repaired = isMojibakeLead(code) ? decodeMojibakeAt(original, i) : undefined;
    if (repaired) {
      ({ codePoint, length: span } = repaired);
    } else {
      codePoint = original.codePointAt(i) ?? code;
      span = codePoint > 0xffff ? 2 : 1;
    }
    const canonical = canonicalCharacter(codePoint);
    out.length = length;
    out.reserve(canonical.length + original.length - i);
    ({ units, from, to } = out);
    for (let k = 0; k < canonical.length; k++) {
      const unit = canonical.charCodeAt(k);
      const isSpace = unit === SPACE;
      if (isSpace && lastWasSpace) continue;
      units[length] = unit;
      from[length] = i;
      to[length] = i + span;
      length++;
      lastWasSpace = isSpace;
    }
    i += span;
  }
  out.length = lastWasSpace && length > 0 ? length - 1 : length;
}

/**
 * Word pass, in place: plain words stay where they are (or move left, after a word that shrank) and the ones that
 * carry evasion are rewritten. A space before a word maps to the empty span where that word starts.
 */
function canonicalWords(buffer: UnitBuffer): void {
  const { units, from, to, length } = buffer;
  let written = 0;
  for (let start = 0; start < length; ) {
    let end = start;
    while (end < length && units[end] !== SPACE) end++;
    if (written > 0) {
      units[written] = SPACE;
      from[written] = to[written] = from[start];
      written++;
    }
    let chunkEnd = end;
    let rewrite: Glyphs | undefined;
    if (end - start === 1) {
      // "k i l l": a run of three or more single-glyph words, at least two of them letters, is one word. A single
      // glyph outside such a run is left as it is.
      let words = 1;
      let letters = isLetter(units[start]) ? 1 : 0;
      if (isGlyphUnit(units[start])) {
        while (chunkEnd + 2 <= length && (chunkEnd + 2 === length || units[chunkEnd + 2] === SPACE) && isGlyphUnit(units[chunkEnd + 1])) {
          chunkEnd += 2;
          words++;
          if (isLetter(units[chunkEnd - 1])) letters++;
        }
      }
      if (words >= 3 && letters >= 2) {
        rewrite = { chars: [], from: [], to: [] };
        for (let i = start; i < chunkEnd; i += 2) push(rewrite, String.fromCharCode(units[i]), from[i], to[i]);
      } else {
        chunkEnd = end;
      }
    } else if (!keepsWordAsIs(units, start, end)) {
      rewrite = glyphsOf(buffer, start, end);
    }
    if (rewrite) {
      const word = canonicalWord(rewrite);
      for (let i = 0; i < word.chars.length; i++) {
        const char = word.chars[i];
        for (let k = 0; k < char.length; k++) {
          units[written] = char.charCodeAt(k);
          from[written] = word.from[i];
          to[written] = word.to[i];
          written++;
        }
      }
    } else if (written === start) {
      written = end;
    } else {
      for (let i = start; i < end; i++, written++) {
        units[written] = units[i];
        from[written] = from[i];
        to[written] = to[i];
      }
    }
    start = chunkEnd + 1;
  }
  buffer.length = written;
}

function isLetter(unit: number): boolean {
  return unit >= 0x61 && unit <= 0x7a;
}

/** The units [start, end) as glyphs (one entry per code point) for the word-level rewrites. */
function glyphsOf(input: UnitBuffer, start: number, end: number): Glyphs {
  const glyphs: Glyphs = { chars: [], from: [], to: [] };
  for (let i = start; i < end; i++) {
    const unit = input.units[i];
    const isPair = unit >= 0xd800 && unit <= 0xdbff && i + 1 < end;
    glyphs.chars.push(isPair ? String.fromCharCode(unit, input.units[i + 1]) : String.fromCharCode(unit));
    glyphs.from.push(input.from[i]);
    glyphs.to.push(input.to[i]);
    if (isPair) i++;
  }
  return glyphs;
}

const APOSTROPHE = 0x27;
const WORD_CHARACTER = /^[\p{L}\p{N}]$/u;
/** ASCII letters and digits. */
const ASCII_WORD = Uint8Array.from({ length: 0x80 }, (_, code) => (/[a-zA-Z0-9]/.test(String.fromCharCode(code)) ? 1 : 0));

function isWordUnit(units: Uint16Array, length: number, i: number): boolean {
  const unit = units[i];
  return unit < 0x80 ? ASCII_WORD[unit] === 1 : isOtherWordUnit(units, length, i);
}

/** isWordUnit beyond ASCII: a letter or digit, or either half of a surrogate pair that is one. */
function isOtherWordUnit(units: Uint16Array, length: number, i: number): boolean {
  const unit = units[i];
  if (unit >= 0xd800 && unit <= 0xdbff) return i + 1 < length && WORD_CHARACTER.test(String.fromCharCode(unit, units[i + 1]));
  if (unit >= 0xdc00 && unit <= 0xdfff) return i > 0 && units[i - 1] >= 0xd800 && units[i - 1] <= 0xdbff && WORD_CHARACTER.test(String.fromCharCode(units[i - 1], unit));
  return WORD_CHARACTER.test(String.fromCharCode(unit));
}

/** Words are runs of letters and digits, with apostrophes inside ("i'll", "don't"). */
function tokenize(text: string, units: Uint16Array): Pick<NormalizedText, 'words' | 'wordStart' | 'wordEnd'> {
  const words: string[] = [];
  const length = text.length;
  // At most one word per two units, plus one.
  if (tokens.starts.length <= length >> 1) {
    tokens.starts = new Int32Array(length);
    tokens.ends = new Int32Array(length);
  }
  const { starts, ends } = tokens;
  for (let i = 0; i < length; ) {
    if (!isWordUnit(units, length, i)) {
      i++;
      continue;
    }
    const start = i++;
    while (i < length) {
      const unit = units[i];
      // ASCII inline: letters and digits go on, an apostrophe only before another word character.
      if (unit < 0x80 ? ASCII_WORD[unit] === 1 || (unit === APOSTROPHE && i + 1 < length && isWordUnit(units, length, i + 1)) : isWordUnit(units, length, i)) i++;
      else break;
    }
    starts[words.length] = start;
    ends[words.length] = i;
    words.push(text.slice(start, i));
  }
  return { words, wordStart: offsets.copy(starts, words.length), wordEnd: offsets.copy(ends, words.length) };
}
