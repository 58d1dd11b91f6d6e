import { readFileSync } from 'node:fs';

/** Output sinks, injected so commands can be tested without a process. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  readText(path: string): string;
}

/** The real process's streams and file system. */
export const processIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  // Invalid UTF-8 becomes U+FFFD here, so the core only ever sees well-formed strings.
  readText: (p) => readFileSync(p, 'utf8'),
};

/** Thrown for bad command lines; main turns it into exit code 2. */
export class UsageError extends Error {}

/** Reads a file or reports why not; undefined when it cannot be read. */
export function tryRead(io: Io, path: string): string | undefined {
  try {
    return io.readText(path);
  } catch (e) {
    io.err(`qemu-memmap: cannot read ${path}: ${(e as Error).message}\n`);
    return undefined;
  }
}
