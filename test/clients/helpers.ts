import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, repoRoot } from '../shared/fixtures';

// Shared by the tests that drive the language server from real editors (Neovim, Emacs + eglot).

/** The built server; the client tests need `npm run build` first. */
export const SERVER = join(repoRoot(), 'dist', 'server.js');

/** Why the editor cannot be used here (for `test(..., { skip })`), or undefined when it runs. */
export function missingTool(cmd: string, args: string[], hint: string): string | undefined {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error) return `${cmd} is not installed (${(r.error as NodeJS.ErrnoException).code ?? r.error.message}); install ${hint} to run this test`;
  if (r.status !== 0) return `${cmd} ${args.join(' ')} exited with ${r.status}; install ${hint} to run this test`;
  return undefined;
}

/** A temp folder with a capture, a clean layout and a broken layout, plus what the editor should see. */
export interface Workspace {
  dir: string;
  capture: string;
  layout: string;
  broken: string;
  /** GPA→HVA answer QEMU gave for 0x100000000 in the same run (gpa2hva.txt). */
  hva: string;
  /** Where the hover is asked: the start address of the first `alias ram-above-4g` line. */
  hoverLine: number;
  /** The mistake in the broken layout: an unknown attribute `frob`, expected as LP004 here. */
  brokenLine: number;
  brokenCharacter: number;
  /** XDG_* variables pointing into `dir`, so editors write nothing under ~. */
  xdg: Record<string, string>;
  cleanup(): void;
}

export function makeWorkspace(prefix: string): Workspace {
  const dir = mkdtempSync(join(tmpdir(), `qmm-${prefix}-`));
  const fdir = join(FIXTURES, 'qemu-10.0', 'x86_64-pc-4G');
  const captureText = ['mtree-D.txt', 'mtree-f.txt', 'ramblock.txt'].map((f) => readFileSync(join(fdir, f), 'utf8')).join('\n');
  const capture = join(dir, 'pc-4G-capture.txt');
  writeFileSync(capture, captureText);

  const layoutText = readFileSync(join(repoRoot(), 'examples', 'layouts', 'tiny-board.memlayout'), 'utf8');
  const layout = join(dir, 'tiny-board.memlayout');
  writeFileSync(layout, layoutText);
  const lines = layoutText.split('\n');
  const brokenLine = lines.findIndex((l) => /^\s*io ioapic\b/.test(l));
  if (brokenLine < 0) throw new Error('tiny-board.memlayout has no "io ioapic" line to break');
  lines[brokenLine] = `${lines[brokenLine]} frob`;
  const brokenCharacter = (lines[brokenLine] as string).length - 'frob'.length;
  const broken = join(dir, 'broken-board.memlayout');
  writeFileSync(broken, lines.join('\n'));

  const hoverLine = captureText.split('\n').findIndex((l) => l.includes('alias ram-above-4g'));
  const answer = readFileSync(join(fdir, 'gpa2hva.txt'), 'utf8').split('\n').find((l) => l.includes('for 0x100000000 (pc.ram)'));
  const hva = /is (0x[0-9a-f]+)/.exec(answer ?? '')?.[1];
  if (!hva) throw new Error('no gpa2hva answer for 0x100000000 in the fixture');

  const xdg: Record<string, string> = {};
  for (const v of ['CONFIG', 'DATA', 'STATE', 'CACHE', 'RUNTIME']) {
    const d = join(dir, 'xdg', v.toLowerCase());
    mkdirSync(d, { recursive: true, mode: 0o700 });
    xdg[`XDG_${v}_${v === 'RUNTIME' ? 'DIR' : 'HOME'}`] = d;
  }
  return { dir, capture, layout, broken, hva, hoverLine, brokenLine, brokenCharacter, xdg, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

/** Runs a command with stdin closed; kills its whole process group (the editor and the server) after `timeoutMs`. */
export function run(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<RunResult> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (p.pid !== undefined) process.kill(-p.pid, 'SIGKILL');
      } catch {
        p.kill('SIGKILL');
      }
    }, opts.timeoutMs);
    p.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Math.round(performance.now() - t0), timedOut });
    });
  });
}

/** The last line of stdout that parses as a JSON object. */
export function lastJson<T>(stdout: string): T | undefined {
  for (const line of stdout.split('\n').reverse()) {
    const s = line.trim();
    if (!s.startsWith('{')) continue;
    try {
      return JSON.parse(s) as T;
    } catch {
      // not ours
    }
  }
  return undefined;
}

/** Fails with a clear message when the server has not been built. */
export function requireServer(): void {
  if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run "npm run build" first`);
}

/** What both editor scripts report. */
export interface ClientDiagnostic {
  code: string | number | null;
  line: number;
  character: number;
  severity: number | string;
  message: string;
}

/** The environment both editor scripts read: throwaway home and XDG dirs, the server and the files. */
export function clientEnv(ws: Workspace): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: ws.dir,
    TMPDIR: ws.dir,
    ...ws.xdg,
    MEMMAP_NODE: process.execPath,
    MEMMAP_SERVER: SERVER,
    MEMMAP_ROOT: ws.dir,
    MEMMAP_CAPTURE: ws.capture,
    MEMMAP_LAYOUT: ws.layout,
    MEMMAP_BROKEN: ws.broken,
    MEMMAP_EXPECT_HVA: ws.hva,
    MEMMAP_TIMEOUT_MS: '4000',
  };
}

/** How an editor run ended, with its output, for assertion messages. */
export function runContext(r: RunResult): string {
  return `exit ${r.code}${r.signal ? ` (${r.signal})` : ''}${r.timedOut ? ', killed after the timeout' : ''}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
}

/** What both editor scripts write as their last JSON line (each adds its own fields). */
export interface ClientResult {
  client: string;
  version: string;
  errors: string[];
  serverInfo?: { name: string; version?: string };
  hoverProvider?: boolean;
  files: Record<'capture' | 'layout' | 'broken', { uri: string; published: number; diagnostics: ClientDiagnostic[] }>;
  hoverPosition?: { line: number; character: number };
  hoverKind?: string;
  hover?: string;
}

/**
 * The assertions both editors share: the server's identity, every file published, only the broken
 * layout's typo (LP004 on `frob`) as an error, and the Markdown hover on the alias's start address with
 * the chain and the HVA.
 */
export function assertDiagnosticsAndHover(out: ClientResult, ws: Workspace): void {
  assert.equal(out.serverInfo?.name, 'qemu-memmap');
  assert.equal(out.hoverProvider, true);

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

  assert.deepEqual(out.hoverPosition, { line: ws.hoverLine, character: 6 });
  assert.equal(out.hoverKind, 'markdown');
  const hover = out.hover ?? '';
  assert.ok(hover.includes(`HVA **${ws.hva}**`), `expected HVA ${ws.hva} in ${hover}`);
  assert.ok(hover.includes('system › ram-above-4g (alias → pc.ram +0xc0000000) › pc.ram'), hover);
  assert.match(hover, /ram_addr 0xc0000000/);
}
