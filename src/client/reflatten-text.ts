import type { ReflattenRequest } from '../protocol';

/** The reflattened views as the read-only document shows them, with the lines to highlight (0-based). */
export interface ReflattenDocument {
  readonly text: string;
  /** Lines only the engine printed: ranges in the views below and their `+` entries in the header. */
  readonly added: number[];
  /** The header's `-` entries: lines only the capture printed. */
  readonly removed: number[];
}

/** Header entries listed before "… and N more". */
const MAX_LISTED = 40;

/** The header: whether the recomputed views match the captured ones, and if not, every differing line. */
function header(source: string, r: ReflattenRequest.Result): { lines: string[]; added: number[]; removed: number[] } {
  if (!r.compared) return { lines: [`# Recomputed from ${source}, which holds no captured flat view (info mtree -f) to compare with.`], added: [], removed: [] };
  if (r.differences.length === 0) return { lines: [`# Recomputed from ${source}: identical to the captured flat view.`], added: [], removed: [] };
  const count = r.differences.reduce((n, d) => n + d.onlyComputed.length + d.onlyCaptured.length, 0);
  const lines = [
    `# Recomputed from ${source}: ${count} line${count === 1 ? '' : 's'} differ${count === 1 ? 's' : ''} from the captured flat view`,
    '#   (+ only in the recomputed views, highlighted below; - only in the captured views)',
  ];
  const added: number[] = [];
  const removed: number[] = [];
  let listed = 0;
  for (const d of r.differences) {
    lines.push(`#   AS ${d.spaces}:`);
    for (const [sign, list, marks] of [['+', d.onlyComputed, added], ['-', d.onlyCaptured, removed]] as const) {
      for (const l of list) {
        if (listed++ >= MAX_LISTED) continue;
        marks.push(lines.length);
        lines.push(`#     ${sign} ${l.trim()}`);
      }
    }
  }
  if (listed > MAX_LISTED) lines.push(`#   … and ${listed - MAX_LISTED} more`);
  return { lines, added, removed };
}

/** The lines of the `info mtree -f` text that only the engine printed, per view block (matched as multisets, like the server's diff). */
function differingLines(text: string[], differences: ReflattenRequest.Result['differences']): number[] {
  const pending = new Map<string, Map<string, number>>();
  for (const d of differences) {
    const counts = pending.get(d.spaces) ?? new Map<string, number>();
    for (const l of d.onlyComputed) counts.set(l.trim(), (counts.get(l.trim()) ?? 0) + 1);
    pending.set(d.spaces, counts);
  }
  const out: number[] = [];
  let start = 0;
  while (start < text.length) {
    let end = start;
    while (end < text.length && text[end] !== '') end++;
    const block = text.slice(start, end);
    // The block's key is its sorted address-space names, as the diff keys views.
    const names = block.flatMap((l) => /^ AS "(.*)", root: /.exec(l)?.[1] ?? []).sort();
    const counts = pending.get(names.join(', '));
    if (counts) {
      block.forEach((l, i) => {
        const n = counts.get(l.trim()) ?? 0;
        if (n > 0) {
          counts.set(l.trim(), n - 1);
          out.push(start + i);
        }
      });
    }
    start = end + 1;
  }
  return out;
}

/** The ranges that rest on an assumption, listed under the header with what was assumed (at most MAX_LISTED). */
function assumptionLines(r: ReflattenRequest.Result): string[] {
  const list = r.assumptions;
  if (list.length === 0) return [];
  const lines = [`# ${list.length} range${list.length === 1 ? ' rests' : 's rest'} on a fact neither the capture nor QEMU's source settles (? below):`];
  for (const a of list.slice(0, MAX_LISTED)) lines.push(`#   ? AS ${a.spaces}: ${a.line}`, ...a.notes.map((n) => `#       ${n}`));
  if (list.length > MAX_LISTED) lines.push(`#   … and ${list.length - MAX_LISTED} more`);
  return lines;
}

/** Builds the read-only document for a reflatten answer about the document called `source`. */
export function reflattenDocument(source: string, r: ReflattenRequest.Result): ReflattenDocument {
  const found = header(source, r);
  const h = { ...found, lines: [...found.lines, ...assumptionLines(r)] };
  const body = r.text.split('\n');
  const offset = h.lines.length + 1;
  return {
    text: [...h.lines, '', ...body].join('\n'),
    added: [...h.added, ...differingLines(body, r.differences).map((l) => l + offset)],
    removed: h.removed,
  };
}
