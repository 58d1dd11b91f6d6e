/**
 * What the harness page (page/harness.ts, bundled for the browser) offers the Node test on `window.__probes`.
 * Types (and the hostile names) shared by both sides: the page implements it with DOM types, the test calls it through Playwright.
 */
import type { MapDataRequest } from '../../src/protocol';
import type { MapStats } from '../../src/webview/stats';

/** One scripted input event, dispatched on the canvas in its own animation frame. */
export type Step = { readonly kind: 'wheel'; readonly x: number; readonly dx: number; readonly dy: number; readonly shift?: boolean } | { readonly kind: 'key'; readonly key: string };

/** Per-frame figures from a scripted run. */
export interface AnimationResult {
  /** Time between consecutive animation frames (ms). */
  readonly intervals: number[];
  /** The map's paint time of each frame painted during the run (ms). */
  readonly draws: number[];
}

/** The names given to the first two synthetic ranges: markup and script that must show as text and never run. */
export const HOSTILE_NAMES = ['<img src=x onerror="window.__pwned=1;alert(1)">', '</script><script>window.__pwned=1;alert(2)</script>'] as const;

/** The probes. */
export interface HarnessProbes {
  /** Builds a synthetic map of `count` flat ranges (with a region tree and RAMBlocks) and keeps it in the page. */
  makeSynthetic(count: number): { ranges: number; regions: number; blocks: number };
  /** Builds a small map shaped like a QEMU pc machine. */
  makePc(): { ranges: number; regions: number; blocks: number };
  /** Posts the kept map to the webview as the host would, noting the time. */
  postData(): void;
  /** Keeps `result` (what the server answered to qemuMemmap/mapData) as the map, for postData. */
  useResult(result: MapDataRequest.Result): void;
  /** The text of every element of the page's own UI (summary, picker options, tooltip, live region, message). */
  texts(): { summary: string; options: string[]; label: string };
  /** The map's counters, and ms from postData to the end of the first frame showing the data. */
  stats(): MapStats & { endToEndMs: number | undefined };
  /** Canvas pixels that differ from the background, and how many distinct colours were seen (sampled). */
  ink(): { painted: number; total: number; colours: number };
  /** Like ink, for the horizontal band of CSS px rows [top, bottom) only (against the background colour of the canvas's corner). */
  inkIn(top: number, bottom: number): { painted: number; total: number };
  /** Parses an exported SVG in the page (DOMParser): well-formed or not, its texts, and how many paths it has. */
  parseSvg(svg: string): { ok: boolean; error: string; texts: string[]; paths: number };
  /** Runs the steps one per animation frame, then waits for the last frame. */
  animate(steps: readonly Step[]): Promise<AnimationResult>;
  /** Resolves at the next animation frame (after the map's pending frame, if any, was painted). */
  nextFrame(): Promise<number>;
  tooltip(): { visible: boolean; text: string };
  live(): string;
  /** Messages the webview posted to the (fake) host, and the state it saved. */
  posted(): unknown[];
  state(): unknown;
  /** Elements a successful injection would have left behind, and whether any injected script ran. */
  dom(): { images: number; scripts: number; pwned: boolean };
  /** Tries an inline script and an inline event handler: CSP must refuse both. */
  cspProbe(): Promise<{ violations: string[]; pwned: boolean }>;
}
