import type { Io } from './io';
import { UsageError, processIo } from './io';
import { runLint } from './lint-command';
import { runParse } from './parse-command';

const USAGE = `Usage: qemu-memmap COMMAND [options] FILE...

Commands:
  parse FILE... [--json]   summary of what each capture holds, or the whole model as JSON
  lint FILE...             every issue as PATH:LINE:COL: SEVERITY CODE: message
                           (exit 1 when any error, 0 otherwise, 2 on usage errors)
  help                     this text
`;

/** Splits argv into flags (--x) and positional arguments, rejecting flags the command does not take. */
function splitArgs(args: string[], allowed: string[]): { flags: Set<string>; rest: string[] } {
  const flags = new Set<string>();
  const rest: string[] = [];
  for (const a of args) {
    if (a.startsWith('--') && a.length > 2) {
      if (!allowed.includes(a)) throw new UsageError(`unknown option ${a}`);
      flags.add(a);
    } else rest.push(a);
  }
  return { flags, rest };
}

/** Runs the CLI with the given arguments (without node and script); returns the exit code. */
export function main(argv: string[], io: Io = processIo): number {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'parse': {
        const { flags, rest } = splitArgs(args, ['--json']);
        if (rest.length === 0) throw new UsageError('parse needs at least one FILE');
        return runParse(io, rest, flags.has('--json'));
      }
      case 'lint': {
        const { rest } = splitArgs(args, []);
        if (rest.length === 0) throw new UsageError('lint needs at least one FILE');
        return runLint(io, rest);
      }
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return 0;
      default:
        throw new UsageError(command === undefined ? 'missing COMMAND' : `unknown command ${command}`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`qemu-memmap: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}
