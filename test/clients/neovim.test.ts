import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot } from '../unit/fixtures';
import { clientEnv, lastJson, makeWorkspace, missingTool, requireServer, run, runContext } from './helpers';
import type { ClientDiagnostic } from './helpers';

// Neovim's built-in LSP client (0.7+, Debian `neovim`) drives dist/server.js headless; see neovim.lua.

interface NeovimResult {
  client: string;
  version: string;
  errors: string[];
  serverInfo?: { name: string; version?: string };
  hoverProvider?: boolean;
  files: Record<'capture' | 'layout' | 'broken', { uri: string; published: number; diagnostics: ClientDiagnostic[] }>;
  hoverPosition?: { line: number; character: number };
  hoverKind?: string;
  hover?: string;
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

    assert.equal(out.serverInfo?.name, 'qemu-memmap');
    assert.equal(out.hoverProvider, true);

    // Every file was published; only the broken layout has an error, LP004 on the `frob`.
    for (const key of ['capture', 'layout', 'broken'] as const) assert.ok(out.files[key].published >= 1, `${key} never got publishDiagnostics`);
    const errors = (key: 'capture' | 'layout' | 'broken'): ClientDiagnostic[] => out.files[key].diagnostics.filter((d) => d.severity === 1);
    assert.deepEqual(errors('capture'), []);
    assert.deepEqual(errors('layout'), []);
    // The layout's lint notes (information) come too; the one error is the typo.
    assert.deepEqual(
      errors('broken').map((d) => [d.code, d.line, d.character, d.severity]),
      [['LP004', ws.brokenLine, ws.brokenCharacter, 1]],
    );
    assert.match(errors('broken')[0]?.message ?? '', /frob/);

    // The hover on the alias's start address: the chain and the HVA, as Markdown.
    assert.deepEqual(out.hoverPosition, { line: ws.hoverLine, character: 6 });
    assert.equal(out.hoverKind, 'markdown');
    const hover = out.hover ?? '';
    assert.ok(hover.includes(`HVA **${ws.hva}**`), `expected HVA ${ws.hva} in ${hover}`);
    assert.ok(hover.includes('system › ram-above-4g (alias → pc.ram +0xc0000000) › pc.ram'), hover);
    assert.match(hover, /ram_addr 0xc0000000/);

    // The server answered shutdown + exit by exiting 0.
    assert.equal(out.exit?.code, 0);
  } finally {
    ws.cleanup();
  }
});
