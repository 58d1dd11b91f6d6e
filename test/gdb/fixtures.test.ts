import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, REPO, cli, ramblockAndAnswers } from './helpers';

/**
 * Committed captures of one paused QEMU, taken three ways (test/gdb/fixtures/NAME/): over QMP (qmp.txt), through
 * gdb attached to it (gdb-live.txt) and through gdb from a gcore core file of it (gdb-core.txt), plus the seed
 * script's formats (gdb-scripts.txt). No QEMU is needed: these run in every `npm test`.
 */
const FIXTURES = join(REPO, 'test', 'gdb', 'fixtures');


for (const name of existsSync(FIXTURES) ? readdirSync(FIXTURES).sort() : []) {
  const dir = join(FIXTURES, name);
  test(`committed gdb captures of ${name} equal its QMP capture`, (t) => {
    if (!existsSync(CLI)) {
      t.skip(`${CLI} is absent: run \`npm run build\``);
      return;
    }
    const qmp = join(dir, 'qmp.txt');
    for (const other of ['gdb-live.txt', 'gdb-core.txt']) {
      const r = cli(['diff', qmp, join(dir, other)]);
      assert.equal(r.status, 0, `qemu-memmap diff qmp.txt ${other}: exit ${String(r.status)}\n${r.stdout}${r.stderr}`);
      assert.equal(ramblockAndAnswers(readFileSync(join(dir, other), 'utf8')), ramblockAndAnswers(readFileSync(qmp, 'utf8')),
        `info ramblock and gpa2hva answers of ${other}`);
      const lint = cli(['lint', join(dir, other)]);
      assert.equal(lint.status, 0, `lint ${other}: ${lint.stdout}${lint.stderr}`);
      assert.match(readFileSync(join(dir, other), 'utf8'), /^# gdb: (live process|core file) /m);
    }
    const scripts = cli(['lint', join(dir, 'gdb-scripts.txt')]);
    assert.equal(scripts.status, 0, `lint gdb-scripts.txt: ${scripts.stdout}${scripts.stderr}`);
  });
}
