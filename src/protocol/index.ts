/**
 * The one place where the wire protocol between the language server, the VS Code client and the map
 * webview is typed. Method names are written here only; both sides import them.
 * Addresses travel as `0x…` strings: JSON has no 64-bit integers.
 */

import { Commands } from './ids';

export * from './ids';

/** A 0-based line/character range, as in LSP. */
export interface WireRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** One region of the tree views. */
export interface WireRegion {
  name: string;
  type: string;
  start: string;
  end: string;
  size: string;
  priority: number;
  enabled: boolean;
  alias?: { target: string; offset: string };
  /** Bytes of it visible in any flat view (0 = wholly hidden). */
  visible: string;
  /** From a gdb dump: what it says of the region (its rank) and that `type`, `priority`, `enabled` and alias are stand-ins. */
  gdb?: string;
  range: WireRange | undefined;
  children: WireRegion[];
}

/** One flat range. */
export interface WireFlatRange {
  start: string;
  end: string;
  name: string;
  offset: string;
  type: string;
  priority: number;
  /** From a dumped gdb view: how the range was named; `type` and `priority` are stand-ins. */
  gdb?: string;
  range: WireRange | undefined;
}

/** One FlatView with the address spaces sharing it. */
export interface WireView {
  spaces: string[];
  root: string | undefined;
  ranges: WireFlatRange[];
}

/** One RAMBlock in ram_list order. */
export interface WireBlock {
  name: string;
  offset: string;
  used: string;
  max: string;
  pageSize: string;
  hva: string | undefined;
  range: WireRange | undefined;
}

/** Everything the client's views show for one document. */
export interface WireModel {
  uri: string;
  version: number;
  kind: 'capture' | 'layout';
  spaces: { names: string[]; root: WireRegion | undefined }[];
  views: WireView[];
  blocks: WireBlock[];
  gpaSpace: string | undefined;
}

/** Client → server: the model for the tree views of a document. */
export namespace ModelRequest {
  export const method = 'qemuMemmap/model';
  export interface Params {
    uri: string;
  }
  export type Result = WireModel | null;
}

/** Client → server: the reflattened views next to the captured ones, and their differences. */
export namespace ReflattenRequest {
  export const method = 'qemuMemmap/reflatten';
  export interface Params {
    uri: string;
  }
  export interface Result {
    /** The recomputed views in `info mtree -f` format. */
    text: string;
    /** Per address-space set: lines only the engine printed, lines only the capture printed. */
    differences: { spaces: string; onlyComputed: string[]; onlyCaptured: string[] }[];
    /** False when the document holds no captured flat view to compare with. */
    compared: boolean;
    /** Ranges of the recomputed views that rest on a fact neither the text nor QEMU's source settles (RF001, RF002, RF011), with what was assumed. */
    assumptions: { spaces: string; line: string; notes: string[] }[];
  }
}

/** Client → server: a layout that rebuilds a capture's memory model ("Convert to Layout"). */
export namespace ConvertRequest {
  export const method = 'qemuMemmap/convert';
  export interface Params {
    uri: string;
    /** The document's text (the server's own analysis serves when it has the same; a plain-text file it does not serve is analysed from this). */
    text: string;
    /** What the layout's header comment says it was converted from (the file's name). */
    source: string;
  }
  /** null when the document holds no `info mtree` tree to convert. */
  export type Result = {
    text: string;
    /** The facts the conversion had to assume, each where the capture leaves it open. */
    notes: { line: number; col: number; severity: string; code: string; message: string }[];
  } | null;
}

/** Client → server: GPA→HVA, HVA→GPA, or why, for an address typed by the user. */
export namespace TranslateRequest {
  export const method = 'qemuMemmap/translate';
  export interface Params {
    uri: string;
    direction: 'gpa2hva' | 'hva2gpa' | 'why';
    address: string;
    space?: string;
  }
  export interface Result {
    /** Plain text, one fact a line, ready to copy. */
    text: string;
    /** Where the answer's region is written, to reveal it. */
    range: WireRange | undefined;
  }
}

/** Client → server: the map webview's data (ranges of one view and the RAMBlocks). */
export namespace MapDataRequest {
  export const method = 'qemuMemmap/mapData';
  export interface Params {
    uri: string;
    space?: string;
  }
  export interface Result {
    space: string | undefined;
    spaces: string[];
    ranges: WireFlatRange[];
    regions: WireRegion[];
    blocks: WireBlock[];
  }
}

/** One difference between two documents, as the client's tree lists it, with where it is written on each side. */
export interface WireDifference {
  /** Which list it belongs to. */
  group: 'regions' | 'spaces' | 'flat' | 'blocks';
  /** The region tree or the address spaces it is in (empty for RAMBlocks). */
  scope: string;
  /** `added`, `removed`, `changed`; for flat ranges `owner`, `offset` or `attributes` instead of `changed`. */
  kind: string;
  /** What it is about: a region's path, a GPA range, address spaces, a RAMBlock's name. */
  label: string;
  /** What happened, in words. */
  detail: string;
  /** Where it is written in A and in B (undefined on the side that lacks it). */
  a: WireRange | undefined;
  b: WireRange | undefined;
}

/**
 * Client → server: the semantic diff of two captures or layouts (regions, flat views, RAMBlocks). The
 * client sends both texts: either document may be a file that no editor has open.
 */
export namespace DiffRequest {
  export const method = 'qemuMemmap/diff';
  export interface Side {
    uri: string;
    text: string;
  }
  export interface Params {
    a: Side;
    b: Side;
  }
  export interface Result {
    /** Something was compared and nothing differs. */
    equal: boolean;
    /** False when the two share nothing to compare (no region tree, flat view or RAMBlock list on both sides). */
    comparable: boolean;
    /** `N region changes, N flat-view ranges changed, …`, `No differences`, or `Not comparable: …`. */
    summary: string;
    differences: WireDifference[];
    /** Parts a side could not provide (`regions`, `flat`, `blocks`, `disabled`), in words. */
    notCompared: string[];
  }
}

/** The command the server executes through workspace/executeCommand: arguments [uri]. */
export const ReflattenCommand = 'qemu-memmap.reflatten';

/** The client command that opens the map webview (code lenses use it): arguments [uri, spaceName]. */
export const ShowMapCommand = Commands.showMap;

/** The last segment of a URI's path, decoded: how the server and the client name a compared document. */
export function fileName(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) || uri;
}
