/**
 * What the gradient panel needs from the rest of the extension. The session service implements it;
 * the panel only reads snapshots, listens to events and forwards the user's requests.
 */
import type * as vscode from 'vscode';
import type { Analysis, TrainingPoint } from '../analysis/types';
import type {
  BoundaryGrid, BoundaryOptions, ContourAxes, ConvSampleGradients, DepthLevel, LossSlice, PanelCommand, PhaseView, RunComparison, RunState, Selection, SliceTarget, StepThroughAction, TrainingCurves,
} from '../shared/protocol';

/** A teaching view's answer: its data, or why there is none (for people). */
export type ViewAnswer<T> = { readonly data: T } | { readonly problem: string };

export interface PanelDataSource {
  /** Fired when the analysis (or run state) of a document changes. */
  readonly onDidChangeDocument: vscode.Event<string /* document uri */>;
  /** Fired with new training points during a run, at most ~30 times a second. */
  readonly onDidTrainingProgress: vscode.Event<{ uri: string; points: TrainingPoint[]; runState: RunState }>;
  readonly onDidChangeDepth: vscode.Event<DepthLevel>;
  /** The model file the panel should follow (the active or last active `*.nn.json`). */
  currentDocument(): string | undefined;
  readonly onDidChangeCurrentDocument: vscode.Event<string | undefined>;
  snapshot(uri: string): { analysis?: Analysis; errors: string[]; runState: RunState };
  depth(): DepthLevel;
  setDepth(depth: DepthLevel): void;
  command(uri: string, command: PanelCommand, options: { epochs?: number; learningRate?: number }): void;
  reveal(uri: string, selection: Selection): void;
  explain(uri: string, selection: Selection): void;
  /** Fired with every step-through stop shown (view undefined: the step-through of `uri` ended). */
  readonly onDidStepThrough: vscode.Event<{ uri: string; view: PhaseView | undefined }>;
  /** The step-through stop on screen for a document, if one is running (for a panel that reloads). */
  stepThroughView(uri: string): PhaseView | undefined;
  /** A step-through button: next/previous phase, previous/next recorded step, stop. */
  stepThrough(uri: string, action: StepThroughAction): void;
  /** Jump to a recorded step (and a stop within it). */
  seekStep(uri: string, step: number, stop?: number): void;
  /** Squared error versus cross-entropy (opens the comparison page; the curves arrive by the event). */
  compareLosses(uri: string): void;
  /** Fired with both training curves when a loss comparison was made (undefined: it no longer holds). */
  readonly onDidCompareLosses: vscode.Event<{ uri: string; curves: TrainingCurves | undefined }>;
  /** The document's last loss comparison, while it still describes the file (for a panel that reloads). */
  lossComparison(uri: string): TrainingCurves | undefined;
  /** Compare Runs… (the command asks what to vary; the comparison arrives by the event). */
  compareRuns(uri: string): void;
  /** Export the lecture handout of the document (it prints the last run comparison). */
  exportHandout(uri: string): void;
  /** Fired with every run comparison made (undefined: it no longer describes the file). */
  readonly onDidCompareRuns: vscode.Event<{ uri: string; comparison: RunComparison | undefined }>;
  /** The document's last run comparison, while it still describes the file. */
  runComparison(uri: string): RunComparison | undefined;
  /** The decision boundary of the document at the parameters on screen (the worker computes it). */
  boundary(uri: string, options: BoundaryOptions): Promise<ViewAnswer<BoundaryGrid>>;
  /** The loss as one parameter of the document moves (the worker computes it). */
  /** The loss slice of `target`, with the contour over `contour`'s plane when given. */
  lossSlice(uri: string, target: SliceTarget, contour?: ContourAxes): Promise<ViewAnswer<LossSlice>>;
  /** One recorded sample's own gradients of a conv layer at the document's last analysis (the worker computes them). */
  convGradients(uri: string, layer: number, sample: number): Promise<ViewAnswer<ConvSampleGradients>>;
}

/** Where the panel reports what it ignored (a `vscode.LogOutputChannel` fits). */
export interface PanelLogger {
  warn(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
}
