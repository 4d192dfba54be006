/**
 * Step-through training in the editor: each `gradlens.stepThrough` shows the next phase of a training
 * step (forward layer by layer, loss, backward layer by layer, update) by highlighting the lines of the
 * layer concerned (or the `loss` line) and writing what changed at the end of its first line and in the
 * status bar; `gradlens.timelineBack` / `gradlens.timelineForward` scrub the recorded steps at the same
 * phase, `gradlens.stepThroughBack` goes one phase back, `gradlens.stepThroughStop` ends it, and
 * `gradlens.timelineSeek` (uri, step, stop) jumps to a recorded step (for a scrubber in the panel).
 * Every change is also handed to `onView` (the panel's hook: the view, or undefined when it ended).
 *
 * The recorder (src/worker/teaching/stepThrough.ts) runs in the worker: it trains its own copy of the model
 * from the file's initial parameters (the lenses keep showing the session's state), and an edit of
 * the file starts it again. Each command here is one worker request; this controller only shows the
 * stop the worker answers (its numbers and the source ranges it concerns) in the editor.
 */
import * as vscode from 'vscode';
import type { SourceRange } from '../model/types';
import { toRange } from '../ranges';
import type { DepthLevel } from '../shared/protocol';
import { snapshotOf } from '../session/modelDocuments';
import { isProblem, type StepThroughMove } from '../worker/workerProtocol';
import type { Teacher, TeachingDocuments } from './commandTargets';
import { targetDocument } from './commandTargets';
import { phaseView } from './phaseText';
import type { AnyPhaseNumbers } from './phaseNumbers';
import { CLASSIC_NAMES_SETTING } from './classicNamesRefresh';
import type { PhaseView, TimelineState } from '../shared/stepThroughView';
import type { LectureListener } from './lectureTimeline';

/** One document being stepped through (its recorder lives in the worker). */
interface Run {
  readonly uri: string;
  readonly version: number;
  /** The stop on screen (its numbers as the worker answered them, and its text) and the ranges it concerns. */
  shown?: { readonly numbers: AnyPhaseNumbers; readonly view: PhaseView; readonly ranges: readonly SourceRange[] };
  timeline?: TimelineState;
}

export interface StepThroughDeps {
  readonly documents: TeachingDocuments;
  readonly teacher: Pick<Teacher, 'stepThrough'>;
  /** Told of every stop shown, and of the end (view undefined): the panel's hook. */
  readonly onView?: (uri: string, view: PhaseView | undefined) => void;
  /** The teaching depth: at 1 (Drive) the editor's sentence names the backward pass and the update without derivatives. */
  readonly depth?: { readonly current: DepthLevel; readonly onDidChange: vscode.Event<DepthLevel> };
  /** Told of every move that reached a stop, and of Stop (the lecture recorder). */
  readonly lecture?: LectureListener;
  /**
   * The `gradlens.classicNames` setting, read for every stop: on the classic 2-2-2 model the derivation
   * names w5, out_h1, net_o1 as the walkthrough does. When the setting changes, the stops on screen are
   * written again.
   */
  readonly classicNames?: () => boolean;
}

/** Longest text written after a line. */
const NOTE_LENGTH = 140;

export class StepThroughController implements vscode.Disposable {
  private readonly runs = new Map<string, Run>();
  private readonly highlight = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('editor.rangeHighlightBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.rangeHighlightForeground'),
  });
  private readonly note = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 2em', fontStyle: 'italic' },
  });
  private status: vscode.Disposable | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly deps: StepThroughDeps) {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((e: vscode.TextDocumentChangeEvent) => {
        if (e.contentChanges.length > 0) this.stop(e.document.uri.toString(), 'the model file changed');
      }),
      vscode.workspace.onDidCloseTextDocument((d: vscode.TextDocument) => this.stop(d.uri.toString())),
      ...(deps.depth ? [deps.depth.onDidChange(() => this.rerender())] : []),
      ...(deps.classicNames ? [vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration(CLASSIC_NAMES_SETTING)) this.rewrite(); })] : []),
    ];
  }

  /** The commands, to register once. */
  commands(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand('gradlens.stepThrough', (arg?: unknown) => this.move(arg, () => ({ kind: 'next' }), true)),
      vscode.commands.registerCommand('gradlens.stepThroughBack', (arg?: unknown) => this.move(arg, () => ({ kind: 'previous' }), false)),
      vscode.commands.registerCommand('gradlens.timelineBack', (arg?: unknown) => this.move(arg, () => ({ kind: 'stepBack' }), false)),
      vscode.commands.registerCommand('gradlens.timelineForward', (arg?: unknown) => this.move(arg, () => ({ kind: 'stepForward' }), false)),
      vscode.commands.registerCommand('gradlens.timelineSeek', async (arg: unknown, step: unknown, stop: unknown) => {
        if (Number.isInteger(step)) return this.move(arg, () => ({ kind: 'seek', step: step as number, stop: Number.isInteger(stop) ? (stop as number) : 0 }), false);
        // From the command palette: ask which recorded step, and keep the phase on screen.
        const asked = await this.askStep(arg);
        return asked === undefined ? undefined : this.move(arg, (r) => ({ kind: 'seek', step: asked, stop: r.shown?.view.stopIndex ?? 0 }), false);
      }),
      vscode.commands.registerCommand('gradlens.stepThroughStop', async (arg?: unknown) => {
        const document = targetDocument(this.deps.documents, arg);
        if (!document) return;
        const uri = document.uri.toString();
        if (this.runs.has(uri)) {
          this.deps.lecture?.record(uri, { kind: 'stepThrough', move: 'end' });
          this.stop(uri);
          return;
        }
        // None on screen, but the worker may still hold one (Play Lecture starts from a clean state).
        await this.deps.teacher.stepThrough(snapshotOf(document), { kind: 'end' }).catch(() => undefined);
      }),
    ];
  }

  /** Asks for a recorded step of the target document's step-through; undefined when none runs or on Escape. */
  private async askStep(arg: unknown): Promise<number | undefined> {
    const document = targetDocument(this.deps.documents, arg);
    const run = document && this.runs.get(document.uri.toString());
    const t = run?.timeline;
    if (!t) {
      void vscode.window.showInformationMessage(vscode.l10n.t('GradLens: nothing recorded yet. Run "GradLens: Step Through Training" first.'));
      return undefined;
    }
    const parse = (text: string) => (/^\s*\d+\s*$/.test(text) ? Number(text) : NaN);
    const answer = await vscode.window.showInputBox({
      title: vscode.l10n.t('GradLens: go to a recorded step'),
      prompt: vscode.l10n.t('A step from {0} to {1} (the phase on screen stays)', t.oldestStep, t.newestStep),
      value: String(t.currentStep),
      validateInput: (text: string) => {
        const n = parse(text);
        return n >= t.oldestStep && n <= t.newestStep ? undefined : vscode.l10n.t('Give a whole number from {0} to {1}.', t.oldestStep, t.newestStep);
      },
    });
    if (answer === undefined) return undefined;
    const n = parse(answer);
    return n >= t.oldestStep && n <= t.newestStep ? n : undefined;
  }

  /** The current view of a document's step-through (for the panel, later). */
  view(uri: string): PhaseView | undefined {
    return this.runs.get(uri)?.shown?.view;
  }

  private async move(arg: unknown, moveOf: (r: Run) => StepThroughMove, mayStart: boolean): Promise<PhaseView | undefined> {
    const document = targetDocument(this.deps.documents, arg);
    if (!document) {
      void vscode.window.showInformationMessage(vscode.l10n.t('GradLens: open a model file (*.nn.json) first.'));
      return undefined;
    }
    const uri = document.uri.toString();
    let run = this.runs.get(uri);
    if (run && run.version !== document.version) {
      this.stop(uri);
      run = undefined;
    }
    if (!run && !mayStart) {
      void vscode.window.showInformationMessage(vscode.l10n.t('GradLens: nothing recorded yet. Run "GradLens: Step Through Training" first.'));
      return undefined;
    }
    const current: Run = run ?? { uri, version: document.version };
    let answer;
    try {
      answer = await this.deps.teacher.stepThrough(snapshotOf(document), moveOf(current));
    } catch (error) {
      void vscode.window.showWarningMessage(vscode.l10n.t('GradLens: cannot step through this model: {0}', (error as Error).message));
      return undefined;
    }
    if (isProblem(answer)) {
      void vscode.window.showWarningMessage(vscode.l10n.t('GradLens: {0}', answer.problem));
      return undefined;
    }
    if (!answer.running) {
      // The worker has no recording (it was restarted, or the file changed): nothing to move.
      if (run) this.stop(uri);
      void vscode.window.showInformationMessage(vscode.l10n.t('GradLens: nothing recorded yet. Run "GradLens: Step Through Training" first.'));
      return undefined;
    }
    if (!run) {
      run = current;
      this.runs.set(uri, run);
      await vscode.commands.executeCommand('setContext', 'gradlens.steppingThrough', true);
      void vscode.window.showInformationMessage(vscode.l10n.t('GradLens steps through training on its own copy of the model, from the initial weights: the lenses keep showing your session. Run Step Through Training again for the next phase; Timeline Back and Forward scrub the recorded steps.'));
    }
    if (answer.timeline) run.timeline = answer.timeline;
    const view = answer.view && this.textOf(answer.view);
    if (!view) {
      const t = run.timeline;
      if (t) void vscode.window.setStatusBarMessage(`GradLens: the timeline holds steps ${t.oldestStep} to ${t.newestStep}; you are at step ${t.currentStep}.`, 5000);
      return undefined;
    }
    run.shown = { numbers: answer.view!, view, ranges: answer.ranges };
    this.render(run, view);
    const move = moveOf(current).kind;
    if (move !== 'view' && move !== 'end') this.deps.lecture?.record(uri, { kind: 'stepThrough', move, stop: { step: view.step, stopIndex: view.stopIndex, title: view.title } });
    return view;
  }

  private render(run: Run, view: PhaseView): void {
    const ranges = (run.shown?.ranges ?? []).map(toRange);
    const first = ranges[0];
    const line = first ? first.start.line : 0;
    const endOfLine = new vscode.Range(line, Number.MAX_SAFE_INTEGER, line, Number.MAX_SAFE_INTEGER);
    const sentence = this.deps.depth?.current === 1 ? view.driveDetail : view.detail;
    const text = `${view.title}: ${sentence}`;
    const noteText = `← ${text.length > NOTE_LENGTH ? `${text.slice(0, NOTE_LENGTH - 1)}…` : text}`;
    for (const editor of vscode.window.visibleTextEditors as readonly vscode.TextEditor[]) {
      if (editor.document.uri.toString() !== run.uri) continue;
      editor.setDecorations(this.highlight, ranges);
      editor.setDecorations(this.note, [{ range: endOfLine, renderOptions: { after: { contentText: noteText } } }]);
      // The start of the line only: revealing the whole range would scroll sideways to its last column.
      if (first) editor.revealRange(new vscode.Range(first.start.line, 0, first.start.line, 0), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
    this.status?.dispose();
    const t = view.timeline;
    this.status = vscode.window.setStatusBarMessage(`$(debug-step-into) GradLens ${view.title} (${view.stopIndex + 1}/${view.stopsPerStep}; timeline ${t.oldestStep}–${t.newestStep}): ${sentence}`);
    this.deps.onView?.(run.uri, view);
  }

  /** A stop's text, under the names the `gradlens.classicNames` setting asks for. */
  private textOf(numbers: AnyPhaseNumbers): PhaseView {
    return phaseView(numbers, { classicNames: this.deps.classicNames?.() ?? false });
  }

  /** Writes every run's stop again from its numbers and shows it (the `gradlens.classicNames` setting changed). */
  private rewrite(): void {
    for (const run of this.runs.values()) {
      if (!run.shown) continue;
      run.shown = { ...run.shown, view: this.textOf(run.shown.numbers) };
      this.render(run, run.shown.view);
    }
  }

  /** Shows every run's stop again (the depth changed what its sentence may say). */
  private rerender(): void {
    for (const run of this.runs.values()) {
      if (run.shown) this.render(run, run.shown.view);
    }
  }

  /** Ends the step-through of a document: decorations and status go away. */
  stop(uri: string, reason?: string): void {
    if (!this.runs.delete(uri)) return;
    // The worker forgets the recording too. After an edit as well: it keeps a recording while the text is
    // unchanged, and an edit undone would otherwise bring the old recording back with its cursor.
    const document = this.deps.documents.document(uri);
    if (document) void this.deps.teacher.stepThrough(snapshotOf(document), { kind: 'end' }).catch(() => undefined);
    for (const editor of vscode.window.visibleTextEditors as readonly vscode.TextEditor[]) {
      if (editor.document.uri.toString() !== uri) continue;
      editor.setDecorations(this.highlight, []);
      editor.setDecorations(this.note, []);
    }
    this.status?.dispose();
    this.status = undefined;
    if (reason) void vscode.window.setStatusBarMessage(`GradLens: step-through ended: ${reason}.`, 5000);
    this.deps.onView?.(uri, undefined);
    if (this.runs.size === 0) void vscode.commands.executeCommand('setContext', 'gradlens.steppingThrough', false);
  }

  dispose(): void {
    for (const uri of [...this.runs.keys()]) this.stop(uri);
    this.subscriptions.forEach((s) => s.dispose());
    this.highlight.dispose();
    this.note.dispose();
    this.status?.dispose();
  }
}
