/**
 * The result of analysing a model file. Its data shapes (`Analysis` and its parts) live in the leaf
 * folder `src/shared/` (the panel receives them as they are); re-exported here for the host.
 */
import type { ModelDiagnostic } from '../model/types';
import type { Analysis } from '../shared/analysis';

export type * from '../shared/analysis';

/** What analysing a document gives: an analysis when the file is valid, and every diagnostic. */
export interface AnalysisOutcome {
  readonly analysis?: Analysis;
  readonly diagnostics: readonly ModelDiagnostic[];
}
export type * from '../shared/layerSummaries';
