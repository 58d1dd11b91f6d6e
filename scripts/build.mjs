// Bundles the entry points with esbuild. `--watch` rebuilds on change; `--minify` for packaging.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');

/** One bundle per entry point: Node (CommonJS) for the CLI, server and client. */
const nodeEntries = [
  { in: 'src/cli/cli.ts', out: 'cli' },
  { in: 'src/server/main.ts', out: 'server' },
];

const options = {
  entryPoints: nodeEntries,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  minify,
  external: ['vscode'],
  logLevel: 'warning',
};

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  await esbuild.build(options);
}
