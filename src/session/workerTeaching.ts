/**
 * The teaching features' way to the engine: every step-through move, loss comparison, explanation and
 * handout is a request to the worker (the one engine runtime) about a document as it is now. Nothing
 * here computes; the answers are plain data for the features to map to VS Code.
 */
import type { AnalysisSettings } from '../analysis/settings';
import type { ExplainTarget } from '../worker/teaching/layeredExplanation';
import type { BoundaryOptions, ContourAxes, SliceTarget } from '../shared/teachingViews';
import type { RunVariant } from '../shared/runComparison';
import type { StepThroughMove, WorkerDocument } from '../worker/workerProtocol';
import { toWorkerDocument, type DocumentSnapshot } from './workerDocument';
import type { AnalysisWorkerClient, CancelSignal, TeachingAnswer } from './workerClient';

export { toWorkerDocument };

export class WorkerTeaching {
  constructor(private readonly client: Pick<AnalysisWorkerClient, 'teach'>, private readonly settings: () => AnalysisSettings) {}

  /** Moves the document's step-through (`next` starts one from the initial parameters). */
  stepThrough(document: DocumentSnapshot, move: StepThroughMove): Promise<TeachingAnswer<{ type: 'stepThrough'; document: WorkerDocument; move: StepThroughMove }>> {
    return this.client.teach({ type: 'stepThrough', document: this.document(document), move });
  }

  /** Squared error versus cross-entropy at the document's analysed parameters, with both training curves. */
  compareLosses(document: DocumentSnapshot, cancel?: CancelSignal): Promise<TeachingAnswer<{ type: 'compareLosses'; document: WorkerDocument }>> {
    return this.client.teach({ type: 'compareLosses', document: this.document(document) }, cancel);
  }

  /** Compare Runs: the document's model and its variant trained from the same seed (cancellable). */
  compareRuns(document: DocumentSnapshot, variant: RunVariant, cancel?: CancelSignal): Promise<TeachingAnswer<{ type: 'compareRuns'; document: WorkerDocument; variant: RunVariant }>> {
    return this.client.teach({ type: 'compareRuns', document: this.document(document), variant }, cancel);
  }

  /** The chain-rule derivation of one parameter's gradient at the document's last analysis. */
  explainGradient(document: DocumentSnapshot, target: ExplainTarget): Promise<TeachingAnswer<{ type: 'explainGradient'; document: WorkerDocument; target: ExplainTarget }>> {
    return this.client.teach({ type: 'explainGradient', document: this.document(document), target });
  }

  /** What the lecture handout prints that needs the engine. */
  handout(document: DocumentSnapshot, cancel?: CancelSignal): Promise<TeachingAnswer<{ type: 'handout'; document: WorkerDocument }>> {
    return this.client.teach({ type: 'handout', document: this.document(document) }, cancel);
  }

  /** The decision boundary at the parameters on screen (the step-through's stop, or the session's). */
  boundary(document: DocumentSnapshot, options: BoundaryOptions): Promise<TeachingAnswer<{ type: 'boundary'; document: WorkerDocument; options: BoundaryOptions }>> {
    return this.client.teach({ type: 'boundary', document: this.document(document), options });
  }

  /** The loss as one parameter moves, at the session's current parameters (and its contour, when `contour` says over which plane). */
  lossSlice(document: DocumentSnapshot, target: SliceTarget, contour?: ContourAxes): Promise<TeachingAnswer<{ type: 'lossSlice'; document: WorkerDocument; target: SliceTarget; contour?: ContourAxes }>> {
    return this.client.teach({ type: 'lossSlice', document: this.document(document), target, ...(contour ? { contour } : {}) });
  }

  /** One recorded sample's own gradients of a conv layer at the document's last analysis (the conv step card). */
  convGradients(document: DocumentSnapshot, layer: number, sample: number): Promise<TeachingAnswer<{ type: 'convGradients'; document: WorkerDocument; layer: number; sample: number }>> {
    return this.client.teach({ type: 'convGradients', document: this.document(document), layer, sample });
  }

  private document(document: DocumentSnapshot): WorkerDocument {
    return toWorkerDocument(document, this.settings());
  }
}

/** A cancel signal fed by a VS Code cancellation token (or anything with `onCancellationRequested`). */
export function cancelSignalOf(token: { onCancellationRequested(listener: () => void): unknown; isCancellationRequested?: boolean }): CancelSignal {
  const listeners: (() => void)[] = [];
  const signal = { aborted: token.isCancellationRequested === true, onAbort: (l: () => void) => { if (signal.aborted) l(); else listeners.push(l); } };
  token.onCancellationRequested(() => {
    if (signal.aborted) return;
    signal.aborted = true;
    listeners.splice(0).forEach((l) => l());
  });
  return signal;
}
