import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot } from '../unit/fixtures';
import { clientEnv, lastJson, makeWorkspace, missingTool, requireServer, run, runContext } from './helpers';
import type { ClientDiagnostic } from './helpers';

// Emacs + eglot (Debian `emacs-nox elpa-eglot`: Emacs 28, eglot 1.9) drives dist/server.js in batch; see emacs.el.

interface EmacsResult {
  client: string;
  version: string;
  errors: string[];
  serverInfo?: { name: string; version?: string };
  hoverProvider?: boolean;
  files: Record<'capture' | 'layout' | 'broken', { uri: string; published: number; publishedCodes: string[]; diagnostics: ClientDiagnostic[] }>;
  hoverPosition?: { line: number; character: number };
  hoverKind?: string;
  hover?: string;
  hoverRendered?: string;
  exit?: { status: string; code: number };
  serverStderr?: string;
}

// `emacs --batch` without -Q, so Debian's site-start puts eglot on the load path; check it is there.
const skip =
  missingTool('emacs', ['--version'], 'Emacs and eglot (apt-get install emacs-nox elpa-eglot)') ??
  missingTool('emacs', ['--batch', '--eval', '(require (quote eglot))'], 'eglot (apt-get install elpa-eglot)');

test('Emacs + eglot: flymake diagnostics and a GPA→HVA hover', { skip, timeout: 15_000 }, async (t) => {
  requireServer();
  const ws = makeWorkspace('emacs');
  try {
    const script = join(repoRoot(), 'test', 'clients', 'emacs.el');
    const env = clientEnv(ws);
    const r = await run('emacs', ['--batch', '-l', script], { cwd: ws.dir, env, timeoutMs: 12_000 });
    t.diagnostic(`emacs run: ${r.ms} ms`);
    const out = lastJson<EmacsResult>(r.stdout);
    const context = runContext(r);
    assert.ok(out, `Emacs wrote no JSON result; ${context}`);
    assert.deepEqual(out.errors, [], context);
    assert.equal(r.code, 0, context);
    t.diagnostic(`Emacs ${out.version}`);

    assert.equal(out.serverInfo?.name, 'qemu-memmap');
    assert.equal(out.hoverProvider, true);

    // Every file was published; flymake shows only the broken layout's error, LP004 on the `frob`.
    for (const key of ['capture', 'layout', 'broken'] as const) assert.ok(out.files[key].published >= 1, `${key} never got publishDiagnostics`);
    const errors = (key: 'capture' | 'layout' | 'broken'): ClientDiagnostic[] => out.files[key].diagnostics.filter((d) => d.severity === 1);
    assert.deepEqual(errors('capture'), []);
    assert.deepEqual(errors('layout'), []);
    assert.ok(out.files.broken.publishedCodes.includes('LP004'));
    // The layout's lint notes (information) come too; the one error is the typo.
    assert.deepEqual(
      errors('broken').map((d) => [d.code, d.line, d.character, d.severity]),
      [['LP004', ws.brokenLine, ws.brokenCharacter, 1]],
    );
    assert.match(errors('broken')[0]?.message ?? '', /frob/);

    // The hover on the alias's start address: the chain and the HVA, as Markdown, and eglot renders it.
    assert.deepEqual(out.hoverPosition, { line: ws.hoverLine, character: 6 });
    assert.equal(out.hoverKind, 'markdown');
    const hover = out.hover ?? '';
    assert.ok(hover.includes(`HVA **${ws.hva}**`), `expected HVA ${ws.hva} in ${hover}`);
    assert.ok(hover.includes('system › ram-above-4g (alias → pc.ram +0xc0000000) › pc.ram'), hover);
    assert.match(hover, /ram_addr 0xc0000000/);
    assert.ok(out.hoverRendered?.includes(ws.hva), `eglot's rendering lost the HVA: ${out.hoverRendered}`);

    // The server answered shutdown + exit by exiting 0 on its own.
    assert.deepEqual(out.exit, { status: 'exit', code: 0 });
  } finally {
    ws.cleanup();
  }
});
