import type { Mr } from '../engine/mr';

/**
 * Numbers for subtree shapes: two subtrees get the same number when they print alike (names,
 * addresses, sizes, priorities, enabled flags, alias targets and offsets, all the way down). Computed
 * bottom-up once per region with interned keys, so the whole forest costs linear time; one instance
 * serves both sides of a diff, so equal numbers mean equal shapes across them.
 */
export class Shapes {
  private readonly keys = new Map<string, number>();
  private readonly shapeOf = new Map<Mr, number>();

  /** The shape of the subtree at `root`. */
  of(root: Mr): number {
    const known = this.shapeOf.get(root);
    if (known !== undefined) return known;
    const entered = new Set<Mr>();
    const stack: [Mr, boolean][] = [[root, false]];
    while (stack.length > 0) {
      const [mr, ready] = stack.pop() as [Mr, boolean];
      if (this.shapeOf.has(mr)) continue;
      if (!ready) {
        // A region met again before it is done would be a cycle: it gets a shape of its own below.
        if (entered.has(mr)) continue;
        entered.add(mr);
        stack.push([mr, true]);
        for (const c of mr.subregions) if (!this.shapeOf.has(c)) stack.push([c, false]);
        continue;
      }
      this.shapeOf.set(mr, this.intern(`${own(mr)}|${priorityOf(mr)}|${this.children(mr)}`));
    }
    return this.shapeOf.get(root) as number;
  }

  /**
   * The shape without the root's own priority and enabled flag: a `memory-region:` section prints its
   * root with its own, while the tree the region sits in prints it where it is placed.
   */
  bare(root: Mr): number {
    this.of(root);
    return this.intern(`${own(root)}|bare|${this.children(root)}`);
  }

  private children(mr: Mr): string {
    return mr.subregions.map((c) => this.shapeOf.get(c) ?? -1).join(',');
  }

  private intern(key: string): number {
    let id = this.keys.get(key);
    if (id === undefined) {
      id = this.keys.size;
      this.keys.set(key, id);
    }
    return id;
  }
}

function own(mr: Mr): string {
  return `${mr.name}|${mr.addr}|${mr.size}|${mr.kind}|${mr.readonly}|${mr.romd}|${mr.nonvolatile}|${mr.alias?.name ?? ''}|${mr.aliasOffset}`;
}

function priorityOf(mr: Mr): string {
  return `${mr.priority}|${mr.enabled}`;
}
