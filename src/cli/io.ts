// The streams a command talks to (tests pass their own), and how a command reads its arguments.
import type { Readable, Writable } from 'node:stream';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { VigilError } from '../domain/errors.js';

export interface CommandIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean; columns?: number };
}

export function standardIo(): CommandIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}

/** `parseArgs`, with any mistake in the arguments reported as E_USAGE followed by the command's help. */
export function parseCommandArgs<T extends ParseArgsConfig>(config: T, help: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new VigilError('E_USAGE', `${(error as Error).message}\n\n${help}`);
  }
}
