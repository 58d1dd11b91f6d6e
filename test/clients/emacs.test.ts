import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot } from '../shared/fixtures';
import { assertDiagnosticsAndHover, clientEnv, lastJson, makeWorkspace, missingTool, requireServer, run, runContext } from './helpers';
import type { ClientResult, ClientDiagnostic } from './helpers';

// Emacs + eglot (Debian `emacs-nox elpa-eglot`: Emacs 28, eglot 1.9) drives dist/server.js in batch; see emacs.el.

interface EmacsResult extends ClientResult {
  files: Record<'capture' | 'layout' | 'broken', { uri: string; published: number; publishedCodes: string[]; diagnostics: ClientDiagnostic[] }>;
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

    assertDiagnosticsAndHover(out, ws);
    assert.ok(out.files.broken.publishedCodes.includes('LP004'));
    // eglot renders the Markdown hover.
    assert.ok(out.hoverRendered?.includes(ws.hva), `eglot's rendering lost the HVA: ${out.hoverRendered}`);

    // The server answered shutdown + exit by exiting 0 on its own.
    assert.deepEqual(out.exit, { status: 'exit', code: 0 });
  } finally {
    ws.cleanup();
  }
});
