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
      // A value that keeps some parts in another form (spans made on demand) says what it holds, as for JSON.stringify.
      const plain: object = typeof (src as { toJSON?: unknown }).toJSON === 'function' ? (src as { toJSON: () => object }).toJSON() : src;
      for (const [k, item] of Object.entries(plain)) {
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

/**
 * Writes the JSON text of plain data (what toJsonData returns), as JSON.stringify(data, null, indent)
 * would, in pieces of about `chunk` characters, iteratively: JSON.stringify recurses and overflows the
 * stack on trees a few thousand levels deep, and the indented text of such a tree can exceed the longest
 * string the engine can hold.
 */
export function writeJsonText(data: unknown, indent: number, write: (text: string) => void, chunk = 1 << 20): void {
  let out: string[] = [];
  let size = 0;
  const put = (t: string): void => {
    out.push(t);
    size += t.length;
    if (size >= chunk) {
      write(out.join(''));
      out = [];
      size = 0;
    }
  };
  const pad = (depth: number): string => (indent > 0 ? '\n' + ' '.repeat(indent * depth) : '');
  const colon = indent > 0 ? ': ' : ':';
  // Work items: a value to write at a depth, or a literal piece of text (commas, keys, closing brackets).
  const work: ({ v: unknown; depth: number } | string)[] = [{ v: data, depth: 0 }];
  while (work.length > 0) {
    const item = work.pop() as (typeof work)[number];
    if (typeof item === 'string') {
      put(item);
      continue;
    }
    const { v, depth } = item;
    if (Array.isArray(v)) {
      if (v.length === 0) {
        put('[]');
        continue;
      }
      put('[');
      work.push(pad(depth) + ']');
      for (let i = v.length - 1; i >= 0; i--) {
        // undefined, functions and symbols in arrays are written as null, as JSON.stringify does.
        const e: unknown = v[i];
        work.push({ v: e === undefined || typeof e === 'function' || typeof e === 'symbol' ? null : e, depth: depth + 1 });
        work.push((i > 0 ? ',' : '') + pad(depth + 1));
      }
    } else if (typeof v === 'object' && v !== null) {
      const entries = Object.entries(v).filter(([, e]) => e !== undefined && typeof e !== 'function' && typeof e !== 'symbol');
      if (entries.length === 0) {
        put('{}');
        continue;
      }
      put('{');
      work.push(pad(depth) + '}');
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, e] = entries[i] as [string, unknown];
        work.push({ v: e, depth: depth + 1 });
        work.push((i > 0 ? ',' : '') + pad(depth + 1) + JSON.stringify(k) + colon);
      }
    } else {
      // Leaves: JSON.stringify writes them without recursion (bigints must have been converted by toJsonData).
      put(JSON.stringify(v) ?? 'null');
    }
  }
  if (out.length > 0) write(out.join(''));
}
