/**
 * Appends every item to `target`, one push each: `target.push(...items)` passes the items as call
 * arguments, which overflows the call stack once a list has some 100k entries (a view of a big capture).
 */
export function pushAll<T>(target: T[], items: readonly T[]): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** Appends `value` to the list `map` holds under `key`, creating the list on first use (no copy: linear in all). */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Sets a slot of an array, filling any gap before it so that the array stays dense (no dictionary mode). */
export function setDense<T>(a: (T | undefined)[], i: number, v: T): void {
  while (a.length < i) a.push(undefined);
  a[i] = v;
}

/** Index of the first element of `sorted` for which `before(x)` is false (sorted.length when none): binary search. */
export function firstNotBefore<T>(sorted: readonly T[], before: (x: T) => boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(sorted[mid] as T)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
