import type { AnalyzedDocument } from './document';
import type { Mr } from './engine/mr';
import { DocumentIndex } from './features/locate';
import type { Placement } from './features/regions';
import { placementsOf, visibleOf } from './features/regions';

/**
 * One analysis of one text: the analysed document and what requests derive from it, each built on
 * first use and dropped with the analysis (a new analysis never sees an old one's data).
 */
export class Analysis {
  private built: DocumentIndex | undefined;

  constructor(readonly doc: AnalyzedDocument) {}

  /** Positions of everything in the document, built on first use: publishing diagnostics needs none. */
  get index(): DocumentIndex {
    return (this.built ??= new DocumentIndex(this.doc));
  }

  /** Where each region of the model sits (container, absolute start); empty without a model. */
  get placements(): ReadonlyMap<Mr, Placement> {
    return this.doc.model ? placementsOf(this.doc.model) : new Map<Mr, Placement>();
  }

  /** For each region, the most bytes it shows in any one view; empty without a model. */
  get visibleBytes(): Map<Mr, bigint> {
    return this.doc.model ? visibleOf(this.doc.model) : new Map<Mr, bigint>();
  }

  /** Builds now what requests would build on first use (the index, where regions sit and what they show, per view and at most). */
  warm(): void {
    void this.index;
    const model = this.doc.model;
    if (model) {
      placementsOf(model);
      visibleOf(model);
    }
  }
}
