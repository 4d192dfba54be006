/**
 * The gradient panel's view of the session layer (implements `PanelDataSource`): snapshots of the
 * followed document, training progress throttled to about 30 updates a second, and the panel's
 * requests turned into the same commands the editor uses.
 */
import * as vscode from 'vscode';
import type { PanelDataSource, ViewAnswer } from '../panel/panelDataSource';
import type { Analysis, TrainingPoint } from '../analysis/types';
import type {
  BoundaryGrid, BoundaryOptions, ContourAxes, ConvSampleGradients, DepthLevel, LossSlice, PanelCommand, PhaseView, RunComparison, RunState, Selection, SliceTarget, StepThroughAction, TrainingCurves,
} from '../shared/protocol';
import type { DocumentSnapshot } from './workerDocument';
import type { WorkerTeaching } from './workerTeaching';
import { isProblem } from '../worker/workerProtocol';

/** Where the panel's teaching views get their numbers: the worker, about an open document. */
export interface TeachingViewsSource {
  readonly teacher: Pick<WorkerTeaching, 'boundary' | 'lossSlice' | 'convGradients'>;
  /** The open document of this uri, if any. */
  document(uri: string): DocumentSnapshot | undefined;
}
import type { DocumentAnalyses } from './documentAnalyses';
import type { ModelDocuments } from './modelDocuments';
import type { DepthLevelState } from '../teaching/depthLevel';

/** The step-through command each panel button runs. */
export const STEP_THROUGH_COMMANDS: Readonly<Record<StepThroughAction, string>> = {
  next: 'gradlens.stepThrough',
  previous: 'gradlens.stepThroughBack',
  stepBack: 'gradlens.timelineBack',
  stepForward: 'gradlens.timelineForward',
  stop: 'gradlens.stepThroughStop',
};

/** Called when the panel asks to reveal something: the editor range and the explorer node. */
export type RevealHandler = (uri: string, selection: Selection) => void;

export class SessionPanelDataSource implements PanelDataSource, vscode.Disposable {
  private readonly progressEmitter = new vscode.EventEmitter<{ uri: string; points: TrainingPoint[]; runState: RunState }>();
  private readonly stepThroughEmitter = new vscode.EventEmitter<{ uri: string; view: PhaseView | undefined }>();
  private readonly compareEmitter = new vscode.EventEmitter<{ uri: string; curves: TrainingCurves | undefined }>();
  private readonly views = new Map<string, PhaseView>();
  private readonly comparisons = new Map<string, TrainingCurves>();
  private readonly runEmitter = new vscode.EventEmitter<{ uri: string; comparison: RunComparison | undefined }>();
  private readonly runComparisons = new Map<string, RunComparison>();
  readonly onDidCompareRuns = this.runEmitter.event;
  readonly onDidStepThrough = this.stepThroughEmitter.event;
  readonly onDidCompareLosses = this.compareEmitter.event;
  private readonly subscriptions: vscode.Disposable[];
  private buffered = new Map<string, TrainingPoint[]>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  readonly onDidTrainingProgress = this.progressEmitter.event;
  readonly onDidChangeDocument: vscode.Event<string>;
  readonly onDidChangeDepth: vscode.Event<DepthLevel>;
  readonly onDidChangeCurrentDocument: vscode.Event<string | undefined>;

  constructor(
    private readonly analyses: DocumentAnalyses,
    private readonly documents: ModelDocuments,
    private readonly depthState: DepthLevelState,
    private readonly onReveal: RevealHandler,
    private readonly onExplain: RevealHandler,
    private readonly minIntervalMs = 33,
    private readonly teachingViews?: TeachingViewsSource,
  ) {
    this.onDidChangeDocument = analyses.onDidChange;
    this.onDidChangeDepth = depthState.onDidChange;
    this.onDidChangeCurrentDocument = documents.onDidChangeCurrent;
    this.subscriptions = [
      analyses.onDidTrainingProgress((e) => this.buffer(e.uri, e.points)),
      // A comparison describes the file as it was: an edit or closing it retires it.
      vscode.workspace.onDidChangeTextDocument((e: vscode.TextDocumentChangeEvent) => { if (e.contentChanges.length > 0) this.forgetComparison(e.document.uri.toString()); }),
      vscode.workspace.onDidCloseTextDocument((d: vscode.TextDocument) => this.forgetComparison(d.uri.toString())),
    ];
  }

  currentDocument(): string | undefined {
    return this.documents.current();
  }

  snapshot(uri: string): { analysis?: Analysis; errors: string[]; runState: RunState } {
    const state = this.analyses.get(uri);
    const errors = (state?.outcome?.diagnostics ?? [])
      .filter((d) => d.severity === 'error')
      .map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
    if (state?.error) errors.push(state.error);
    return { analysis: state?.outcome?.analysis, errors, runState: state?.runState ?? 'idle' };
  }

  depth(): DepthLevel {
    return this.depthState.current;
  }

  setDepth(depth: DepthLevel): void {
    void this.depthState.set(depth);
  }

  command(uri: string, command: PanelCommand, options: { epochs?: number; learningRate?: number }): void {
    const id = command === 'gradientCheck' ? 'gradlens.gradientCheck' : `gradlens.${command}`;
    void vscode.commands.executeCommand(id, uri, command === 'train' ? options : undefined);
  }

  reveal(uri: string, selection: Selection): void {
    this.onReveal(uri, selection);
  }

  explain(uri: string, selection: Selection): void {
    this.onExplain(uri, selection);
  }

  /** The teaching hook (`registerTeaching({ onStepThrough })`): a stop shown, or undefined when it ended. */
  showStepThrough(uri: string, view: PhaseView | undefined): void {
    if (view) this.views.set(uri, view); else this.views.delete(uri);
    this.stepThroughEmitter.fire({ uri, view });
  }

  /** The teaching hook (`registerTeaching({ onLossComparison })`): both training curves of a comparison. */
  showLossComparison(uri: string, curves: TrainingCurves): void {
    this.comparisons.set(uri, curves);
    this.compareEmitter.fire({ uri, curves });
  }

  lossComparison(uri: string): TrainingCurves | undefined {
    return this.comparisons.get(uri);
  }

  private forgetComparison(uri: string): void {
    if (this.comparisons.delete(uri)) this.compareEmitter.fire({ uri, curves: undefined });
    if (this.runComparisons.delete(uri)) this.runEmitter.fire({ uri, comparison: undefined });
  }

  /** The teaching hook (`registerTeaching({ onRunComparison })`): a finished Compare Runs. */
  showRunComparison(uri: string, comparison: RunComparison): void {
    this.runComparisons.set(uri, comparison);
    this.runEmitter.fire({ uri, comparison });
  }

  runComparison(uri: string): RunComparison | undefined {
    return this.runComparisons.get(uri);
  }

  compareRuns(uri: string): void {
    void vscode.commands.executeCommand('gradlens.compareRuns', uri);
  }

  exportHandout(uri: string): void {
    void vscode.commands.executeCommand('gradlens.exportHandout', uri);
  }

  boundary(uri: string, options: BoundaryOptions): Promise<ViewAnswer<BoundaryGrid>> {
    return this.ask<BoundaryGrid>(uri, (teacher, document) => teacher.boundary(document, options));
  }

  lossSlice(uri: string, target: SliceTarget, contour?: ContourAxes): Promise<ViewAnswer<LossSlice>> {
    return this.ask<LossSlice>(uri, (teacher, document) => teacher.lossSlice(document, target, contour));
  }

  convGradients(uri: string, layer: number, sample: number): Promise<ViewAnswer<ConvSampleGradients>> {
    return this.ask<ConvSampleGradients>(uri, (teacher, document) => teacher.convGradients(document, layer, sample));
  }

  /** Asks the worker about an open document; every failure becomes a problem for people. */
  private async ask<T extends object>(uri: string, question: (teacher: TeachingViewsSource['teacher'], document: DocumentSnapshot) => Promise<T | { problem: string }>): Promise<ViewAnswer<T>> {
    const document = this.teachingViews?.document(uri);
    if (!this.teachingViews || !document) return { problem: 'the model file is not open.' };
    try {
      const answer = await question(this.teachingViews.teacher, document);
      return isProblem(answer) ? { problem: answer.problem } : { data: answer as T };
    } catch (error) {
      return { problem: (error as Error).message };
    }
  }

  stepThroughView(uri: string): PhaseView | undefined {
    return this.views.get(uri);
  }

  stepThrough(uri: string, action: StepThroughAction): void {
    void vscode.commands.executeCommand(STEP_THROUGH_COMMANDS[action], uri);
  }

  seekStep(uri: string, step: number, stop?: number): void {
    void vscode.commands.executeCommand('gradlens.timelineSeek', uri, step, stop ?? 0);
  }

  compareLosses(uri: string): void {
    void vscode.commands.executeCommand('gradlens.compareLosses', uri);
  }

  dispose(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.subscriptions.forEach((s) => s.dispose());
    this.progressEmitter.dispose();
    this.stepThroughEmitter.dispose();
    this.compareEmitter.dispose();
    this.runEmitter.dispose();
    this.views.clear();
    this.comparisons.clear();
    this.runComparisons.clear();
  }

  /** Collects points and fires at most once per `minIntervalMs`. */
  private buffer(uri: string, points: readonly TrainingPoint[]): void {
    const list = this.buffered.get(uri) ?? [];
    list.push(...points);
    this.buffered.set(uri, list);
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => this.flush(), this.minIntervalMs);
  }

  private flush(): void {
    this.flushTimer = undefined;
    const all = this.buffered;
    this.buffered = new Map();
    for (const [uri, points] of all) {
      this.progressEmitter.fire({ uri, points, runState: this.analyses.isTraining(uri) ? 'training' : 'idle' });
    }
  }
}
