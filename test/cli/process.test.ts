// The bundled CLI as a process (dist/cli.js, built by `npm run build` before the tests run).
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../shared/fixtures';

test('a reader that hangs up early (| head) ends the output quietly, without a stack trace', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qmm-cli-'));
  try {
    // 20,000 zero-size regions: 20,000 warning lines, far more than one pipe buffer.
    const file = join(dir, 'many.memlayout');
    const regions = Array.from({ length: 20_000 }, (_, i) => `  io r${i} @0x${(i * 0x1000).toString(16)} size 0`);
    writeFileSync(file, `container system size 16E {\n${regions.join('\n')}\n}\n`);
    const child = spawn(process.execPath, [join(repoRoot(), 'dist', 'cli.js'), 'lint', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    // Read the first chunk, then hang up like `head -1` does.
    await once(child.stdout, 'data');
    child.stdout.destroy();
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(stderr, '', 'nothing on stderr');
    assert.notEqual(code, null, 'the CLI exits by itself, not by a signal');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
