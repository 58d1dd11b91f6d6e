/**
 * Big real machines: captures of real QEMU (scripts/capture-big-machine.mjs: a q35 with an intel-iommu and
 * hundreds of PCIe root ports and bridges, BARs programmed as firmware would) through the shipped server
 * bundle over stdio (as bench/server-bench.ts), and the shipped CLI's `lint` on a real `info mtree -D`
 * repeated 100× and 1000×.
 *
 * The captures are committed in bench/real/; when one is missing it is made in bench/.cache/ (gitignored)
 * with the system QEMU, when there is one. Without either, the benchmark says so and returns no figures.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../test/shared/fixtures';
import { percentile } from './percentile';
import { PAUSE_MS, serverSession } from './server-bench';
import { printTable } from './timing';

const QEMU = '/usr/bin/qemu-system-x86_64';
/**
 * The machines of scripts/capture-big-machine.mjs measured here, smallest first. Not q35-max: QEMU 7.2
 * aborts during its PCI setup, with more sections in one FlatView than its dispatch map holds (see there).
 */
const MACHINES = ['q35-200'];

/** The capture of `machine`: committed, cached, or made now with the system QEMU (undefined when none can be had). */
function realCapture(machine: string, dist: string): string | undefined {
  const committed = join(repoRoot(), 'bench', 'real', `${machine}.qemu-capture`);
  if (existsSync(committed)) return committed;
  const cached = join(repoRoot(), 'bench', '.cache', `${machine}.qemu-capture`);
  if (existsSync(cached)) return cached;
  if (!existsSync(QEMU)) return undefined;
  console.log(`capturing ${machine} with ${QEMU} into ${cached} (scripts/capture-big-machine.mjs)`);
  const r = spawnSync(process.execPath, [join(repoRoot(), 'scripts', 'capture-big-machine.mjs'), '--machine', machine, '--dist', dist, '-o', cached], { stdio: 'inherit' });
  return r.status === 0 && existsSync(cached) ? cached : undefined;
}

/** The last character of a region's name on a range line of the `info mtree` tree (not an alias), for the edits. */
function nameEnd(row: string): number | undefined {
  if (!/^ +[0-9a-f]{16}-[0-9a-f]{16} \(prio /.test(row)) return undefined;
  const at = row.indexOf('): ');
  const name = row.slice(at + 3).split(' ')[0] as string;
  return name !== 'alias' && /[a-z]$/.test(name) ? at + 3 + name.length - 1 : undefined;
}

/** `info mtree -D` text repeated `times` times, each repeat's address spaces renamed with a suffix. */
export function repeated(mtree: string, times: number): string {
  const out: string[] = [];
  for (let i = 0; i < times; i++) out.push(mtree.replace(/^address-space: (.*)$/gm, `address-space: $1 #${i}`));
  return out.join(mtree.endsWith('\n') ? '' : '\n');
}

/** Wall ms of `node cli lint FILE` (the exit status is the lint's verdict, not a failure). */
function lintMs(cli: string, file: string): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, 'lint', file], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30, timeout: 600_000 });
  const ms = performance.now() - t0;
  if (r.error || r.signal || (r.status !== 0 && r.status !== 1)) throw new Error(`lint ${file}: ${r.error?.message ?? r.signal ?? r.status} ${r.stderr?.toString().slice(0, 500)}`);
  return ms;
}

/**
 * Runs the real-machine benchmark with the server bundle `server` and the CLI bundle `cli` (the shipped,
 * minified ones; `dist` is their directory); returns its results.json figures.
 */
export async function realBench(server: string, cli: string, dist: string): Promise<Record<string, number>> {
  const captures = MACHINES.map((m) => [m, realCapture(m, dist)] as const).filter((c): c is readonly [string, string] => c[1] !== undefined);
  if (!captures.length) {
    console.log(`== big real machines: no capture in bench/real/ or bench/.cache/ and no ${QEMU} to make one: skipped\n`);
    return {};
  }
  const f = (v: number): string => v.toFixed(1);
  const sessions = [];
  for (const [machine, file] of captures) {
    const text = readFileSync(file, 'utf8');
    sessions.push({ machine, s: await serverSession(server, text, `file:///bench/${machine}.qemu-capture`, 7, 1000, nameEnd) });
  }
  printTable('big real machines: language server over stdio (shipped bundle, default settings)', [
    ['capture', 'lines', 'MB', 'open → diagnostics ms', 'edit → diagnostics ms: median', 'max', 'hover ms: p50', 'p99', 'max', 'baseline RSS MB', 'peak in session', 'RSS growth per MB'],
    ...sessions.map(({ machine, s }) => [
      machine, String(s.lines), f(s.inputMb), f(s.openMs), f(percentile(s.editMs, 50)), f(Math.max(...s.editMs)),
      f(percentile(s.hoverMs, 50)), f(percentile(s.hoverMs, 99)), f(Math.max(...s.hoverMs)), f(s.baselineMb), f(s.peakMb), f((s.peakMb - s.baselineMb) / s.inputMb),
    ]),
  ]);
  const { machine, s: big } = sessions[sessions.length - 1] as (typeof sessions)[number];
  console.log(`figures from ${machine}; ${big.hovered} of ${big.hoverMs.length} hovers at random lines had an answer; edits rename a region of the tree, median of ${big.editMs.length}, each after a ${PAUSE_MS} ms pause`);
  // What the edits add once the document is open: each drops the old analysis and makes a new one on a heap
  // V8 has already grown (its young generation alone grows by up to 32 MB on the first big document).
  console.log(`peak RSS growth per MB: ${f((big.openPeakMb - big.baselineMb) / big.inputMb)} by the end of the open, ${f((big.peakMb - big.openPeakMb) / big.inputMb)} more over the hovers and edits`);
  console.log('targets: open → diagnostics < 1000 ms, hover p99 < 5 ms, edit → diagnostics < 500 ms, RSS growth per MB of capture < 20\n');

  // The CLI on a real info mtree -D, 100× and 1000×.
  const mtree = readFileSync(join(repoRoot(), 'test', 'fixtures', 'qemu-7.2', 'x86_64-q35-pci', 'mtree-D.txt'), 'utf8');
  const dir = mkdtempSync(join(tmpdir(), 'qmm-real-'));
  const rows: string[][] = [['repeats', 'lines', 'MB', 'lint ms']];
  const ms: number[] = [];
  try {
    for (const times of [100, 1000]) {
      const text = repeated(mtree, times);
      const file = join(dir, `q35-pci-x${times}.mtree`);
      writeFileSync(file, text);
      const t = times === 100 ? Math.min(lintMs(cli, file), lintMs(cli, file)) : lintMs(cli, file);
      ms.push(t);
      rows.push([String(times), String(text.split('\n').length - 1), f(text.length / 1e6), f(t)]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const growth = (ms[1] as number) / (ms[0] as number);
  printTable('qemu-memmap lint (shipped CLI bundle) on test/fixtures/qemu-7.2/x86_64-q35-pci/mtree-D.txt repeated, address spaces renamed per repeat', rows);
  console.log(`wall time 1000× / 100×: ${growth.toFixed(2)} (cli_lint_growth_10x_repeated, target <= 12)\n`);

  return {
    open_to_diagnostics_ms_real_big: big.openMs,
    hover_p99_ms_real_big: percentile(big.hoverMs, 99),
    edit_to_diagnostics_ms_real_big: percentile(big.editMs, 50),
    rss_mb_per_input_mb_real_big: (big.peakMb - big.baselineMb) / big.inputMb,
    cli_lint_growth_10x_repeated: growth,
  };
}
