import { hex0x, parseTypedAddress } from '../model/address';
import { pushAll } from '../model/arrays';
import type { Span } from '../model/span';
import type { MemoryModel } from '../engine/memory-model';
import { formatGpa2hva, gpa2hva, hva2gpa } from '../engine/translate';
import { whyAnswer } from './why-answer';

/** Which question an address answers: guest to host, host to guest, or why a region wins there. */
export type TranslateDirection = 'gpa2hva' | 'hva2gpa' | 'why';

/** An answer as text, one fact a line, and where its region is written. */
export interface TranslateAnswer {
  readonly text: string;
  readonly span: Span | undefined;
}

function gpaText(model: MemoryModel, value: bigint, space: string | undefined): TranslateAnswer {
  const r = gpa2hva(model, value, space);
  const lines = [formatGpa2hva(r), `address space: ${r.space ?? '?'}`];
  if (r.chain.length) lines.push(`chain: ${r.chain.map((m) => m.name).join(' › ')}`);
  if (r.offset !== undefined) lines.push(`offset in ${r.range?.mr.name ?? '?'}: ${hex0x(r.offset)}`);
  if (r.block) lines.push(`RAMBlock: ${r.block.name}, ram_addr ${hex0x(r.ramAddr ?? 0n)}`);
  pushAll(lines, r.why);
  return { text: lines.join('\n'), span: r.range ? model.nameSpanOf.get(r.range.mr) : undefined };
}

function hvaText(model: MemoryModel, value: bigint): TranslateAnswer {
  const r = hva2gpa(model, value);
  const text = r.hits.length === 0 ? `No guest physical address maps host address ${hex0x(value)}` : [`${hex0x(value)} is ${r.region ?? '?'} +${hex0x(r.offset ?? 0n)}`, ...r.hits.map((h) => `GPA ${hex0x(h.gpa)} in ${h.spaces.join(', ')}`)].join('\n');
  return { text, span: r.hits[0] ? model.nameSpanOf.get(r.hits[0].range.mr) : undefined };
}

function whyText(model: MemoryModel, value: bigint, space: string | undefined): TranslateAnswer {
  const why = whyAnswer(model, space, value);
  if (!why) return { text: `no region tree for address space ${space ?? '(none)'}`, span: undefined };
  const winner = why.result.winner;
  // The headline names the winner (the notification shows it); then what the answer rests on, then the walk.
  return { text: [why.headline, ...why.gdb, ...why.assumed, 'Walk (render order):', ...why.walk].join('\n'), span: winner ? model.nameSpanOf.get(winner.mr) : undefined };
}

/**
 * The answer for an address typed by a user (`0x…` hex or decimal, blanks around it allowed) in the
 * address space `space` (default: the one gpa2hva uses); undefined when the text is not such a number.
 */
export function translateAnswer(model: MemoryModel, direction: TranslateDirection, address: string, space = model.gpaSpace): TranslateAnswer | undefined {
  const value = parseTypedAddress(address);
  if (value === undefined) return undefined;
  if (value === 'too-large') return { text: 'number too large', span: undefined };
  if (direction === 'gpa2hva') return gpaText(model, value, space);
  if (direction === 'hva2gpa') return hvaText(model, value);
  return whyText(model, value, space);
}
