// The streams a command talks to; tests pass their own.
import type { Readable, Writable } from 'node:stream';

export interface CommandIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean; columns?: number };
}

export function standardIo(): CommandIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}
