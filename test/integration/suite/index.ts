// The entry point VS Code calls inside the extension host (`extensionTestsPath`): runs the mocha
// suite and resolves or rejects with its outcome. Launched by scripts/run-integration.mjs (code-server)
// or test/integration/electron.mjs (desktop VS Code through @vscode/test-electron).
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
// mocha is CommonJS typed with `export =`, and the project's tsconfig has no esModuleInterop.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import Mocha = require('mocha');

/** The suite of an untrusted workspace (`run-integration.mjs --untrusted`); the other files need a trusted one. */
const UNTRUSTED_SUITE = 'untrusted.test.js';

/** Runs every `*.test.js` beside this file (or only the untrusted suite); the summary also goes to `$QMM_IT_DIR/result.json` for the harness. */
export function run(): Promise<void> {
  if (process.env.QMM_IT_DIR) tagReporterOutput();
  const mocha = new Mocha({
    ui: 'tdd',
    // The extension host forwards console output line by line; colours would arrive as escape codes.
    color: false,
    timeout: 60_000,
    ...(process.env.QMM_IT_GREP ? { grep: process.env.QMM_IT_GREP } : {}),
  });
  const untrusted = process.env.QMM_IT_UNTRUSTED === '1';
  const files = readdirSync(__dirname).filter((f) => f.endsWith('.test.js') && (f === UNTRUSTED_SUITE) === untrusted);
  for (const file of files.sort()) {
    mocha.addFile(join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const { passes, failures: failed, pending, tests } = runner.stats ?? { passes: 0, failures, pending: 0, tests: 0 };
        const dir = process.env.QMM_IT_DIR;
        if (dir) writeFileSync(join(dir, 'result.json'), JSON.stringify({ passes, failures: failed, pending, tests }));
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed.`));
        else resolve();
      });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}

/**
 * Marks each line the reporter prints with `[qmm-suite] `, so that scripts/run-integration.mjs can
 * tell the suite's output from the workbench's own log, which arrives through the same channel.
 */
function tagReporterOutput(): void {
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  const log = base.consoleLog;
  base.consoleLog = (...args: unknown[]) => log(`[qmm-suite] ${format(...args)}`);
}
