import type { CaptureHeader, HeaderField } from '../model/capture';
import { lineSpan } from '../model/span';
import type { LineReader } from './lines';

/** The first line of a capture written by `qemu-memmap capture`. */
export const HEADER_TITLE = '# qemu-memmap capture';

/** `# key: value` (keys are lowercase words with dashes). */
const FIELD = /^# ([a-z][a-z0-9-]*): (.*)$/;

/** True when the line opens a capture header. */
export function startsHeader(line: string): boolean {
  return line.trimEnd() === HEADER_TITLE;
}

/**
 * Reads the header that starts at the reader's line: the title, then every `#` line after it. `# key: value`
 * lines become fields; other `#` lines are comments. Stops at the first line that does not start with `#`.
 */
export function parseHeader(r: LineReader): CaptureHeader {
  const from = r.pos;
  const fields: HeaderField[] = [];
  r.pos++;
  while (!r.done && r.line.startsWith('#')) {
    const f = headerField(r.line);
    if (f) fields.push({ key: f.key, value: f.value, span: r.lineSpan(), valueSpan: lineSpan(r.pos, f.valueCol, f.valueEnd) });
    r.pos++;
  }
  return { fields, span: r.blockSpan(from, r.pos - 1) };
}

/** The `# key: value` field a header line holds, with where its value is written; undefined for a comment. */
function headerField(text: string): { key: string; value: string; valueCol: number; valueEnd: number } | undefined {
  const line = text.trimEnd();
  const m = FIELD.exec(line);
  if (!m) return undefined;
  const key = m[1] as string;
  return { key, value: (m[2] as string).trim(), valueCol: 4 + key.length, valueEnd: line.length };
}

/** A field of the header that opens a document whose first lines are `lines` (no parse of the rest). */
export function headerValueIn(lines: readonly string[], key: string): string | undefined {
  if (lines.length === 0 || !startsHeader(lines[0] as string)) return undefined;
  for (let i = 1; i < lines.length && (lines[i] as string).startsWith('#'); i++) {
    const f = headerField(lines[i] as string);
    if (f?.key === key) return f.value;
  }
  return undefined;
}

/** The value of a header field, or undefined when the header lacks it. */
export function headerValue(header: CaptureHeader | undefined, key: string): string | undefined {
  return header?.fields.find((f) => f.key === key)?.value;
}

/** The header lines for the given fields, in order; values are put on one line each. */
export function formatHeader(fields: readonly (readonly [string, string | undefined])[]): string {
  const lines = [HEADER_TITLE];
  for (const [key, value] of fields) if (value !== undefined && value !== '') lines.push(`# ${key}: ${value.replace(/[\r\n]+/g, ' ')}`);
  return lines.join('\n') + '\n';
}
