// `npm run test:integration`: the mocha suite of test/integration/suite inside a real VS Code
// extension host, against the packaged .vsix.
//
// Builds and packages the extension (npm run package), installs dist-vsix/qemu-memmap.vsix into a
// throwaway extensions dir of code-server (VS Code 1.139, installed once into ~/.cache by
// scripts/code-server.sh), starts it on 127.0.0.1 with a workspace of copies of examples/captures and
// examples/layouts, opens the workbench in headless chromium with the test payload, answers the
// suite's screenshot checkpoints, prints the suite's output and exits with its result.
//
// Options: --no-build (reuse dist-vsix/ and out/), --keep (leave the temp dirs), --grep=RE,
//          --timeout=SECONDS (whole run inside VS Code, default 300), --extension=DIR (package another
//          extension dir: for testing this harness), --screenshots=DIR (where the pictures go when the
//          suite passes; default test/integration/screenshots), --untrusted (workspace trust on and the
//          workspace untrusted: runs only suite/untrusted.test.ts, which the trusted run leaves out),
//          --activation=N (no suite: loads suite/activation-probe N times, each in a fresh extension host,
//          and writes what activate() took each time and their median to out/test/integration/activation.json).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { format } from 'node:util';
import {
  ensureCodeServer, freePort, installVsix, makeSandbox, repoRoot, startBrowser, startCodeServer, testPayloadUrl,
} from '../test/integration/harness/code-server.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name, fallback) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const timeoutMs = Number(option('timeout', '300')) * 1000;
const extensionRoot = resolve(option('extension', repoRoot));
// Pictures are taken into out/ and copied over the committed ones only when the whole suite passed.
const screenshotTarget = resolve(option('screenshots', join(repoRoot, 'test', 'integration', 'screenshots')));
const screenshotDir = join(repoRoot, 'out', 'test', 'integration', 'screenshots');
const vsix = join(extensionRoot, 'dist-vsix', 'qemu-memmap.vsix');
const activationRuns = Number(option('activation', '0'));
const testsEntry = join(repoRoot, 'out', 'test', 'integration', 'suite', activationRuns > 0 ? 'activation-probe' : 'index');
const activationFile = join(repoRoot, 'out', 'test', 'integration', 'activation.json');

/** test/integration/suite/index.ts marks the reporter's lines with this. */
const SUITE_TAG = '[qmm-suite] ';
/** Workbench errors of an offline machine that say nothing about the extension. */
const NOISE = /ENOTFOUND|getaddrinfo|vsda|gallery|extensionquery|authentication provider|Long running operations during shutdown|\(Canceled: Canceled\)/i;
const logFile = join(repoRoot, 'out', 'test', 'integration', 'workbench.log');

const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const say = (msg) => console.log(`[integration ${elapsed()}] ${msg}`);
const run = (cmd, cmdArgs, cwd = repoRoot) => execFileSync(cmd, cmdArgs, { cwd, stdio: 'inherit' });

if (!flag('no-build')) {
  say(`packaging ${relative(repoRoot, vsix) || vsix}`);
  run('npm', ['run', '--silent', 'package'], extensionRoot);
  say('compiling the suite (tsconfig.integration.json)');
  run(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.integration.json']);
}
for (const f of [vsix, `${testsEntry}.js`]) if (!existsSync(f)) throw new Error(`${f} is missing: run without --no-build`);

const cs = await ensureCodeServer();
const untrusted = flag('untrusted');
const sandbox = makeSandbox('qmm-it-', { workspaceTrust: untrusted });
const itDir = join(sandbox.root, 'it');
const checkpointsDir = join(itDir, 'checkpoints');
mkdirSync(checkpointsDir, { recursive: true });
rmSync(screenshotDir, { recursive: true, force: true });
mkdirSync(screenshotDir, { recursive: true });
for (const sub of ['captures', 'layouts']) cpSync(join(repoRoot, 'examples', sub), join(sandbox.workspace, sub), { recursive: true });

let server;
let browser;
let exitCode = 1;
const cleanUp = async () => {
  await browser?.stop();
  await server?.stop();
  if (flag('keep')) say(`kept ${sandbox.root}`);
  else sandbox.dispose();
};
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}
try {
  say(`installing the .vsix into ${sandbox.extensions}`);
  await installVsix(cs, sandbox, vsix);
  const installed = readdirSync(sandbox.extensions).find((d) => d.startsWith('qemu-memmap.qemu-memmap-'));
  if (!installed) throw new Error(`the .vsix did not install into ${sandbox.extensions}: ${readdirSync(sandbox.extensions).join(', ')}`);
  const extensionPath = join(sandbox.extensions, installed);

  const port = await freePort();
  say(`starting code-server on 127.0.0.1:${port}`);
  server = await startCodeServer(cs, sandbox, {
    port,
    smokeTestDriver: true,
    env: {
      QMM_IT_DIR: itDir, QMM_IT_EXTENSION_PATH: extensionPath,
      ...(option('grep') ? { QMM_IT_GREP: option('grep') } : {}),
      ...(untrusted ? { QMM_IT_UNTRUSTED: '1' } : {}),
    },
  });
  browser = await startBrowser(sandbox);
  const { page } = browser;

  // The workbench reports the suite's end through window.codeAutomationExit and its log lines through
  // window.codeAutomationLog when started with enable-smoke-test-driver; both must exist before it loads.
  let resolveExit;
  const exited = new Promise((r) => (resolveExit = r));
  const workbenchLog = [];
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
  await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
    const text = format(...(Array.isArray(logArgs) ? logArgs : [logArgs]));
    workbenchLog.push(`[${type}] ${text}`);
    if (text.startsWith(SUITE_TAG)) {
      for (const line of text.slice(SUITE_TAG.length).split('\n')) console.log(line);
    } else if (type === 'error' && !NOISE.test(text) && activationRuns === 0) {
      // (Activation runs navigate away from each workbench: its shutdown errors say nothing of the extension.)
      console.log(`[workbench error] ${text}`);
    }
  });
  page.on('pageerror', (err) => console.log(`  [page error] ${err.message}`));

  const url = testPayloadUrl(server, { folder: sandbox.workspace, extensionDevelopmentPath: extensionPath, extensionTestsPath: testsEntry });
  if (activationRuns > 0) {
    exitCode = await measureActivation(page, url, () => new Promise((r) => (resolveExit = r)));
  } else {
    say(`running the suite in VS Code (${installed})${untrusted ? ' in an untrusted workspace' : ''}`);
    await page.goto(url);

    const answered = new Set();
    const checkpoints = setInterval(() => {
      for (const f of readdirSync(checkpointsDir)) {
        const name = f.endsWith('.request.json') ? f.slice(0, -'.request.json'.length) : undefined;
        if (!name || answered.has(name)) continue;
        answered.add(name);
        const ask = JSON.parse(readFileSync(join(checkpointsDir, f), 'utf8'));
        void answerCheckpoint(page, name, ask).then((answer) => {
          const tmp = join(checkpointsDir, `${name}.tmp`);
          writeFileSync(tmp, `${JSON.stringify(answer)}\n`);
          renameSync(tmp, join(checkpointsDir, `${name}.done.json`));
        });
      }
    }, 100);

    const timedOut = new Promise((r) => setTimeout(() => r('timeout'), timeoutMs).unref());
    const serverDied = server.exited.then((code) => `code-server exited (${code})`);
    const result = await Promise.race([exited, timedOut, serverDied]);
    clearInterval(checkpoints);
    if (typeof result === 'number') {
      exitCode = result;
    } else {
      say(result === 'timeout' ? `the suite did not finish within ${timeoutMs / 1000} s` : result);
      const shot = join(screenshotDir, 'unfinished.png');
      if (await page.screenshot({ path: shot }).then(() => true, () => false)) say(`what the workbench showed: ${relative(repoRoot, shot)}`);
      console.log(server.output().slice(-4000));
      exitCode = 1;
    }
    mkdirSync(dirname(logFile), { recursive: true });
    writeFileSync(logFile, `${workbenchLog.join('\n')}\n\n--- code-server ---\n${server.output()}`);
    const summary = existsSync(join(itDir, 'result.json')) ? JSON.parse(readFileSync(join(itDir, 'result.json'), 'utf8')) : undefined;
    say(`VS Code exited with ${result}; the workbench's log is in ${relative(repoRoot, logFile)}`);
    if (exitCode === 0 && summary) {
      mkdirSync(screenshotTarget, { recursive: true });
      cpSync(screenshotDir, screenshotTarget, { recursive: true });
      say(`screenshots: ${relative(repoRoot, screenshotTarget) || screenshotTarget}/`);
    } else {
      say(`screenshots (not copied to ${relative(repoRoot, screenshotTarget)}/, as the suite failed): ${relative(repoRoot, screenshotDir)}/`);
    }
    // The plain summary line CI reads.
    const which = untrusted ? 'integration (untrusted workspace)' : 'integration';
    if (summary) console.log(`${which}: ${summary.passes} passed, ${summary.failures} failed${summary.pending ? `, ${summary.pending} skipped` : ''}`);
    else console.log(`${which}: 0 passed, 1 failed (the suite reported no result)`);
    if (!summary) exitCode = 1;
  }
} catch (err) {
  console.error(`[integration ${elapsed()}] ${err.stack ?? err}`);
  if (server) console.error(server.output().slice(-4000));
  exitCode = 1;
} finally {
  await cleanUp();
}
process.exit(exitCode);

/**
 * Loads the activation probe `activationRuns` times (each load is a fresh workbench and extension
 * host), waiting for each to exit; writes the times and their median to activation.json and prints them.
 */
async function measureActivation(page, url, nextExit) {
  const jsonl = join(itDir, 'activation.jsonl');
  for (let i = 0; i < activationRuns; i++) {
    const exited = nextExit();
    await page.goto(url);
    const result = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 120_000).unref())]);
    if (result !== 0) {
      say(`activation run ${i + 1} ended with ${result}`);
      console.log(server.output().slice(-4000));
      return 1;
    }
  }
  const runs = existsSync(jsonl) ? readFileSync(jsonl, 'utf8').trim().split('\n').map((l) => JSON.parse(l).activationMs) : [];
  if (runs.length !== activationRuns) {
    say(`expected ${activationRuns} activation times, got ${runs.length}`);
    return 1;
  }
  const sorted = [...runs].sort((a, b) => a - b);
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  mkdirSync(dirname(activationFile), { recursive: true });
  writeFileSync(activationFile, `${JSON.stringify({ runs, median }, null, 2)}\n`);
  say(`activation: ${runs.map((r) => r.toFixed(0)).join(', ')} ms; median ${median.toFixed(0)} ms (${relative(repoRoot, activationFile)})`);
  return 0;
}

/**
 * Photographs the workbench for the checkpoint `name`; for a map checkpoint first waits for the map
 * webview (two iframes deep) to set window.__mapStats and returns it.
 */
async function answerCheckpoint(page, name, ask) {
  const answer = {};
  try {
    if (ask.mapStats) {
      answer.mapStats = await mapStats(page, 30_000, ask.mapSpace);
      console.log(`  [map] window.__mapStats = ${JSON.stringify(answer.mapStats)}`);
    }
    const pointed = ask.mapPoint ? await pointAtRange(page, ask.mapSpace, ask.mapPoint) : undefined;
    if (ask.mapPoint) answer.tooltip = pointed?.tooltip ?? null;
    const restoreSideBar = ask.sideBarWidth ? await dragSideBar(page, ask.sideBarWidth) : undefined;
    if (ask.pickFilter !== undefined) await filterQuickPick(page, ask.pickFilter);
    const file = join(screenshotDir, `${name}.png`);
    if (ask.hover) {
      answer.hover = await photographHover(page, file, ask.hoverText);
      if (!answer.hover) answer.error = `the editor hover${ask.hoverText ? ` with "${ask.hoverText}"` : ''} never showed on screen: no picture of it`;
    } else {
      // Let the last layout and paint settle (this is the screenshot, not a test assertion).
      await page.waitForTimeout(400);
      await page.screenshot({ path: file });
    }
    answer.screenshot = file;
    if (ask.hover) await page.keyboard.press('Escape'); // keep it out of the next pictures
    if (pointed && ask.mapClick) await page.mouse.click(pointed.x, pointed.y);
    if (ask.mapButton) await clickMapButton(page, ask.mapSpace, ask.mapButton);
    if (ask.savePath) await answerSaveDialog(page, ask.savePath);
    if (ask.pickRow !== undefined) await pickQuickPickRow(page, ask.pickRow);
    if (restoreSideBar) await dragSideBar(page, restoreSideBar);
  } catch (err) {
    answer.error = String(err?.message ?? err);
  }
  return answer;
}

/**
 * Moves the pointer along the range lane of the map of `space` until the tooltip names a range starting
 * with `name` (as a person hovering it); returns where, and the tooltip's text.
 */
async function pointAtRange(page, space, name) {
  for (const frame of page.frames()) {
    const stats = await frame.evaluate(() => window.__mapStats).catch(() => undefined);
    if (!stats?.rows || (space !== undefined && stats.space !== space)) continue;
    const box = await frame.locator('canvas').boundingBox();
    if (!box) continue;
    const y = box.y + stats.rows.rangeTop + 8;
    for (let x = box.x + 2; x < box.x + box.width; x += 5) {
      await page.mouse.move(x, y);
      const tip = frame.locator('.tooltip');
      const text = (await tip.isVisible()) ? await tip.textContent() : '';
      if (text?.startsWith(`${name}  (`)) return { x, y, tooltip: text };
    }
  }
  console.log(`  [map] no range named ${name} found under the pointer`);
  return undefined;
}

/** Clicks the map toolbar's button named `name` (Export SVG, Export PNG) in the map of `space`. */
async function clickMapButton(page, space, name) {
  for (const frame of page.frames()) {
    const stats = await frame.evaluate(() => window.__mapStats).catch(() => undefined);
    if (!stats || (space !== undefined && stats.space !== space)) continue;
    await frame.getByRole('button', { name }).click();
    return;
  }
  throw new Error(`no map of ${space ?? 'any space'} with a button ${name}`);
}

/**
 * Answers the save dialog the workbench shows (in a browser, VS Code's own "simple file dialog": a quick
 * input holding the path) with `path`, as a person typing it.
 */
async function answerSaveDialog(page, path) {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input').first();
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  // The dialog puts its own starting value (the suggested file beside the document) into the box once it
  // has read that folder; a path typed before then is overwritten, and Enter saves beside the document.
  for (let waited = 0; (await input.inputValue()) === '' && waited < 10_000; waited += 100) await page.waitForTimeout(100);
  for (let attempt = 0; attempt < 20; attempt++) {
    if ((await input.inputValue()) !== path) {
      await input.fill(path);
      await page.waitForTimeout(200);
      continue; // look again: the dialog may still have replaced it
    }
    await input.press('Enter');
    try {
      await widget.waitFor({ state: 'hidden', timeout: 1_000 });
      return;
    } catch {
      // still open: the dialog was busy listing the folder and ignored Enter
    }
  }
  throw new Error(`the save dialog did not take ${path} (it holds ${await input.inputValue()})`);
}

/** Types `text` into the filter of the quick pick the workbench shows (once it shows), as a person would. */
async function filterQuickPick(page, text) {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input').first();
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(text);
  await page.waitForTimeout(200); // the list filters as it is typed
}

/** Clicks the first row of the open quick pick whose text matches the regular expression `pattern`. */
async function pickQuickPickRow(page, pattern) {
  const widget = page.locator('.quick-input-widget');
  const row = widget.locator('.monaco-list-row', { hasText: new RegExp(pattern) }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await row.click();
  await widget.waitFor({ state: 'hidden', timeout: 5_000 });
}

/** Drags the side bar's edge so that it is `width` pixels wide; returns the width it had. */
async function dragSideBar(page, width) {
  const bar = await page.locator('.part.sidebar').first().boundingBox();
  if (!bar) return undefined;
  const edge = bar.x + bar.width;
  // The sash: the tall vertical one that straddles the side bar's right edge.
  let sash;
  for (const s of await page.locator('.monaco-sash.vertical').all()) {
    const b = await s.boundingBox();
    if (b && b.height > bar.height / 2 && Math.abs(b.x + b.width / 2 - edge) < 6) sash = b;
  }
  if (!sash) return undefined;
  const y = sash.y + sash.height / 2;
  await page.mouse.move(sash.x + sash.width / 2, y);
  await page.mouse.down();
  await page.mouse.move(bar.x + width, y, { steps: 8 });
  await page.mouse.up();
  await page.mouse.move(0, 0); // no hover where the mouse stopped
  return bar.width;
}

/** The editor hover, when on screen: shown, its text there (not "Loading…") with `text`, its box in the window. */
async function hoverOnScreen(page, text, timeout) {
  const hover = page.locator('.monaco-hover:not(.hidden)', text ? { hasText: text } : {}).first();
  if (!(await hover.waitFor({ state: 'visible', timeout }).then(() => true, () => false))) return false;
  // It may close between these reads: then it is not on screen (no 30 s wait), and the caller shows it again.
  const box = await hover.boundingBox({ timeout: 500 }).catch(() => null);
  const view = page.viewportSize();
  const content = (await hover.innerText({ timeout: 500 }).catch(() => '')).trim();
  return box !== null && box.width > 40 && box.height > 16 && content !== '' && !/^Loading/.test(content)
    && (!view || (box.x >= 0 && box.y >= 0 && box.x < view.width && box.y < view.height));
}

/**
 * Photographs the editor hover the suite asked for: waits until it is really on screen with the
 * expected text (when something closed it, text moving as code lenses and inlay hints arrive, shows it
 * again with the keybinding of editor.action.showHover), lets the paint settle, and keeps the picture
 * only when the hover is still up before and after it was taken. False when it never was.
 */
async function photographHover(page, file, text) {
  for (let attempt = 0; attempt < 6; attempt++) {
    if (await hoverOnScreen(page, text, 2_500)) {
      await page.waitForTimeout(400);
      if (await hoverOnScreen(page, text, 100)) {
        await page.screenshot({ path: file });
        if (await hoverOnScreen(page, text, 100)) return true;
      }
    }
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
  }
  console.log(`  [hover] the hover${text ? ` with "${text}"` : ''} did not show`);
  return false;
}

/**
 * window.__mapStats of whichever frame (the map webview's inner iframe) has it, once it counts a data
 * message and a painted frame (src/webview/stats.ts) — of address space `space` when given; the last value
 * seen, or null, after `ms`.
 */
async function mapStats(page, ms, space) {
  const deadline = Date.now() + ms;
  let seen = null;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const stats = await frame.evaluate(() => window.__mapStats).catch(() => undefined);
      if (stats === undefined || stats === null) continue;
      if (space !== undefined && stats.space !== space) continue; // another map panel
      seen = stats;
      if ((stats.dataMessages ?? 1) > 0 && (stats.frames ?? 1) > 0) return stats;
    }
    await page.waitForTimeout(200);
  }
  return seen;
}
