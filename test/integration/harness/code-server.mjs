// Runs the extension in a real VS Code on a machine where VS Code's desktop build cannot be
// downloaded: code-server (VS Code's server and browser workbench, from npm) on 127.0.0.1 with
// throwaway profile directories, driven by Debian's chromium through playwright-core.
// Used by scripts/run-integration.mjs (the mocha suite inside the extension host) and scripts/start.mjs.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const CHROMIUM = process.env.QMM_CHROMIUM ?? '/usr/bin/chromium';

/** Installs code-server and its Node 24 into the cache when missing (scripts/code-server.sh) and returns their paths. */
export async function ensureCodeServer() {
  const { stdout } = await promisify(execFile)('bash', [join(repoRoot, 'scripts', 'code-server.sh')], {
    maxBuffer: 1 << 20,
  }).catch((err) => {
    throw new Error(`scripts/code-server.sh failed:\n${err.stderr ?? err.message}`);
  });
  const vars = Object.fromEntries(stdout.trim().split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2)));
  if (!vars.QMM_NODE || !vars.QMM_CODE_SERVER) throw new Error(`scripts/code-server.sh printed no paths:\n${stdout}`);
  return { node: vars.QMM_NODE, entry: vars.QMM_CODE_SERVER };
}

/** A free TCP port on the loopback interface. */
export async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * A fresh directory tree for one run: VS Code profile, extensions, XDG dirs (code-server writes its
 * config.yaml there), the browser profile and a workspace folder. `dispose()` removes it.
 */
export function makeSandbox(prefix = 'qmm-vscode-', { workspaceTrust = false } = {}) {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const dirs = {
    root,
    userData: join(root, 'user-data'),
    extensions: join(root, 'extensions'),
    xdgConfig: join(root, 'xdg-config'),
    xdgData: join(root, 'xdg-data'),
    xdgCache: join(root, 'xdg-cache'),
    tmp: join(root, 'tmp'), // TMPDIR: code-server's IPC sockets and chromium's scratch dirs
    browser: join(root, 'browser'),
    workspace: join(root, 'workspace'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  // Settings that keep the workbench quiet and the screenshots about this extension.
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.colorTheme': 'Default Dark Modern',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    // With trust on, the workspace folder starts untrusted (restricted mode) and no dialog asks about it.
    'security.workspace.trust.enabled': workspaceTrust,
    ...(workspaceTrust ? { 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' } : {}),
    'git.enabled': false,
    'editor.minimap.enabled': false,
  }, null, 2));
  return { ...dirs, workspaceTrust, dispose: () => rmSync(root, { recursive: true, force: true, maxRetries: 3 }) };
}

/** The environment code-server (and so the extension host and the language server) runs with. */
export function codeServerEnv(cs, sandbox, extra = {}) {
  return {
    ...process.env,
    PATH: `${dirname(cs.node)}:${process.env.PATH ?? ''}`,
    XDG_CONFIG_HOME: sandbox.xdgConfig,
    XDG_DATA_HOME: sandbox.xdgData,
    XDG_CACHE_HOME: sandbox.xdgCache,
    TMPDIR: sandbox.tmp,
    ...extra,
  };
}

/** `code-server --install-extension FILE.vsix` into the sandbox's extensions dir. */
export async function installVsix(cs, sandbox, vsix) {
  const args = [cs.entry, '--user-data-dir', sandbox.userData, '--extensions-dir', sandbox.extensions,
    '--install-extension', vsix, '--force'];
  const { stdout, stderr } = await promisify(execFile)(cs.node, args, { env: codeServerEnv(cs, sandbox), maxBuffer: 1 << 22 })
    .catch((err) => {
      throw new Error(`installing ${vsix} failed:\n${err.stdout ?? ''}${err.stderr ?? err.message}`);
    });
  return `${stdout}${stderr}`.trim();
}

/**
 * Starts code-server on 127.0.0.1:port in its own process group, resolving once it listens.
 * Returns { url, port, pid, output(), exited, stop() }: `exited` resolves with the exit code or signal;
 * stop() ends the process group by its id and waits for the exit.
 */
export async function startCodeServer(cs, sandbox, { port, folder, smokeTestDriver = false, env = {}, onOutput } = {}) {
  const args = [cs.entry,
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--user-data-dir', sandbox.userData, '--extensions-dir', sandbox.extensions,
    '--disable-telemetry', '--disable-update-check', ...(sandbox.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override', '--ignore-last-opened',
    ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...(folder ? [folder] : [])];
  const child = spawn(cs.node, args, {
    env: codeServerEnv(cs, sandbox, env),
    detached: true, // its own process group: the extension host and the language server die with it
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const onData = (chunk) => {
    const text = chunk.toString();
    log += text;
    onOutput?.(text);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = once(child, 'exit');
  const stop = () => killGroup(child, exited);
  const url = `http://127.0.0.1:${port}/`;
  try {
    await Promise.race([
      new Promise((res) => {
        const check = () => (/HTTP server listening on/.test(log) ? res() : undefined);
        child.stdout.on('data', check);
        child.stderr.on('data', check);
      }),
      exited.then(([code]) => Promise.reject(new Error(`code-server exited with ${code} before listening:\n${log}`))),
      timeout(60_000, `code-server did not listen within 60 s:\n${log}`),
    ]);
    await waitForHttp(`${url}healthz`, 30_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, port, pid: child.pid, output: () => log, exited: exited.then(([code, signal]) => code ?? signal), stop };
}

/** Polls until the URL answers 200. */
export async function waitForHttp(url, ms) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      if (res.ok) return res;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Starts Debian's chromium headless in its own process group with the sandbox's fresh profile and connects
 * playwright-core to it over CDP, so that the harness knows the browser's pid and can end it.
 * Returns { browser, context, page, pid, stop() }.
 */
export async function startBrowser(sandbox, { width = 1600, height = 1000 } = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install the Debian package chromium (bash scripts/setup.sh does), or set QMM_CHROMIUM`);
  const { chromium } = await import('playwright-core');
  const child = spawn(CHROMIUM, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-dev-shm-usage', '--hide-scrollbars', '--force-device-scale-factor=1',
    `--window-size=${width},${height}`, `--user-data-dir=${sandbox.browser}`,
    '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0', 'about:blank',
  ], { detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, TMPDIR: sandbox.tmp } });
  const exited = once(child, 'exit');
  const stop = () => killGroup(child, exited);
  let err = '';
  try {
    const ws = await Promise.race([
      new Promise((res) => child.stderr.on('data', (chunk) => {
        err += chunk.toString();
        const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
        if (m) res(m[1]);
      })),
      exited.then(([code]) => Promise.reject(new Error(`${CHROMIUM} exited with ${code}:\n${err}`))),
      timeout(30_000, `${CHROMIUM} did not open its DevTools port within 30 s:\n${err}`),
    ]);
    child.stderr.resume();
    const browser = await chromium.connectOverCDP(ws);
    const context = browser.contexts()[0];
    const page = context.pages()[0] ?? (await context.newPage());
    await page.setViewportSize({ width, height });
    return { browser, context, page, pid: child.pid, stop: async () => {
      await browser.close().catch(() => undefined);
      await stop();
    } };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * The workbench URL that runs `extensionTestsPath` (a module exporting run()) in the extension
 * host, with the extension at `extensionDevelopmentPath` loaded as under development.
 * Both are paths on this machine; the workbench reaches them through the server (vscode-remote).
 */
export function testPayloadUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [
    ...(extensionDevelopmentPath ? [['extensionDevelopmentPath', remote(extensionDevelopmentPath)]] : []),
    ['extensionTestsPath', remote(extensionTestsPath)],
  ];
  return `${server.url}?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** SIGTERM to the process group led by `child`, SIGKILL after 5 s; resolves when it has exited. */
async function killGroup(child, exited) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const signal = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
  signal('SIGKILL'); // stragglers of the group (extension host, language server, renderers)
}

function timeout(ms, message) {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(message)), ms).unref());
}
