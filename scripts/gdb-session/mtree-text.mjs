// Reading `info mtree -D` and `info mtree -f` text for scripts/derive-gdb-fixtures.mjs: region trees
// with what the gdb walk needs (list position, disabled, alias target, the zero-size rule), views with
// their address spaces. Strict: text that is not QEMU's throws.

/**
 * Regions whose `info mtree` line `X-X` means size 0, not 1 (the two print the same). These are the
 * PCI bridge window aliases of a closed or unprogrammed window and q35's TSEG regions while TSEG is
 * off; every other `X-X` line is a one-byte region (I/O ports such as i8042-data). A derivation.
 */
export const ZERO_SIZED_NAMES = new Set(['pci_bridge_io', 'pci_bridge_mem', 'pci_bridge_pref_mem', 'tseg-blackhole', 'tseg-window']);

const REGION = /^( *)([0-9a-f]{16})-([0-9a-f]{16}) \(prio (-?\d+), (nv-)?([a-z/]+)\): (.*)$/;
const ALIAS = /^alias (.*) @(.*) ([0-9a-f]{16})-([0-9a-f]{16})$/;

/**
 * @typedef {{ name: string, start: bigint, size: bigint, priority: number, type: string, disabled: boolean,
 *   alias: { target: string, offset: bigint } | undefined, children: Node[], parent: Node | undefined,
 *   order: number, line: number, kids?: Node[], container?: Node | undefined }} Node
 */

/** A region line's size: END - START + 1, or 0 for the known zero-sized names. */
function sizeOf(name, start, last) {
  if (last === start && ZERO_SIZED_NAMES.has(name)) return 0n;
  return last - start + 1n;
}

/** The groups (address spaces sharing a root) and memory-region sections of `info mtree -D`. */
export function parseMtreeTree(text) {
  const lines = text.split('\n');
  const groups = [];
  const sections = [];
  let i = 0;
  const readTree = (what) => {
    const stack = [];
    let root;
    let order = 0;
    for (; i < lines.length && lines[i] !== ''; i++) {
      const m = REGION.exec(lines[i]);
      if (!m) throw new Error(`mtree line ${i + 1}: not a region line: ${lines[i]}`);
      const depth = m[1].length / 2 - 1;
      if (!Number.isInteger(depth) || depth < 0 || depth > stack.length) throw new Error(`mtree line ${i + 1}: bad indentation (${what})`);
      let body = m[7];
      const disabled = body.endsWith(' [disabled]');
      if (disabled) body = body.slice(0, -' [disabled]'.length);
      const a = ALIAS.exec(body);
      const name = a ? a[1] : body;
      const start = BigInt('0x' + m[2]);
      const node = {
        name, start, size: sizeOf(name, start, BigInt('0x' + m[3])), priority: Number(m[4]), type: (m[5] ?? '') + m[6], disabled,
        alias: a ? { target: a[2], offset: BigInt('0x' + a[3]) } : undefined, children: [], parent: undefined, order: order++, line: i + 1,
      };
      stack.length = depth;
      const parent = stack[depth - 1];
      if (parent) {
        node.parent = parent;
        parent.children.push(node);
      } else if (root) throw new Error(`mtree line ${i + 1}: a second top-level region in ${what}`);
      else root = node;
      stack.push(node);
    }
    return root;
  };
  while (i < lines.length) {
    if (lines[i] === '') {
      i++;
    } else if (lines[i].startsWith('address-space: ')) {
      const spaces = [];
      for (; lines[i]?.startsWith('address-space: '); i++) spaces.push(lines[i].slice('address-space: '.length));
      groups.push({ spaces, root: readTree(`address-space ${spaces.join(', ')}`) });
    } else if (lines[i].startsWith('memory-region: ')) {
      const name = lines[i].slice('memory-region: '.length);
      i++;
      sections.push({ name, root: readTree(`memory-region ${name}`) });
    } else throw new Error(`mtree line ${i + 1}: unexpected text: ${lines[i]}`);
  }
  return { groups, sections };
}

// ---------------------------------------------------------------------------------------------
// Reading info mtree -f

const FLAT_RANGE = /^ {2}([0-9a-f]{16})-([0-9a-f]{16}) \(prio (-?\d+), (nv-)?([a-z/]+)\): (.*?)(?: @([0-9a-f]{16}))?$/;
const AS_LINE = /^ AS "(.*)", root: (.*?)(?:, alias (.*))?$/;

/** The views of `info mtree -f`: which address spaces share each, its root, its ranges. */
export function parseMtreeFlat(text) {
  const lines = text.split('\n');
  const views = [];
  let v;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') {
      v = undefined;
      continue;
    }
    if (line.startsWith('FlatView #')) {
      v = { number: Number(line.slice('FlatView #'.length)), spaces: [], rootName: undefined, ranges: [], unrendered: false, line: i + 1 };
      views.push(v);
      continue;
    }
    if (!v) throw new Error(`mtree -f line ${i + 1}: text outside a view: ${line}`);
    const as = AS_LINE.exec(line);
    if (as) {
      v.spaces.push({ name: as[1], root: as[2] });
      continue;
    }
    if (line.startsWith(' Root memory region: ')) {
      v.rootName = line.slice(' Root memory region: '.length);
      continue;
    }
    if (line === '  No rendered FlatView') {
      v.unrendered = true;
      continue;
    }
    const r = FLAT_RANGE.exec(line);
    if (!r) throw new Error(`mtree -f line ${i + 1}: not a range line: ${line}`);
    v.ranges.push({ start: BigInt('0x' + r[1]), last: BigInt('0x' + r[2]), name: r[6], offset: r[7] ? BigInt('0x' + r[7]) : 0n });
  }
  return views;
}

