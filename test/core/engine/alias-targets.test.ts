// Alias targets among same-named regions (one pci_bridge_pci per bridge): the engine's indexed pick
// (TargetPicker) against the plain rule, on generated captures: the candidate with the most enabled
// regions in the alias's window, the first of them in the capture's order; ambiguous when several tie on
// something the window shows and are not printed alike (regions printed alike give the same answers).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { hex16, parseCapture, reflattenCapture } from '../../../src/core';
import type { Mr, RegionNode } from '../../../src/core';

const seed = Number(process.env.QMM_SEED ?? Date.now() % 2147483647);
const numRuns = Number(process.env.QMM_PROP_RUNS ?? 300);
console.log(`alias-targets: QMM_SEED=${seed} QMM_PROP_RUNS=${numRuns}`);

interface Bus {
  /** Devices on the bus: offset (pages) and size (pages), enabled or not. */
  devices: { at: number; pages: number; enabled: boolean }[];
}
interface Window {
  from: number;
  pages: number;
}

const busArb: fc.Arbitrary<Bus> = fc.record({
  devices: fc.array(fc.record({ at: fc.integer({ min: 0, max: 31 }), pages: fc.integer({ min: 1, max: 4 }), enabled: fc.boolean() }), { maxLength: 4 }),
});
const windowArb: fc.Arbitrary<Window> = fc.record({ from: fc.integer({ min: 0, max: 31 }), pages: fc.integer({ min: 1, max: 8 }) });
const PAGE = 0x1000n;

/** A capture: one address space with an alias per window onto `bus`, and one `memory-region: bus` per bus (-D, so disabled devices print). */
function capture(buses: Bus[], windows: Window[]): string {
  const lines = ['address-space: memory', `  ${hex16(0n)}-${hex16((1n << 64n) - 1n)} (prio 0, i/o): system`];
  windows.forEach((w, i) => {
    const start = BigInt(i) * 0x100000n;
    const size = BigInt(w.pages) * PAGE;
    const off = BigInt(w.from) * PAGE;
    lines.push(`    ${hex16(start)}-${hex16(start + size - 1n)} (prio 1, i/o): alias win${i} @bus ${hex16(off)}-${hex16(off + size - 1n)}`);
  });
  for (const b of buses) {
    lines.push('', 'memory-region: bus', `  ${hex16(0n)}-${hex16((1n << 64n) - 1n)} (prio 0, i/o): bus`);
    b.devices.forEach((d, j) => {
      const s = BigInt(d.at) * PAGE;
      lines.push(`    ${hex16(s)}-${hex16(s + BigInt(d.pages) * PAGE - 1n)} (prio 0, i/o): dev${j}${d.enabled ? '' : ' [disabled]'}`);
    });
  }
  return lines.join('\n') + '\n';
}

/** The plain rule, candidate by candidate. */
function expected(buses: Bus[], w: Window): { index: number; ambiguous: boolean } {
  const scores = buses.map((b) => b.devices.filter((d) => d.enabled && d.at < w.from + w.pages && d.at + d.pages > w.from).length);
  const top = Math.max(...scores);
  const tied = buses.filter((_, i) => scores[i] === top).map((b) => JSON.stringify(b.devices));
  return { index: scores.indexOf(top), ambiguous: top > 0 && tied.length > 1 && tied.some((t) => t !== tied[0]) };
}

/** Two to six buses; half the time the last repeats an earlier one exactly (a device repeated on every bus). */
const busesArb: fc.Arbitrary<Bus[]> = fc
  .tuple(fc.array(busArb, { minLength: 1, maxLength: 5 }), fc.nat(), fc.boolean())
  .map(([buses, pick, repeat]) => (repeat || buses.length === 1 ? [...buses, buses[pick % buses.length] as Bus] : buses));

test('alias targets among same-named regions: the indexed pick is the plain rule', () => {
  fc.assert(fc.property(busesArb, fc.array(windowArb, { minLength: 1, maxLength: 6 }), (buses, windows) => {
    const c = parseCapture(capture(buses, windows));
    const re = reflattenCapture(c);
    assert.ok(re);
    // The bus sections in capture order, as built.
    const sections: Mr[] = re.built.trees.filter((t) => t.node.name === 'bus').map((t) => t.mr);
    assert.equal(sections.length, buses.length);
    const root = re.built.trees[0]?.mr as Mr;
    windows.forEach((w, i) => {
      const alias = root.subregions.find((m) => m.name === `win${i}`) as Mr;
      const want = expected(buses, w);
      assert.equal(sections.indexOf(alias.alias as Mr), want.index, `window ${i}`);
      const node = re.built.nodeOfMr.get(alias) as RegionNode;
      const rf005 = re.issues.some((x) => x.code === 'RF005' && x.span.line === node.span.line);
      assert.equal(rf005, want.ambiguous, `window ${i}: RF005`);
    });
  }), { seed, numRuns });
});
