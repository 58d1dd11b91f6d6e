import { firstNotBefore } from './arrays';

/**
 * Half-open intervals [start, end) sorted by start, with a max-end segment tree: the intervals that start
 * before a point and reach past another are found in O((k + 1) log n) for k of them.
 */
export class IntervalStab {
  private readonly starts: readonly bigint[];
  private readonly tree: bigint[];
  private readonly size: number;

  /** `intervals` must be sorted by start; index i below is the i-th of them. */
  constructor(intervals: readonly { readonly start: bigint; readonly end: bigint }[]) {
    this.starts = intervals.map((x) => x.start);
    let size = 1;
    while (size < intervals.length) size *= 2;
    this.size = size;
    this.tree = new Array<bigint>(2 * size).fill(-1n);
    intervals.forEach((x, i) => (this.tree[size + i] = x.end));
    for (let i = size - 1; i >= 1; i--) {
      const l = this.tree[2 * i] as bigint;
      const r = this.tree[2 * i + 1] as bigint;
      this.tree[i] = l > r ? l : r;
    }
  }

  /** How many intervals start at or before `at` (`orEqual`) or before it: the ones a query may return are below this index. */
  startingBefore(at: bigint, orEqual: boolean): number {
    return firstNotBefore(this.starts, orEqual ? (v) => v <= at : (v) => v < at);
  }

  /** The largest index below `limit` whose interval ends at or past `end`, or -1. */
  rightmostReaching(limit: number, end: bigint): number {
    return this.rightmost(1, 0, this.size - 1, limit - 1, end);
  }

  /** Every index below `limit` whose interval ends past `after`, highest first. */
  eachEndingAfter(limit: number, after: bigint, visit: (index: number) => void): void {
    // Iterative: an explicit stack of tree nodes (from, to) whose max end passes.
    const stack: [number, number, number][] = [[1, 0, this.size - 1]];
    while (stack.length > 0) {
      const [node, from, to] = stack.pop() as [number, number, number];
      if (from > limit - 1 || (this.tree[node] as bigint) <= after) continue;
      if (from === to) {
        visit(from);
        continue;
      }
      const mid = (from + to) >> 1;
      stack.push([2 * node, from, mid], [2 * node + 1, mid + 1, to]);
    }
  }

  private rightmost(node: number, from: number, to: number, last: number, end: bigint): number {
    if (last < from || (this.tree[node] as bigint) < end) return -1;
    if (from === to) return from;
    const mid = (from + to) >> 1;
    const right = this.rightmost(2 * node + 1, mid + 1, to, last, end);
    return right >= 0 ? right : this.rightmost(2 * node, from, mid, last, end);
  }
}
