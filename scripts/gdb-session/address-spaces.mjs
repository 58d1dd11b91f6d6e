// Address spaces for scripts/derive-gdb-fixtures.mjs: which `info mtree -f` view each address space
// of `info mtree -D` uses, and the order of QEMU's address_spaces list.

/** All region names a tree can show in a view: its regions and their alias targets. */
function namesIn(root) {
  const names = new Set();
  const stack = [root];
  while (stack.length > 0) {
    const n = stack.pop();
    names.add(n.name);
    if (n.alias) names.add(n.alias.target);
    stack.push(...n.children);
  }
  return names;
}

/** Whether anything under the root can render: a disabled subregion hides its whole subtree. */
function hasEnabledContent(root) {
  return root.children.some((n) => !n.disabled);
}

/** How well view `v` fits the tree of `root` (used only when names repeat). */
function fit(root, v) {
  if (v.unrendered) return hasEnabledContent(root) ? 0 : 1;
  const names = namesIn(root);
  const end = root.start + root.size;
  let s = 0;
  for (const r of v.ranges) {
    if (names.has(r.name)) s += 2;
    if (r.start >= root.start && r.last < end) s += 1;
  }
  return s;
}

function permutations(n) {
  if (n === 0) return [[]];
  const out = [];
  for (const p of permutations(n - 1)) for (let k = 0; k <= p.length; k++) out.push([...p.slice(0, k), n - 1, ...p.slice(k)]);
  return out;
}

/**
 * Matches every address space of the tree text to its slot in the flat text. Names can repeat
 * (two virtio-pci-cfg-mem-as, two pci_bridge_pci_io); then the view whose ranges fit the tree best wins.
 */
export function assignViews(spaces, views) {
  const slots = new Map();
  views.forEach((v, vi) => v.spaces.forEach((s, si) => {
    const key = `${s.name}\0${s.root}`;
    if (!slots.has(key)) slots.set(key, []);
    slots.get(key).push({ vi, si });
  }));
  const byKey = new Map();
  for (const sp of spaces) {
    const key = `${sp.name}\0${sp.group.root.name}`;
    if (!byKey.has(key)) byKey.set(key, []);
    byKey.get(key).push(sp);
  }
  for (const [key, list] of byKey) {
    const free = slots.get(key) ?? [];
    if (free.length !== list.length) throw new Error(`address space ${key.replace('\0', ' root ')}: ${list.length} in mtree-D, ${free.length} in mtree-f`);
    if (list.length === 1 || new Set(free.map((f) => f.vi)).size === 1) {
      list.forEach((sp, k) => Object.assign(sp, free[k]));
      continue;
    }
    if (list.length > 6) throw new Error(`address space ${key}: too many of the same name to match`);
    let best;
    let bestScore = -1;
    let tie = false;
    for (const p of permutations(list.length)) {
      const score = p.reduce((acc, slot, k) => acc + fit(list[k].group.root, views[free[slot].vi]), 0);
      const sameViews = best && p.every((slot, k) => free[slot].vi === free[best[k]].vi);
      if (score > bestScore) {
        best = p;
        bestScore = score;
        tie = false;
      } else if (score === bestScore && !sameViews) tie = true;
    }
    if (tie) throw new Error(`address space ${key}: cannot tell which view belongs to which (${list.length} of them)`);
    list.forEach((sp, k) => Object.assign(sp, free[best[k]]));
  }
}

/**
 * The address_spaces list order: info mtree's order, except that the address spaces of each -f view
 * keep that view's relative order (QEMU lists a view's address spaces in address_spaces order). A
 * stable topological sort: each step takes the earliest (in info mtree order) address space whose
 * predecessors in its view are all placed.
 */
export function listOrderOfSpaces(spaces, views) {
  const members = views.map(() => []);
  for (const sp of spaces) members[sp.vi][sp.si] = sp;
  const placedInView = views.map(() => 0);
  const out = [];
  const left = new Set(spaces);
  while (left.size > 0) {
    let pick;
    for (const sp of spaces) if (left.has(sp) && placedInView[sp.vi] === sp.si) {
      pick = sp;
      break;
    }
    if (!pick) throw new Error('address-space order: no candidate');
    out.push(pick);
    left.delete(pick);
    placedInView[pick.vi]++;
  }
  return out;
}

