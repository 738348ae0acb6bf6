// Repairs UTF-8 text that was decoded as Latin-1 or Windows-1252 somewhere upstream ("Iâ€™ll" -> "I’ll",
// "Ã©" -> "é", "ðŸ¤¢" -> "🤢"). Each mis-decoded character stands for one byte; a run of them that forms one valid
// UTF-8 sequence is the character the author wrote.

// Windows-1252 puts printable characters where Latin-1 has C1 controls; map them back to their byte values.
const WINDOWS_1252_BYTES = new Map<number, number>([
  [0x20ac, 0x80], [0x201a, 0x82], [0x0192, 0x83], [0x201e, 0x84], [0x2026, 0x85], [0x2020, 0x86], [0x2021, 0x87],
  [0x02c6, 0x88], [0x2030, 0x89], [0x0160, 0x8a], [0x2039, 0x8b], [0x0152, 0x8c], [0x017d, 0x8e], [0x2018, 0x91],
  [0x2019, 0x92], [0x201c, 0x93], [0x201d, 0x94], [0x2022, 0x95], [0x2013, 0x96], [0x2014, 0x97], [0x02dc, 0x98],
  [0x2122, 0x99], [0x0161, 0x9a], [0x203a, 0x9b], [0x0153, 0x9c], [0x017e, 0x9e], [0x0178, 0x9f],
]);

function byteOf(code: number): number {
  if (code <= 0xff) return code;
  return WINDOWS_1252_BYTES.get(code) ?? -1;
}

/** True for characters that can start a mis-decoded multi-byte UTF-8 sequence (Â..ô). */
export function isMojibakeLead(code: number): boolean {
  return code >= 0xc2 && code <= 0xf4;
}

/**
 * If a mis-decoded UTF-8 sequence starts at `index`, returns the code point it encodes and how many UTF-16 units of
 * `text` it spans; otherwise undefined. Overlong forms, surrogates and values past U+10FFFF are rejected, so ordinary
 * accented text ("café", "Ålesund") is left alone.
 */
export function decodeMojibakeAt(text: string, index: number): { codePoint: number; length: number } | undefined {
  const lead = text.charCodeAt(index);
  if (!isMojibakeLead(lead)) return undefined;
  const continuations = lead < 0xe0 ? 1 : lead < 0xf0 ? 2 : 3;
  if (index + continuations >= text.length) return undefined;
  let codePoint = lead & (continuations === 1 ? 0x1f : continuations === 2 ? 0x0f : 0x07);
  for (let k = 1; k <= continuations; k++) {
    const byte = byteOf(text.charCodeAt(index + k));
    if (byte < 0x80 || byte > 0xbf) return undefined;
    if (k === 1) {
      // The second byte's range rules out overlong encodings, surrogates and code points past U+10FFFF.
      if (lead === 0xe0 && byte < 0xa0) return undefined;
      if (lead === 0xed && byte >= 0xa0) return undefined;
      if (lead === 0xf0 && byte < 0x90) return undefined;
      if (lead === 0xf4 && byte >= 0x90) return undefined;
    }
    codePoint = (codePoint << 6) | (byte & 0x3f);
  }
  return { codePoint, length: continuations + 1 };
}
