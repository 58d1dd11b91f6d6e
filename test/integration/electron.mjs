// `npm run test:electron`: the same mocha suite (test/integration/suite) in desktop VS Code, through
// @vscode/test-electron, the ecosystem's standard launcher. For contributors on a desktop machine.
//
// It runs the development copy (extensionDevelopmentPath = the repo; `npm run build` first, which the
// npm script does) with a temp workspace holding copies of examples/captures and examples/layouts.
// VS Code comes from, in this order: $QMM_VSCODE_EXECUTABLE (an installed VS Code binary), or a copy
// that @vscode/test-electron downloads into .vscode-test/ (needs the VS Code update server; the
// project's own machines and CI cannot reach it, and run `npm run test:integration` instead, which
// uses code-server). $QMM_VSCODE_VERSION picks the downloaded version (default: stable).
// The map webview's drawing is checked only by test:integration (it needs the browser's side).
import { runTests } from '@vscode/test-electron';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './harness/code-server.mjs';

const workspace = mkdtempSync(join(tmpdir(), 'qmm-electron-'));
for (const sub of ['captures', 'layouts']) cpSync(join(repoRoot, 'examples', sub), join(workspace, sub), { recursive: true });

const executable = process.env.QMM_VSCODE_EXECUTABLE;
let code = 1;
try {
  await runTests({
    ...(executable ? { vscodeExecutablePath: executable } : { version: process.env.QMM_VSCODE_VERSION ?? 'stable' }),
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(repoRoot, 'out', 'test', 'integration', 'suite', 'index'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
  code = 0;
} catch (err) {
  const text = String(err?.stack ?? err);
  if (!executable && /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|fetch failed|getaddrinfo|socket hang up/i.test(text)) {
    console.error([
      '',
      'test:electron: @vscode/test-electron could not download VS Code (the VS Code update server is unreachable from here).',
      '  - On a machine without that access, run the same suite with `npm run test:integration` (code-server, installed from npm).',
      '  - Or point QMM_VSCODE_EXECUTABLE at an installed VS Code binary, e.g. QMM_VSCODE_EXECUTABLE=/usr/share/code/code npm run test:electron',
      `  - The error was: ${String(err?.message ?? err).split('\n')[0]}`,
    ].join('\n'));
  } else {
    console.error(`test:electron: ${text}`);
  }
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
process.exit(code);
