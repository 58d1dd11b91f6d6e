import { main } from '../../src/cli/main';
import type { Io } from '../../src/cli/io';

/** Runs the CLI against in-memory files; returns exit code, stdout and stderr. */
export function runInMemory(files: Record<string, string>, ...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const io: Io = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    readText: (p) => {
      const t = files[p];
      if (t === undefined) throw new Error(`ENOENT: no such file ${p}`);
      return t;
    },
  };
  const code = main(argv, io);
  return { code, out, err };
}
