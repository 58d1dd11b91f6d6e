import type { Span } from './span';

/** `line:col-endLine:endCol`, 1-based, the way people read positions. */
export function formatSpan(s: Span): string {
  return `${s.line + 1}:${s.col + 1}-${s.endLine + 1}:${s.endCol + 1}`;
}

function isSpan(v: unknown): v is Span {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.line === 'number' && typeof o.col === 'number' && typeof o.endLine === 'number' && typeof o.endCol === 'number' && Object.keys(o).length === 4;
}

/**
 * Turns a model value into plain JSON data: bigints become `0x…` strings (they do not fit in a JSON number)
 * and spans become `L:C-L:C` strings. Iterative, so deep trees cannot overflow the stack.
 */
export function toJsonData(value: unknown): unknown {
  const convert = (v: unknown): unknown => {
    if (typeof v === 'bigint') return '0x' + v.toString(16);
    if (isSpan(v)) return formatSpan(v);
    return v;
  };
  const root = { v: convert(value) };
  const work: { src: unknown; dst: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const out: { v: unknown } = { v: undefined };
  work.push({ src: root.v, dst: out as unknown as Record<string, unknown>, key: 'v' });
  while (work.length > 0) {
    const { src, dst, key } = work.pop() as (typeof work)[number];
    let made: unknown = src;
    if (Array.isArray(src)) {
      const arr: unknown[] = new Array<unknown>(src.length);
      src.forEach((item, i) => work.push({ src: convert(item), dst: arr, key: i }));
      made = arr;
    } else if (typeof src === 'object' && src !== null) {
      const obj: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(src)) {
        if (item === undefined) continue;
        obj[k] = null; // keeps the key order; filled when popped
        work.push({ src: convert(item), dst: obj, key: k });
      }
      made = obj;
    }
    (dst as Record<string | number, unknown>)[key] = made;
  }
  return out.v;
}
