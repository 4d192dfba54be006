/**
 * Teaching mode (issue #7): every command and provider of src/teaching, registered in one call.
 *
 * - `gradlens.compareLosses`: squared error versus cross-entropy on the current model (Markdown page);
 * - `gradlens.stepThrough`, `gradlens.stepThroughBack`, `gradlens.timelineBack`,
 *   `gradlens.timelineForward`, `gradlens.timelineSeek`, `gradlens.stepThroughStop`: step-through
 *   training in the editor (and, through `onStepThrough`, in the panel);
 * - `gradlens.openExample`: opens a working copy of an example shipped with the extension (the
 *   walkthrough's buttons);
 * - `gradlens.compareRuns`: the model and a variant trained from the same seed (the panel's Compare runs card);
 * - `gradlens.exportHandout`: the lecture handout, one HTML file next to the model file (with the last run comparison).
 *
 * The lecture timeline (`LectureRecorder`, `LecturePlayer`: Record Lecture, Play Lecture…, Next and Previous
 * Lecture Step) is built in extension.ts, since the training and navigation commands report to the recorder;
 * the step-through controller made here reports to it through `lecture`.
 *
 * `gradlens.explainGradient` is registered by `registerExplainCommand` (src/commands/explainCommand.ts),
 * which extension.ts calls on its own; it is not registered here, so it is never registered twice.
 */
import * as vscode from 'vscode';
import { registerOpenExampleCommand } from './exampleCommands';
import type { Teacher, TeachingAnalyses, TeachingDocuments } from './commandTargets';
import type { TrainingCurves } from '../worker/teaching/lossComparison';
import type { PhaseView } from '../worker/teaching/stepThrough';
import { StepThroughController, type StepThroughDeps } from './stepThroughController';
import { registerCompareLosses, registerExportHandout } from './teachingCommands';
import type { LectureListener } from './lectureTimeline';
import { registerCompareRuns } from './compareRunsCommand';
import type { RunComparison } from '../shared/runComparison';

export interface TeachingDeps {
  /** The per-document analyses (a `DocumentAnalyses`). */
  readonly analyses: TeachingAnalyses;
  /** The open model files (a `ModelDocuments`). */
  readonly documents: TeachingDocuments;
  /** The extension's folder, where `examples/` lives. */
  readonly extensionUri: vscode.Uri;
  /** Where Open Example keeps working copies of the examples (default: none, the shipped files open). */
  readonly examplesScratch?: vscode.Uri;
  /** The worker's teaching requests (a `WorkerTeaching`): every number the teaching features show comes from there. */
  readonly teacher: Teacher;
  /** The teaching depth (a `DepthLevelState`), which the step-through's sentences in the editor follow. */
  readonly depth?: StepThroughDeps['depth'];
  /** Told of every step-through stop shown (undefined: it ended), to forward to the panel. */
  readonly onStepThrough?: (uri: string, view: PhaseView | undefined) => void;
  /** Told of both training curves of every loss comparison made, to forward to the panel. */
  readonly onLossComparison?: (uri: string, curves: TrainingCurves) => void;
  /** Told of every step-through move (the lecture recorder). */
  readonly lecture?: LectureListener;
  /** Told of every finished run comparison, to forward to the panel. */
  readonly onRunComparison?: (uri: string, comparison: RunComparison) => void;
  /** The document's last run comparison, which the handout prints. */
  readonly runComparison?: (uri: string) => RunComparison | undefined;
  /** The `gradlens.classicNames` setting: the step-through's derivation and the handout's use Mazur's names on the classic model. */
  readonly classicNames?: () => boolean;
}

export function registerTeaching(deps: TeachingDeps): vscode.Disposable[] {
  const commandDeps = { analyses: deps.analyses, documents: deps.documents, teacher: deps.teacher };
  const stepThrough = new StepThroughController({
    documents: deps.documents, teacher: deps.teacher,
    ...(deps.onStepThrough ? { onView: deps.onStepThrough } : {}),
    ...(deps.depth ? { depth: deps.depth } : {}),
    ...(deps.lecture ? { lecture: deps.lecture } : {}),
    ...(deps.classicNames ? { classicNames: deps.classicNames } : {}),
  });
  return [
    ...registerCompareLosses({ ...commandDeps, ...(deps.onLossComparison ? { onCurves: deps.onLossComparison } : {}) }),
    registerCompareRuns({ ...commandDeps, ...(deps.onRunComparison ? { onComparison: deps.onRunComparison } : {}) }),
    registerExportHandout({ ...commandDeps, ...(deps.runComparison ? { runComparison: deps.runComparison } : {}), ...(deps.classicNames ? { classicNames: deps.classicNames } : {}) }),
    stepThrough,
    ...stepThrough.commands(),
    registerOpenExampleCommand(deps.extensionUri, deps.examplesScratch),
  ];
}

export { registerExplainCommand } from '../commands/explainCommand';
export { LectureRecorder } from './lectureRecorder';
export { LecturePlayer } from './lecturePlayer';
export type { PhaseView, StepPhase, TimelineState } from '../worker/teaching/stepThrough';
export type { LossComparison, TrainingCurves } from '../worker/teaching/lossComparison';
