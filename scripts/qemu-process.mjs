// What the capture scripts (capture-fixtures.mjs, capture-big-machine.mjs) share about the QEMU
// processes they start.

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
