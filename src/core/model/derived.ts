/**
 * Data derived from one owner (a memory model) on first use and kept with it: it is dropped with its
 * owner, and a new owner starts empty. Each kind of data is keyed by the module-level function that
 * builds it, so two modules never share a slot.
 */
export class DerivedData<Owner> {
  private readonly made = new Map<(owner: Owner) => unknown, unknown>();

  /** What `build` makes of `owner`, built on the first call and returned as is by every later one. */
  of<T>(build: (owner: Owner) => T, owner: Owner): T {
    if (this.made.has(build)) return this.made.get(build) as T;
    const value = build(owner);
    this.made.set(build, value);
    return value;
  }
}
