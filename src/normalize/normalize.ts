// Canonicalises a post for detection: repairs mojibake, folds look-alikes and case, strips invisible characters and
// marks, undoes word-level evasion, and keeps for every canonical character the span of the original it came from,
// so that evidence found in the canonical text can be shown in the text the author wrote.
import { canonicalCharacter } from './characters.js';
import { decodeMojibakeAt, isMojibakeLead } from './mojibake.js';
import { canonicalWord, isSingleGlyph, push, type Glyphs } from './words.js';

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

export function normalize(original: string): NormalizedText {
  const glyphs = canonicalGlyphs(original);
  const chunks = mergeSpacedLetters(splitOnSpaces(glyphs)).map(canonicalWord);
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  chunks.forEach((chunk, index) => {
    if (index > 0) {
      text += ' ';
      starts.push(chunk.from[0]);
      ends.push(chunk.from[0]);
    }
    for (let i = 0; i < chunk.chars.length; i++) {
      const char = chunk.chars[i];
      text += char;
      for (let unit = 0; unit < char.length; unit++) {
        starts.push(chunk.from[i]);
        ends.push(chunk.to[i]);
      }
    }
  });
  const sourceStart = Int32Array.from(starts);
  const sourceEnd = Int32Array.from(ends);
  return { original, text, sourceStart, sourceEnd, ...tokenize(text) };
}

/** The span of the original text that canonical [start, end) came from. */
export function originalSpan(normalized: NormalizedText, start: number, end: number): { start: number; end: number } {
  if (end <= start || normalized.text.length === 0) return { start: 0, end: 0 };
  return { start: normalized.sourceStart[start], end: normalized.sourceEnd[end - 1] };
}

/** Character pass: every code point (or mis-decoded UTF-8 run) of the original becomes zero or more glyphs. */
function canonicalGlyphs(original: string): Glyphs {
  const glyphs: Glyphs = { chars: [], from: [], to: [] };
  let lastWasSpace = true;
  for (let i = 0; i < original.length; ) {
    const code = original.charCodeAt(i);
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
    for (const char of canonical) {
      const isSpace = char === ' ';
      if (isSpace && lastWasSpace) continue;
      push(glyphs, char, i, i + length);
      lastWasSpace = isSpace;
    }
    i += length;
  }
  if (lastWasSpace && glyphs.chars.length > 0) {
    glyphs.chars.pop();
    glyphs.from.pop();
    glyphs.to.pop();
  }
  return glyphs;
}

function splitOnSpaces(glyphs: Glyphs): Glyphs[] {
  const chunks: Glyphs[] = [];
  let current: Glyphs = { chars: [], from: [], to: [] };
  for (let i = 0; i < glyphs.chars.length; i++) {
    if (glyphs.chars[i] === ' ') {
      chunks.push(current);
      current = { chars: [], from: [], to: [] };
    } else push(current, glyphs.chars[i], glyphs.from[i], glyphs.to[i]);
  }
  if (current.chars.length > 0) chunks.push(current);
  return chunks;
}

/** "k i l l" -> "kill": three or more single-glyph chunks in a row, at least two of them letters, form one word. */
function mergeSpacedLetters(chunks: Glyphs[]): Glyphs[] {
  const merged: Glyphs[] = [];
  for (let i = 0; i < chunks.length; ) {
    let j = i;
    while (j < chunks.length && isSingleGlyph(chunks[j])) j++;
    const run = chunks.slice(i, j);
    if (run.length >= 3 && run.filter((c) => /[a-z]/.test(c.chars[0])).length >= 2) {
      merged.push({ chars: run.map((c) => c.chars[0]), from: run.map((c) => c.from[0]), to: run.map((c) => c.to[0]) });
      i = j;
    } else if (run.length > 0) {
      merged.push(...run);
      i = j;
    } else {
      merged.push(chunks[i]);
      i++;
    }
  }
  return merged;
}

const WORD = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;

function tokenize(text: string): Pick<NormalizedText, 'words' | 'wordStart' | 'wordEnd'> {
  const words: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  for (const match of text.matchAll(WORD)) {
    words.push(match[0]);
    starts.push(match.index);
    ends.push(match.index + match[0].length);
  }
  return { words, wordStart: Int32Array.from(starts), wordEnd: Int32Array.from(ends) };
}
