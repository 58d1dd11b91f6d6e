/**
 * Every node below `roots`, each before its children, in list order: the first root and all below it,
 * then the next. Iterative (input controls the depth). With `once`, a node reached again (a shared
 * child, a cycle) is listed and expanded only the first time.
 */
export function preorder<T>(roots: readonly T[], childrenOf: (node: T) => readonly T[], once = false): T[] {
  const out: T[] = [];
  const seen = once ? new Set<T>() : undefined;
  const stack: T[] = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push(roots[i] as T);
  while (stack.length > 0) {
    const node = stack.pop() as T;
    if (seen) {
      if (seen.has(node)) continue;
      seen.add(node);
    }
    out.push(node);
    const kids = childrenOf(node);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as T);
  }
  return out;
}
