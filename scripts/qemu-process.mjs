// What the capture scripts (capture-fixtures.mjs, capture-big-machine.mjs) share about the QEMU
// processes they start: which binary, its version, and waiting for it to end.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Resolves true once `child` has exited, false after `ms` milliseconds if it has not. */
export function waitExit(child, ms) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

/** Resolves once `child`'s output pipes have closed, or after `ms` milliseconds. */
export function waitClose(child, ms) {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    child.once('close', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

/**
 * Binary, extra args and environment for one architecture: qemu-system-ARCH on $PATH, or with
 * `prefix` the one unpacked there by scripts/install-qemu10.sh, with its firmware and modules.
 */
export function qemuFor(arch, prefix) {
  if (!prefix) {
    const binary = findOnPath(`qemu-system-${arch}`);
    return { binary, extraArgs: [], env: { ...process.env } };
  }
  const binary = path.join(prefix, 'usr/bin', `qemu-system-${arch}`);
  if (!fs.existsSync(binary)) throw new Error(`${binary} not found (run scripts/install-qemu10.sh?)`);
  return {
    binary,
    extraArgs: ['-L', path.join(prefix, 'usr/share/qemu'), '-L', path.join(prefix, 'usr/share/seabios')],
    env: { ...process.env, QEMU_MODULE_DIR: path.join(prefix, 'usr/lib/x86_64-linux-gnu/qemu') },
  };
}

/** The first executable `name` on $PATH. */
function findOnPath(name) {
  for (const dir of (process.env.PATH || '/usr/bin').split(':')) {
    const p = path.join(dir || '.', name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  throw new Error(`${name} not found on PATH`);
}

/** The first line of `--version` and its MAJOR.MINOR. */
export function qemuVersion(q) {
  const out = execFileSync(q.binary, ['--version'], { env: q.env, timeout: 10_000, encoding: 'utf8' });
  const first = out.split('\n')[0].trim();
  const m = /version (\d+)\.(\d+)(?:\.(\d+))?/.exec(first);
  if (!m) throw new Error(`cannot read the version from '${first}'`);
  return { line: first, majorMinor: `${m[1]}.${m[2]}` };
}
