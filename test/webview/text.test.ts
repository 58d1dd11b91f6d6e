import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { DrawnExtent, LabelText } from '../../src/webview/labels';
import { fitText, layoutLabels } from '../../src/webview/labels';
import { buildScale } from '../../src/webview/placement';
import { exportFileName, isViewMessage } from '../../src/webview/messages';
import { escapeXml, SvgPainter } from '../../src/webview/svg';
import { computeTicks, stepAtLeast } from '../../src/webview/ticks';

const seed = Number(process.env.QMM_SEED ?? Date.now() % 2147483647);
const numRuns = Number(process.env.QMM_PROP_RUNS ?? 300);
console.log(`webview-text: QMM_SEED=${seed} QMM_PROP_RUNS=${numRuns}`);

/** 6 px a character: a monospace stand-in for the canvas's measureText. */
const measure = (t: string): number => 6 * [...t].length;

const names = ['dma-chan', 'dma-cont', 'pic', 'pit', 'i8042-data', 'pc.ram', 'a-very-long-region-name-indeed', 'h'];
function text(noun = 'ports'): LabelText {
  return { name: (i) => names[i % names.length]!, key: (i) => names[i % names.length]!.split('-')[0], noun, measure, gap: () => '4 KiB unmapped' };
}

/** Extents in left-to-right order: widths 0.5 … 200 px, some merged columns, some gaps. */
const extents = fc.array(fc.tuple(fc.double({ min: 0.5, max: 200, noNaN: true }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 50 })), { maxLength: 120 }).map((parts) => {
  const out: DrawnExtent[] = [];
  let x = -30;
  parts.forEach(([w, kind, item], seg) => {
    const count = kind === 9 ? 2 + item : 1;
    out.push({ x0: x, x1: x + w, item: kind === 0 ? -1 : item, count, seg });
    x += w;
  });
  return out;
});

test('labels never overlap, stay inside what they label, and never shrink to a bare letter and "…"', () => {
  fc.assert(
    fc.property(extents, fc.integer({ min: 200, max: 1600 }), (ex, width) => {
      const placed = layoutLabels(ex, width, text());
      for (let i = 0; i < placed.length; i++) {
        const l = placed[i]!;
        assert.ok(l.x0 >= 0 && l.x1 <= width + 1e-9, `inside the canvas: ${JSON.stringify(l)}`);
        if (i > 0) assert.ok(l.x0 >= placed[i - 1]!.x1 - 1e-9, `no overlap: ${JSON.stringify([placed[i - 1], l])}`);
        assert.ok(!/^.{0,2}…$/u.test(l.text), `no bare "${l.text}"`);
        assert.ok(measure(l.text) <= l.x1 - l.x0, 'the text fits its box');
      }
    }),
    { seed, numRuns },
  );
});

test('clusters: narrow ports are counted or named together, and open into single names when wide', () => {
  const narrow: DrawnExtent[] = [0, 1, 0, 1].map((item, k) => ({ x0: k * 12, x1: k * 12 + 12, item, count: 1, seg: k }));
  const [cluster] = layoutLabels(narrow, 800, text());
  assert.equal(cluster?.text, 'dma ×4', 'dma-chan and dma-cont are one device');
  const mixed: DrawnExtent[] = [0, 4, 5].map((item, k) => ({ x0: k * 20, x1: k * 20 + 20, item, count: 1, seg: k }));
  assert.equal(layoutLabels(mixed, 800, text())[0]?.text, 'dma +2', 'the first device and how many more');
  const three: DrawnExtent[] = [0, 4, 5].map((item, k) => ({ x0: k * 28, x1: k * 28 + 28, item, count: 1, seg: k }));
  const named = layoutLabels([...three, { x0: 84, x1: 107, item: -1, count: 1, seg: 3 }], 800, text())[0]?.text;
  assert.equal(named, 'dma·i8042·pc.ram', 'a narrow gap inside a cluster widens it: all three device names fit');
  const column: DrawnExtent[] = [{ x0: 0, x1: 1, item: 0, count: 500, seg: 0 }, ...[1, 2, 3, 4, 5].map((k) => ({ x0: 1 + (k - 1) * 20, x1: 1 + k * 20, item: 6, count: 1, seg: k }))];
  assert.equal(layoutLabels(column, 800, text('ranges'))[0]?.text, '505 ranges', 'a merged column says how many it holds');
  const wide: DrawnExtent[] = [0, 2, 3].map((item, k) => ({ x0: k * 80, x1: k * 80 + 80, item, count: 1, seg: k }));
  assert.deepEqual(layoutLabels(wide, 800, text()).map((l) => l.text), ['dma-chan', 'pic', 'pit']);
  assert.equal(fitText('a-very-long-region-name-indeed', 60, measure), 'a-very-lo…');
  assert.equal(fitText('abcdef', 20, measure), undefined, 'not even three letters fit: nothing');
});

test('axis ticks at every zoom: hex labels inside the window, never overlapping, even deep inside one range', () => {
  const GiB = 1n << 30n;
  const scale = buildScale([
    { start: 0n, last: 0x9ffffn },
    { start: 0x100000n, last: 2n * GiB - 1n },
    { start: 4n * GiB, last: 6n * GiB - 1n },
    { start: (1n << 64n) - 0x1000n, last: (1n << 64n) - 1n },
  ]);
  const width = 1000;
  const fitZoom = width / scale.width;
  for (let zoom = fitZoom; zoom < fitZoom * 2 ** 40; zoom *= 4) {
    // Centre the window on the 2 GiB range at 4 GiB.
    const centre = (scale.x0[5]! + scale.x1[5]!) / 2;
    const left = Math.max(0, Math.min(scale.width - width / zoom, centre - width / (2 * zoom)));
    const { ticks, step } = computeTicks(scale, { left, zoom, width }, measure);
    if (zoom > fitZoom * 1e3) assert.ok(step !== undefined && step > 0n && (step & (step - 1n)) === 0n, `inner ticks a power of two apart when zoomed in: ${step}`);
    assert.ok(ticks.length >= 2, `zoom ×${(zoom / fitZoom).toExponential(1)}: ${ticks.length} ticks`);
    for (let i = 0; i < ticks.length; i++) {
      const t = ticks[i]!;
      assert.match(t.label, /^0x[0-9a-f]+$/);
      assert.equal(t.label, '0x' + t.addr.toString(16));
      assert.ok(t.x >= 0 && t.x + 3 + measure(t.label) <= width);
      if (i > 0) assert.ok(t.x >= ticks[i - 1]!.x + 3 + measure(ticks[i - 1]!.label), 'labels do not overlap');
    }
  }
  assert.equal(stepAtLeast(1000n), 1024n);
  assert.equal(stepAtLeast(1n), 1n);
});

test('SVG export: text and attributes escaped, a well-formed document with the painted shapes', () => {
  assert.equal(escapeXml(`<img src=x onerror="a">&'`), '&lt;img src=x onerror=&quot;a&quot;&gt;&amp;&apos;');
  assert.equal(escapeXml('a\u0001b'), 'ab', 'control characters are not allowed in XML');
  const svg = new SvgPainter(100, 50, (t) => t.length * 6, '#666');
  svg.fillStyle = '#112233';
  svg.fillRect(0, 0, 10, 10);
  svg.font = '11px "x"></style><script>';
  svg.fillText('</text><script>alert(1)</script>', 1, 2);
  svg.fillStyle = {}; // a canvas pattern
  svg.beginPath();
  svg.moveTo(0, 0);
  svg.bezierCurveTo(1, 1, 2, 2, 3, 3);
  svg.closePath();
  svg.fill();
  const doc = svg.toString();
  assert.ok(doc.startsWith('<?xml') && doc.includes('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"'));
  assert.ok(!doc.includes('<script'), doc);
  assert.ok(doc.includes('&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(doc.includes('<path d="M0 0C1 1 2 2 3 3Z" fill="#666"/>'), 'a pattern fill becomes the plain gap colour');
});

test('export messages: the guard and the file name', () => {
  assert.ok(isViewMessage({ type: 'export', format: 'svg', data: '<svg/>', name: 'memory-map-memory.svg' }));
  assert.ok(isViewMessage({ type: 'export', format: 'png', data: 'iVBOR', name: 'memory-map-I-O.png' }));
  assert.ok(!isViewMessage({ type: 'export', format: 'gif', data: 'x', name: 'a.gif' }));
  assert.ok(!isViewMessage({ type: 'export', format: 'svg', data: '', name: 'a.svg' }));
  assert.ok(!isViewMessage({ type: 'export', format: 'svg', data: 'x', name: '../../etc/passwd.svg' }));
  assert.ok(!isViewMessage({ type: 'export', format: 'svg', data: 'x', name: 'a.png' }));
  assert.equal(exportFileName('I/O', 'png'), 'memory-map-I-O.png');
  assert.equal(exportFileName('<img src=x>', 'svg'), 'memory-map-img-src-x.svg');
  assert.equal(exportFileName(undefined, 'svg'), 'memory-map-map.svg');
});
