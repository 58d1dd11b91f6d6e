/**
 * The map webview as shipped (the minified bundle) in headless chromium with 100,000 flat ranges: first
 * paint (data message → first frame painted) and the p95 paint time per frame under scripted zoom and pan.
 */
import { MapPage, browserMissing, percentile, zoomAndPan } from '../test/webview/map-page';
import { printTable } from './timing';

const RANGES = 100_000;

/** Runs the map benchmark on the webview bundle at `webview`; returns its results.json figures (none without a browser). */
export async function webviewBench(webview: string): Promise<Record<string, number>> {
  const missing = browserMissing();
  if (missing) {
    console.log(`map webview benchmark skipped: ${missing}\n`);
    return {};
  }
  const map = await MapPage.open(webview);
  try {
    await map.probe('makeSynthetic', RANGES);
    await map.probe('postData');
    await map.page.waitForFunction(() => (globalThis as unknown as { __mapStats: { firstPaintMs?: number } }).__mapStats.firstPaintMs !== undefined);
    const first = await map.probe('stats');
    const run = await map.probe('animate', zoomAndPan(first.width));
    const f = (v: number | undefined): string => (v === undefined ? '?' : v.toFixed(1));
    printTable(`map webview, ${RANGES} ranges, headless chromium (software rendering)`, [
      ['first paint ms', 'parse', 'layout', 'paint', 'end to end ms', 'frames', 'paint ms: p50', 'p95', 'max', 'frame interval ms: p50', 'p95'],
      [f(first.firstPaintMs), f(first.parseMs), f(first.layoutMs), f(first.lastDrawMs), f(first.endToEndMs), String(run.draws.length), f(percentile(run.draws, 50)), f(percentile(run.draws, 95)), f(Math.max(...run.draws)),
        f(percentile(run.intervals, 50)), f(percentile(run.intervals, 95))],
    ]);
    console.log('');
    if (first.firstPaintMs === undefined || run.draws.length === 0) throw new Error('the map painted nothing');
    return { webview_first_paint_ms_100k: first.firstPaintMs, webview_frame_ms_100k: percentile(run.draws, 95) };
  } finally {
    await map.close();
  }
}
