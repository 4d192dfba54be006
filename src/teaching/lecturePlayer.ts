/**
 * Play Lecture… / Next Lecture Step / Previous Lecture Step / Stop Playing Lecture: replays a
 * `<model>.lecture.json` on the model file beside it, one step per Next, through the same GradLens
 * commands the lecturer used (train, step, reset, step-through, depth, Explain Gradient, the panel);
 * edits are undoable WorkspaceEdits. Every training result is compared with the recorded one: the engine
 * is deterministic, so a difference (a changed engine, other settings) is shown as a warning. The status
 * bar shows where the lecture is (click: next step), and each step's note appears as a notification.
 * The model file's text is replaced by the recorded starting text only when the person agrees.
 */
import * as vscode from 'vscode';
import type { DocumentState } from '../session/documentAnalyses';
import type { PhaseView } from '../shared/stepThroughView';
import { formatValue } from '../shared/format';
import { entryLabel } from './text';
import {
  LecturePlayback, describeLectureError, readLectureTimeline, LECTURE_FILE_SUFFIX,
  type LectureActions, type LectureStep, type LectureTimeline, type PlayedStep, type StepThroughMoveKind, type TrainingResult,
} from './lectureTimeline';

export interface LecturePlayerDeps {
  /** The analyses' latest states, for the loss each training step reached. */
  readonly analyses: { get(uri: string): DocumentState | undefined };
  /** Whether a recording runs (a lecture is not played while one is recorded). */
  readonly recording: () => boolean;
}

const STEP_THROUGH_COMMANDS: Record<StepThroughMoveKind, string> = {
  next: 'gradlens.stepThrough', previous: 'gradlens.stepThroughBack', stepBack: 'gradlens.timelineBack',
  stepForward: 'gradlens.timelineForward', seek: 'gradlens.timelineSeek', end: 'gradlens.stepThroughStop',
};

/** The document a lecture plays on: edits replace its whole text, the commands get its uri. */
export function commandActions(deps: LecturePlayerDeps, uri: vscode.Uri): LectureActions {
  const key = uri.toString();
  const document = () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
  const trained = (): TrainingResult | undefined => {
    const state = deps.analyses.get(key);
    const a = state?.outcome?.analysis;
    return a && state?.version === document()?.version ? { loss: a.loss, step: a.step } : undefined;
  };
  return {
    async setText(text) {
      const d = document() ?? await vscode.workspace.openTextDocument(uri);
      if (d.getText() === text) return;
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(d.positionAt(0), d.positionAt(d.getText().length)), text);
      await vscode.workspace.applyEdit(edit);
    },
    async train(steps, learningRate) {
      await vscode.commands.executeCommand('gradlens.train', key, { steps, ...(learningRate === undefined ? {} : { learningRate }) });
      return trained();
    },
    async step() {
      await vscode.commands.executeCommand('gradlens.step', key);
      return trained();
    },
    async reset() {
      await vscode.commands.executeCommand('gradlens.reset', key);
    },
    async stepThrough(move, stop) {
      const view = move === 'seek'
        ? await vscode.commands.executeCommand<PhaseView | undefined>(STEP_THROUGH_COMMANDS.seek, key, stop?.step, stop?.stopIndex)
        : await vscode.commands.executeCommand<PhaseView | undefined>(STEP_THROUGH_COMMANDS[move], key);
      return view ? { step: view.step, stopIndex: view.stopIndex, title: view.title } : undefined;
    },
    async setDepth(depth) {
      await vscode.commands.executeCommand('gradlens.setDepth', depth);
    },
    async explain(target) {
      await vscode.commands.executeCommand('gradlens.explainGradient', { uri: key, layerIndex: target.layerIndex, param: target.param, index: [...target.index] });
    },
    async openPanel() {
      await vscode.commands.executeCommand('gradlens.openPanel', { uri: key });
    },
  };
}

/** One line for the status bar: what the step does. */
export function stepSummary(step: LectureStep): string {
  switch (step.kind) {
    case 'edit': return vscode.l10n.t('edit of the model file');
    case 'train': return vscode.l10n.t('train {0} steps → loss {1}', step.steps, formatValue(step.loss, 4));
    case 'step': return vscode.l10n.t('one step → loss {0}', formatValue(step.loss, 4));
    case 'reset': return vscode.l10n.t('reset to the initial parameters');
    case 'stepThrough': return step.move === 'end' ? vscode.l10n.t('step-through ends') : vscode.l10n.t('step-through: {0}', step.stop?.title ?? step.move);
    case 'depth': return vscode.l10n.t('teaching depth {0}', step.depth);
    case 'explain': return vscode.l10n.t('explain layer {0} {1}{2}', step.layerIndex + 1, step.param, entryLabel(step.index));
    case 'openPanel': return vscode.l10n.t('open the gradient panel');
  }
}

interface Playing {
  readonly lecture: vscode.Uri;
  readonly model: vscode.Uri;
  readonly playback: LecturePlayback;
}

export class LecturePlayer implements vscode.Disposable {
  static readonly statusId = 'gradlens.status.lecture';
  private playing: Playing | undefined;
  private busy = false;
  private readonly status = vscode.window.createStatusBarItem(LecturePlayer.statusId, vscode.StatusBarAlignment.Left, 48);

  constructor(private readonly deps: LecturePlayerDeps) {
    this.status.name = vscode.l10n.t('GradLens Lecture');
    this.status.command = 'gradlens.nextLectureStep';
  }

  commands(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand('gradlens.playLecture', (arg?: unknown) => this.play(arg)),
      vscode.commands.registerCommand('gradlens.nextLectureStep', () => this.next()),
      vscode.commands.registerCommand('gradlens.previousLectureStep', () => this.previous()),
      vscode.commands.registerCommand('gradlens.stopLecture', () => this.stop()),
    ];
  }

  /** Where the lecture is: steps done and steps in all (for tests and the status bar). */
  get position(): { readonly done: number; readonly total: number } | undefined {
    return this.playing ? { done: this.playing.playback.position, total: this.playing.playback.length } : undefined;
  }

  /** Opens a lecture file (the argument, else one picked from the workspace), checks its model file and gets it ready. */
  async play(arg?: unknown): Promise<boolean> {
    if (this.deps.recording()) {
      void vscode.window.showInformationMessage(vscode.l10n.t('GradLens: stop recording the lecture before playing one.'));
      return false;
    }
    const lecture = await this.lectureUri(arg);
    if (!lecture) return false;
    const name = lecture.path.split('/').pop() ?? '';
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(lecture));
    } catch (error) {
      void vscode.window.showErrorMessage(vscode.l10n.t('GradLens: cannot read {0}: {1}', name, (error as Error).message));
      return false;
    }
    const read = readLectureTimeline(text);
    if (read.error) {
      void vscode.window.showErrorMessage(vscode.l10n.t('GradLens: {0} is not a lecture file GradLens can play: {1}', name, describeLectureError(read.error)));
      return false;
    }
    const model = await this.modelDocument(lecture, read.timeline);
    if (!model) return false;
    this.stop(true);
    await vscode.window.showTextDocument(model, { preview: false });
    const playback = new LecturePlayback(read.timeline, commandActions(this.deps, model.uri));
    this.playing = { lecture, model: model.uri, playback };
    await this.run(() => playback.restore(0));
    await vscode.commands.executeCommand('setContext', 'gradlens.playingLecture', true);
    this.update();
    void vscode.window.showInformationMessage(vscode.l10n.t('GradLens: the lecture {0} is ready ({1} steps). "GradLens: Next Lecture Step" (or the status bar) performs each one.', name, playback.length));
    return true;
  }

  /** Performs the next step; answers it (undefined at the end or when nothing plays). */
  async next(): Promise<PlayedStep | undefined> {
    const playing = this.playing;
    if (!playing) {
      void vscode.window.showInformationMessage(vscode.l10n.t('GradLens: no lecture is playing. Run "GradLens: Play Lecture…" first.'));
      return undefined;
    }
    if (playing.playback.position >= playing.playback.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('GradLens: the lecture is over ({0} steps). "GradLens: Previous Lecture Step" goes back.', playing.playback.length));
      return undefined;
    }
    const played = await this.run(() => playing.playback.next());
    if (played) this.show(played);
    return played;
  }

  /** Goes back one step by rebuilding the state before it (the text, then the training replayed). */
  async previous(): Promise<number | undefined> {
    const playing = this.playing;
    if (!playing) {
      void vscode.window.showInformationMessage(vscode.l10n.t('GradLens: no lecture is playing. Run "GradLens: Play Lecture…" first.'));
      return undefined;
    }
    if (playing.playback.position === 0) return 0;
    await this.run(async () => vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('GradLens: going back one lecture step') },
      () => playing.playback.previous()));
    this.update();
    return playing.playback.position;
  }

  stop(quiet = false): void {
    if (!this.playing) return;
    this.playing = undefined;
    void vscode.commands.executeCommand('setContext', 'gradlens.playingLecture', false);
    this.update();
    if (!quiet) void vscode.window.setStatusBarMessage(vscode.l10n.t('GradLens: the lecture stopped.'), 4000);
  }

  dispose(): void {
    this.status.dispose();
  }

  /** One step at a time: a Next pressed while a step runs waits for it. */
  private async run<T>(work: () => Promise<T>): Promise<T | undefined> {
    if (this.busy) {
      void vscode.window.setStatusBarMessage(vscode.l10n.t('GradLens: the lecture step is still running.'), 3000);
      return undefined;
    }
    this.busy = true;
    try {
      return await work();
    } finally {
      this.busy = false;
    }
  }

  private show(played: PlayedStep): void {
    this.update(played);
    if (played.mismatch) {
      void vscode.window.showWarningMessage(vscode.l10n.t('GradLens: lecture step {0} gives other numbers than when it was recorded: {1}.', played.index + 1, played.mismatch));
    }
    if (played.step.note) void vscode.window.showInformationMessage(vscode.l10n.t('Lecture step {0}: {1}', played.index + 1, played.step.note));
  }

  private update(played?: PlayedStep): void {
    const playing = this.playing;
    if (!playing) {
      this.status.hide();
      return;
    }
    const { position, length } = playing.playback;
    const step = played?.step ?? playing.playback.timeline.steps[position - 1];
    const what = step ? stepSummary(step) : vscode.l10n.t('ready');
    this.status.text = `$(play) ${vscode.l10n.t('Lecture {0}/{1}: {2}', position, length, what)}${played?.mismatch ? ' $(warning)' : ''}`;
    const next = playing.playback.timeline.steps[position];
    const lines = [
      ...(step?.note ? [step.note] : []),
      next ? vscode.l10n.t('Click for the next step: {0}', stepSummary(next)) : vscode.l10n.t('The lecture is over.'),
    ];
    this.status.tooltip = lines.join('\n');
    this.status.command = next ? 'gradlens.nextLectureStep' : 'gradlens.stopLecture';
    this.status.show();
  }

  /** The lecture file: the argument (a uri or a string), else a pick among the workspace's lecture files. */
  private async lectureUri(arg: unknown): Promise<vscode.Uri | undefined> {
    if (arg instanceof vscode.Uri) return arg;
    if (typeof arg === 'string') return arg.includes(':') ? vscode.Uri.parse(arg) : vscode.Uri.file(arg);
    const found = await vscode.workspace.findFiles(`**/*${LECTURE_FILE_SUFFIX}`, '**/node_modules/**', 200);
    if (found.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('GradLens: no lecture file (*.lecture.json) in this workspace. Record one with "GradLens: Record Lecture".'));
      return undefined;
    }
    const items = found.map((uri) => ({ label: uri.path.split('/').pop() ?? '', description: vscode.workspace.asRelativePath(uri), uri }));
    const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('GradLens: which lecture?'), matchOnDescription: true });
    return pick?.uri;
  }

  /**
   * The model file the lecture plays on, beside it. When its text is not the recorded starting text, the
   * person chooses: the recorded text into the file (an undoable edit, not saved), into a new untitled
   * copy, or nothing.
   */
  private async modelDocument(lecture: vscode.Uri, timeline: LectureTimeline): Promise<vscode.TextDocument | undefined> {
    const modelUri = lecture.with({ path: `${lecture.path.replace(/[^/]*$/, '')}${timeline.model}` });
    let document: vscode.TextDocument | undefined;
    try {
      document = await vscode.workspace.openTextDocument(modelUri);
    } catch {
      document = undefined;
    }
    if (document && document.getText() === timeline.startText) return document;
    const restore = vscode.l10n.t('Restore the Recorded Text');
    const copy = vscode.l10n.t('Open a Copy');
    const question = document
      ? vscode.l10n.t('{0} is not the text the lecture was recorded on. Put the recorded starting text into the file (an edit you can undo) or into an untitled copy?', timeline.model)
      : vscode.l10n.t('{0} is not next to the lecture file. Open the recorded starting text as an untitled copy?', timeline.model);
    const answer = await vscode.window.showWarningMessage(question, { modal: true }, ...(document ? [restore, copy] : [copy]));
    if (answer === restore && document) {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), timeline.startText);
      if (!(await vscode.workspace.applyEdit(edit))) return undefined;
      return document;
    }
    if (answer === copy) return vscode.workspace.openTextDocument({ language: 'nnjson', content: timeline.startText });
    return undefined;
  }
}
