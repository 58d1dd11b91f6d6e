import type { AddressSpaceGroup, MtreeFlags, MtreeSection, NamedSpan, RegionSection } from '../model/capture';
import type { AliasInfo, RegionNode } from '../model/region';
import { lineSpan } from '../model/span';
import type { LineReader } from './lines';
import { isBlank } from './lines';
import { PrintedRegion } from './printed-line';
import { ObjectSuffixReader, hexValue, looksLikeRangeHead, parseRangeHead } from './range-head';

const OVERFLOW = '[DETECTED OVERFLOW!] ';
const AS_HEADER = 'address-space: ';
const DISABLED = ' [disabled]';
const MR_HEADER = 'memory-region: ';

/** True for the first line of an `info mtree` (tree mode) section. */
export function startsMtree(line: string): boolean {
  return line.startsWith(AS_HEADER) || line.startsWith(MR_HEADER);
}

interface Indent {
  readonly overflow: boolean;
  /** Column where the prefix (spaces or glyphs) starts and ends. */
  readonly prefixCol: number;
  readonly col: number;
  readonly glyph: boolean;
}

function readIndent(line: string): Indent {
  const overflow = line.startsWith(OVERFLOW);
  const prefixCol = overflow ? OVERFLOW.length : 0;
  let col = prefixCol;
  let glyph = false;
  for (;;) {
    const c = line.charCodeAt(col);
    if (c === 32 || c === 9) col++;
    else if (c === 0x2502 || c === 0x251c || c === 0x2514 || c === 0x2500) {
      glyph = true;
      col++;
    } else break;
  }
  return { overflow, prefixCol, col, glyph };
}

/** True when `c` is a lowercase hex digit's char code. */
function isLowerHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
}

/** True when the line, indented as `ind` says, is a region line of a tree (indented, or glyph-prefixed, hex first). */
function isRegionAt(line: string, ind: Indent): boolean {
  return ind.col > ind.prefixCol && isLowerHex(line.charCodeAt(ind.col));
}

/** True when `line` is a region line of a tree (indented, or glyph-prefixed, hex first). */
function isRegionLine(line: string): boolean {
  return isRegionAt(line, readIndent(line));
}

/** The indentation of a line that the tree reads as a region (a region line, or an overflow-marked head), else undefined. */
function regionIndent(line: string): Indent | undefined {
  const ind = readIndent(line);
  return isRegionAt(line, ind) || (ind.overflow && looksLikeRangeHead(line, ind.col)) ? ind : undefined;
}

/** Accumulates one tree (the region lines under a header) with the indentation rules of QEMU's printer. */
class TreeBuilder {
  root: RegionNode | undefined;
  /** The printed nodes on the current path, each with the depth its indentation gave. */
  private readonly stack: { node: RegionNode; depth: number }[] = [];
  /** Parent and hidden-level count of the previous line, so a run of lifted children gets one note. */
  private lastParent: RegionNode | undefined;
  private lastHidden = 0;

  /** `header` names the tree: a memory-region: section's name is its root region's name. */
  constructor(
    private readonly r: LineReader,
    private readonly header: NamedSpan,
    private readonly rootName: string | undefined,
  ) {}

  /** Adds a node made with hiddenParents 0; sets its real hiddenParents. */
  add(node: RegionNode, depth: number, lineNo: number): void {
    const r = this.r;
    const stack = this.stack;
    while (stack.length > 0 && (stack[stack.length - 1] as { depth: number }).depth >= depth) stack.pop();
    // QEMU's aliases have no subregions in practice: a line one deeper than an alias belongs to a
    // disabled sibling of the alias that was not printed (q35's ich9-pm under pci_bridge_io aliases).
    while (stack.length > 1 && (stack[stack.length - 1] as { node: RegionNode }).node.alias) stack.pop();
    const top = stack[stack.length - 1];
    if (!top && !this.root && depth > 1) {
      // The tree's own root is disabled and was not printed (plain `info mtree` of a disabled alias
      // target): stand in for it so the printed regions keep their real parent.
      const placeholder: RegionNode = {
        id: r.regionId(), name: this.rootName ?? '', start: node.start, size: 0n, sizeAmbiguous: false,
        priority: 0, type: 'i/o', nonvolatile: false, enabled: false, orphan: false, overflow: false,
        hiddenParents: 0, notPrinted: true, children: [],
        span: this.header.span, nameSpan: this.header.nameSpan, rangeSpan: this.header.nameSpan,
      };
      this.root = placeholder;
      stack.push({ node: placeholder, depth: 1 });
      this.lastParent = placeholder;
      this.lastHidden = depth - 2;
      this.add(node, depth, lineNo);
      return;
    }
    if (!top) {
      (node as { hiddenParents: number }).hiddenParents = Math.max(0, depth - 1);
      if (this.root) r.report('MT013', node.span);
      else this.root = node;
      stack.push({ node, depth });
      this.lastParent = undefined;
      return;
    }
    const hidden = depth - top.depth - 1;
    (node as { hiddenParents: number }).hiddenParents = hidden;
    if (hidden > 0 && !(this.lastParent === top.node && this.lastHidden === hidden)) {
      r.report('MT002', lineSpan(lineNo, 0, node.rangeSpan.col), { levels: String(hidden + 1), hidden: String(hidden) });
    }
    if (top.node instanceof PrintedRegion) top.node.addChild(node);
    // The stand-in for an unprinted root, made above with a list of its own.
    else (top.node.children as RegionNode[]).push(node);
    stack.push({ node, depth });
    this.lastParent = top.node;
    this.lastHidden = hidden;
  }
}

type LineFlags = { owners: boolean; disabled: boolean; glyphs: boolean };

/** The tree depth the indentation gives (reports an indentation that is not QEMU's). */
function lineDepth(r: LineReader, lineNo: number, line: string, ind: Indent, flags: LineFlags): number {
  const width = ind.col - ind.prefixCol;
  if (ind.glyph) {
    flags.glyphs = true;
    return 1 + Math.max(0, Math.round((width - 2) / 4));
  }
  const tab = line.indexOf('\t', ind.prefixCol);
  if (width % 2 !== 0 || width === 0 || (tab >= 0 && tab < ind.col)) {
    r.report('MT003', lineSpan(lineNo, ind.prefixCol, ind.col), { found: String(width), unit: '2' });
  }
  return Math.max(1, Math.round(width / 2));
}

/** Parses one region line into a node (hiddenParents 0 until the tree places it); reports problems; undefined when unusable. */
function parseRegionLine(r: LineReader, lineNo: number, line: string, ind: Indent, flags: LineFlags, suffixes: ObjectSuffixReader): RegionNode | undefined {
  const head = parseRangeHead(line, ind.col);
  if ('code' in head) {
    r.report(head.code, lineSpan(lineNo, head.col, head.endCol), head.args);
    return undefined;
  }
  const bodyCol = head.bodyCol;
  const suffix = suffixes.read(line, bodyCol);
  if (suffix.owner || suffix.parentObject || suffix.orphan) flags.owners = true;
  let end = suffix.bodyEnd;
  let enabled = true;
  if (end - bodyCol >= DISABLED.length && line.endsWith(DISABLED, end)) {
    enabled = false;
    flags.disabled = true;
    end -= DISABLED.length;
  }
  let name: string;
  let nameCol = bodyCol;
  let alias: AliasInfo | undefined;
  if (!(end - bodyCol >= 'alias '.length && line.startsWith('alias ', bodyCol))) name = line.slice(bodyCol, end);
  else {
    const body = line.slice(bodyCol, end);
    const parsed = parseAliasBody(body);
    if (!parsed) {
      r.report('MT001', lineSpan(lineNo, head.bodyCol, head.bodyCol + body.length), {
        reason: 'alias line must end with "@TARGET START-END"',
      });
      return undefined;
    }
    name = parsed.name;
    nameCol = head.bodyCol + 'alias '.length;
    const targetCol = head.bodyCol + parsed.targetCol;
    alias = {
      target: parsed.target,
      targetSpan: lineSpan(lineNo, targetCol, targetCol + parsed.target.length),
      offset: parsed.offset,
      end: parsed.end,
    };
  }
  let size = head.size;
  const sizeAmbiguous = head.last === head.start;
  if (sizeAmbiguous && alias && alias.offset === alias.end && head.start === 0n && alias.offset === 0n) {
    // An alias window that was never programmed prints as 0-0 @T 0-0: far more often empty than one byte.
    size = 0n;
    r.report('MT004', lineSpan(lineNo, head.rangeCol, head.rangeEndCol), { start: line.slice(head.rangeCol, head.rangeCol + 16), assumed: 'assumed zero-sized (an unprogrammed alias window)' });
  } else if (sizeAmbiguous && alias) {
    r.report('MT004', lineSpan(lineNo, head.rangeCol, head.rangeEndCol), { start: line.slice(head.rangeCol, head.rangeCol + 16), assumed: 'assumed one byte' });
  }
  const overflow = ind.overflow;
  if (overflow) r.report('MT005', lineSpan(lineNo, 0, OVERFLOW.length - 1));
  return new PrintedRegion(r.regionId(), head, size, suffix, { line: lineNo, lineEnd: line.length, name, nameCol }, enabled, alias, overflow);
}

/** Splits `alias NAME @TARGET AOFF-AEND` at the last ` @` before the final range. */
export function parseAliasBody(body: string): { name: string; target: string; targetCol: number; offset: bigint; end: bigint } | undefined {
  const space = body.lastIndexOf(' ');
  if (space < 0) return undefined;
  const m = /^([0-9a-f]+)-([0-9a-f]+)$/.exec(body.slice(space + 1));
  if (!m) return undefined;
  const offset = hexValue(m[1] as string);
  const end = hexValue(m[2] as string);
  if (typeof offset !== 'bigint' || typeof end !== 'bigint') return undefined;
  const head = body.slice(0, space);
  const at = head.lastIndexOf(' @');
  if (at < 'alias'.length) return undefined;
  const name = head.slice('alias '.length, at);
  const target = head.slice(at + 2);
  return { name, target, targetCol: at + 2, offset, end };
}

/**
 * Reads an `info mtree` tree-mode section starting at the reader's line (an `address-space:` or
 * `memory-region:` header). Stops before the first line that belongs to something else.
 */
export function parseMtree(r: LineReader, hint: MtreeFlags): MtreeSection {
  const first = r.pos;
  const flags = { owners: hint.owners, disabled: hint.disabled, glyphs: false };
  const suffixes = new ObjectSuffixReader();
  const groups: AddressSpaceGroup[] = [];
  const regionSections: RegionSection[] = [];
  let lastContent = first;
  // The block being filled: a group of address spaces or a memory-region section.
  let current: { kind: 'as'; spaces: NamedSpan[]; from: number; tree: TreeBuilder } | { kind: 'mr'; header: NamedSpan; from: number; tree: TreeBuilder } | undefined;

  const close = (): void => {
    if (!current) return;
    const span = r.blockSpan(current.from, lastContent);
    if (current.kind === 'as') {
      if (!current.tree.root) {
        for (const s of current.spaces) r.report('MT010', s.span, { name: s.name });
      }
      groups.push({ spaces: current.spaces, root: current.tree.root, span });
    } else {
      regionSections.push({ name: current.header.name, nameSpan: current.header.nameSpan, root: current.tree.root, span });
    }
    current = undefined;
  };

  while (!r.done) {
    const line = r.line;
    const i = r.pos;
    const ind = regionIndent(line);
    if (line.startsWith(AS_HEADER)) {
      const name = line.slice(AS_HEADER.length);
      const header: NamedSpan = { name, span: r.lineSpan(i), nameSpan: lineSpan(i, AS_HEADER.length, line.length) };
      if (current?.kind === 'as' && !current.tree.root) current.spaces.push(header);
      else {
        close();
        current = { kind: 'as', spaces: [header], from: i, tree: new TreeBuilder(r, header, undefined) };
      }
    } else if (line.startsWith(MR_HEADER)) {
      close();
      const name = line.slice(MR_HEADER.length);
      const header: NamedSpan = { name, span: r.lineSpan(i), nameSpan: lineSpan(i, MR_HEADER.length, line.length) };
      current = { kind: 'mr', header, from: i, tree: new TreeBuilder(r, header, name) };
    } else if (ind) {
      if (!current) {
        r.report('MT007', r.lineSpan(i));
      } else {
        const depth = lineDepth(r, i, line, ind, flags);
        const node = parseRegionLine(r, i, line, ind, flags, suffixes);
        if (node) current.tree.add(node, depth, i);
      }
    } else if (isBlank(line)) {
      // A blank line ends a group; the section goes on only if a header or region line follows.
      let j = i + 1;
      while (j < r.lines.length && isBlank(r.at(j))) j++;
      const next = r.at(j);
      if (j < r.lines.length && current !== undefined && isRegionLine(next)) {
        // A blank line inside a tree (a mail client's doing): keep filling the same tree.
        r.pos = j;
        continue;
      }
      if (j >= r.lines.length || !startsMtree(next)) break;
      close();
      r.pos = j;
      continue;
    } else {
      break;
    }
    lastContent = r.pos;
    r.pos++;
  }
  close();
  return {
    kind: 'mtree',
    flags: { owners: flags.owners, disabled: flags.disabled },
    glyphs: flags.glyphs,
    groups,
    regionSections,
    span: r.blockSpan(first, lastContent),
  };
}
