/** What gdb reads QEMU from: a running process, or a core file with the binary that wrote it. */
export type GdbSource =
  | { readonly kind: 'pid'; readonly pid: number }
  | { readonly kind: 'core'; readonly core: string; readonly binary: string };

/**
 * One argument of a gdb command written so that `gdb.string_to_argv` (libiberty's buildargv, which the
 * extension's `qemu-memmap capture` parses its arguments with) gives back exactly `text`: in single quotes,
 * with `\` and `'` escaped by a backslash (buildargv honours backslashes inside quotes too). A gdb command is
 * one line, so control characters (newlines, NUL) become spaces.
 */
export function quoteGdbArgument(text: string): string {
  const oneLine = text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return `'${oneLine.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/** The gdb command that writes the capture to `out`, naming `command` in its header. */
export function captureCommand(out: string, command: string): string {
  return `qemu-memmap capture ${quoteGdbArgument(out)} --command ${quoteGdbArgument(command)}`;
}

/**
 * gdb's arguments for a capture: batch mode, no init files, no debuginfod (it would download symbols, or ask),
 * the source given with `--opt=value` forms (a path starting with `-` or a core file named like a PID stays
 * what it is), the extension, then the capture command. Meant for spawn's argument array: no shell.
 */
export function gdbArguments(source: GdbSource, script: string, out: string, command: string): string[] {
  const target = source.kind === 'pid' ? [`--pid=${String(source.pid)}`] : [`--se=${source.binary}`, `--core=${source.core}`];
  return ['-batch', '-nx', '-iex', 'set debuginfod enabled off', ...target, `--command=${script}`, '-ex', captureCommand(out, command)];
}
