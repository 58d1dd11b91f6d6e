import type { Dispatch, DispatchEntry, DispatchPtr, DispatchSectionLine, FlatRangeLine, FlatViewBlock, FlatViewSection, FlatViewSpace } from '../model/capture';
import { lineSpan } from '../model/span';
import type { LineReader } from './lines';
import { isBlank } from './lines';
import { PrintedRange } from './printed-line';
import { ObjectSuffixReader, hexValue, parseRangeHead } from './range-head';

const VIEW_HEADER = /^FlatView #(\d{1,9})$/;
/** Accelerator names QEMU may print after a flat range (accel->has_memory()). */
const ACCELS: ReadonlySet<string> = new Set(['kvm', 'hvf', 'whpx', 'nvmm', 'xen', 'hax', 'mshv']);
const DISPATCH_FLAGS: ReadonlySet<string> = new Set(['unassigned', 'not dirty', 'ROM', 'watch', 'iommu', 'ROOT', 'MRU']);

/** What the lines of a section have shown so far: owner suffixes (and the last read); END of the range line read last. */
interface Seen {
  owners: boolean;
  last: bigint;
  readonly suffixes: ObjectSuffixReader;
}

/** True for the first line of an `info mtree -f` section. */
export function startsFlatView(line: string): boolean {
  return VIEW_HEADER.test(line.trimEnd());
}

/** Parses ` AS "NAME", root: ROOT[, alias TARGET]`. */
function parseSpaceLine(r: LineReader, i: number): FlatViewSpace | undefined {
  const line = r.at(i);
  const prefix = ' AS "';
  const close = line.lastIndexOf('", root: ');
  if (!line.startsWith(prefix) || close < prefix.length) {
    r.report('MF002', r.lineSpan(i), { reason: 'expected \' AS "NAME", root: ROOT\'' });
    return undefined;
  }
  const name = line.slice(prefix.length, close);
  const rootCol = close + '", root: '.length;
  let root = line.slice(rootCol);
  let aliasOf: string | undefined;
  const aliasAt = root.lastIndexOf(', alias ');
  if (aliasAt >= 0) {
    aliasOf = root.slice(aliasAt + ', alias '.length);
    root = root.slice(0, aliasAt);
  }
  return {
    name,
    root,
    ...(aliasOf !== undefined ? { aliasOf } : {}),
    span: r.lineSpan(i),
    nameSpan: lineSpan(i, prefix.length, close),
    rootSpan: lineSpan(i, rootCol, rootCol + root.length),
  };
}

/** The accelerator markers of a line without any (most lines: TCG prints none), shared. */
const NO_ACCEL = Object.freeze([]) as readonly string[] as string[];

/** Parses a `  START-END (prio P, TYPE): NAME[ @OFF][ owner…][ accel…]` line. */
function parseRangeLine(r: LineReader, i: number, seen: Seen): FlatRangeLine | undefined {
  const line = r.at(i);
  let col = 0;
  while (line[col] === ' ') col++;
  const head = parseRangeHead(line, col);
  if ('code' in head) {
    r.report(head.code === 'MT001' ? 'MF001' : head.code, lineSpan(i, head.col, head.endCol), head.code === 'MT001' ? { reason: 'expected "START-END (prio P, TYPE): NAME[ @OFFSET]"' } : head.args);
    return undefined;
  }
  const bodyCol = head.bodyCol;
  let end = line.length;
  let accel = NO_ACCEL;
  for (let sp = line.lastIndexOf(' ', end - 1); sp >= bodyCol + 1 && isAccel(line, sp + 1, end); sp = line.lastIndexOf(' ', end - 1)) {
    if (accel === NO_ACCEL) accel = [];
    accel.unshift(line.slice(sp + 1, end));
    end = sp;
  }
  const suffix = seen.suffixes.read(end === line.length ? line : line.slice(0, end), bodyCol);
  if (suffix.owner || suffix.parentObject || suffix.orphan) seen.owners = true;
  end = suffix.bodyEnd;
  let offset = 0n;
  const at = end >= 2 ? line.lastIndexOf(' @', end - 2) : -1;
  if (at >= bodyCol) {
    const digitsCol = at + 2;
    const v = end > digitsCol && end - digitsCol <= 32 && isLowerHexRun(line, digitsCol, end) ? hexValue(line.slice(digitsCol, end)) : undefined;
    if (v === 'big') {
      r.report('MT012', lineSpan(i, digitsCol, end), { text: line.slice(digitsCol, end) });
      return undefined;
    }
    if (v !== undefined) {
      offset = v;
      end = at;
    }
  }
  const name = line.slice(bodyCol, end);
  seen.last = head.last;
  return new PrintedRange(head, suffix, { line: i, lineEnd: line.length, name, nameCol: bodyCol }, offset, accel);
}

/** True when the line starts like a range line: one to four spaces, then a lowercase hex digit. */
function startsRangeLine(line: string): boolean {
  let col = 0;
  while (col < 4 && line.charCodeAt(col) === 32) col++;
  const c = line.charCodeAt(col);
  return col > 0 && ((c >= 48 && c <= 57) || (c >= 97 && c <= 102));
}

/** True when text[from, to) is one of the accelerator names. */
function isAccel(text: string, from: number, to: number): boolean {
  const n = to - from;
  return n >= 3 && n <= 4 && ACCELS.has(text.slice(from, to));
}

/** True when text[from, to) is all lowercase hex digits. */
function isLowerHexRun(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

function parsePtr(text: string): DispatchPtr | undefined {
  if (text === 'NIL') return { kind: 'nil' };
  let m = /^#(\d{1,9})$/.exec(text);
  if (m) return { kind: 'section', index: Number(m[1]) };
  m = /^\[(\d{1,9})\]$/.exec(text);
  if (m) return { kind: 'node', index: Number(m[1]) };
  return undefined;
}

/** A dispatch section's name and its trailing `[flag]`s (a section may print flags only). */
function sectionFlags(text: string): { rest: string; flags: string[] } {
  let rest = text;
  const flags: string[] = [];
  for (;;) {
    const open = rest.lastIndexOf(' [');
    if (!rest.endsWith(']') || open < 0 || !DISPATCH_FLAGS.has(rest.slice(open + 2, -1))) break;
    flags.unshift(rest.slice(open + 2, -1));
    rest = rest.slice(0, open);
  }
  if (rest.endsWith(']') && rest.startsWith('[') && DISPATCH_FLAGS.has(rest.slice(1, -1))) {
    flags.unshift(rest.slice(1, -1));
    rest = '';
  }
  return { rest, flags };
}

/** Reads the `  Dispatch` block that `-f -d` prints after a view's ranges. */
function parseDispatch(r: LineReader): Dispatch {
  const from = r.pos;
  let last = r.pos;
  r.pos++;
  const sections: DispatchSectionLine[] = [];
  const nodes: Dispatch['nodes'] = [];
  let bitsPerLevel: number | undefined;
  let levels: number | undefined;
  let rootPtr: number | undefined;
  let rootSkip: number | undefined;
  let node: { index: number; entries: DispatchEntry[]; from: number } | undefined;
  const closeNode = (): void => {
    if (node) nodes.push({ index: node.index, entries: node.entries, span: r.blockSpan(node.from, last) });
    node = undefined;
  };
  for (; !r.done; r.pos++) {
    const i = r.pos;
    const line = r.line;
    const t = line.trim();
    if (isBlank(line) || startsFlatView(line)) break;
    if (t === 'Physical sections') {
      last = i;
      continue;
    }
    let m = /^#(\d{1,9}) @([0-9a-f]{1,32})\.\.([0-9a-f]{1,32}) (.*)$/.exec(t);
    if (m) {
      const { rest, flags } = sectionFlags(m[4] as string);
      const start = hexValue(m[2] as string);
      const end = hexValue(m[3] as string);
      if (typeof start !== 'bigint' || typeof end !== 'bigint') {
        r.report('MF006', r.lineSpan(i), { reason: 'section address does not fit in 64 bits' });
      } else {
        sections.push({ index: Number(m[1]), start, end, name: rest === '(noname)' ? undefined : rest, flags, span: r.lineSpan(i) });
      }
      last = i;
      continue;
    }
    m = /^Nodes \((\d{1,4}) bits per level, (\d{1,4}) levels\) ptr=\[(\d{1,9})\] skip=(\d{1,9})$/.exec(t);
    if (m) {
      bitsPerLevel = Number(m[1]);
      levels = Number(m[2]);
      rootPtr = Number(m[3]);
      rootSkip = Number(m[4]);
      last = i;
      continue;
    }
    m = /^\[(\d{1,9})\]$/.exec(t);
    if (m) {
      closeNode();
      node = { index: Number(m[1]), entries: [], from: i };
      last = i;
      continue;
    }
    m = /^(\d{1,9})(?:\.\.(\d{1,9}))?\s+skip=(\d{1,9})\s+ptr=(\S+)$/.exec(t);
    if (m) {
      const ptr = parsePtr(m[4] as string);
      if (!ptr || !node) {
        r.report('MF006', r.lineSpan(i), { reason: !node ? 'node entry before any [N] node line' : `unreadable ptr "${m[4] as string}"` });
      } else {
        node.entries.push({ from: Number(m[1]), to: Number(m[2] ?? m[1]), skip: Number(m[3]), ptr, span: r.lineSpan(i) });
      }
      last = i;
      continue;
    }
    if (/^\s/.test(line)) {
      r.report('MF006', r.lineSpan(i), { reason: 'expected a section (#N @START..END NAME), Nodes, [N] or node entry line' });
      last = i;
      continue;
    }
    break;
  }
  closeNode();
  return { sections, bitsPerLevel, levels, rootPtr, rootSkip, nodes, span: r.blockSpan(from, last) };
}

/** Reads one `FlatView #N` block (the reader is on its header). */
function parseView(r: LineReader, seen: Seen): FlatViewBlock {
  const from = r.pos;
  const number = Number((VIEW_HEADER.exec(r.line.trimEnd()) as RegExpExecArray)[1]);
  let last = r.pos;
  r.pos++;
  const spaces: FlatViewSpace[] = [];
  let rootName: string | undefined;
  let rootSpan: FlatViewBlock['rootSpan'];
  let sawRoot = false;
  let unrendered = false;
  const ranges: FlatRangeLine[] = [];
  // END of the last range read, for MF003 (saves two bigint sums per line).
  let prevLast = -1n;
  let dispatch: Dispatch | undefined;
  while (!r.done) {
    const i = r.pos;
    const line = r.line;
    // Range lines first: nearly every line is one, and no other kind of line starts like them.
    if (startsRangeLine(line)) {
      const range = parseRangeLine(r, i, seen);
      if (range) {
        const prev = ranges[ranges.length - 1];
        if (prev && range.start <= prevLast) {
          r.report('MF003', range.rangeSpan, { prev: r.at(prev.span.line).trim() });
        }
        prevLast = seen.last;
        ranges.push(range);
      }
    } else if (isBlank(line) || startsFlatView(line)) break;
    else if (line.startsWith(' AS ')) {
      const s = parseSpaceLine(r, i);
      if (s) spaces.push(s);
    } else if (line.startsWith(' Root memory region: ')) {
      sawRoot = true;
      const col = ' Root memory region: '.length;
      const name = line.slice(col);
      if (name !== '(none)') {
        rootName = name;
      }
      rootSpan = lineSpan(i, col, line.length);
    } else if (line.trim() === 'No rendered FlatView') {
      unrendered = true;
    } else if (line.trim() === 'Dispatch') {
      dispatch = parseDispatch(r);
      last = r.pos - 1;
      continue;
    } else {
      break;
    }
    last = i;
    r.pos++;
  }
  const header = r.lineSpan(from);
  if (spaces.length === 0) r.report('MF004', header);
  if (!sawRoot) r.report('MF005', header);
  if (sawRoot && rootName === undefined && ranges.length > 0) r.report('MF007', rootSpan ?? header);
  return {
    number,
    spaces,
    rootName,
    rootSpan,
    unrendered,
    ranges,
    ...(dispatch ? { dispatch } : {}),
    span: r.blockSpan(from, last),
  };
}

/** Reads consecutive FlatView blocks (blank lines between them) of an `info mtree -f` section. */
export function parseFlatViews(r: LineReader, hint: { owners: boolean }): FlatViewSection {
  const from = r.pos;
  const seen: Seen = { owners: hint.owners, last: 0n, suffixes: new ObjectSuffixReader() };
  const views: FlatViewBlock[] = [];
  let last = from;
  while (!r.done && startsFlatView(r.line)) {
    views.push(parseView(r, seen));
    last = r.pos - 1;
    let j = r.pos;
    while (j < r.lines.length && isBlank(r.at(j))) j++;
    if (j < r.lines.length && startsFlatView(r.at(j))) r.pos = j;
    else break;
  }
  return { kind: 'flatview', owners: seen.owners, views, span: r.blockSpan(from, Math.max(from, last)) };
}
