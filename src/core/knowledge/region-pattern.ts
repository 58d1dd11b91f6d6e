/**
 * Name patterns of the region knowledge base: a region name as QEMU's source builds it with printf,
 * `%%` for a literal percent sign and a placeholder for each part known only at run time:
 * `%d` (a signed decimal), `%u` (decimal), `%x` / `%X` (hexadecimal), `%o` (octal), each optionally
 * zero-padded to a width (`%02x`), `%c` (one character), `%p` (a pointer) and `%s` (any text).
 * A pattern without placeholders is an exact name.
 */

const PLACEHOLDER = /%%|%(0\d+)?([duxXocps])/g;

const DIGITS: Record<string, string> = { d: '[0-9]', u: '[0-9]', x: '[0-9a-f]', X: '[0-9A-F]', o: '[0-7]' };

/** True when the pattern has a placeholder. */
export function isNamePattern(pattern: string): boolean {
  return pattern.replace(/%%/g, '').includes('%');
}

/** The name an exact pattern stands for (`%%` → `%`). */
export function unescapeName(pattern: string): string {
  return pattern.replace(/%%/g, '%');
}

/** The literal text before the first placeholder and after the last one, and how much literal text it has. */
export function patternLiterals(pattern: string): { prefix: string; suffix: string; literalLength: number } {
  const parts = splitPattern(pattern);
  const literals = parts.filter((p): p is string => typeof p === 'string');
  const first = parts[0];
  const last = parts[parts.length - 1];
  return {
    prefix: typeof first === 'string' ? first : '',
    suffix: typeof last === 'string' && parts.length > 1 ? last : '',
    literalLength: literals.reduce((n, s) => n + s.length, 0),
  };
}

/** An anchored regular expression that matches the names the pattern stands for. */
export function compilePattern(pattern: string): RegExp {
  let source = '';
  for (const part of splitPattern(pattern)) {
    if (typeof part === 'string') {
      source += part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      continue;
    }
    const { conv, width } = part;
    const digits = DIGITS[conv];
    if (digits) {
      const repeat = width > 1 ? `{${width},}` : '+';
      source += (conv === 'd' ? '-?' : '') + digits + repeat;
    } else if (conv === 'c') {
      source += '[^]';
    } else if (conv === 'p') {
      source += '(?:0x[0-9a-f]+|\\(nil\\))';
    } else {
      source += '[^]*';
    }
  }
  return new RegExp(`^${source}$`);
}

type Part = string | { conv: string; width: number };

/** Literal runs (unescaped) and placeholders, in order; adjacent literals merged. */
function splitPattern(pattern: string): Part[] {
  const parts: Part[] = [];
  let literal = '';
  let last = 0;
  for (const m of pattern.matchAll(PLACEHOLDER)) {
    literal += pattern.slice(last, m.index);
    last = m.index + m[0].length;
    if (m[0] === '%%') {
      literal += '%';
      continue;
    }
    if (literal) parts.push(literal);
    literal = '';
    parts.push({ conv: m[2] ?? 's', width: m[1] ? Number(m[1].slice(1)) : 0 });
  }
  literal += pattern.slice(last);
  if (literal || parts.length === 0) parts.push(literal);
  return parts;
}
