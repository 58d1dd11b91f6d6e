import type { Capture, FlatViewSection, MtreeSection, RamBlockSection } from '../model/capture';
import type { RegionNode, RegionType } from '../model/region';
import type { Span } from '../model/span';
import type { Sink, TokenModifier } from './token-sink';

function regionModifiers(type: RegionType, enabled: boolean, declaration: boolean): TokenModifier[] {
  const mods: TokenModifier[] = declaration ? ['declaration'] : [];
  if (type === 'rom' || type === 'romd') mods.push('readonly');
  if (!enabled) mods.push('deprecated');
  return mods;
}

/** `START-END (prio P, TYPE):` from the range's start column: two addresses, the priority and the type word. */
function rangeHead(out: Sink, s: Span): void {
  const text = out.text(s.line);
  const dash = text.indexOf('-', s.col);
  if (dash < 0 || dash >= s.endCol) return;
  out.add(s.line, s.col, dash, 'number');
  out.add(s.line, dash + 1, s.endCol, 'number');
  const m = /^ \(prio (-?\d+), ((?:nv-)?[a-z/]+)\)/.exec(text.slice(s.endCol));
  if (!m) return;
  const prio = s.endCol + ' (prio '.length;
  out.add(s.line, prio, prio + (m[1] as string).length, 'number');
  const type = prio + (m[1] as string).length + 2;
  out.add(s.line, type, type + (m[2] as string).length, 'keyword');
}

/** ` owner:{dev path=…}`, ` parent:{…}` and ` orphan` after column `from`. */
function objectSuffix(out: Sink, line: number, from: number): void {
  const text = out.text(line);
  const re = /(owner|parent):\{([^}]*)\}|\borphan$/g;
  re.lastIndex = from;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[1] === undefined) {
      out.add(line, m.index, m.index + m[0].length, 'keyword');
      continue;
    }
    out.add(line, m.index, m.index + m[1].length, 'property');
    const inner = m.index + m[1].length + 2;
    out.add(line, inner, inner + (m[2] as string).length, 'string');
  }
}

function treeTokens(out: Sink, root: RegionNode): void {
  const stack = [root];
  while (stack.length > 0) {
    const n = stack.pop() as RegionNode;
    for (const c of n.children) stack.push(c);
    if (n.notPrinted) continue;
    const line = n.span.line;
    rangeHead(out, n.rangeSpan);
    let tail = n.nameSpan.endCol;
    if (n.alias) {
      out.add(line, n.nameSpan.col - 'alias '.length, n.nameSpan.col - 1, 'keyword');
      const t = n.alias.targetSpan;
      out.add(line, t.col - 1, t.col, 'operator');
      out.span(t, 'type');
      const m = /^ ([0-9a-f]+)-([0-9a-f]+)/.exec(out.text(line).slice(t.endCol));
      if (m) {
        const a = t.endCol + 1;
        const b = a + (m[1] as string).length + 1;
        out.add(line, a, a + (m[1] as string).length, 'number');
        out.add(line, b, b + (m[2] as string).length, 'number');
        tail = b + (m[2] as string).length;
      }
    }
    out.span(n.nameSpan, 'variable', regionModifiers(n.type, n.enabled, true));
    objectSuffix(out, line, tail);
  }
}

function mtreeTokens(out: Sink, sec: MtreeSection): void {
  for (const g of sec.groups) {
    for (const s of g.spaces) {
      out.add(s.span.line, s.span.col, s.span.col + 'address-space'.length, 'keyword');
      out.span(s.nameSpan, 'namespace', ['declaration']);
    }
    if (g.root) treeTokens(out, g.root);
  }
  for (const m of sec.regionSections) {
    out.add(m.span.line, 0, 'memory-region'.length, 'keyword');
    out.span(m.nameSpan, 'type');
    if (m.root) treeTokens(out, m.root);
  }
}

function flatTokens(out: Sink, sec: FlatViewSection): void {
  for (const v of sec.views) {
    const header = v.span.line;
    if (out.text(header).startsWith('FlatView #')) {
      out.add(header, 0, 'FlatView'.length, 'keyword');
      out.add(header, 'FlatView '.length, out.text(header).length, 'number');
    }
    for (const s of v.spaces) {
      out.add(s.span.line, 1, 3, 'keyword');
      out.span(s.nameSpan, 'namespace');
      out.span(s.rootSpan, 'variable');
      if (s.aliasOf !== undefined) {
        const at = out.text(s.span.line).lastIndexOf(', alias ');
        if (at >= s.rootSpan.endCol) {
          out.add(s.span.line, at + 2, at + 7, 'keyword');
          out.add(s.span.line, at + ', alias '.length, at + ', alias '.length + s.aliasOf.length, 'type');
        }
      }
    }
    if (v.rootSpan) out.span(v.rootSpan, 'variable');
    for (const r of v.ranges) {
      const line = r.span.line;
      rangeHead(out, r.rangeSpan);
      out.span(r.nameSpan, 'variable', regionModifiers(r.type, true, false));
      const m = /^ @([0-9a-f]+)/.exec(out.text(line).slice(r.nameSpan.endCol));
      let tail = r.nameSpan.endCol;
      if (m) {
        out.add(line, tail + 1, tail + 2, 'operator');
        out.add(line, tail + 2, tail + 2 + (m[1] as string).length, 'number');
        tail += m[0].length;
      }
      objectSuffix(out, line, tail);
    }
  }
}

function ramblockTokens(out: Sink, sec: RamBlockSection): void {
  for (const b of sec.blocks) {
    const line = b.span.line;
    out.span(b.nameSpan, 'variable', b.readonly ? ['declaration', 'readonly'] : ['declaration']);
    const text = out.text(line);
    const re = /\b\d+(?:\.\d+)? (?:B|KiB|MiB|GiB|TiB|PiB|EiB)\b|\b(?:ro|rw)\s*$/g;
    re.lastIndex = b.nameSpan.endCol;
    for (let m = re.exec(text); m; m = re.exec(text)) out.add(line, m.index, m.index + m[0].trimEnd().length, m[0].startsWith('r') ? 'keyword' : 'number');
    out.numbers(line, b.nameSpan.endCol);
  }
}

/** Captures: addresses and numbers, region names (readonly for ROM, deprecated when disabled), alias targets, address-space names, type words, prompts. */
export function captureTokens(out: Sink, c: Capture): void {
  for (const p of c.prompts) {
    const line = p.span.line;
    const text = out.text(line);
    const prompt = `(${p.tool})`;
    const at = text.indexOf(prompt);
    if (at < 0) continue;
    out.add(line, at, at + prompt.length, 'macro');
    const m = /^\s*(\S+)/.exec(text.slice(at + prompt.length));
    if (!m) continue;
    const cmd = at + prompt.length + m[0].length - (m[1] as string).length;
    out.add(line, cmd, cmd + (m[1] as string).length, 'function');
    out.numbers(line, cmd + (m[1] as string).length);
  }
  for (const sec of c.sections) {
    switch (sec.kind) {
      case 'mtree':
        mtreeTokens(out, sec);
        break;
      case 'flatview':
        flatTokens(out, sec);
        break;
      case 'ramblock':
        ramblockTokens(out, sec);
        break;
      case 'gpa2hva':
        for (const a of sec.answers) {
          if (a.result.kind === 'hva') out.span(a.result.regionSpan, 'variable');
          for (let l = a.span.line; l <= a.span.endLine; l++) out.numbers(l);
        }
        break;
      case 'trace':
        for (const st of sec.steps) {
          const line = st.span.line;
          const text = out.text(line);
          const fn = /find_ram_offset(?:_loop)?/.exec(text);
          if (fn) out.add(line, fn.index, fn.index + fn[0].length, 'function');
          const re = /\b([a-z]+):/g;
          for (let m = re.exec(text); m; m = re.exec(text)) out.add(line, m.index, m.index + (m[1] as string).length, 'property');
          out.numbers(line);
        }
        break;
      case 'gdb-address-spaces':
        for (const s of sec.spaces) {
          out.span(s.nameSpan, 'namespace', ['declaration']);
          for (let l = s.span.line; l <= s.span.endLine; l++) {
            const text = out.text(l);
            const key = /^\s*(AddressSpace|Root MR|FlatView)\s*:/.exec(text);
            if (key) out.add(l, text.indexOf(key[1] as string), text.indexOf(key[1] as string) + (key[1] as string).length, l === s.span.line ? 'keyword' : 'property');
            out.numbers(l);
          }
        }
        break;
      case 'gdb-memory-region': {
        const stack = sec.root ? [sec.root] : [];
        while (stack.length > 0) {
          const n = stack.pop() as (typeof stack)[number];
          for (const ch of n.children) stack.push(ch);
          out.span(n.nameSpan, 'variable', ['declaration']);
          out.numbers(n.span.line, 0, n.nameSpan.col);
        }
        break;
      }
      case 'gdb-flatview':
        for (const r of sec.ranges) {
          const text = out.text(r.span.line);
          const k = text.indexOf('offset_in_region');
          if (k >= 0) out.add(r.span.line, k, k + 'offset_in_region'.length, 'property');
          out.numbers(r.span.line);
        }
        break;
      default:
        break;
    }
  }
}
