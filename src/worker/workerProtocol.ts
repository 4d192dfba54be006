/**
 * Messages between the extension host and the analysis worker thread (src/worker/analysisWorker.ts).
 * Every request with an `id` is answered with exactly one final message (`outcome`, `stepThrough`,
 * `lossComparison`, `runComparison`, `explanation`, `handout`, `boundary`, `lossSlice`, `convGradients`, `exportModel` or `failed`). Before that the worker says `started` when
 * it begins the request, and a long request sends `progress` (training) or `alive` (other long work):
 * the host's watchdog listens to these, per request (src/session/workerClient.ts).
 *
 * The worker is the one engine runtime: parsing, training, step-through recording, the loss
 * comparison and the gradient explanations all happen there; the host only asks and maps the
 * answers (plain, structured-cloneable data) to VS Code.
 */
import type { AnalysisOutcome, TrainingPoint } from '../analysis/types';
import type { AnalysisSettings } from '../analysis/settings';
import type { TrainSpec } from '../engine/spec';
import type { SourceRange } from '../model/types';
import type { DataFileRead, WeightsFileRead } from '../model/prefetchedDataFiles';
import type { GradientExplanation } from './teaching/chainRule';
import type { ExplainTarget } from './teaching/layeredExplanation';
import type { LayeredExplanation } from './teaching/layeredExplanation';
import type { CurvePoint, LossComparison, TrainingCurves } from './teaching/lossComparison';
import type { AnyPhaseNumbers } from '../teaching/phaseNumbers';
import type { TimelineState } from './teaching/stepThrough';
import type { BoundaryGrid, BoundaryOptions, ContourAxes, LossSlice, SliceTarget } from '../shared/teachingViews';
import type { L10nBundle } from '../shared/l10nBundle';
import type { ConvSampleGradients } from '../shared/layeredViews';
import type { RunComparison, RunVariant } from '../shared/runComparison';
import type { ExportedModel, ExportOptions, ExportProblem } from '../shared/modelExport';

/**
 * The document a request is about. The worker keeps one session (model, parameters, training
 * history) per document and rebuilds it whenever `version`, `text` or `settings` differ from the
 * session's, so a restarted worker can always carry on.
 */
export interface WorkerDocument {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  /** Absolute path of the model file (CSV paths are relative to its folder); empty for untitled files. */
  readonly fileName: string;
  readonly settings: AnalysisSettings;
  /**
   * Only in the web worker extension host, where the worker has no file system: the CSV files the
   * text names (`"csv"` keys), read by the host with the same path rules (src/platform/workspaceDataFiles.ts).
   */
  readonly dataFiles?: Readonly<Record<string, DataFileRead>>;
  /** Only in the web worker extension host, like `dataFiles`: the bytes of the `"weightsFile"` the text names. */
  readonly weightsFiles?: Readonly<Record<string, WeightsFileRead>>;
}

/** How a step-through request moves its cursor (`next` starts a run when none exists). */
export type StepThroughMove =
  | { readonly kind: 'next' } | { readonly kind: 'previous' } | { readonly kind: 'stepBack' } | { readonly kind: 'stepForward' }
  | { readonly kind: 'seek'; readonly step: number; readonly stop: number }
  /** Where the cursor is, without moving it. */
  | { readonly kind: 'view' }
  /** Forget the document's step-through. */
  | { readonly kind: 'end' };

export type WorkerRequest =
  /**
   * The worker's init message, first after it starts, when VS Code has loaded a translation: the
   * texts the worker writes (diagnostics, warnings) then come in that language (src/shared/l10nBundle.ts).
   */
  | { readonly type: 'init'; readonly l10n: L10nBundle }
  /** Analyse the document at its session's current parameters (initial ones for a new session). */
  | { readonly type: 'analyze'; readonly id: number; readonly document: WorkerDocument }
  /**
   * Train: `steps` optimiser steps, or `epochs` epochs (default: the file's `train.epochs`);
   * `learningRate` overrides the file's for this run. Sends progress, then an outcome.
   */
  | { readonly type: 'train'; readonly id: number; readonly document: WorkerDocument; readonly steps?: number; readonly epochs?: number; readonly learningRate?: number }
  /** Back to the initial parameters. */
  | { readonly type: 'reset'; readonly id: number; readonly document: WorkerDocument }
  /** Step-through training on the worker's own copy of the model, from the initial parameters. */
  | { readonly type: 'stepThrough'; readonly id: number; readonly document: WorkerDocument; readonly move: StepThroughMove }
  /** Squared error versus cross-entropy at the session's analysed parameters, with both training curves. */
  | { readonly type: 'compareLosses'; readonly id: number; readonly document: WorkerDocument }
  /**
   * Compare Runs: the model and its variant (one setting changed; validated again by the worker),
   * trained from the same seed for the same bounded steps; `cancel` stops it early.
   */
  | { readonly type: 'compareRuns'; readonly id: number; readonly document: WorkerDocument; readonly variant: RunVariant }
  /** The chain-rule derivation of one parameter's gradient at the session's last analysis. */
  | { readonly type: 'explainGradient'; readonly id: number; readonly document: WorkerDocument; readonly target: ExplainTarget }
  /** Everything the lecture handout prints that needs the engine. */
  | { readonly type: 'handout'; readonly id: number; readonly document: WorkerDocument }
  /**
   * The decision boundary at the parameters on screen: the step-through's stop when one runs, else
   * the session's current (possibly training) parameters.
   */
  | { readonly type: 'boundary'; readonly id: number; readonly document: WorkerDocument; readonly options: BoundaryOptions }
  /** The loss as one parameter moves, at the session's current parameters. */
  | { readonly type: 'lossSlice'; readonly id: number; readonly document: WorkerDocument; readonly target: SliceTarget; readonly contour?: ContourAxes }
  /** One recorded sample's own gradients of a conv layer, at the document's last analysis (the conv step card). */
  | { readonly type: 'convGradients'; readonly id: number; readonly document: WorkerDocument; readonly layer: number; readonly sample: number }
  /**
   * Export Model…: the file `gradlens export` writes for the document (PyTorch script or ONNX), of its
   * own parameters or after training for its `train` settings, on a fresh session (not the editor's,
   * which may have trained). Validated strictly (src/shared/modelExport.ts); `cancel` stops the training.
   */
  | { readonly type: 'exportModel'; readonly id: number; readonly document: WorkerDocument; readonly options: ExportOptions }
  /** Stop a training run of this document after its current chunk; the run answers with its outcome. */
  | { readonly type: 'pause'; readonly uri: string }
  /** Stop a long request (loss comparison, handout) early; it answers with what it has, marked cancelled. */
  | { readonly type: 'cancel'; readonly id: number }
  /** Forget the document's session. */
  | { readonly type: 'close'; readonly uri: string };

/** Requests that carry an id and a document (answered once). */
export type DocumentRequest = Extract<WorkerRequest, { readonly id: number; readonly document: WorkerDocument }>;

/**
 * The queue a request waits in. The worker runs different lanes side by side, time-sliced (see
 * src/worker/fairLanes.ts); within a lane, requests run one after the other in the order sent. A
 * document's session requests (analyse, train, reset) share its lane; its teaching requests have a
 * lane of their own, so a step-through never waits for the document's training; an export (which may
 * train a copy for a while) has a third.
 */
export function laneOf(request: DocumentRequest): string {
  const uri = request.document.uri;
  if (request.type === 'exportModel') return `${uri}\u0000export`;
  return request.type === 'analyze' || request.type === 'train' || request.type === 'reset' ? uri : `${uri}\u0000teaching`;
}

/** Why a teaching request has no answer, for people (the model file has problems, the output layer does not fit, …). */
export interface TeachingProblem {
  readonly problem: string;
}

export interface StepThroughAnswer {
  /**
   * The stop on screen, as numbers (the host writes its sentences: src/teaching/phaseText.ts); undefined
   * when nothing is recorded, or the move went past the timeline's end.
   */
  readonly view?: AnyPhaseNumbers;
  /** The source ranges the stop concerns (its layer, the `loss` line, or every layer's weights). */
  readonly ranges: readonly SourceRange[];
  /** True when this request started the run. */
  readonly started: boolean;
  /** True when a run exists for the document after this request. */
  readonly running: boolean;
  /** What the run's timeline holds (when one runs). */
  readonly timeline?: TimelineState;
}

export interface LossComparisonAnswer {
  readonly comparison: LossComparison;
  readonly curves: TrainingCurves;
  readonly modelName: string;
  /** The session's step the comparison was made at. */
  readonly step: number;
}

export interface ExplanationAnswer {
  readonly explanation: GradientExplanation;
  /** The file's training settings, for the update lines. */
  readonly train: TrainSpec;
}

/** Explain Gradient on a conv or batch-norm parameter of a layered model (model file 1.1). */
export interface LayeredExplanationAnswer {
  readonly layered: LayeredExplanation;
}

export interface HandoutAnswer {
  readonly explanations: readonly GradientExplanation[];
  readonly train: TrainSpec;
  /** A layered model: the derivation of one weight of its first conv layer (src/teaching/handoutLayered.ts). */
  readonly layeredExplanation?: LayeredExplanation;
  readonly comparison?: { readonly comparison: LossComparison; readonly curves: TrainingCurves };
  /** Why the handout has no loss comparison (a layered model whose output is no probability). */
  readonly comparisonProblem?: string;
  /** A dense model of two inputs: its decision boundary at the analysed parameters (src/teaching/handoutBoundary.ts). */
  readonly boundary?: BoundaryGrid;
  readonly extraCurve?: { readonly points: readonly CurvePoint[]; readonly note: string };
  readonly cancelled: boolean;
}

export type WorkerResponse =
  /** The worker began the request (it waited in its lane until now). */
  | { readonly type: 'started'; readonly id: number; readonly uri: string }
  /** A long request is still working (sent at most about once a second). */
  | { readonly type: 'alive'; readonly id: number; readonly uri: string }
  /** `stopped`: why a training run ended early (a NaN or Infinity appeared), for people. */
  | { readonly type: 'outcome'; readonly id: number; readonly uri: string; readonly version: number; readonly outcome: AnalysisOutcome; readonly paused?: boolean; readonly stopped?: string }
  | { readonly type: 'progress'; readonly id: number; readonly uri: string; readonly points: readonly TrainingPoint[]; readonly step: number; readonly totalSteps: number }
  | { readonly type: 'stepThrough'; readonly id: number; readonly uri: string; readonly answer: StepThroughAnswer | TeachingProblem }
  | { readonly type: 'lossComparison'; readonly id: number; readonly uri: string; readonly answer: LossComparisonAnswer | TeachingProblem }
  | { readonly type: 'runComparison'; readonly id: number; readonly uri: string; readonly answer: RunComparison | TeachingProblem }
  | { readonly type: 'explanation'; readonly id: number; readonly uri: string; readonly answer: ExplanationAnswer | LayeredExplanationAnswer | TeachingProblem }
  | { readonly type: 'handout'; readonly id: number; readonly uri: string; readonly answer: HandoutAnswer | TeachingProblem }
  | { readonly type: 'boundary'; readonly id: number; readonly uri: string; readonly answer: BoundaryGrid | TeachingProblem }
  | { readonly type: 'lossSlice'; readonly id: number; readonly uri: string; readonly answer: LossSlice | TeachingProblem }
  | { readonly type: 'convGradients'; readonly id: number; readonly uri: string; readonly answer: ConvSampleGradients | TeachingProblem }
  | { readonly type: 'exportModel'; readonly id: number; readonly uri: string; readonly answer: ExportedModel | ExportProblem }
  | { readonly type: 'failed'; readonly id: number; readonly uri: string; readonly message: string }
  /** Sent once when the worker starts: which kernels its products run on (`describeKernels()`), for the log. */
  | { readonly type: 'workerStarted'; readonly kernels: string };

/** The final answer types of the teaching requests. */
export interface TeachingAnswers {
  readonly stepThrough: StepThroughAnswer;
  readonly compareLosses: LossComparisonAnswer;
  readonly compareRuns: RunComparison;
  readonly explainGradient: ExplanationAnswer | LayeredExplanationAnswer;
  readonly handout: HandoutAnswer;
  readonly boundary: BoundaryGrid;
  readonly lossSlice: LossSlice;
  readonly convGradients: ConvSampleGradients;
}

export function isProblem(answer: object): answer is TeachingProblem {
  return typeof (answer as TeachingProblem).problem === 'string';
}
