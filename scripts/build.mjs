// Bundles the entry points with esbuild. `--watch` rebuilds on change; `--minify` for packaging;
// `--outdir=DIR` writes elsewhere than dist/ (the bundle-size benchmark builds the package's bundles there).
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');
const outdir = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'dist';

/** Node (CommonJS) bundles: the CLI, the language server, the VS Code client, and the QMP client and the core for scripts. */
const nodeEntries = [
  { in: 'src/cli/cli.ts', out: 'cli' },
  { in: 'src/qmp/index.ts', out: 'qmp' },
  { in: 'src/core/index.ts', out: 'core' },
  { in: 'src/server/main.ts', out: 'server' },
  { in: 'src/client/extension.ts', out: 'client' },
].filter((e) => existsSync(e.in));

/** Browser bundle: the memory-map webview. */
const webEntries = [{ in: 'src/webview/main.ts', out: 'webview' }].filter((e) => existsSync(e.in));

const common = { outdir, bundle: true, sourcemap: true, minify, logLevel: 'warning' };
const builds = [
  { ...common, entryPoints: nodeEntries, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] },
  ...(webEntries.length ? [{ ...common, entryPoints: webEntries, platform: 'browser', format: 'iife', target: 'es2022' }] : []),
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
