/** `npm run bench`: every benchmark in one process; prints tables and writes bench/results.json. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { activationBench } from './activation-bench';
import { flattenBench } from './flatten-bench';
import { hostileBench } from './hostile-bench';
import { parseBench } from './parse-bench';
import { realBench } from './real-bench';
import { bundleBench } from './bundle-bench';
import { serverBench } from './server-bench';
import { webviewBench } from './webview-bench';
import { repoRoot } from '../test/shared/fixtures';

async function main(): Promise<void> {
  // The wall-clock benchmarks (the server and the map in their own processes) run first: after the
  // in-process ones this process's heap is large and its collector threads compete for the two cores.
  const shipped = bundleBench();
  const results: Record<string, number> = { ...shipped.figures, ...activationBench() };
  Object.assign(results, await serverBench(join(shipped.dir, 'server.js')));
  Object.assign(results, await webviewBench(join(shipped.dir, 'webview.js')));
  Object.assign(results, await realBench(join(shipped.dir, 'server.js'), join(shipped.dir, 'cli.js'), shipped.dir));
  rmSync(shipped.dir, { recursive: true, force: true });
  Object.assign(results, parseBench(), flattenBench(), hostileBench());
  const dir = join(repoRoot(), 'bench');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(JSON.stringify(results, null, 2));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
