import { parseTypedAddress } from '../core/model/address';
import { UsageError } from './io';

/** Parsed command-line arguments: boolean flags, flags with a value, and positional arguments. */
export interface Args {
  readonly flags: Set<string>;
  readonly values: Map<string, string>;
  readonly rest: string[];
}

/**
 * Splits argv, rejecting options the command does not take; `valued` options consume the next word.
 * `-o` is the short form of `--out` for the commands that take `--out`.
 */
export function parseArgs(args: readonly string[], flags: readonly string[], valued: readonly string[] = []): Args {
  const out: Args = { flags: new Set(), values: new Map(), rest: [] };
  for (let i = 0; i < args.length; i++) {
    const word = args[i] as string;
    const a = word === '-o' && valued.includes('--out') ? '--out' : word;
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(0, eq) : a;
      if (valued.includes(name)) {
        const value = eq > 0 ? a.slice(eq + 1) : args[++i];
        if (value === undefined) throw new UsageError(`${name} needs a value`);
        out.values.set(name, value);
      } else if (flags.includes(a)) out.flags.add(a);
      else throw new UsageError(`unknown option ${a}`);
    } else out.rest.push(a);
  }
  return out;
}

/** Reads an address as QEMU's monitor does: 0x… hex, else decimal; at most 2^64-1. */
export function parseAddress(text: string): bigint {
  const v = parseTypedAddress(text);
  if (v === undefined) throw new UsageError(`not an address: ${text}`);
  if (v === 'too-large') throw new UsageError(`number too large: ${text}`);
  return v;
}
