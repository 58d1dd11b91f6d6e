/**
 * Bundle sizes as shipped: builds the package's minified bundles (scripts/build.mjs --minify, what
 * `npm run package` puts in the vsix) into a temporary directory and measures each one.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../test/shared/fixtures';
import { printTable } from './timing';

/** The bundles the package ships, built once per benchmark run; the server and map benchmarks run these. */
export interface ShippedBundles {
  readonly dir: string;
  readonly figures: Record<string, number>;
}

/** Builds the production bundles and returns their sizes in KB (1024 bytes) under the results.json keys. */
export function bundleBench(): ShippedBundles {
  const dir = mkdtempSync(join(tmpdir(), 'qmm-bundles-'));
  execFileSync(process.execPath, [join(repoRoot(), 'scripts', 'build.mjs'), '--minify', `--outdir=${dir}`], { cwd: repoRoot(), stdio: 'inherit' });
  const figures: Record<string, number> = {};
  const rows = [['bundle', 'KB (minified)', 'target']];
  for (const [name, target] of [['client', 700], ['server', 1024], ['webview', 300]] as const) {
    const kb = statSync(join(dir, `${name}.js`)).size / 1024;
    figures[`bundle_kb_${name}`] = Math.round(kb * 10) / 10;
    rows.push([`dist/${name}.js`, kb.toFixed(1), `< ${target}`]);
  }
  printTable('bundles as shipped (esbuild --minify)', rows);
  console.log('');
  return { dir, figures };
}
