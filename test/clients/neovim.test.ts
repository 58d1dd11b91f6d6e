import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot } from '../shared/fixtures';
import { assertDiagnosticsAndHover, clientEnv, lastJson, makeWorkspace, missingTool, requireServer, run, runContext } from './helpers';
import type { ClientResult } from './helpers';

// Neovim's built-in LSP client (0.7+, Debian `neovim`) drives dist/server.js headless; see neovim.lua.

interface NeovimResult extends ClientResult {
  exit?: { code: number; signal: number };
}

const skip = missingTool('nvim', ['--version'], 'Neovim (apt-get install neovim)');

test('Neovim: diagnostics and a GPA→HVA hover through vim.lsp', { skip, timeout: 15_000 }, async (t) => {
  requireServer();
  const ws = makeWorkspace('nvim');
  try {
    const script = join(repoRoot(), 'test', 'clients', 'neovim.lua');
    const env = clientEnv(ws);
    const r = await run('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${script.replace(/[ \\|"]/g, '\\$&')}`], { cwd: ws.dir, env, timeoutMs: 12_000 });
    t.diagnostic(`nvim run: ${r.ms} ms`);
    const out = lastJson<NeovimResult>(r.stdout);
    const context = runContext(r);
    assert.ok(out, `Neovim wrote no JSON result; ${context}`);
    assert.deepEqual(out.errors, [], context);
    assert.equal(r.code, 0, context);
    t.diagnostic(`Neovim ${out.version}`);

    assertDiagnosticsAndHover(out, ws);

    // The server answered shutdown + exit by exiting 0.
    assert.equal(out.exit?.code, 0);
  } finally {
    ws.cleanup();
  }
});
