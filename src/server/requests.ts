import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ConvertRequest, MapDataRequest, ModelRequest, ReflattenRequest, TranslateRequest, WireModel } from '../protocol';
import { toRange } from './convert';
import type { Analysis, AnalysisStore } from './store';
import { WireBuilder } from './wire';

function builder(a: Analysis): WireBuilder | undefined {
  const model = a.doc.model;
  return model ? new WireBuilder(model, a.analysis.placements, a.analysis.visibleBytes) : undefined;
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
    const o = a && this.store.service.overview(a.analysis);
    if (!a || !w || !o) return null;
    const result: WireModel = {
      uri: p.uri, version: a.version, kind: a.doc.kind,
      spaces: o.spaces.map((g) => ({ names: g.names, root: g.root ? w.region(g.root) : undefined })),
      views: o.views.map((v) => w.view(v)),
      blocks: o.blocks.map((b) => w.block(b)),
      gpaSpace: o.gpaSpace,
    };
    return result;
  }

  /** qemuMemmap/convert: the capture as a layout, from the open document's analysis when it has this text. */
  convert(p: ConvertRequest.Params): ConvertRequest.Result {
    const result = this.store.service.convert(this.store.analyseText(this.documents.get(p.uri), p.text), { source: p.source });
    if (!result) return null;
    return { text: result.text, notes: result.issues.map((i) => ({ line: i.span.line, col: i.span.col, severity: i.severity, code: i.code, message: i.message })) };
  }

  /** qemuMemmap/reflatten and the qemu-memmap.reflatten command. */
  reflatten(p: ReflattenRequest.Params): ReflattenRequest.Result | null {
    const a = this.analysis(p.uri);
    return (a && this.store.service.reflatten(a.analysis)) ?? null;
  }

  /** qemuMemmap/translate: gpa2hva, hva2gpa or why for a typed address. */
  translate(p: TranslateRequest.Params): TranslateRequest.Result | null {
    const a = this.analysis(p.uri);
    const answer = a && this.store.service.translate(a.analysis, p.direction, p.address, p.space);
    return answer ? { text: answer.text, range: answer.span ? toRange(answer.span) : undefined } : null;
  }

  /** qemuMemmap/mapData: one view's ranges, its region tree and the RAMBlocks, for the map webview. */
  mapData(p: MapDataRequest.Params): MapDataRequest.Result | null {
    const a = this.analysis(p.uri);
    const w = a && builder(a);
    const m = a && this.store.service.mapData(a.analysis, p.space);
    if (!w || !m) return null;
    return {
      space: m.space, spaces: m.spaces,
      ranges: m.view ? m.view.ranges.map((r) => w.range(r)) : [],
      regions: m.root ? [w.region(m.root)] : [],
      blocks: m.blocks.map((b) => w.block(b)),
    };
  }
}
