/**
 * Activation in a real VS Code: `scripts/run-integration.mjs --activation=5` packages the extension,
 * installs the .vsix into code-server and loads a probe 5 times, each in a fresh extension host; the
 * figure is the median of what `activate()` took (the language server started and its `initialize`
 * answered). Needs code-server (scripts/code-server.sh installs it) and chromium; says so and gives no
 * figure when they cannot be had.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../test/shared/fixtures';
import { printTable } from './timing';

const RUNS = 5;

export function activationBench(): Record<string, number> {
  const file = join(repoRoot(), 'out', 'test', 'integration', 'activation.json');
  rmSync(file, { force: true });
  const run = spawnSync(process.execPath, [join(repoRoot(), 'scripts', 'run-integration.mjs'), `--activation=${RUNS}`], { cwd: repoRoot(), stdio: 'inherit' });
  if (run.status !== 0 || !existsSync(file)) {
    console.log(`activation: not measured (scripts/run-integration.mjs --activation=${RUNS} exited ${run.status ?? run.signal})\n`);
    return {};
  }
  const { runs, median } = JSON.parse(readFileSync(file, 'utf8')) as { runs: number[]; median: number };
  printTable(`activation in code-server, ${RUNS} fresh extension hosts`, [
    ['figure', 'ms'],
    ...runs.map((ms, i) => [`run ${i + 1}`, ms.toFixed(0)]),
    ['median', median.toFixed(0)],
  ]);
  console.log('');
  return { activation_ms: median };
}
