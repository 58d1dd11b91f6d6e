import { formatSize } from '../../core/model/address';
import type { WireBlock, WireFlatRange, WireRegion } from '../../protocol';
import type { TreeNode } from './model-tree';

/** How a node looks, without the VS Code API: the tree providers turn this into a TreeItem. */
export interface NodeLook {
  readonly label: string;
  readonly description: string;
  /** Plain text (never Markdown: region names come from the document). */
  readonly tooltip: string;
  /** A codicon id. */
  readonly icon: string;
  /** Drawn in the disabled colour (a disabled region). */
  readonly dimmed: boolean;
  /** For `view/item/context` menus: `space`, `region`, `view`, `flatRange`, `block`, `block.hva`. */
  readonly contextValue: string;
}

/** Codicons for QEMU's region type words (`ram`, `rom`, `i/o`, `romd`, `ramd`, `alias`; `nv-` prefixes ignored). */
function typeIcon(type: string, container: boolean): string {
  switch (type.replace(/^nv-/, '')) {
    case 'alias':
      return 'link';
    case 'ram':
      return 'chip';
    case 'rom':
      return 'lock';
    case 'romd':
      return 'file-binary';
    case 'ramd':
      return 'vm';
    default:
      // QEMU prints pure containers as i/o too: the children tell them apart.
      return container ? 'symbol-namespace' : 'plug';
  }
}

/** Names shown in a label before "+N more" (PCI devices' bus-master spaces share one view by the dozen). */
const NAMES_IN_LABEL = 3;

/** `a, b, c +12 more`. */
function names(list: readonly string[]): string {
  const shown = list.slice(0, NAMES_IN_LABEL).join(', ');
  return list.length > NAMES_IN_LABEL ? `${shown} +${list.length - NAMES_IN_LABEL} more` : shown;
}

/** `0x…` → bigint, or undefined for anything else (the wire sends only `0x…`). */
function big(hex: string): bigint | undefined {
  return /^0x[0-9a-f]+$/i.test(hex) ? BigInt(hex) : undefined;
}

/** "128 MiB" for a `0x…` size. */
function size(hex: string): string {
  const v = big(hex);
  return v === undefined ? hex : formatSize(v);
}

/** `start–end` with the region's size. */
function span(start: string, end: string, sizeHex: string): string {
  return `${start}–${end} (${size(sizeHex)})`;
}

function regionLook(r: WireRegion): NodeLook {
  const hidden = big(r.visible) === 0n;
  const flags = [...(r.enabled ? [] : ['(disabled)']), ...(hidden ? ['hidden'] : [])];
  const alias = r.alias ? ` → ${r.alias.target}${big(r.alias.offset) ? ` +${r.alias.offset}` : ''}` : '';
  // From a gdb dump the type, priority and enabled flag are stand-ins: said so, not shown as facts.
  const tooltip = [
    `${r.name} (${r.type}${r.gdb ? '?' : ''})`,
    `${r.start}–${r.end}, size ${r.size} (${size(r.size)})`,
    r.gdb ?? `priority ${r.priority}${r.enabled ? '' : ', disabled'}`,
    ...(r.alias ? [`alias of ${r.alias.target} at offset ${r.alias.offset}`] : []),
    hidden ? 'hidden: no byte of it is visible in any flat view' : `visible bytes: ${r.visible} (${size(r.visible)})`,
    ...(r.children.length > 0 ? [`${r.children.length} subregion${r.children.length === 1 ? '' : 's'}`] : []),
  ].join('\n');
  return {
    label: r.name, description: [span(r.start, r.end, r.size) + alias, ...flags].join(' '), tooltip,
    icon: typeIcon(r.type, r.children.length > 0), dimmed: !r.enabled, contextValue: 'region',
  };
}

function flatLook(f: WireFlatRange, spaces: readonly string[]): NodeLook {
  const s = big(f.start);
  const e = big(f.end);
  const sizeHex = s !== undefined && e !== undefined ? '0x' + (e - s + 1n).toString(16) : '?';
  const offset = big(f.offset) ? ` @${f.offset}` : '';
  const type = f.gdb ? `${f.type}?` : f.type;
  return {
    label: f.name, description: `${f.start}–${f.end} ${type}${offset}`,
    tooltip: [f.gdb ? `${f.name} (${type})` : `${f.name} (${f.type}, priority ${f.priority})`, `${f.start}–${f.end}, size ${sizeHex} (${size(sizeHex)})`, `offset in ${f.name}: ${f.offset}`, `address spaces: ${spaces.join(', ')}`, ...(f.gdb ? [f.gdb] : [])].join('\n'),
    icon: typeIcon(f.type, false), dimmed: false, contextValue: 'flatRange',
  };
}

function blockLook(b: WireBlock): NodeLook {
  const used = b.used === b.max ? size(b.used) : `${size(b.used)} / ${size(b.max)}`;
  return {
    label: b.name, description: `@${b.offset} ${used} ${size(b.pageSize)} pages${b.hva ? ` HVA ${b.hva}` : ''}`,
    tooltip: [b.name, `ram_addr offset ${b.offset}`, `used ${b.used} (${size(b.used)}), max ${b.max} (${size(b.max)})`, `page size ${size(b.pageSize)}`, `HVA ${b.hva ?? 'unknown'}`].join('\n'),
    icon: 'database', dimmed: false, contextValue: b.hva ? 'block.hva' : 'block',
  };
}

/** The label, description, tooltip, icon and context value of any node. */
export function lookOf(node: TreeNode): NodeLook {
  switch (node.kind) {
    case 'space': {
      const root = node.children[0];
      const rootName = root?.kind === 'region' ? root.region.name : undefined;
      return {
        label: names(node.names), description: rootName ? `root: ${rootName}` : '(no region tree)',
        tooltip: `Address space${node.names.length === 1 ? '' : 's'} ${node.names.join(', ')}${rootName ? `\nroot region: ${rootName}` : ''}`,
        icon: 'symbol-structure', dimmed: false, contextValue: 'space',
      };
    }
    case 'region':
      return regionLook(node.region);
    case 'view': {
      const n = node.view.ranges.length;
      return {
        label: names(node.view.spaces), description: `root: ${node.view.root ?? '(none)'}, ${n} range${n === 1 ? '' : 's'}`,
        tooltip: `FlatView of ${node.view.spaces.join(', ')}\nroot region: ${node.view.root ?? '(none)'}\n${n} range${n === 1 ? '' : 's'}`,
        icon: 'list-flat', dimmed: false, contextValue: 'view',
      };
    }
    case 'flatRange':
      return flatLook(node.flat, node.spaces);
    case 'block':
      return blockLook(node.block);
  }
}
