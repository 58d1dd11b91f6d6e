import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildBands } from '../../src/webview/bands';
import type { Extent, Span } from '../../src/webview/placement';
import { addressAtX, buildScale, DEFAULT_SCALE, GAP, hitTest, packLanes, SPACE_END, visibleRange, xOfAddress } from '../../src/webview/placement';
import type { RegionItem } from '../../src/webview/model';
import { clamp, fit, fromSaved, toSaved, zoomAt } from '../../src/webview/viewport';
import type { Frame } from '../../src/webview/viewport';

/** Seeded so a failure can be replayed: QMM_SEED=<n> node --test out/test/webview/placement.test.js. */
const seed = Number(process.env.QMM_SEED ?? Date.now() % 2147483647);
const numRuns = Number(process.env.QMM_PROP_RUNS ?? 300);
console.log(`webview-placement: QMM_SEED=${seed} QMM_PROP_RUNS=${numRuns}`);

const TOP = SPACE_END - 1n;
const KiB = 1n << 10n;
const GiB = 1n << 30n;

/** Disjoint spans in address order, with and without gaps between them, anywhere in [0, 2^64). */
const disjointSpans = fc
  .array(fc.tuple(fc.bigInt({ min: 0n, max: 1n << 40n }), fc.bigInt({ min: 1n, max: 1n << 44n })), { maxLength: 40 })
  .chain((steps) =>
    fc.constant(
      (() => {
        const out: Span[] = [];
        let at = 0n;
        for (const [gap, size] of steps) {
          const start = at + gap;
          if (start + size - 1n > TOP) break;
          out.push({ start, last: start + size - 1n });
          at = start + size;
        }
        return out;
      })(),
    ),
  );

test('the scale covers [0, 2^64) exactly, in address order, with strictly increasing positions', () => {
  fc.assert(
    fc.property(disjointSpans, (spans) => {
      const s = buildScale(spans);
      assert.equal(s.segStart[0], 0n);
      assert.equal(s.segLast[s.count - 1], TOP);
      for (let i = 0; i < s.count; i++) {
        assert.ok(s.x1[i]! > s.x0[i]!, 'every segment has room');
        if (i > 0) {
          assert.equal(s.segStart[i], s.segLast[i - 1]! + 1n, 'no address is skipped or doubled');
          assert.equal(s.x0[i], s.x1[i - 1], 'segments abut');
        }
      }
      assert.equal(s.x1[s.count - 1], s.width);
      assert.equal(s.count - spans.length, [...s.ref].filter((r) => r === GAP).length);
    }),
    { seed, numRuns },
  );
});

test('every range gets at least the minimum width, and a bigger range never gets less room', () => {
  fc.assert(
    fc.property(disjointSpans, (spans) => {
      const s = buildScale(spans);
      const widthOf = new Map<number, number>();
      for (let i = 0; i < s.count; i++) if (s.ref[i] !== GAP) widthOf.set(s.ref[i]!, s.x1[i]! - s.x0[i]!);
      spans.forEach((sp, i) => {
        // Positions are running sums of doubles: a width may come out a rounding error short.
        assert.ok(widthOf.get(i)! >= DEFAULT_SCALE.rangeMin - 1e-9);
        spans.forEach((other, j) => {
          if (other.last - other.start > sp.last - sp.start) assert.ok(widthOf.get(j)! >= widthOf.get(i)! - 1e-9);
        });
      });
    }),
    { seed, numRuns },
  );
});

test('address → position is monotone, and position → address inverts it at segment starts', () => {
  fc.assert(
    fc.property(disjointSpans, fc.array(fc.bigInt({ min: 0n, max: SPACE_END }), { minLength: 2, maxLength: 20 }), (spans, addrs) => {
      const s = buildScale(spans);
      const sorted = [...addrs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      for (let i = 1; i < sorted.length; i++) assert.ok(xOfAddress(s, sorted[i]!) >= xOfAddress(s, sorted[i - 1]!));
      for (let i = 0; i < s.count; i++) assert.equal(addressAtX(s, s.x0[i]!), s.segStart[i]);
      for (const a of addrs) {
        if (a > TOP) continue;
        // The address found at an address's position is that address, to within the 2^-32 of a segment that positions resolve.
        const back = addressAtX(s, xOfAddress(s, a))!;
        const seg = hitTest(s, xOfAddress(s, a));
        const tolerance = ((s.segLast[seg]! - s.segStart[seg]! + 1n) >> 31n) + 1n;
        assert.ok(back - a <= tolerance && a - back <= tolerance, `${a} came back as ${back}`);
      }
    }),
    { seed, numRuns },
  );
});

test('a 4 KiB range next to a 64 GiB one: both clearly visible when the whole space fits in 800 px', () => {
  const s = buildScale([
    { start: 0n, last: 4n * KiB - 1n },
    { start: 4n * KiB, last: 4n * KiB + 64n * GiB - 1n },
  ]);
  assert.equal(s.count, 3, 'two ranges and the gap up to 2^64');
  const zoom = fit({ world: s.width, screen: 800, maxZoom: 1000 }).zoom;
  const small = (s.x1[0]! - s.x0[0]!) * zoom;
  const big = (s.x1[1]! - s.x0[1]!) * zoom;
  const gap = (s.x1[2]! - s.x0[2]!) * zoom;
  assert.ok(small >= 100, `4 KiB gets ${small.toFixed(1)} px`);
  assert.ok(big > small && big < 4 * small, `64 GiB gets ${big.toFixed(1)} px against ${small.toFixed(1)}`);
  assert.ok(gap < big, 'the 16 EiB of nothing is a narrower break than the 64 GiB of RAM');
});

test('the edges of the 64-bit space: a range of 2^64 bytes, one ending at the top, and nothing at all', () => {
  const whole = buildScale([{ start: 0n, last: TOP }]);
  assert.equal(whole.count, 1);
  assert.equal(whole.width, DEFAULT_SCALE.rangeMin + 64 * DEFAULT_SCALE.rangeLog);
  assert.equal(xOfAddress(whole, 0n), 0);
  assert.equal(xOfAddress(whole, SPACE_END), whole.width);
  assert.equal(xOfAddress(whole, 1n << 63n), whole.width / 2);
  assert.equal(addressAtX(whole, whole.width), undefined, 'past the end is off the scale');

  const top = buildScale([{ start: TOP - 4095n, last: TOP }]);
  assert.deepEqual([...top.ref], [GAP, 0], 'a gap before, none after');
  assert.equal(top.segLast[0], TOP - 4096n);
  assert.equal(addressAtX(top, top.x0[1]!), TOP - 4095n);

  const empty = buildScale([]);
  assert.deepEqual([...empty.ref], [GAP]);
  assert.equal(empty.segStart[0], 0n);
  assert.equal(empty.segLast[0], TOP);
});

test('unsorted or overlapping items still give a monotone scale with one segment each', () => {
  const s = buildScale([
    { start: 0x2000n, last: 0x2fffn },
    { start: 0x0n, last: 0x1fffn },
    { start: 0x1000n, last: 0x17ffn }, // inside the previous one
  ]);
  assert.deepEqual([...s.ref].filter((r) => r !== GAP).sort(), [0, 1, 2]);
  for (let i = 1; i < s.count; i++) assert.ok(s.x0[i]! >= s.x1[i - 1]! && s.segStart[i]! >= s.segStart[i - 1]!);
});

test('culling by binary search finds exactly the segments that intersect a window, and hit testing agrees', () => {
  fc.assert(
    fc.property(disjointSpans, fc.double({ min: -10, max: 3000, noNaN: true }), fc.double({ min: 0, max: 3000, noNaN: true }), (spans, left, span) => {
      const s = buildScale(spans);
      const right = left + span;
      const [first, end] = visibleRange(s, left, right);
      for (let i = 0; i < s.count; i++) {
        const visible = s.x1[i]! > left && s.x0[i]! < right;
        assert.equal(i >= first && i < end, visible, `segment ${i} of [${left}, ${right})`);
      }
      for (const x of [left, left + span / 2, right]) {
        const i = hitTest(s, x);
        const brute = [...s.x0].findIndex((x0, k) => x0 <= x && x < s.x1[k]!);
        assert.equal(i, brute, `hit at ${x}`);
      }
    }),
    { seed, numRuns },
  );
});

test('100,000 ranges lay out in well under a second, and a window is culled to a handful', () => {
  const spans: Span[] = [];
  for (let i = 0n; i < 100_000n; i++) spans.push({ start: i * 0x20000n, last: i * 0x20000n + 0xfffn + (i % 7n) * 0x1000n });
  const t = performance.now();
  const s = buildScale(spans);
  const ms = performance.now() - t;
  assert.equal(s.count, 200_000, 'no gap before the first range, at 0');
  assert.ok(ms < 1000, `layout took ${ms.toFixed(0)} ms`);
  const mid = s.x0[100_000]!;
  const [first, end] = visibleRange(s, mid, mid + 100);
  assert.ok(end - first > 0 && end - first < 20);
});

test('overlapping extents pack into disjoint lanes, containers first; beyond the cap they are counted', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 300 })), { maxLength: 60 }), (pairs) => {
      const extents: Extent[] = pairs.map(([x, w], ref) => ({ x0: x, x1: x + w, ref }));
      const { lanes, dropped } = packLanes(extents, 1000);
      assert.equal(dropped, 0);
      assert.deepEqual(lanes.flatMap((l) => [...l.ref]).sort((a, b) => a - b), extents.map((e) => e.ref));
      for (const l of lanes) for (let i = 1; i < l.count; i++) assert.ok(l.x0[i]! >= l.x1[i - 1]!, 'disjoint and sorted');
    }),
    { seed, numRuns },
  );
  const stacked: Extent[] = Array.from({ length: 10 }, (_, ref) => ({ x0: 0, x1: 100 - ref, ref }));
  const capped = packLanes(stacked, 4);
  assert.equal(capped.lanes.length, 4);
  assert.equal(capped.dropped, 6);
  assert.equal(capped.lanes[0]!.ref[0], 0, 'the longest lies underneath');
});

test('region bands: one row per depth, plus a sub-row where siblings overlap', () => {
  const region = (name: string, depth: number, start: bigint, last: bigint): RegionItem => ({
    wire: { name, type: 'i/o', start: '', end: '', size: '', priority: 0, enabled: true, visible: '0x1', range: undefined, children: [] },
    depth,
    start,
    last,
    code: 0,
  });
  const regions = [
    region('system', 0, 0n, TOP),
    region('pci', 1, 0n, TOP),
    region('ram-below-4g', 1, 0n, 0x7ffffffn),
    region('pc.bios', 2, 0xfffc0000n, 0xffffffffn),
  ];
  const s = buildScale([{ start: 0n, last: 0x7ffffffn }, { start: 0xfffc0000n, last: 0xffffffffn }]);
  const bands = buildBands(regions, s);
  assert.deepEqual(
    bands.rows.map((r) => [r.depth, [...r.lane.ref]]),
    [
      [0, [0]],
      [1, [1]],
      [1, [2]],
      [2, [3]],
    ],
  );
  assert.equal(bands.rows[3]!.lane.x0[0], s.x0[2], 'pc.bios sits exactly over its flat range');
  assert.equal(bands.rows[3]!.lane.x1[0], s.x1[2]);
});

test('zoom keeps the point under the pointer still; pan and zoom stay inside the map; saved views survive a resize', () => {
  const f: Frame = { world: 10_000, screen: 1000, maxZoom: 50 };
  const v = zoomAt(fit(f), 8, 250, f);
  assert.ok(Math.abs(v.left + 250 / v.zoom - 2500) < 1e-9, 'world 2500 stays under x = 250');
  assert.deepEqual(clamp({ left: -5, zoom: 0.001 }, f), fit(f));
  assert.equal(clamp({ left: 1e9, zoom: 1 }, f).left, 9000);
  assert.equal(clamp({ left: 0, zoom: 1e9 }, f).zoom, 50);
  const wide: Frame = { ...f, screen: 1600 };
  const back = fromSaved(toSaved(v, f), wide);
  assert.ok(Math.abs(back.zoom / fit(wide).zoom - v.zoom / fit(f).zoom) < 1e-9);
  assert.ok(Math.abs(back.left + 800 / back.zoom - (v.left + 500 / v.zoom)) < 1e-6, 'same centre');
});
