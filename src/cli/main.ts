// The `vigil` command line: parses the sub-command and hands over to its module. Each module exports one
// `run(args, io)` that returns the exit status; none of them calls process.exit, so they are testable in-process.
import { VigilError } from '../domain/errors.js';
import type { CommandIo } from './io.js';
import { standardIo } from './io.js';

interface Command {
  summary: string;
  run: (args: string[], io: CommandIo) => Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  scan: { summary: 'scan [FILE|-] [--policy FILE]   assess JSONL posts, one decision per line', run: async (a, io) => (await import('./scan.js')).runScan(a, io) },
  serve: { summary: 'serve [--port N] [--config FILE] ...   run the moderation API server (see serve --help)', run: async (a, io) => (await import('./serve.js')).runServe(a, io) },
  keys: { summary: 'keys create|list|revoke|webhook-secret  manage API keys and webhook secrets', run: async (a, io) => (await import('./keys.js')).runKeys(a, io) },
  train: { summary: 'train [--labels DIR] [--pool FILE] [--out FILE]   fit the violence model on labelled posts', run: async (a, io) => (await import('./train.js')).runTrain(a, io) },
  eval: { summary: 'eval [--labels DIR|FILE] [--pool FILE] [--json] [--plot FILE]   measure Vigil on labelled posts', run: async (a, io) => (await import('./eval.js')).runEval(a, io) },
};

export function usage(): string {
  return [
    'vigil: detect, act on and review content that threatens or incites violence',
    '',
    'Usage: vigil <command> [options]',
    '',
    'Commands:',
    ...Object.values(COMMANDS).map((command) => `  ${command.summary}`),
    '',
    'Run `vigil <command> --help` for the options of one command.',
  ].join('\n');
}

export async function main(argv: string[], io: CommandIo = standardIo()): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage() + '\n');
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`vigil: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof VigilError) {
      io.stderr.write(`vigil ${name}: ${error.message} [${error.code}]\n`);
      return error.code === 'E_USAGE' ? 2 : 1;
    }
    throw error;
  }
}
