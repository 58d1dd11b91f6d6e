import type { Mr } from './mr';

/**
 * A read-only map from the regions of one rebuilt machine to values, kept in arrays indexed by the
 * regions' ids: a capture's machine numbers its regions densely, so this costs two array slots per
 * region where a Map would hash every one. A region of another machine that shares an id is not a key.
 */
export class RegionTable<V> implements ReadonlyMap<Mr, V> {
  /**
   * @param regions the keys, at their ids (holes are slots of regions without a value)
   * @param valueAt the value of the region at an id, undefined for none
   * @param hasAt whether the region at an id has a value, without making it (values may be made on each read)
   */
  constructor(
    private readonly regions: readonly (Mr | undefined)[],
    private readonly valueAt: (id: number) => V | undefined,
    private readonly hasAt: (id: number) => boolean = (id) => valueAt(id) !== undefined,
  ) {}

  /** The same keys with values derived from this table's (no copy is made). */
  derive<W>(f: (v: V) => W): RegionTable<W> {
    return new RegionTable(this.regions, (id) => {
      const v = this.valueAt(id);
      return v === undefined ? undefined : f(v);
    }, this.hasAt);
  }

  get(mr: Mr): V | undefined {
    return this.regions[mr.id] === mr ? this.valueAt(mr.id) : undefined;
  }

  has(mr: Mr): boolean {
    return this.regions[mr.id] === mr && this.hasAt(mr.id);
  }

  get size(): number {
    let n = 0;
    for (let id = 0; id < this.regions.length; id++) if (this.regions[id] && this.hasAt(id)) n++;
    return n;
  }

  *entries(): MapIterator<[Mr, V]> {
    for (let id = 0; id < this.regions.length; id++) {
      const mr = this.regions[id];
      const v = mr ? this.valueAt(id) : undefined;
      if (mr && v !== undefined) yield [mr, v];
    }
  }

  *keys(): MapIterator<Mr> {
    for (let id = 0; id < this.regions.length; id++) {
      const mr = this.regions[id];
      if (mr && this.hasAt(id)) yield mr;
    }
  }

  *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): MapIterator<[Mr, V]> {
    return this.entries();
  }

  forEach(f: (value: V, key: Mr, map: ReadonlyMap<Mr, V>) => void): void {
    for (const [mr, v] of this.entries()) f(v, mr, this);
  }
}
