// The gdb script's walk over a region tree, for scripts/derive-gdb-fixtures.mjs: subregions in
// QEMU's list order, the container a root is mapped in, and where the walk goes past the root.

const U64 = (1n << 64n) - 1n;

/** Children in the order of QEMU's subregion list as far as the text tells (RULES.siblingOrder). */
function listOrder(children) {
  return children.slice().sort((a, b) => b.priority - a.priority || (a.start === b.start ? a.order - b.order : a.start > b.start ? -1 : 1));
}

/** Gives every node of the tree `kids` (its children in list order) and `container` (its parent), as the walk reads them. */
export function prepare(root) {
  const stack = [root];
  while (stack.length > 0) {
    const n = stack.pop();
    n.kids = listOrder(n.children);
    n.container = n.parent;
    stack.push(...n.kids);
  }
}

/** The offset inside the parent, as mr->addr holds it (a root's own mr->addr is what info mtree printed). */
export const relAddr = (n) => (n.parent ? (n.start - n.parent.start) & U64 : n.start);

/** Name, offset, size, priority and the same of every descendant: what tells one printed MR from another. */
function signature(n) {
  const parts = [];
  const stack = [[n, 0]];
  while (stack.length > 0) {
    const [x, d] = stack.pop();
    parts.push(`${d}|${x.name}|${x === n ? '' : relAddr(x)}|${x.size}|${x.priority}|${x.alias ? `${x.alias.target}@${x.alias.offset}` : ''}|${x.disabled}`);
    for (let k = x.children.length - 1; k >= 0; k--) stack.push([x.children[k], d + 1]);
  }
  return parts.join('\n');
}

/**
 * An address-space root that is also mapped inside another region (QEMU 10's device-memory and
 * virtio-pci-cfg-mem-as roots, arm's `system` inside `secure-memory`): finds that container among
 * the other printed trees, so the walk can be followed past the root like gdb would.
 */
export function findContainer(root, trees) {
  const want = signature(root);
  const found = [];
  for (const t of trees) {
    if (t === root) continue;
    const stack = [...t.children];
    while (stack.length > 0) {
      const n = stack.pop();
      stack.push(...n.children);
      if (n.name !== root.name || n.alias || relAddr(n) !== root.start || n.size !== root.size || n.priority !== root.priority) continue;
      if (signature(n) === want) found.push(n);
    }
  }
  if (found.length === 0) return undefined;
  // The same MR can be printed in several trees (e.g. under `system` and in a memory-region section):
  // every copy must agree on what follows it, or the container is ambiguous.
  const next = (n) => {
    const kids = n.parent.kids;
    const k = kids.indexOf(n);
    return `${n.parent.name}|${kids[k + 1]?.name ?? ''}|${kids[k + 1] ? relAddr(kids[k + 1]) : ''}`;
  };
  const keys = new Set(found.map(next));
  if (keys.size > 1) throw new Error(`root ${root.name}: found in ${found.length} containers that disagree`);
  return found[0];
}

/**
 * The script's iterative walk, over `kids` (list order) and `container`: first subregion, else next
 * sibling, else climb to the first container (the root included) that has a next sibling. Lines
 * inside the root's subtree go to `lines`. When the walk leaves the subtree (it only stops on
 * reaching the root itself or a NULL pointer), it is followed until it would print at a negative
 * indent, where the script's indentation loop never ends.
 */
export function walk(root, stand) {
  // `stand` is the root's copy inside its container (another printed tree): the same MR.
  const same = (n) => n === root || (stand !== undefined && n === stand);
  const containerOf = (n) => (same(n) ? stand?.parent : n.container);
  const nextOf = (n) => {
    const m = same(n) ? stand : n;
    const c = m?.container;
    return c ? c.kids[c.kids.indexOf(m) + 1] : undefined;
  };
  const lines = [{ node: root, level: 0 }];
  let level = 1;
  let pmr = root.kids[0];
  let escape;
  while (pmr && !same(pmr)) {
    if (!escape) lines.push({ node: pmr, level });
    else if (level < 0) {
      escape.hangsAt = { name: pmr.name, level };
      break;
    } else escape.more++;
    if (pmr.kids.length > 0) {
      level++;
      pmr = pmr.kids[0];
    } else if (nextOf(pmr)) {
      pmr = nextOf(pmr);
    } else {
      // "go back to uncle": climb until a container has a next sibling, or the root is reached.
      while (containerOf(pmr) && !same(pmr)) {
        level--;
        const c = containerOf(pmr);
        const n = nextOf(c);
        if (n) {
          if (same(c)) escape = { container: stand.parent.name, nextSibling: n.name, more: 0, hangsAt: undefined };
          pmr = n;
          break;
        }
        pmr = c;
      }
    }
  }
  return { lines, escape };
}

