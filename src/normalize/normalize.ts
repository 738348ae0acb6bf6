// Canonicalises a post for detection: repairs mojibake, folds look-alikes and case, strips invisible characters and
// marks, undoes word-level evasion, and keeps for every canonical character the span of the original it came from,
// so that evidence found in the canonical text can be shown in the text the author wrote.
//
// This runs on every post, so it works in reusable typed buffers; only words that need rewriting (leetspeak, spacing,
// stretching) take the slower path through `canonicalWord`.
import { canonicalCharacter } from './characters.js';
import { decodeMojibakeAt, isMojibakeLead } from './mojibake.js';
import { canonicalWord, isSingleGlyph, type Glyphs } from './words.js';

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
const APOSTROPHE = 39;

/** A growable run of UTF-16 units, each with the original span it came from. */
class UnitBuffer {
  units = new Uint16Array(1024);
  from = new Int32Array(1024);
  to = new Int32Array(1024);
  length = 0;

  push(unit: number, from: number, to: number): void {
    if (this.length === this.units.length) this.grow();
    this.units[this.length] = unit;
    this.from[this.length] = from;
    this.to[this.length] = to;
    this.length++;
  }

  private grow(): void {
    const size = this.units.length * 2;
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

// Reused across calls: normalisation is synchronous, so one set of buffers serves the whole process.
const characterPass = new UnitBuffer();
const wordPass = new UnitBuffer();

export function normalize(original: string): NormalizedText {
  canonicalCharacters(original, characterPass);
  canonicalWords(characterPass, wordPass);
  const text = wordPass.toString();
  const { words, wordStart, wordEnd } = tokenize(text, wordPass.units);
  return {
    original,
    text,
    sourceStart: wordPass.from.slice(0, wordPass.length),
    sourceEnd: wordPass.to.slice(0, wordPass.length),
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
  let lastWasSpace = true;
  for (let i = 0; i < original.length; ) {
    const code = original.charCodeAt(i);
    if (code < 0x80) {
      // ASCII, by far the most common case, inline: letters lower-cased, whitespace to one space, controls dropped.
      const unit = code >= 0x41 && code <= 0x5a ? code + 32 : code === 0x60 ? APOSTROPHE : code >= 0x20 && code < 0x7f ? code : code >= 0x09 && code <= 0x0d ? SPACE : -1;
      i++;
      if (unit < 0 || (unit === SPACE && lastWasSpace)) continue;
      out.push(unit, i - 1, i);
      lastWasSpace = unit === SPACE;
      continue;
    }
    let codePoint: number;
    let length: number;
    const repaired = isMojibakeLead(code) ? decodeMojibakeAt(original, i) : undefined;
    if (repaired) {
      ({ codePoint, length } = repaired);
    } else {
      codePoint = original.codePointAt(i) ?? code;
      length = codePoint > 0xffff ? 2 : 1;
    }
    const canonical = canonicalCharacter(codePoint);
    for (let k = 0; k < canonical.length; k++) {
      const unit = canonical.charCodeAt(k);
      const isSpace = unit === SPACE;
      if (isSpace && lastWasSpace) continue;
      out.push(unit, i, i + length);
      lastWasSpace = isSpace;
    }
    i += length;
  }
  if (lastWasSpace && out.length > 0) out.length--;
}

/** Word pass: copies plain words as they are and rewrites the ones that carry evasion. */
function canonicalWords(input: UnitBuffer, out: UnitBuffer): void {
  out.length = 0;
  const units = input.units;
  for (let start = 0; start < input.length; ) {
    let end = start;
    while (end < input.length && units[end] !== SPACE) end++;
    if (out.length > 0) out.push(SPACE, input.from[start], input.from[start]);
    if (!needsRewrite(units, start, end)) {
      for (let i = start; i < end; i++) out.push(units[i], input.from[i], input.to[i]);
      start = end + 1;
      continue;
    }
    // "k i l l": a run of three or more single-glyph words, at least two of them letters, is one word.
    let runEnd = end;
    let words = 1;
    let letters = isLetter(units[start]) ? 1 : 0;
    if (end - start === 1 && isSingleGlyph(glyphsOf(input, start, end))) {
      while (runEnd + 2 <= input.length && (runEnd + 2 === input.length || units[runEnd + 2] === SPACE) && isSingleGlyph(glyphsOf(input, runEnd + 1, runEnd + 2))) {
        runEnd += 2;
        words++;
        if (isLetter(units[runEnd - 1])) letters++;
      }
    }
    let chunk: Glyphs;
    if (words >= 3 && letters >= 2) {
      chunk = { chars: [], from: [], to: [] };
      for (let i = start; i < runEnd; i += 2) {
        chunk.chars.push(String.fromCharCode(units[i]));
        chunk.from.push(input.from[i]);
        chunk.to.push(input.to[i]);
      }
    } else {
      chunk = glyphsOf(input, start, end);
      runEnd = end;
    }
    const word = canonicalWord(chunk);
    for (let i = 0; i < word.chars.length; i++) {
      const char = word.chars[i];
      for (let k = 0; k < char.length; k++) out.push(char.charCodeAt(k), word.from[i], word.to[i]);
    }
    start = runEnd + 1;
  }
}

/**
 * Whether a word could carry evasion: a single glyph (maybe one of "k i l l"), a digit or leet symbol, a character
 * three times in a row, or glyphs alternating with separators ("k.i.l.l"). Most words have none and are copied.
 */
function needsRewrite(units: Uint16Array, start: number, end: number): boolean {
  if (end - start === 1) return true;
  for (let i = start; i < end; i++) {
    const unit = units[i];
    if ((unit >= 0x30 && unit <= 0x39) || unit === 0x40 || unit === 0x24 || unit === 0x21 || unit === 0x7c) return true;
    if (i >= start + 2 && unit === units[i - 1] && unit === units[i - 2]) return true;
    if (i >= start + 4 && isSeparator(units[i - 1]) && isSeparator(units[i - 3]) && !isSeparator(unit) && !isSeparator(units[i - 2])) return true;
  }
  return false;
}

function isSeparator(unit: number): boolean {
  return unit === 0x2e || unit === 0x2d || unit === 0x5f || unit === 0x2a || unit === 0x2b || unit === 0x7e || unit === 0x2f || unit === 0x7c || unit === 0xb7 || unit === 0x2022 || unit === 0x2c;
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

const WORD_CHARACTER = /^[\p{L}\p{N}]$/u;

function isWordUnit(units: Uint16Array, length: number, i: number): boolean {
  const unit = units[i];
  if (unit < 0x80) return (unit >= 0x61 && unit <= 0x7a) || (unit >= 0x30 && unit <= 0x39) || (unit >= 0x41 && unit <= 0x5a);
  if (unit >= 0xd800 && unit <= 0xdbff) return i + 1 < length && WORD_CHARACTER.test(String.fromCharCode(unit, units[i + 1]));
  if (unit >= 0xdc00 && unit <= 0xdfff) return i > 0 && units[i - 1] >= 0xd800 && units[i - 1] <= 0xdbff && isWordUnit(units, length, i - 1);
  return WORD_CHARACTER.test(String.fromCharCode(unit));
}

/** Words are runs of letters and digits, with apostrophes inside ("i'll", "don't"). */
function tokenize(text: string, units: Uint16Array): Pick<NormalizedText, 'words' | 'wordStart' | 'wordEnd'> {
  const words: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const length = text.length;
  for (let i = 0; i < length; ) {
    if (!isWordUnit(units, length, i)) {
      i++;
      continue;
    }
    const start = i;
    while (i < length && (isWordUnit(units, length, i) || (units[i] === APOSTROPHE && i + 1 < length && isWordUnit(units, length, i + 1)))) i++;
    words.push(text.slice(start, i));
    starts.push(start);
    ends.push(i);
  }
  return { words, wordStart: Int32Array.from(starts), wordEnd: Int32Array.from(ends) };
}
