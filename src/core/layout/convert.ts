import { ROOT_KEYWORD, SPACE_KEYWORD } from './keywords';
import type { Capture } from '../model/capture';
import type { Issue } from '../model/issues';
import { makeIssue } from '../model/issues';
import type { CaptureMachine } from '../engine/from-capture';
import type { AddressSpace } from '../engine/machine';
import type { Mr, MrKind } from '../engine/mr';
import { memoryModelFromCapture } from '../engine/memory-model';
import { walkRegions } from '../engine/walk';
import { spanKey } from '../model/span';
import { pushAll, pushTo } from '../model/arrays';
import type { TreeSelection } from './convert-select';
import { selectTrees } from './convert-select';
import { refOf, regionIds } from './convert-ids';
import { writeTree } from './convert-emit';
import { ramblockLines } from './convert-ramblocks';
import { layoutName } from './names';

export { layoutSize } from './convert-numbers';
export { insertionOrder } from './convert-emit';

/** Options of captureToLayout. */
export interface ConvertOptions {
  /** What the capture was read from (a file name), for the header comment. */
  readonly source?: string;
}

/** A layout written from a capture, with the facts the capture left open as issues (spans point into the capture). */
export interface ConvertResult {
  readonly text: string;
  readonly issues: Issue[];
}

/**
 * Kinds for regions that print as i/o and never render (no enabled path from an address space leads
 * to them): the captured flat view cannot tell an I/O region from a container for them, so the
 * reflattening called them containers. As without a flat view, a leaf is taken as an I/O region
 * (a blackhole, a device's registers) and a region with subregions as a container; each tree's
 * guesses get one RF011 or RF002 hint. Rendering is the same either way.
 */
function unrenderedKinds(built: CaptureMachine, trees: readonly Mr[], canonical: (mr: Mr) => Mr, issues: Issue[]): Map<Mr, MrKind> {
  // Regions rendering can reach: enabled all the way down from a root, through aliases too.
  const lit = new Set<Mr>();
  const stack: Mr[] = built.machine.spaces.flatMap((s) => (s.root ? [canonical(s.root)] : []));
  while (stack.length > 0) {
    const mr = stack.pop() as Mr;
    if (lit.has(mr) || !mr.enabled) continue;
    lit.add(mr);
    if (mr.alias) stack.push(canonical(mr.alias));
    pushAll(stack, mr.subregions);
  }
  const kinds = new Map<Mr, MrKind>();
  for (const root of trees) {
    const leaves: Mr[] = [];
    const containers: Mr[] = [];
    for (const mr of walkRegions([root])) {
      const node = built.nodeOfMr.get(mr);
      if (lit.has(mr) || !node || mr.alias || node.type !== 'i/o' || (mr.kind !== 'io' && mr.kind !== 'container')) continue;
      const kind: MrKind = mr.subregions.length === 0 ? 'io' : 'container';
      kinds.set(mr, kind);
      (kind === 'io' ? leaves : containers).push(mr);
    }
    const rootNode = built.nodeOfMr.get(root);
    const note = (code: 'RF002' | 'RF011', list: Mr[]): void => {
      if (list.length === 0 || !rootNode) return;
      const related = list.flatMap((mr) => {
        const n = built.nodeOfMr.get(mr);
        return n ? [{ span: n.nameSpan, message: mr.name }] : [];
      });
      issues.push(makeIssue(code, rootNode.nameSpan, { count: String(list.length) }, { related }));
    };
    note('RF011', leaves);
    note('RF002', containers);
  }
  return kinds;
}

/** A short description of what the capture holds, for the header. */
function describeCapture(c: Capture): string {
  const what: string[] = [];
  for (const s of c.sections) {
    let name: string;
    switch (s.kind) {
      case 'mtree':
        name = `info mtree${s.flags.owners ? ' -o' : ''}${s.flags.disabled ? ' -D' : ''}`;
        break;
      case 'flatview':
        name = 'info mtree -f';
        break;
      case 'ramblock':
        name = 'info ramblock';
        break;
      case 'gpa2hva':
        name = 'gpa2hva';
        break;
      case 'trace':
        name = 'find_ram_offset trace';
        break;
      default:
        continue;
    }
    if (!what.includes(name)) what.push(name);
  }
  return what.join(', ');
}

/** The header comment: where the layout comes from and how to read it. */
function headerLines(c: Capture, options: ConvertOptions, fromGdb: boolean): string[] {
  const holds = describeCapture(c);
  const out: string[] = [
    `# Converted by qemu-memmap from ${options.source ?? 'a capture'}${holds ? ` (${holds})` : ''}.`,
    '# Subregions are listed from the highest address down: siblings are added in file order and, among',
    "# equal priorities, the last one added comes first, so this order rebuilds QEMU's subregion lists.",
  ];
  if (fromGdb) {
    out.push(
      '# From gdb dumps, which print names and ranges only: every region is written as enabled; "order" keeps',
      "# QEMU's list order (the dump's print order), not priorities; types are QEMU's source's for the name where",
      '# it makes it one way (else io, or container for regions with subregions); alias targets are not dumped.',
    );
  }
  return out;
}

/** One comment per printed tree not written where it was printed: unreached, or written inside another tree. */
function selectionNotes(built: CaptureMachine, sel: TreeSelection, spacesOf: ReadonlyMap<Mr, string[]>): string[] {
  const out: string[] = [];
  /** The first address space of each root (its header is where the capture printed the tree). */
  const firstSpaceOf = new Map<Mr, AddressSpace>();
  for (const as of built.machine.spaces) if (as.root && !firstSpaceOf.has(as.root)) firstSpaceOf.set(as.root, as);
  for (const t of sel.dropped) {
    out.push(`# Not converted: memory-region: ${t.node.name} (capture line ${t.node.span.line + 1}): no address space or alias reaches it.`);
  }
  for (const t of built.trees) {
    const into = sel.merged.get(t.mr);
    const home = into ? sel.canonical(sel.treeOf.get(into) as Mr) : undefined;
    if (!into || !home) continue;
    const header = firstSpaceOf.get(t.mr)?.span;
    const what = header ? `address-space: ${(spacesOf.get(t.mr) ?? []).join(', ')} (capture line ${header.line + 1}): its root` : `memory-region: ${t.node.name} (capture line ${t.node.span.line + 1})`;
    out.push(`# ${what} is the ${into.name} inside ${home.name}: written once, there.`);
  }
  return out;
}

/**
 * Writes a layout that rebuilds a capture's memory model: every region of the reflattened tree with its
 * kind, address, size, priority and flags, subregions in an order that reproduces QEMU's lists, the
 * address spaces in creation order and the RAMBlocks so that creating them in file order gives the
 * captured offsets. Undefined when the capture has no `info mtree` tree.
 */
export function captureToLayout(c: Capture, options: ConvertOptions = {}): ConvertResult | undefined {
  // One reflattening serves the tree, the RF issues and the host bases.
  const model = memoryModelFromCapture(c);
  const built = model?.built;
  if (!model || !built) return undefined;
  const spaces = built.machine.spaces;
  const sel = selectTrees(built);
  const { trees, canonical } = sel;
  const idOf = regionIds(trees.flatMap((t) => sel.members.get(t.mr) ?? []), spaces, canonical);
  const issues = model.issues.filter((i) => i.code.startsWith('RF'));
  const kindOf = unrenderedKinds(built, trees.map((t) => t.mr), canonical, issues);
  // The facts neither the text nor QEMU's source settles where they matter (RF001, RF002, RF011): said again beside the region.
  const open = new Map(model.issues.filter((i) => i.code === 'RF001' || i.code === 'RF002' || i.code === 'RF011').map((i) => [spanKey(i.span), i.code]));
  const cx = { built, kindOf, idOf, canonical, unresolved: new Set(built.unresolved), open, issues };

  const out = headerLines(c, options, built.fromGdb);
  const headerEnd = out.length;
  const spacesOf = new Map<Mr, string[]>();
  for (const as of spaces) if (as.root) pushTo(spacesOf, as.root, as.name);
  pushAll(out, selectionNotes(built, sel, spacesOf));
  let ordered = false;
  for (const t of trees) {
    out.push('');
    const names = spacesOf.get(t.mr);
    out.push(names ? `# address-space: ${names.join(', ')}` : `# memory-region: ${t.node.name}`);
    if (writeTree(t.mr, cx, out)) ordered = true;
  }
  if (ordered) out.splice(headerEnd, 0, '# "order" marks equal-priority siblings that overlap in QEMU: the one added last wins there.');
  if (spaces.length > 0) out.push('');
  for (const as of spaces) {
    if (as.root) out.push(`${SPACE_KEYWORD} ${layoutName(as.name)} ${ROOT_KEYWORD} ${refOf(idOf, canonical(as.root))}`);
    else out.push(`# ${SPACE_KEYWORD} ${layoutName(as.name)}: the capture prints no root region for it`);
  }
  pushAll(out, ramblockLines(c, model));
  return { text: out.join('\n') + '\n', issues };
}
