/**
 * The language server as an editor sees it: the shipped server bundle over stdio with the shipped
 * defaults (no initialization options), a capture of 10k and of 100k lines (bench/big-capture.ts) opened,
 * one-line edits timed until their diagnostics arrive, hovers at random places timed to their answers,
 * and the process's peak memory. Linux only for the memory figure (/proc).
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { TestClient } from '../test/server/client';
import { bigCapture } from './big-capture';
import { prng } from './generate';
import { percentile } from './percentile';
import { printTable } from './timing';

/** Resident memory figures of a process, in MB (VmRSS now, VmHWM the peak so far). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** The pause before each edit: longer than the server's default debounce (150 ms). */
export const PAUSE_MS = 500;

export interface Session {
  readonly lines: number;
  readonly inputMb: number;
  readonly openMs: number;
  readonly editMs: number[];
  readonly hoverMs: number[];
  readonly hovered: number;
  readonly baselineMb: number;
  /** Peak RSS once the document was opened and analysed, and over the whole session (edits, hovers). */
  readonly openPeakMb: number;
  readonly peakMb: number;
}

/**
 * Opens `text` as a qemu-capture document at `uri` in the server bundle at `server`, then times `hovers`
 * hovers at random places and `edits` one-character edits, each to the character `editAt(row)` of a random
 * row of `text` it gives one for (a character is toggled between 'o' and 'x').
 */
export async function serverSession(server: string, text: string, uri: string, edits: number, hovers: number, editAt: (row: string) => number | undefined): Promise<Session> {
  const rows = text.split('\n');
  const client = new TestClient(server);
  await client.start({});
  const pid = client.proc.pid as number;
  const baselineMb = memoryOf(pid).rss;
  let t0 = performance.now();
  await client.open(uri, text, 'qemu-capture');
  const openMs = performance.now() - t0;
  const openPeakMb = memoryOf(pid).peak;

  const rnd = prng(7);
  const hoverMs: number[] = [];
  let hovered = 0;
  for (let i = 0; i < hovers; i++) {
    const line = Math.floor(rnd() * rows.length);
    const character = Math.floor(rnd() * Math.max(1, (rows[line] as string).length));
    t0 = performance.now();
    const h = await client.request<unknown>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
    hoverMs.push(performance.now() - t0);
    if (h) hovered++;
  }

  // Each edit changes one character of one line after a pause, as someone editing and then reading the
  // diagnostics would.
  const editable = rows.flatMap((l, i) => {
    const c = editAt(l);
    return c === undefined ? [] : [[i, c] as const];
  });
  const editMs: number[] = [];
  for (let v = 2; v < edits + 2; v++) {
    const [line, character] = editable[Math.floor(rnd() * editable.length)] as readonly [number, number];
    const row = rows[line] as string;
    const next = row[character] === 'o' ? 'x' : 'o';
    rows[line] = row.slice(0, character) + next + row.slice(character + 1);
    await sleep(PAUSE_MS);
    const wait = client.nextDiagnostics(uri, v);
    t0 = performance.now();
    await client.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: v },
      contentChanges: [{ range: { start: { line, character }, end: { line, character: character + 1 } }, text: next }],
    });
    await wait;
    editMs.push(performance.now() - t0);
  }
  const peakMb = memoryOf(pid).peak;
  await client.stop();
  return { lines: text.split('\n').length - 1, inputMb: text.length / (1024 * 1024), openMs, editMs, hoverMs, hovered, baselineMb, openPeakMb, peakMb };
}

/** Opens a capture of about `lines` lines, then times `hovers` hovers and `edits` one-line edits (each renames a region in the tree). */
function session(server: string, lines: number, edits: number, hovers: number): Promise<Session> {
  return serverSession(server, bigCapture(lines), `file:///bench/capture-${lines}.mtree`, edits, hovers, (l) => (l.endsWith('.mmio') ? l.length - 1 : undefined));
}

/** Runs the server benchmark on the server bundle at `server`; returns its results.json figures. */
export async function serverBench(server: string): Promise<Record<string, number>> {
  const small = await session(server, 10_000, 20, 0);
  const big = await session(server, 100_000, 10, 1000);
  const f = (v: number): string => v.toFixed(1);
  printTable('language server over stdio (shipped bundle, default settings)', [
    ['capture', 'MB', 'open → diagnostics ms', 'edit → diagnostics ms: median', 'p95', 'max', 'hover ms: p50', 'p99', 'max', 'baseline RSS MB', 'peak after open', 'peak in session'],
    ...[small, big].map((s) => [
      `${s.lines} lines`, f(s.inputMb), f(s.openMs), f(percentile(s.editMs, 50)), f(percentile(s.editMs, 95)), f(Math.max(...s.editMs)),
      s.hoverMs.length ? f(percentile(s.hoverMs, 50)) : '-', s.hoverMs.length ? f(percentile(s.hoverMs, 99)) : '-', s.hoverMs.length ? f(Math.max(...s.hoverMs)) : '-',
      f(s.baselineMb), f(s.openPeakMb), f(s.peakMb),
    ]),
  ]);
  console.log(`peak RSS over baseline per MB of capture: ${f((big.openPeakMb - big.baselineMb) / big.inputMb)} after opening the 100k capture, ${f((big.peakMb - big.baselineMb) / big.inputMb)} over the session (rss_mb_per_input_mb)`);
  console.log(`${big.hovered} of ${big.hoverMs.length} hovers at random places had an answer; edits: median of ${small.editMs.length} and ${big.editMs.length}, each after a ${PAUSE_MS} ms pause\n`);
  return {
    hover_p99_ms_100k: percentile(big.hoverMs, 99),
    edit_to_diagnostics_ms_10k: percentile(small.editMs, 50),
    edit_to_diagnostics_ms_100k: percentile(big.editMs, 50),
    rss_mb_per_input_mb: (big.peakMb - big.baselineMb) / big.inputMb,
  };
}
