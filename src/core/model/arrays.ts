/**
 * Appends every item to `target`, one push each: `target.push(...items)` passes the items as call
 * arguments, which overflows the call stack once a list has some 100k entries (a view of a big capture).
 */
export function pushAll<T>(target: T[], items: readonly T[]): T[] {
  for (const item of items) target.push(item);
  return target;
}
