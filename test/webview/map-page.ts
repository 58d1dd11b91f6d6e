/**
 * The map webview in a real browser (Debian's chromium through playwright-core), for the browser test and
 * the webview benchmark: serves the page the extension renders (same HTML, same CSP) with a fake VS Code
 * API from 127.0.0.1, opens it headless, and calls the harness page's probes. Needs `npm run build` first.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { mapHtml } from '../../src/webview/html';
import { repoRoot } from '../shared/fixtures';
import type { HarnessProbes, Step } from './probe-api';
export { percentile } from '../../bench/percentile';

export const CHROMIUM = process.env.QMM_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = repoRoot();

/** Why the browser cannot run here, or undefined when it can. */
export function browserMissing(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `no browser at ${CHROMIUM} (apt-get install chromium, or set QMM_CHROMIUM)`;
}

/** Dark-theme values for a few of the variables VS Code gives every webview, so the harness looks like one. */
const THEME_CSS = `:root {
  --vscode-editor-background: #1f1f1f; --vscode-editor-foreground: #cccccc; --vscode-descriptionForeground: #9d9d9d;
  --vscode-focusBorder: #0078d4; --vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px;
  --vscode-editor-font-family: 'DejaVu Sans Mono', monospace; --vscode-editor-font-size: 12px;
  --vscode-editorWidget-border: #454545; --vscode-panel-border: #2b2b2b;
  --vscode-editorHoverWidget-background: #202020; --vscode-editorHoverWidget-border: #454545;
  --vscode-dropdown-background: #313131; --vscode-dropdown-foreground: #cccccc; --vscode-dropdown-border: #3c3c3c;
  --vscode-charts-blue: #3794ff; --vscode-charts-purple: #b180d7; --vscode-charts-orange: #d18616;
  --vscode-charts-green: #89d185; --vscode-charts-yellow: #cca700; --vscode-charts-red: #f14c4c; --vscode-charts-lines: #cccccc80; --vscode-terminal-ansiCyan: #11a8cd;
}`;

/** An open map page with what it reported. */
export class MapPage {
  readonly consoleErrors: string[] = [];
  readonly dialogs: string[] = [];

  private constructor(
    readonly page: Page,
    /** Paths the page asked for that the server does not have. */
    readonly notFound: string[],
    private readonly context: BrowserContext,
    private readonly server: Server,
    private readonly profile: string,
  ) {}

  /** Serves the page, launches the browser on a fresh profile and waits for the map to start. */
  static async open(webview = join(ROOT, 'dist', 'webview.js')): Promise<MapPage> {
    if (!existsSync(webview)) throw new Error(`${webview} is missing: run \`npm run build\` first`);
    const harness = await esbuild.build({ entryPoints: [join(ROOT, 'test', 'webview', 'page', 'harness.mts')], bundle: true, write: false, format: 'iife', target: 'es2022', platform: 'browser' });
    const files = new Map<string, [string, string | Buffer]>([
      ['/webview.js', ['text/javascript', readFileSync(webview)]],
      ['/map.css', ['text/css', readFileSync(join(ROOT, 'media', 'map.css'))]],
      ['/harness.js', ['text/javascript', harness.outputFiles[0]!.text]],
      ['/theme.css', ['text/css', THEME_CSS]],
    ]);
    const notFound: string[] = [];
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0]!;
      const origin = `http://${req.headers.host ?? ''}`;
      if (path === '/') {
        const nonce = randomBytes(18).toString('base64');
        // The extension's page, with the harness (same nonce) before the map's script and the theme after map.css.
        const html = mapHtml({ cspSource: origin, nonce, scriptUri: '/webview.js', styleUri: '/map.css' })
          .replace('<script ', `<script nonce="${nonce}" src="/harness.js"></script>\n<script `)
          .replace('<title>', '<link rel="stylesheet" href="/theme.css">\n<title>');
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
        return;
      }
      const file = files.get(path);
      if (file) res.writeHead(200, { 'content-type': file[0] }).end(file[1]);
      else if (path === '/favicon.ico') res.writeHead(204).end(); // asked for by the browser, not by the page
      else {
        notFound.push(path);
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const profile = mkdtempSync(join(tmpdir(), 'qmm-map-browser-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1400, height: 640 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const mp = new MapPage(page, notFound, context, server, profile);
    page.on('console', (m) => {
      if (m.type() === 'error') mp.consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => mp.consoleErrors.push(String(e)));
    page.on('dialog', (d) => {
      mp.dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(url);
    await page.waitForFunction(() => (globalThis as unknown as { __mapStats?: unknown }).__mapStats !== undefined);
    return mp;
  }

  /** Calls a probe of the harness page (page/harness.mts) by name. */
  async probe<K extends keyof HarnessProbes>(name: K, ...args: Parameters<HarnessProbes[K]>): Promise<Awaited<ReturnType<HarnessProbes[K]>>> {
    const result: unknown = await this.page.evaluate(
      ({ name, args }) => (globalThis as unknown as { __probes: Record<string, (...a: unknown[]) => unknown> }).__probes[name]!(...args),
      { name, args: args as unknown[] },
    );
    return result as Awaited<ReturnType<HarnessProbes[K]>>;
  }

  /** Closes the browser and the server and removes the profile. */
  async close(): Promise<void> {
    await this.context.close();
    this.server.close();
    rmSync(this.profile, { recursive: true, force: true });
  }
}

/** The scripted zoom and pan of the map's speed figures: wheel zoom in, pans, arrow keys, zoom out. */
export function zoomAndPan(width: number): Step[] {
  return [
    ...Array.from({ length: 80 }, (_, i): Step => ({ kind: 'wheel', x: width * (0.2 + (i % 10) * 0.06), dx: 0, dy: -60 })),
    ...Array.from({ length: 60 }, (): Step => ({ kind: 'wheel', x: width / 2, dx: 90, dy: 0 })),
    ...Array.from({ length: 30 }, (): Step => ({ kind: 'key', key: 'ArrowLeft' })),
    ...Array.from({ length: 10 }, (): Step => ({ kind: 'key', key: '-' })),
    ...Array.from({ length: 40 }, (): Step => ({ kind: 'wheel', x: width / 3, dx: 0, dy: 80 })),
    ...Array.from({ length: 30 }, (): Step => ({ kind: 'wheel', x: width / 2, dx: 0, dy: 120, shift: true })),
  ];
}
