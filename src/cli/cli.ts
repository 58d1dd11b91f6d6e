#!/usr/bin/env node
import { runCli } from './main';

// `qemu-memmap lint … | head`: a reader that hangs up early ends the output, as for any Unix tool, not with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(process.exitCode ?? 0);
  });
}

void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
