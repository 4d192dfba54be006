/** A PanelDataSource for tests: emitters the test fires, and a record of every request. */
import * as vscode from 'vscode';
import type { Analysis, TrainingPoint } from '../../src/analysis/types';
import type { PanelDataSource, ViewAnswer } from '../../src/panel/panelDataSource';
import type {
  BoundaryGrid, BoundaryOptions, ConvSampleGradients, DepthLevel, LossSlice, PanelCommand, PhaseView, RunComparison, RunState, Selection, SliceTarget, StepThroughAction, TrainingCurves,
} from '../../src/shared/protocol';

export class FakeDataSource implements PanelDataSource {
  readonly documentChanged = new vscode.EventEmitter<string>();
  readonly progress = new vscode.EventEmitter<{ uri: string; points: TrainingPoint[]; runState: RunState }>();
  readonly depthChanged = new vscode.EventEmitter<DepthLevel>();
  readonly currentChanged = new vscode.EventEmitter<string | undefined>();
  readonly onDidChangeDocument = this.documentChanged.event;
  readonly onDidTrainingProgress = this.progress.event;
  readonly onDidChangeDepth = this.depthChanged.event;
  readonly onDidChangeCurrentDocument = this.currentChanged.event;
  readonly stepThroughChanged = new vscode.EventEmitter<{ uri: string; view: PhaseView | undefined }>();
  readonly lossCompared = new vscode.EventEmitter<{ uri: string; curves: TrainingCurves | undefined }>();
  readonly onDidStepThrough = this.stepThroughChanged.event;
  readonly onDidCompareLosses = this.lossCompared.event;
  readonly views = new Map<string, PhaseView>();
  readonly comparisons = new Map<string, TrainingCurves>();
  readonly runsCompared = new vscode.EventEmitter<{ uri: string; comparison: RunComparison | undefined }>();
  readonly onDidCompareRuns = this.runsCompared.event;
  readonly runComparisons = new Map<string, RunComparison>();

  current: string | undefined;
  level: DepthLevel = 2;
  analyses = new Map<string, Analysis>();
  runState: RunState = 'idle';
  readonly calls: { method: string; args: unknown[] }[] = [];

  constructor(current?: string) { this.current = current; }

  currentDocument(): string | undefined { return this.current; }
  snapshot(uri: string) { return { analysis: this.analyses.get(uri), errors: this.analyses.has(uri) ? [] : ['1: not analysed'], runState: this.runState }; }
  depth(): DepthLevel { return this.level; }
  setDepth(depth: DepthLevel): void { this.calls.push({ method: 'setDepth', args: [depth] }); }
  command(uri: string, command: PanelCommand, options: { epochs?: number; learningRate?: number }): void { this.calls.push({ method: 'command', args: [uri, command, options] }); }
  reveal(uri: string, selection: Selection): void { this.calls.push({ method: 'reveal', args: [uri, selection] }); }
  explain(uri: string, selection: Selection): void { this.calls.push({ method: 'explain', args: [uri, selection] }); }
  stepThroughView(uri: string): PhaseView | undefined { return this.views.get(uri); }
  lossComparison(uri: string): TrainingCurves | undefined { return this.comparisons.get(uri); }
  stepThrough(uri: string, action: StepThroughAction): void { this.calls.push({ method: 'stepThrough', args: [uri, action] }); }
  seekStep(uri: string, step: number, stop?: number): void { this.calls.push({ method: 'seekStep', args: [uri, step, stop] }); }
  compareLosses(uri: string): void { this.calls.push({ method: 'compareLosses', args: [uri] }); }
  compareRuns(uri: string): void { this.calls.push({ method: 'compareRuns', args: [uri] }); }
  exportHandout(uri: string): void { this.calls.push({ method: 'exportHandout', args: [uri] }); }
  runComparison(uri: string): RunComparison | undefined { return this.runComparisons.get(uri); }
  /** What `boundary` and `lossSlice` answer (a problem unless a test sets one). */
  boundaryAnswer: ViewAnswer<BoundaryGrid> = { problem: 'no boundary in this test' };
  sliceAnswer: ViewAnswer<LossSlice> = { problem: 'no slice in this test' };
  boundary(uri: string, options: BoundaryOptions): Promise<ViewAnswer<BoundaryGrid>> { this.calls.push({ method: 'boundary', args: [uri, options] }); return Promise.resolve(this.boundaryAnswer); }
  lossSlice(uri: string, target: SliceTarget): Promise<ViewAnswer<LossSlice>> { this.calls.push({ method: 'lossSlice', args: [uri, target] }); return Promise.resolve(this.sliceAnswer); }
  /** What `convGradients` answers (a problem unless a test sets one). */
  convGradientsAnswer: ViewAnswer<ConvSampleGradients> = { problem: 'no conv gradients in this test' };
  convGradients(uri: string, layer: number, sample: number): Promise<ViewAnswer<ConvSampleGradients>> { this.calls.push({ method: 'convGradients', args: [uri, layer, sample] }); return Promise.resolve(this.convGradientsAnswer); }

  /** Listeners still attached (the fake EventEmitter counts them; the real type does not say so). */
  listeners(): number {
    const count = (e: unknown) => (e as { listenerCount: number }).listenerCount;
    return count(this.documentChanged) + count(this.progress) + count(this.depthChanged) + count(this.currentChanged)
      + count(this.stepThroughChanged) + count(this.lossCompared) + count(this.runsCompared);
  }
}

export class RecordingLogger {
  readonly warnings: string[] = [];
  readonly infos: string[] = [];
  warn(message: string): void { this.warnings.push(message); }
  info(message: string): void { this.infos.push(message); }
}
