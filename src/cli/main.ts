import { parseArgs } from './args';
import { runCapture } from './capture-command';
import { runConvert } from './convert-command';
import { runDiff } from './diff-command';
import { runFlatview } from './flatview-command';
import { runFmt } from './fmt-command';
import type { Io } from './io';
import { UsageError, processIo } from './io';
import type { LintFormat } from './lint-command';
import { LINT_FORMATS, runLint } from './lint-command';
import { runParse } from './parse-command';
import { runRamblocks } from './ramblocks-command';
import { runGpa2hva, runHva2gpa, runWhy } from './translate-commands';

const USAGE = `Usage: qemu-memmap COMMAND [options] FILE...

Commands (all take --json for machine-readable output, except lint, which takes --format):
  parse FILE...                      what each capture holds, or the whole model as JSON
  lint FILE... [--format text|json|sarif]
                                     every issue as PATH:LINE:COL: SEVERITY CODE: message, as a
                                     JSON list, or as a SARIF 2.1.0 log for CI code scanning
                                     (exit 1 when any error, 0 otherwise, 2 on usage errors)
  flatview FILE [--as NAME]          the FlatViews recomputed from the file's info mtree tree,
                                     in info mtree -f format
  ramblocks FILE [--recompute] [--hva]
                                     the ram_list in info ramblock format; --recompute replays the
                                     find_ram_offset trace; --hva adds the host address column
  gpa2hva FILE ADDR...               one line per address, worded as QEMU's gpa2hva
  hva2gpa FILE ADDR...               every guest-physical address of each host address
  why FILE ADDR [--as NAME]          every region covering ADDR, the winner and why the others lost
  convert CAPTURE [-o OUT]           a layout that rebuilds the capture (to OUT or stdout)
  diff A B                           what differs between two captures or layouts: regions added,
                                     removed, moved, resized, re-prioritised, enabled, disabled;
                                     flat-view ranges that changed owner; RAMBlocks (exit 0 when
                                     equal, 1 when different, 2 when unreadable)
  capture --qmp unix:PATH|tcp:HOST:PORT [-o FILE] [--timeout MS]
                                     a capture of a running QEMU over QMP (info mtree -o -D,
                                     -f, info ramblock, gpa2hva probes) to FILE or stdout;
                                     exit 1 and nothing written when it fails
  capture --gdb PID|CORE [--qemu BINARY] -o FILE [--timeout MS]
                                     the same capture read through gdb (gdb/qemu-memmap.py): from
                                     a running QEMU (gdb attaches; QEMU stops for about a second)
                                     or from a core file with --qemu, the binary that wrote it;
                                     needs gdb and a QEMU with debug info (docs/gdb-capture.md);
                                     exit 1 when it fails, 2 on usage errors (no such PID, …)
  fmt [--check] FILE...              rewrite layout files in canonical form; --check lists the
                                     files that would change (exit 1); 2 on unreadable/parse errors
  help                               this text
`;

function isLintFormat(f: string): f is LintFormat {
  return (LINT_FORMATS as readonly string[]).includes(f);
}

/** Runs the CLI, including the commands that talk to QEMU (asynchronous); resolves to the exit code. */
export async function runCli(argv: string[], io: Io = processIo): Promise<number> {
  if (argv[0] !== 'capture') return main(argv, io);
  try {
    return await runCapture(io, argv.slice(1));
  } catch (e) {
    return usageExit(io, e);
  }
}

/** A usage error ends the run with its message, the usage text and exit code 2; anything else is rethrown. */
function usageExit(io: Io, e: unknown): number {
  if (!(e instanceof UsageError)) throw e;
  io.err(`qemu-memmap: ${e.message}\n\n${USAGE}`);
  return 2;
}

/** Runs the CLI with the given arguments (without node and script); returns the exit code. */
export function main(argv: string[], io: Io = processIo): number {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'parse': {
        const a = parseArgs(args, ['--json']);
        if (a.rest.length === 0) throw new UsageError('parse needs at least one FILE');
        return runParse(io, a.rest, a.flags.has('--json'));
      }
      case 'lint': {
        const a = parseArgs(args, [], ['--format']);
        if (a.rest.length === 0) throw new UsageError('lint needs at least one FILE');
        const format = a.values.get('--format') ?? 'text';
        if (!isLintFormat(format)) throw new UsageError(`--format must be ${LINT_FORMATS.join(', ')}`);
        return runLint(io, a.rest, format);
      }
      case 'flatview': {
        const a = parseArgs(args, ['--json'], ['--as']);
        if (a.rest.length !== 1) throw new UsageError('flatview needs exactly one FILE');
        return runFlatview(io, a.rest[0] as string, a.values.get('--as'), a.flags.has('--json'));
      }
      case 'ramblocks': {
        const a = parseArgs(args, ['--json', '--recompute', '--hva']);
        if (a.rest.length !== 1) throw new UsageError('ramblocks needs exactly one FILE');
        return runRamblocks(io, a.rest[0] as string, a.flags.has('--recompute'), a.flags.has('--hva'), a.flags.has('--json'));
      }
      case 'gpa2hva':
      case 'hva2gpa': {
        const a = parseArgs(args, ['--json']);
        const [file, ...addrs] = a.rest;
        if (file === undefined || addrs.length === 0) throw new UsageError(`${command} needs a FILE and at least one ADDR`);
        return (command === 'gpa2hva' ? runGpa2hva : runHva2gpa)(io, file, addrs, a.flags.has('--json'));
      }
      case 'why': {
        const a = parseArgs(args, ['--json'], ['--as']);
        if (a.rest.length !== 2) throw new UsageError('why needs a FILE and one ADDR');
        return runWhy(io, a.rest[0] as string, a.rest[1] as string, a.values.get('--as'), a.flags.has('--json'));
      }
      case 'convert': {
        const a = parseArgs(args, [], ['--out']);
        if (a.rest.length !== 1) throw new UsageError('convert needs exactly one CAPTURE');
        return runConvert(io, a.rest[0] as string, a.values.get('--out'));
      }
      case 'diff': {
        const a = parseArgs(args, ['--json']);
        if (a.rest.length !== 2) throw new UsageError('diff needs two FILEs');
        return runDiff(io, a.rest[0] as string, a.rest[1] as string, a.flags.has('--json'));
      }
      case 'fmt': {
        const a = parseArgs(args, ['--check']);
        if (a.rest.length === 0) throw new UsageError('fmt needs at least one FILE');
        return runFmt(io, a.rest, a.flags.has('--check'));
      }
      case 'capture':
        // It waits on QEMU: cli.ts runs it through runCli.
        throw new UsageError('capture runs asynchronously: call runCli, not main');
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return 0;
      default:
        throw new UsageError(command === undefined ? 'missing COMMAND' : `unknown command ${command}`);
    }
  } catch (e) {
    return usageExit(io, e);
  }
}
