// Streaming JSONL input: splits a byte stream into lines without ever holding more than one (bounded) line, so files
// of any size are read in constant memory. Over-long lines and invalid UTF-8 become per-line errors, not failures.
import type { Readable } from 'node:stream';
import { VigilError } from '../domain/errors.js';

export const MAX_LINE_BYTES = 1024 * 1024;

export type JsonlLine =
  | { line: number; value: unknown }
  | { line: number; error: VigilError };

export async function* readJsonl(input: Readable, maxLineBytes = MAX_LINE_BYTES): AsyncGenerator<JsonlLine> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let tooLong = false;
  let lineNumber = 0;

  const finishLine = (): JsonlLine | undefined => {
    lineNumber++;
    const wasTooLong = tooLong;
    const bytes = pending.length === 1 ? pending[0] : Buffer.concat(pending);
    pending = [];
    pendingBytes = 0;
    tooLong = false;
    if (wasTooLong) return { line: lineNumber, error: new VigilError('E_LINE_TOO_LONG', `line is longer than ${maxLineBytes} bytes`) };
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      return { line: lineNumber, error: new VigilError('E_INVALID_UTF8', 'line is not valid UTF-8') };
    }
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() === '') return undefined;
    try {
      return { line: lineNumber, value: JSON.parse(text) as unknown };
    } catch (error) {
      return { line: lineNumber, error: new VigilError('E_INVALID_JSON', `invalid JSON: ${(error as Error).message}`) };
    }
  };

  const keep = (piece: Buffer): void => {
    if (tooLong || piece.length === 0) return;
    if (pendingBytes + piece.length > maxLineBytes) {
      tooLong = true;
      pending = [];
      pendingBytes = 0;
      return;
    }
    pending.push(piece);
    pendingBytes += piece.length;
  };

  for await (const chunk of input) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    let start = 0;
    for (let newline = buffer.indexOf(10, start); newline !== -1; newline = buffer.indexOf(10, start)) {
      keep(buffer.subarray(start, newline));
      const line = finishLine();
      if (line) yield line;
      start = newline + 1;
    }
    // Copy: the stream may reuse its chunk buffer.
    if (start < buffer.length) keep(Buffer.from(buffer.subarray(start)));
  }
  if (pendingBytes > 0 || tooLong) {
    const line = finishLine();
    if (line) yield line;
  }
}
