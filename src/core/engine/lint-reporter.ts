import type { RamBlockRow } from '../model/capture';
import type { Issue, IssueCode, RelatedSpan, Severity } from '../model/issues';
import { makeIssue } from '../model/issues';
import type { Span } from '../model/span';
import type { Machine } from './machine';
import type { Mr } from './mr';
import type { ComputedView } from './views';

/** What the lint looks at: a machine, its computed views, its RAMBlocks and how to point at a region. */
export interface LintInput {
  readonly machine: Machine;
  /** computeViews(machine) (or the views a capture's model was built with). */
  readonly views: readonly ComputedView[];
  /** RAMBlock rows with their spans (for a capture: the rows of one `info ramblock` table). */
  readonly blocks: readonly RamBlockRow[];
  /** Where to report about a region (its name); regions without a span are not reported on. */
  readonly spanOf: (mr: Mr) => Span | undefined;
  /** True when the region's insertion order among its siblings is stated (a layout's `order`). */
  readonly explicitOrder: (mr: Mr) => boolean;
  /** The page size of a RAM region; default: the page size of its RAMBlock, else 4 KiB. */
  readonly pageSizeOf?: (mr: Mr) => bigint | undefined;
  /**
   * 'capture' for a machine rebuilt from QEMU's own output: rules about states QEMU reaches on its own
   * (zero-sized regions such as unprogrammed bridge windows) are left out. Default 'layout'.
   */
  readonly origin?: 'layout' | 'capture';
  /**
   * True for a region printed as `X-X`, which QEMU prints alike for zero bytes and one (a closed bridge
   * window): it is not said to overlap anything by one byte.
   */
  readonly sizeAmbiguous?: (mr: Mr) => boolean;
  /**
   * Issues already reported on the document (parse, build, reflatten), so one mistake gives one
   * diagnostic: nothing is reported about a region whose name already carries an error (LP009 for a
   * missing size, RF007 for a capture's alias cycle), nor LY109 where the address space's declaration
   * does (LP005, LC001, LC002, MT010).
   */
  readonly reported?: readonly Issue[];
}

/** Builds issues for regions, dropping those about regions nobody can point at (capture stand-ins). */
export class Reporter {
  /**
   * Who a region is. A capture prints one QEMU region once per tree that reaches it and again as the
   * `memory-region:` section of an alias target (`pci` under `system` and as its own section), and the
   * rebuilt machine has one object per printed line: there, copies that print alike are one region.
   */
  readonly id: (mr: Mr) => unknown;

  /** Positions of errors already reported: a region with one is explained there first. */
  private readonly explained: Set<string>;

  /** @param regions every region the lint looks at (render paths of the views reach no others). */
  constructor(readonly input: LintInput, readonly out: Issue[], regions: readonly Mr[]) {
    this.id = input.origin === 'capture' ? printedIdentity(regions) : (mr) => mr;
    this.explained = new Set((input.reported ?? []).filter((i) => i.severity === 'error').map((i) => `${i.span.line}:${i.span.col}`));
  }

  /** A related location for another region, when it has a span. */
  related(mr: Mr, message: string): RelatedSpan[] {
    const span = this.input.spanOf(mr);
    return span ? [{ span, message }] : [];
  }

  /**
   * Reports `code` at the region's name; false when the region has no span, or when an error is already
   * reported there (a missing size is LP009, not also a zero-sized region; a capture's cycle is RF007).
   */
  region(code: IssueCode, mr: Mr, args: Record<string, string>, extra: { related?: RelatedSpan[]; unnecessary?: boolean; severity?: Severity } = {}): boolean {
    const span = this.input.spanOf(mr);
    if (!span || this.explained.has(`${span.line}:${span.col}`)) return false;
    this.out.push(makeIssue(code, span, args, extra));
    return true;
  }
}

/**
 * A capture region's identity: what its line prints (lint changes no region). Only regions whose name
 * is printed more than once can print alike, so only they get a key; the others are themselves.
 */
function printedIdentity(regions: readonly Mr[]): (mr: Mr) => unknown {
  const names = new Set<string>();
  let repeated: Set<string> | undefined;
  for (const mr of regions) {
    if (names.has(mr.name)) (repeated ??= new Set()).add(mr.name);
    else names.add(mr.name);
  }
  if (!repeated) return (mr) => mr;
  const keys = new Map<Mr, string>();
  for (const mr of regions) {
    if (repeated.has(mr.name)) keys.set(mr, `${mr.name}\n${mr.kind}\n${mr.size}\n${mr.addr}\n${mr.priority}\n${mr.alias?.name ?? ''}\n${mr.aliasOffset}`);
  }
  return (mr) => keys.get(mr) ?? mr;
}
