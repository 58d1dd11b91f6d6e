import type {
  GdbAddressSpace,
  GdbAddressSpacesSection,
  GdbFlatRange,
  GdbFlatViewSection,
  GdbMemoryRegionSection,
  GdbRegionNode,
} from '../model/capture';
import { hex0x, SIZE_2_64, U64_MAX } from '../model/address';
import type { Span } from '../model/span';
import { lineSpan } from '../model/span';
import type { LineReader } from './lines';
import { hexValue } from './range-head';

type Script = 'dump_address_spaces' | 'dump_memory_region' | 'dump_flatview';
const SCRIPTS: ReadonlySet<string> = new Set<Script>(['dump_address_spaces', 'dump_memory_region', 'dump_flatview']);
const GDB_PROMPT = '(gdb)';
const MR_HEADER = 'Dump MemoryRegion:';
const OFFSET_LABEL = ', offset_in_region ';
// Bounded runs only, tried (sticky) at the `[`: linear, and no copy of the line. What follows the `]`
// tells the two shapes apart (":" for dump_memory_region, ", offset_in_region" for dump_flatview).
const RANGE = /\[[0-9a-fA-F]{1,40}-[0-9a-fA-F]{1,40}\](?::|, offset_in_region)/y;
/** Stands for any value too long to be worth converting exactly. */
const HUGE = 1n << 128n;
const SPACE_END = SIZE_2_64;
const SIZE_2_32 = 1n << 32n;

/** One of the three gdb sections, whichever the text holds. */
export type GdbSection = GdbAddressSpacesSection | GdbMemoryRegionSection | GdbFlatViewSection;

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function allHex(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isHexDigit(s.charCodeAt(i))) return false;
  return true;
}

/** Keeps arguments of messages short when a field is absurdly long. */
function clip(text: string): string {
  return text.length > 48 ? text.slice(0, 45) + '…' : text;
}

/** The exact value of validated hex digits (HUGE when there are more than 32 significant ones). */
function exactHex(digits: string): bigint {
  // Up to 16 digits: hexValue reads them exactly (never 'big' for so few).
  if (digits.length <= 16) return (hexValue(digits) as bigint | undefined) ?? 0n;
  let i = 0;
  while (digits[i] === '0') i++;
  const sig = digits.length - i;
  if (sig > 32) return HUGE;
  if (sig === 0) return 0n;
  // Up to 16 significant digits: hexValue reads them exactly (never 'big' for so few).
  if (sig <= 16) return hexValue(digits.slice(i)) as bigint;
  return BigInt('0x' + digits.slice(i));
}

function readPrompt(line: string): { script: Script; command: string; argText: string; argCol: number } | undefined {
  if (!line.startsWith(GDB_PROMPT)) return undefined;
  let c = GDB_PROMPT.length;
  while (isSpace(line[c])) c++;
  const cmdCol = c;
  while (c < line.length && !isSpace(line[c])) c++;
  const word = line.slice(cmdCol, c);
  if (!SCRIPTS.has(word)) return undefined;
  while (isSpace(line[c])) c++;
  return { script: word as Script, command: line.slice(cmdCol).trimEnd(), argText: line.slice(c).trim(), argCol: c };
}

/** Column of the value after `LABEL :` (white space around the colon tolerated), or undefined. */
function labelValue(line: string, label: string): number | undefined {
  let c = 0;
  while (isSpace(line[c])) c++;
  if (!line.startsWith(label, c)) return undefined;
  c += label.length;
  while (isSpace(line[c])) c++;
  if (line[c] !== ':') return undefined;
  c++;
  while (isSpace(line[c])) c++;
  return c;
}

/** Where a `[…` line's bracket is and which script's shape it has. */
function bracketLine(line: string): { indent: number; shape: 'mr' | 'fv' | 'other' } | undefined {
  let c = 0;
  while (isSpace(line[c])) c++;
  if (line[c] !== '[') return undefined;
  RANGE.lastIndex = c;
  if (!RANGE.test(line)) return { indent: c, shape: 'other' };
  return { indent: c, shape: line.charCodeAt(RANGE.lastIndex - 1) === 58 ? 'mr' : 'fv' };
}

type Content = 'as' | 'mr' | 'fv';

function contentKind(line: string): Content | undefined {
  if (labelValue(line, 'AddressSpace') !== undefined) return 'as';
  if (line.trimStart().startsWith(MR_HEADER)) return 'mr';
  const b = bracketLine(line);
  return b?.shape === 'fv' ? 'fv' : undefined;
}

/** True for a `(gdb) dump_address_spaces|dump_memory_region|dump_flatview` prompt or the first line of their output. */
export function startsGdb(line: string): boolean {
  return readPrompt(line) !== undefined || contentKind(line) !== undefined;
}

const SCRIPT_OF: Record<Content, Script> = { as: 'dump_address_spaces', mr: 'dump_memory_region', fv: 'dump_flatview' };

/**
 * Reads the output of one of the gdb scripts `dump_address_spaces`, `dump_memory_region` or
 * `dump_flatview`, with the `(gdb)` prompt line before it when present; stops before the first
 * line that is not part of that output.
 */
export function parseGdb(r: LineReader): GdbSection {
  const first = r.pos;
  const prompt = readPrompt(r.line);
  let pointer: bigint | undefined;
  let pointerSpan: Span | undefined;
  if (prompt) {
    r.prompts.push({ tool: 'gdb', command: prompt.command, span: r.lineSpan(first) });
    const arg = /^0[xX][0-9a-fA-F]+$/.test(prompt.argText) ? hexValue(prompt.argText.slice(2)) : /^[0-9]{1,20}$/.test(prompt.argText) ? BigInt(prompt.argText) : undefined;
    pointer = typeof arg === 'bigint' && arg <= U64_MAX ? arg : undefined;
    if (pointer !== undefined) pointerSpan = lineSpan(first, prompt.argCol, prompt.argCol + prompt.argText.length);
    r.pos++;
  }
  let kind = r.done ? undefined : contentKind(r.line);
  // The header line is sometimes cut from a paste; the prompt still says what the ranges are.
  if (!kind && prompt?.script === 'dump_memory_region' && bracketLine(r.line)?.shape === 'mr') kind = 'mr';
  if (prompt && kind && SCRIPT_OF[kind] !== prompt.script) {
    r.report('GDB001', r.lineSpan(first), { command: prompt.script, reason: `the output that follows is ${SCRIPT_OF[kind]}'s` });
    pointer = undefined;
    pointerSpan = undefined;
  }
  const at = pointerSpan ? { pointerSpan } : {};
  if (!kind) {
    const script = prompt?.script ?? 'dump_address_spaces';
    if (!prompt) r.pos++;
    // An empty FlatView prints no line at all: that is an answer, not a malformed one.
    else if (script !== 'dump_flatview') r.report('GDB001', r.lineSpan(first), { command: script, reason: 'no output follows the command' });
    const span = r.lineSpan(first);
    if (script === 'dump_memory_region') return { kind: 'gdb-memory-region', title: '', pointer, ...at, root: undefined, span };
    if (script === 'dump_flatview') return { kind: 'gdb-flatview', pointer, ...at, ranges: [], span };
    return { kind: 'gdb-address-spaces', spaces: [], span };
  }
  if (kind === 'as') return parseAddressSpaces(r, first);
  if (kind === 'mr') return { ...parseMemoryRegion(r, first, pointer), ...at };
  return { ...parseFlatView(r, first, pointer), ...at };
}

/** A `0x…` value filling the rest of the line, or GDB001 about it. */
function pointerValue(r: LineReader, lineNo: number, col: number, what: string): { value: bigint; span: Span } | undefined {
  const text = r.at(lineNo).trimEnd();
  const digits = text.slice(col + 2);
  const v = text.startsWith('0x', col) && allHex(digits) ? hexValue(digits) : undefined;
  if (typeof v === 'bigint') return { value: v, span: lineSpan(lineNo, col, text.length) };
  const reason = v === 'big' ? `${what} does not fit in 64 bits` : `${what} "${clip(text.slice(col))}" is not 0x-prefixed hex`;
  r.report('GDB001', lineSpan(lineNo, col, Math.max(col + 1, text.length)), { command: 'dump_address_spaces', reason });
  return undefined;
}

function parseAddressSpaces(r: LineReader, first: number): GdbAddressSpacesSection {
  const spaces: GdbAddressSpace[] = [];
  let last = first;
  type Ptr = { value: bigint; span: Span } | undefined;
  let cur: { name: string; nameSpan: Span; pointer: bigint | undefined; line: number; last: number; root?: Ptr; rootSeen: boolean; fv?: Ptr; fvSeen: boolean } | undefined;
  const missing = (what: string): void => {
    if (cur) r.report('GDB001', r.lineSpan(cur.line), { command: 'dump_address_spaces', reason: `missing the "${what}" line` });
  };
  const close = (): void => {
    if (!cur) return;
    if (!cur.rootSeen) missing('Root MR');
    if (!cur.fvSeen) missing('FlatView');
    spaces.push({
      name: cur.name, pointer: cur.pointer, rootPointer: cur.root?.value, flatViewPointer: cur.fv?.value,
      ...(cur.root ? { rootSpan: cur.root.span } : {}), ...(cur.fv ? { flatViewSpan: cur.fv.span } : {}),
      span: r.blockSpan(cur.line, cur.last), nameSpan: cur.nameSpan,
    });
    cur = undefined;
  };
  while (!r.done) {
    const i = r.pos;
    const line = r.line;
    const asCol = labelValue(line, 'AddressSpace');
    const rootCol = asCol === undefined ? labelValue(line, 'Root MR') : undefined;
    const fvCol = asCol === undefined && rootCol === undefined ? labelValue(line, 'FlatView') : undefined;
    if (asCol !== undefined) {
      close();
      const text = line.trimEnd();
      // Names may hold spaces and parentheses; the pointer is the last "(0x…)".
      const open = text.lastIndexOf('(0x');
      const digits = open >= asCol ? text.slice(open + 3, text.length - 1) : '';
      const ok = text.endsWith(')') && allHex(digits);
      const v = ok ? hexValue(digits) : undefined;
      const nameEnd = ok ? open : text.length;
      if (!ok) r.report('GDB001', lineSpan(i, asCol, Math.max(asCol + 1, text.length)), { command: 'dump_address_spaces', reason: 'expected NAME(0xPOINTER)' });
      else if (v === 'big') r.report('GDB001', lineSpan(i, open + 1, text.length - 1), { command: 'dump_address_spaces', reason: 'the pointer does not fit in 64 bits' });
      cur = { name: text.slice(asCol, nameEnd), nameSpan: lineSpan(i, asCol, nameEnd), pointer: typeof v === 'bigint' ? v : undefined, line: i, last: i, rootSeen: false, fvSeen: false };
    } else if (cur && rootCol !== undefined) {
      if (cur.rootSeen) r.report('GDB001', r.lineSpan(i), { command: 'dump_address_spaces', reason: 'a second "Root MR" line for the same address space' });
      else cur.root = pointerValue(r, i, rootCol, 'Root MR');
      cur.rootSeen = true;
      cur.last = i;
    } else if (cur && fvCol !== undefined) {
      if (cur.fvSeen) r.report('GDB001', r.lineSpan(i), { command: 'dump_address_spaces', reason: 'a second "FlatView" line for the same address space' });
      else cur.fv = pointerValue(r, i, fvCol, 'FlatView');
      cur.fvSeen = true;
      cur.last = i;
    } else break;
    last = i;
    r.pos++;
  }
  close();
  return { kind: 'gdb-address-spaces', spaces, span: r.blockSpan(first, last) };
}

/** The next line of a dump of this shape, moved past, with its bracket read: undefined at the dump's end; `br` undefined when the bracket is unreadable (GDB001). */
function nextBracket(r: LineReader, shape: 'mr' | 'fv', command: string): { i: number; line: string; indent: number; br?: Bracket } | undefined {
  if (r.done) return undefined;
  const i = r.pos;
  const line = r.line;
  const b = bracketLine(line);
  if (!b || b.shape === (shape === 'mr' ? 'fv' : 'mr')) return undefined;
  r.pos++;
  const br = readBracket(line, b.indent);
  if ('reason' in br) {
    r.report('GDB001', lineSpan(i, br.col, br.endCol), { command, reason: br.reason });
    return { i, line, indent: b.indent };
  }
  return { i, line, indent: b.indent, br };
}

/** Where a dump line's `[START-END]` numbers are. */
type Bracket = { s0: number; s1: number; e0: number; e1: number };

/** The `[START-END]` at `indent`: digit columns, or a reason and columns for GDB001. */
function readBracket(line: string, indent: number): Bracket | { reason: string; col: number; endCol: number } {
  const s0 = indent + 1;
  let c = s0;
  while (isHexDigit(line.charCodeAt(c))) c++;
  const s1 = c;
  const bad = (reason: string, at: number): { reason: string; col: number; endCol: number } => ({ reason, col: at, endCol: Math.min(line.length, at + 1) });
  if (s1 === s0) return bad('expected the start address (hex) after "["', s0);
  if (line[c] !== '-') return bad('expected "-" after the start address', c);
  const e0 = ++c;
  while (isHexDigit(line.charCodeAt(c))) c++;
  if (c === e0) return bad('expected the end address (hex) after "-"', e0);
  if (line[c] !== ']') return bad('expected "]" after the end address', c);
  return { s0, s1, e0, e1: c };
}

/** Per-section notes that are said once: the digit count (GDB005) and the end convention (GDB004). */
class OnceNotes {
  private digits = false;
  private ends = false;
  constructor(private readonly r: LineReader, private readonly command: Script, private readonly inclusive: boolean) {}
  field(lineNo: number, col: number, endCol: number): void {
    if (this.digits || endCol - col === 16) return;
    this.digits = true;
    this.r.report('GDB005', lineSpan(lineNo, col, endCol), { digits: String(endCol - col) });
  }
  end(lineNo: number, col: number, endCol: number): void {
    if (this.ends) return;
    this.ends = true;
    this.r.report('GDB004', lineSpan(lineNo, col, endCol), { command: this.command, inclusive: String(this.inclusive) });
  }
  /** A well-formed line's bracket: its notes once per dump (GDB005, GDB004), then its two numbers. */
  numbers(lineNo: number, line: string, br: Bracket): { start: bigint; end: bigint } {
    this.field(lineNo, br.s0, br.s1);
    this.field(lineNo, br.e0, br.e1);
    this.end(lineNo, br.e0, br.e1);
    return { start: exactHex(line.slice(br.s0, br.s1)), end: exactHex(line.slice(br.e0, br.e1)) };
  }
}

function parseMemoryRegion(r: LineReader, first: number, pointer: bigint | undefined): GdbMemoryRegionSection {
  const command = 'dump_memory_region';
  let last = first;
  let title = '';
  if (r.line.trimStart().startsWith(MR_HEADER)) {
    title = r.line.trimStart().slice(MR_HEADER.length).trimEnd();
    last = r.pos;
    r.pos++;
  }
  const notes = new OnceNotes(r, command, true);
  let root: GdbRegionNode | undefined;
  const stack: { node: GdbRegionNode; depth: number }[] = [];
  for (let n = nextBracket(r, 'mr', command); n; n = nextBracket(r, 'mr', command)) {
    const { i, line, indent, br } = n;
    last = i;
    if (!br) continue;
    if (line[br.e1 + 1] !== ':') {
      r.report('GDB001', lineSpan(i, br.e1 + 1, Math.min(line.length, br.e1 + 2)), { command, reason: 'expected ":NAME" after "]"' });
      continue;
    }
    const read = notes.numbers(i, line, br);
    const start = read.start;
    let lastAddr = read.end;
    if (start > U64_MAX) {
      r.report('GDB001', lineSpan(i, br.s0, br.s1), { command, reason: 'the start address does not fit in 64 bits' });
      continue;
    }
    if (lastAddr > U64_MAX) {
      r.report('GDB002', lineSpan(i, br.e0, br.e1), { text: clip(line.slice(br.e0, br.e1)), assumed: `${hex0x(U64_MAX)}, the end of the 64-bit space` });
      lastAddr = U64_MAX;
    }
    // start - 1 is how a zero-sized region prints; anything lower is not a range.
    if (lastAddr < start - 1n) {
      r.report('GDB001', lineSpan(i, br.s0, br.e1), { command, reason: 'the end address is below the start address' });
      continue;
    }
    const nameCol = br.e1 + 2;
    const name = line.slice(nameCol).trimEnd();
    const node: GdbRegionNode = { name, start, last: lastAddr, children: [], span: r.lineSpan(i), nameSpan: lineSpan(i, nameCol, nameCol + name.length) };
    const tab = line.indexOf('\t');
    if (indent % 2 !== 0 || (tab >= 0 && tab < indent)) {
      r.report('GDB001', lineSpan(i, 0, indent), { command, reason: `indentation ${indent} is not a multiple of 2 spaces` });
    }
    let depth = Math.floor(indent / 2);
    const top = stack[stack.length - 1];
    const maxDepth = top ? top.depth + 1 : 0;
    if (depth > maxDepth) {
      r.report('GDB006', lineSpan(i, 0, indent), { found: String(indent), max: String(maxDepth * 2) });
      depth = maxDepth;
    }
    while (stack.length > 0 && (stack[stack.length - 1] as { depth: number }).depth >= depth) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) parent.node.children.push(node);
    else if (!root) root = node;
    else {
      r.report('GDB001', r.lineSpan(i), { command, reason: 'a second top-level region: the script prints one tree' });
      continue;
    }
    stack.push({ node, depth });
  }
  return { kind: 'gdb-memory-region', title, pointer, root, span: r.blockSpan(first, last) };
}

function parseFlatView(r: LineReader, first: number, pointer: bigint | undefined): GdbFlatViewSection {
  const command = 'dump_flatview';
  const notes = new OnceNotes(r, command, false);
  const ranges: GdbFlatRange[] = [];
  let last = first;
  for (let n = nextBracket(r, 'fv', command); n; n = nextBracket(r, 'fv', command)) {
    const { i, line, br } = n;
    last = i;
    if (!br) continue;
    const text = line.trimEnd();
    const offCol = br.e1 + 1 + OFFSET_LABEL.length;
    let c = offCol;
    while (isHexDigit(text.charCodeAt(c))) c++;
    if (!text.startsWith(OFFSET_LABEL, br.e1 + 1) || c === offCol || c !== text.length) {
      r.report('GDB001', lineSpan(i, br.e1 + 1, Math.max(br.e1 + 2, text.length)), { command, reason: 'expected ", offset_in_region HEX" after "]"' });
      continue;
    }
    const read = notes.numbers(i, line, br);
    const start = read.start;
    let end = read.end;
    const offset = exactHex(text.slice(offCol));
    if (start > U64_MAX || offset > U64_MAX) {
      const [col, endCol] = start > U64_MAX ? [br.s0, br.s1] : [offCol, text.length];
      r.report('GDB001', lineSpan(i, col, endCol), { command, reason: `the ${start > U64_MAX ? 'start address' : 'offset'} does not fit in 64 bits` });
      continue;
    }
    if (end > SPACE_END) {
      r.report('GDB002', lineSpan(i, br.e0, br.e1), { text: clip(line.slice(br.e0, br.e1)), assumed: `${hex0x(SPACE_END)}, the end of the 64-bit space` });
      end = SPACE_END;
    }
    if (end <= start) {
      // gdb's printf cuts each number to its low 32 bits (the script's %x has no length modifier), so an end at
      // or past 4 GiB loses its carry: add back the smallest one that fits.
      const fixed = [end + SIZE_2_32, end + SIZE_2_64].find((e) => e > start && e <= SPACE_END);
      if (fixed === undefined) {
        r.report('GDB001', lineSpan(i, br.s0, br.e1), { command, reason: 'the end address is not above the start address' });
        continue;
      }
      r.report('GDB003', lineSpan(i, br.e0, br.e1), { text: hex0x(end), start: hex0x(start), assumed: hex0x(fixed) });
      end = fixed;
    }
    ranges.push({ start, end, offset, span: r.lineSpan(i) });
  }
  return { kind: 'gdb-flatview', pointer, ranges, span: r.blockSpan(first, last) };
}
