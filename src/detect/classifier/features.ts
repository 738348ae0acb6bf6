// The classifier's view of a post: hashed word n-grams and character n-grams of the NORMALISED text. Training and
// serving both call `extractFeatures`, so a model always sees posts exactly as it was trained on them (the fastText
// lesson: the preprocessing is part of the model). Hashing needs no vocabulary, so the artifact is one weight table.
import type { NormalizedText } from '../../normalize/index.js';
import { isIdiomHead, wordClass } from './word-classes.js';

export interface FeatureConfig {
  /** The weight table has 2^hashBits rows. */
  hashBits: number;
  /** Word n-grams from 1 to this length. */
  maxWordNgram: number;
  /** Character n-grams inside each word (marked at both ends), from min to max length. */
  minCharNgram: number;
  maxCharNgram: number;
  /** N-grams up to this length over words with their word class in place of the word (see word-classes.ts), and
   * pairs of classed words within `classWindow` words of each other; 0 for none. */
  maxClassNgram: number;
  classWindow: number;
  /** The harm verb of an idiom ("hang" in "hang out", "killed" in "killed it") hashes as a word of its own, in word
   * and character n-grams, so what the model learns of "hang" from threats does not score "let's hang out". */
  idioms: boolean;
}

/**
 * The features of one post: for each occurrence, its row in the weight table, its value, and the words it was read
 * from (`firstWord` to `lastWord` inclusive), so that a score can be explained by the words behind it. Typed arrays,
 * reused from post to post by whoever owns the buffer: scoring allocates nothing per feature.
 */
export class FeatureBuffer {
  count = 0;
  rows = new Int32Array(512);
  values = new Float64Array(512);
  firstWord = new Int32Array(512);
  lastWord = new Int32Array(512);
  /** Per-word scratch space for extraction. */
  wordHashes = new Uint32Array(64);
  wordClasses = new Uint8Array(64);
  classTokens = new Uint32Array(64);
  idiomHeads = new Uint8Array(64);

  /** Makes the per-word scratch space hold at least `words` words. */
  reserveWords(words: number): void {
    if (this.wordHashes.length >= words) return;
    const size = Math.max(words, this.wordHashes.length * 2);
    this.wordHashes = new Uint32Array(size);
    this.wordClasses = new Uint8Array(size);
    this.classTokens = new Uint32Array(size);
    this.idiomHeads = new Uint8Array(size);
  }

  push(row: number, value: number, firstWord: number, lastWord: number): void {
    if (this.count === this.rows.length) this.grow();
    this.rows[this.count] = row;
    this.values[this.count] = value;
    this.firstWord[this.count] = firstWord;
    this.lastWord[this.count] = lastWord;
    this.count++;
  }

  private grow(): void {
    const size = this.rows.length * 2;
    const grown = <T extends Int32Array | Float64Array>(array: T, make: (n: number) => T): T => {
      const bigger = make(size);
      bigger.set(array);
      return bigger;
    };
    this.rows = grown(this.rows, (n) => new Int32Array(n));
    this.values = grown(this.values, (n) => new Float64Array(n));
    this.firstWord = grown(this.firstWord, (n) => new Int32Array(n));
    this.lastWord = grown(this.lastWord, (n) => new Int32Array(n));
  }
}

/** Spans of words a feature is read from are at most this long (word and class n-grams, class pairs). */
export const MAX_SPAN_WORDS = 8;

// Long tokens (URLs, hashes) say little per extra character; capping keeps the cost per post bounded.
const MAX_WORD_CHARS = 24;
const WORD_START = 0x02;
const WORD_END = 0x03;
const WORD_SEED = 0x9e3779b1;
const NGRAM_SEED = 0x85ebca6b;
const CHAR_SEED = 0xc2b2ae35;
const CLASS_SEED = 0x27d4eb2f;
const PAIR_SEED = 0x165667b1;
const IDIOM_SEED = 0x3c6ef372;

/**
 * Fills `into` with the post's features, in a fixed order. Values are scaled so that each block (word n-grams, class
 * features, character n-grams) has unit length.
 */
export function extractFeatures(normalized: NormalizedText, config: FeatureConfig, into: FeatureBuffer = new FeatureBuffer()): FeatureBuffer {
  into.count = 0;
  const { text, wordStart, wordEnd } = normalized;
  const wordCount = wordStart.length;
  if (wordCount === 0) return into;
  const mask = (1 << config.hashBits) - 1;
  into.reserveWords(wordCount);
  const { wordHashes, idiomHeads } = into;
  let charOccurrences = 0;
  for (let w = 0; w < wordCount; w++) {
    let hash = WORD_SEED;
    const end = Math.min(wordEnd[w], wordStart[w] + MAX_WORD_CHARS);
    for (let i = wordStart[w]; i < end; i++) hash = fnv(hash, text.charCodeAt(i));
    idiomHeads[w] = config.idioms && isIdiomHead(normalized.words[w], normalized.words[w + 1]) ? 1 : 0;
    wordHashes[w] = idiomHeads[w] ? fnv(hash, IDIOM_SEED) : hash;
    charOccurrences += charNgramCount(end - wordStart[w] + 2, config);
  }
  let wordOccurrences = 0;
  for (let n = 1; n <= config.maxWordNgram; n++) wordOccurrences += Math.max(0, wordCount - n + 1);

  const wordValue = 1 / Math.sqrt(wordOccurrences);
  for (let n = 1; n <= config.maxWordNgram; n++) {
    for (let w = 0; w + n <= wordCount; w++) {
      let hash = fnv(NGRAM_SEED, n);
      for (let k = 0; k < n; k++) hash = fnv(hash, wordHashes[w + k]);
      into.push(finish(hash) & mask, wordValue, w, w + n - 1);
    }
  }

  if (config.maxClassNgram > 0) classFeatures(normalized, config, mask, into);

  if (charOccurrences === 0) return into;
  const charValue = 1 / Math.sqrt(charOccurrences);
  const { minCharNgram, maxCharNgram } = config;
  for (let w = 0; w < wordCount; w++) {
    const start = wordStart[w];
    const length = Math.min(wordEnd[w], start + MAX_WORD_CHARS) - start + 2;
    // The word is read as WORD_START, its characters, WORD_END.
    const seed = idiomHeads[w] ? CHAR_SEED ^ IDIOM_SEED : CHAR_SEED;
    for (let p = 0; p + minCharNgram <= length; p++) {
      let hash = seed;
      for (let k = 0; k < maxCharNgram && p + k < length; k++) {
        const q = p + k;
        hash = fnv(hash, q === 0 ? WORD_START : q === length - 1 ? WORD_END : text.charCodeAt(start + q - 1));
        if (k + 1 >= minCharNgram) into.push(finish(hash ^ (k + 1)) & mask, charValue, w, w);
      }
    }
  }
  return into;
}

/** Class n-grams (at least one classed word in each) and classed-word pairs, as one block of unit length. */
function classFeatures(normalized: NormalizedText, config: FeatureConfig, mask: number, into: FeatureBuffer): void {
  const wordCount = normalized.words.length;
  const { wordHashes, wordClasses: classes, classTokens: tokens } = into;
  let classed = 0;
  for (let w = 0; w < wordCount; w++) {
    classes[w] = wordClass(normalized.words[w], normalized.words[w + 1]);
    tokens[w] = classes[w] > 0 ? fnv(CLASS_SEED, classes[w]) : wordHashes[w];
    if (classes[w] > 0) classed++;
  }
  if (classed === 0) return;
  // Pushed with value 0, then scaled once their number is known.
  const first = into.count;
  for (let n = 1; n <= config.maxClassNgram; n++) {
    for (let w = 0; w + n <= wordCount; w++) {
      let hasClass = false;
      let hash = fnv(CLASS_SEED, n);
      for (let k = 0; k < n; k++) {
        hasClass ||= classes[w + k] > 0;
        hash = fnv(hash, tokens[w + k]);
      }
      if (!hasClass) continue;
      into.push(finish(hash) & mask, 0, w, w + n - 1);
    }
  }
  for (let w = 0; w < wordCount; w++) {
    if (classes[w] === 0) continue;
    for (let v = w + 1; v < wordCount && v <= w + config.classWindow; v++) {
      if (classes[v] === 0) continue;
      into.push(finish(fnv(fnv(PAIR_SEED, classes[w]), classes[v])) & mask, 0, w, v);
    }
  }
  const value = 1 / Math.sqrt(into.count - first);
  into.values.fill(value, first, into.count);
}

function charNgramCount(length: number, config: FeatureConfig): number {
  let count = 0;
  for (let n = config.minCharNgram; n <= config.maxCharNgram; n++) count += Math.max(0, length - n + 1);
  return count;
}

/** FNV-1a step over one 32-bit value. */
function fnv(hash: number, value: number): number {
  return Math.imul(hash ^ value, 0x01000193) >>> 0;
}

/** MurmurHash3's finaliser: FNV alone leaves the low bits, which pick the row, poorly mixed. */
function finish(hash: number): number {
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
