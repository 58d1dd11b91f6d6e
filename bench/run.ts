/** `npm run bench`: every benchmark in one process; prints tables and writes bench/results.json. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { flattenBench } from './flatten-bench';
import { hostileBench } from './hostile-bench';
import { parseBench } from './parse-bench';
import { bundleBench } from './bundle-bench';
import { serverBench } from './server-bench';
import { webviewBench } from './webview-bench';
import { repoRoot } from '../test/unit/fixtures';

async function main(): Promise<void> {
  const results: Record<string, number> = { ...parseBench(), ...flattenBench(), ...hostileBench() };
  const shipped = bundleBench();
  Object.assign(results, shipped.figures);
  Object.assign(results, await serverBench(join(shipped.dir, 'server.js')));
  Object.assign(results, await webviewBench(join(shipped.dir, 'webview.js')));
  rmSync(shipped.dir, { recursive: true, force: true });
  const dir = join(repoRoot(), 'bench');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(JSON.stringify(results, null, 2));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
