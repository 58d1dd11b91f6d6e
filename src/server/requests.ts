import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AddressSpace, Mr } from '../core';
import { capturedFlat, captureToLayout, diffFlatViews, formatFlatRange, formatFlatViews, formatGpa2hva, gpa2hva, hex0x, hva2gpa, rangeAssumptions, spaceNamed, spacesKey, viewOf, whyAnswer } from '../core';
import { placementsOf, visibleOf } from '../core/features/regions';
import type { ConvertRequest, MapDataRequest, ModelRequest, ReflattenRequest, TranslateRequest, WireModel } from '../protocol';
import { toRange } from './convert';
import type { Analysis, AnalysisStore } from './store';
import { WireBuilder } from './wire';
import { pushAll } from '../core/model/arrays';

function builder(a: Analysis): WireBuilder | undefined {
  const model = a.doc.model;
  return model ? new WireBuilder(model, placementsOf(model), visibleOf(model)) : undefined;
}

/** Address spaces grouped by shared root, in creation order. */
function spaceGroups(spaces: readonly AddressSpace[]): { names: string[]; root: Mr | undefined }[] {
  const groups: { names: string[]; root: Mr | undefined }[] = [];
  const byRoot = new Map<Mr, { names: string[]; root: Mr | undefined }>();
  for (const as of spaces) {
    const g = as.root && byRoot.get(as.root);
    if (g) g.names.push(as.name);
    else {
      const group = { names: [as.name], root: as.root };
      groups.push(group);
      if (as.root) byRoot.set(as.root, group);
    }
  }
  return groups;
}

/** Handlers of the custom requests in src/protocol, over the analysis store. */
export class CustomRequests {
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly store: AnalysisStore,
  ) {}

  private analysis(uri: string): Analysis | undefined {
    const doc = this.documents.get(uri);
    return doc ? this.store.analyze(doc) : undefined;
  }

  /** qemuMemmap/model: the trees, views and blocks for the client's tree views. */
  model(p: ModelRequest.Params): ModelRequest.Result {
    const a = this.analysis(p.uri);
    const w = a && builder(a);
    const model = a?.doc.model;
    if (!a || !w || !model) return null;
    const spaces = model.views.flatMap((v) => v.spaces);
    const result: WireModel = {
      uri: p.uri, version: a.version, kind: a.doc.kind,
      spaces: spaceGroups(spaces).map((g) => ({ names: g.names, root: g.root ? w.region(g.root) : undefined })),
      views: model.views.map((v) => w.view(v)),
      blocks: model.blocks.map((b) => w.block(b)),
      gpaSpace: model.gpaSpace,
    };
    return result;
  }

  /** qemuMemmap/convert: the capture as a layout, from the open document's analysis when it has this text. */
  convert(p: ConvertRequest.Params): ConvertRequest.Result {
    const capture = this.store.analyzeText(this.documents.get(p.uri), p.text).capture;
    const result = capture && captureToLayout(capture, { source: p.source });
    if (!result) return null;
    return { text: result.text, notes: result.issues.map((i) => ({ line: i.span.line, col: i.span.col, severity: i.severity, code: i.code, message: i.message })) };
  }

  /** qemuMemmap/reflatten and the qemu-memmap.reflatten command. */
  reflatten(p: ReflattenRequest.Params): ReflattenRequest.Result | null {
    const a = this.analysis(p.uri);
    const model = a?.doc.model;
    if (!a || !model?.reflattened) return null;
    const captured = a.doc.capture && capturedFlat(a.doc.capture);
    const computed = model.recomputed ?? model.views;
    // A gdb session: the tree's own flatten against the dumped views, priorities and types marked unknown.
    const format = model.built?.fromGdb ? { fromGdb: model.recomputed ? 'recomputed' as const : 'dumped' as const } : {};
    const diffs = captured ? diffFlatViews(computed, captured.views, format) : [];
    const assumptions = computed.flatMap((v) => v.ranges.flatMap((r) => {
      const notes = rangeAssumptions(model.built, r);
      return notes.length > 0 ? [{ spaces: spacesKey(v.spaces), line: formatFlatRange(r, format).trim(), notes }] : [];
    }));
    return {
      assumptions,
      text: formatFlatViews(computed, format),
      differences: diffs.map((d) => ({ spaces: d.key, onlyComputed: d.onlyComputed, onlyCaptured: d.onlyCaptured })),
      compared: captured !== undefined,
    };
  }

  /** qemuMemmap/translate: gpa2hva, hva2gpa or why for a typed address. */
  translate(p: TranslateRequest.Params): TranslateRequest.Result | null {
    const a = this.analysis(p.uri);
    const model = a?.doc.model;
    const addr = /^\s*(0x[0-9a-f]+|[0-9]+)\s*$/i.exec(p.address);
    if (!a || !model || !addr) return null;
    const value = BigInt(addr[1] as string);
    if (value >= 1n << 64n) return { text: 'number too large', range: undefined };
    if (p.direction === 'gpa2hva') {
      const r = gpa2hva(model, value, p.space ?? model.gpaSpace);
      const lines = [formatGpa2hva(r), `address space: ${r.space ?? '?'}`];
      if (r.chain.length) lines.push(`chain: ${r.chain.map((m) => m.name).join(' › ')}`);
      if (r.offset !== undefined) lines.push(`offset in ${r.range?.mr.name ?? '?'}: ${hex0x(r.offset)}`);
      if (r.block) lines.push(`RAMBlock: ${r.block.name}, ram_addr ${hex0x(r.ramAddr ?? 0n)}`);
      pushAll(lines, r.why);
      const span = r.range ? model.nameSpanOf.get(r.range.mr) : undefined;
      return { text: lines.join('\n'), range: span ? toRange(span) : undefined };
    }
    if (p.direction === 'hva2gpa') {
      const r = hva2gpa(model, value);
      const text = r.hits.length === 0 ? `No guest physical address maps host address ${hex0x(value)}` : [`${hex0x(value)} is ${r.region ?? '?'} +${hex0x(r.offset ?? 0n)}`, ...r.hits.map((h) => `GPA ${hex0x(h.gpa)} in ${h.spaces.join(', ')}`)].join('\n');
      const span = r.hits[0] ? model.nameSpanOf.get(r.hits[0].range.mr) : undefined;
      return { text, range: span ? toRange(span) : undefined };
    }
    const space = p.space ?? model.gpaSpace;
    const why = whyAnswer(model, space, value);
    if (!why) return { text: `no region tree for address space ${space ?? '(none)'}`, range: undefined };
    const winner = why.result.winner;
    const span = winner ? model.nameSpanOf.get(winner.mr) : undefined;
    // The headline names the winner (the notification shows it); then what the answer rests on, then the walk.
    return { text: [why.headline, ...why.gdb, ...why.assumed, 'Walk (render order):', ...why.walk].join('\n'), range: span ? toRange(span) : undefined };
  }

  /** qemuMemmap/mapData: one view's ranges, its region tree and the RAMBlocks, for the map webview. */
  mapData(p: MapDataRequest.Params): MapDataRequest.Result | null {
    const a = this.analysis(p.uri);
    const w = a && builder(a);
    const model = a?.doc.model;
    if (!a || !w || !model) return null;
    const spaces = model.views.flatMap((v) => v.spaces.map((s) => s.name));
    const space = p.space ?? model.gpaSpace ?? spaces[0];
    const view = viewOf(model.views, space);
    const as = spaceNamed(model.views, space);
    return {
      space, spaces,
      ranges: view ? view.ranges.map((r) => w.range(r)) : [],
      regions: as?.root ? [w.region(as.root)] : [],
      blocks: model.blocks.map((b) => w.block(b)),
    };
  }
}
