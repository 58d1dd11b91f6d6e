/** The npm package (`npm pack`) holds what the `qemu-memmap` bin and the language server run, and no sources. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../shared/fixtures';

test('npm pack takes the bundles, the gdb extension and the rule docs, and leaves sources and tests out', (t) => {
  const root = repoRoot();
  if (!existsSync(join(root, 'dist', 'cli.js'))) {
    t.skip('dist/cli.js is not built: run `npm run build` first');
    return;
  }
  const run = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const [pack] = JSON.parse(run.stdout) as { files: { path: string }[] }[];
  const files = new Set((pack?.files ?? []).map((f) => f.path));
  for (const f of ['dist/cli.js', 'dist/server.js', 'gdb/qemu-memmap.py', 'gdb/qemu_memmap_gdb/command.py', 'docs/diagnostics.md', 'package.json', 'README.md', 'LICENSE']) {
    assert.ok(files.has(f), `${f} is in the package`);
  }
  const stray = [...files].filter((f) => /^(src|test|scripts|bench|node_modules|out)\//.test(f) || f.endsWith('.map') || f.includes('__pycache__'));
  assert.deepEqual(stray, []);
});
