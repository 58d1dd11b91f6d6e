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
    const line = r.line.trimEnd();
    const m = FIELD.exec(line);
    if (m) {
      const key = m[1] as string;
      const valueCol = 4 + key.length;
      fields.push({ key, value: (m[2] as string).trim(), span: r.lineSpan(), valueSpan: lineSpan(r.pos, valueCol, line.length) });
    }
    r.pos++;
  }
  return { fields, span: r.blockSpan(from, r.pos - 1) };
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
