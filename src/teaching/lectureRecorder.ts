/**
 * Record Lecture / Add Note to Lecture Step / Stop Recording: the host side of a lecture recording.
 * While recording one model file it hears that file's edits (coalesced into one step per pause or
 * save by `LectureRecording`) and the GradLens commands that report to it (`LectureListener`: train,
 * step, reset, the step-through's moves, Explain Gradient, the panel) and the teaching depth's changes. A status bar item
 * shows "● Recording lecture (N steps)". Stop writes `<model>.lecture.json` beside the model, only
 * then, never through a link and never over a file without asking (src/commands/safeWrite.ts).
 */
import * as vscode from 'vscode';
import { pathKind, writeFilesAsked } from '../commands/safeWrite';
import type { DepthLevel } from '../shared/protocol';
import { targetDocument, type TeachingDocuments } from './commandTargets';
import { LectureRecording, lectureFileName, writeLectureTimeline, type LectureListener, type LectureStep } from './lectureTimeline';

export interface LectureRecorderDeps {
  readonly documents: TeachingDocuments;
  /** The teaching depth: its value when recording begins is the first step, and every change after is one
   * (from Set Teaching Depth…, the status bar, the panel or the setting alike). */
  readonly depth: { readonly current: DepthLevel; readonly onDidChange: vscode.Event<DepthLevel> };
  /** Milliseconds, for the pauses between keystrokes (a test's clock). */
  readonly now?: () => number;
}

interface Recording {
  readonly uri: vscode.Uri;
  readonly recording: LectureRecording;
}

/** The model file's name and the lecture file beside it. */
export function lectureTarget(model: vscode.Uri): { readonly uri: vscode.Uri; readonly name: string } {
  const modelName = model.path.split('/').pop() ?? 'model.nn.json';
  const name = lectureFileName(modelName);
  return { uri: model.with({ path: `${model.path.slice(0, model.path.length - modelName.length)}${name}` }), name };
}

export class LectureRecorder implements LectureListener, vscode.Disposable {
  static readonly statusId = 'gradlens.status.lectureRecording';
  private current: Recording | undefined;
  private readonly status = vscode.window.createStatusBarItem(LectureRecorder.statusId, vscode.StatusBarAlignment.Left, 48);
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly deps: LectureRecorderDeps) {
    this.status.name = vscode.l10n.t('GradLens Lecture Recording');
    this.status.command = 'gradlens.stopRecordingLecture';
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((e: vscode.TextDocumentChangeEvent) => {
        if (e.contentChanges.length === 0 || !this.isRecorded(e.document.uri.toString())) return;
        this.current!.recording.edited(e.document.getText(), this.now());
        this.update();
      }),
      vscode.workspace.onDidSaveTextDocument((d: vscode.TextDocument) => {
        if (this.isRecorded(d.uri.toString())) this.current!.recording.saved();
      }),
      deps.depth.onDidChange((depth) => this.record(undefined, { kind: 'depth', depth })),
    ];
  }

  get recording(): boolean {
    return this.current !== undefined;
  }

  /** The recorded model file's uri, while recording. */
  get uri(): string | undefined {
    return this.current?.uri.toString();
  }

  record(uri: string | undefined, step: LectureStep): void {
    if (!this.current || (uri !== undefined && !this.isRecorded(uri))) return;
    this.current.recording.add(step);
    this.update();
  }

  commands(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand('gradlens.recordLecture', (arg?: unknown) => this.start(arg)),
      vscode.commands.registerCommand('gradlens.stopRecordingLecture', () => this.stop()),
      vscode.commands.registerCommand('gradlens.addLectureNote', (text?: unknown) => this.note(text)),
    ];
  }

  /** Starts recording the target model file from its initial parameters; answers whether it started. */
  async start(arg?: unknown): Promise<boolean> {
    if (this.current) {
      void vscode.window.showInformationMessage(vscode.l10n.t('GradLens is already recording a lecture on {0}. Stop Recording first.', this.modelName(this.current.uri)));
      return false;
    }
    const document = targetDocument(this.deps.documents, arg);
    if (!document) {
      void vscode.window.showInformationMessage(vscode.l10n.t('GradLens: open a model file (*.nn.json) first.'));
      return false;
    }
    if (document.uri.scheme !== 'file' && document.uri.scheme !== 'vscode-remote') {
      void vscode.window.showWarningMessage(vscode.l10n.t('GradLens: save the model file first; the lecture is written next to it.'));
      return false;
    }
    const uri = document.uri.toString();
    // A lecture starts from the model's initial parameters and no step-through: replay starts there too.
    await vscode.commands.executeCommand('gradlens.stepThroughStop', uri);
    await vscode.commands.executeCommand('gradlens.reset', uri);
    const recording = new LectureRecording(this.modelName(document.uri), document.getText());
    recording.add({ kind: 'depth', depth: this.deps.depth.current });
    this.current = { uri: document.uri, recording };
    await vscode.commands.executeCommand('setContext', 'gradlens.recordingLecture', true);
    this.update();
    void vscode.window.showInformationMessage(vscode.l10n.t('GradLens records a lecture on {0}, from its initial parameters: your edits, training runs, step-through stops, the depth and Explain Gradient. Add a note to a step with "GradLens: Add Note to Lecture Step"; "GradLens: Stop Recording Lecture" writes {1}.', this.modelName(document.uri), lectureTarget(document.uri).name));
    return true;
  }

  /** Attaches a note to the latest step (asked for when not given). */
  async note(text?: unknown): Promise<boolean> {
    if (!this.current) {
      void vscode.window.showInformationMessage(vscode.l10n.t('GradLens: no lecture is being recorded. Run "GradLens: Record Lecture" first.'));
      return false;
    }
    const note = typeof text === 'string' ? text : await vscode.window.showInputBox({
      title: vscode.l10n.t('GradLens: a note for the latest lecture step'),
      prompt: vscode.l10n.t('Shown when the lecture reaches this step'),
    });
    if (note === undefined || note.trim() === '') return false;
    const added = this.current.recording.annotate(note);
    if (!added) void vscode.window.showInformationMessage(vscode.l10n.t('GradLens: the lecture has no step yet to attach a note to.'));
    return added;
  }

  /**
   * Stops and writes the lecture file beside the model. When it cannot be written (a link, or the person
   * keeps the existing file), the recording goes on, so nothing is lost. Answers the file written.
   */
  async stop(): Promise<vscode.Uri | undefined> {
    const current = this.current;
    if (!current) {
      void vscode.window.showInformationMessage(vscode.l10n.t('GradLens: no lecture is being recorded. Run "GradLens: Record Lecture" first.'));
      return undefined;
    }
    const timeline = current.recording.finish();
    const target = lectureTarget(current.uri);
    const kind = await pathKind(target.uri);
    const written = await writeFilesAsked([{ uri: target.uri, name: target.name, content: new TextEncoder().encode(writeLectureTimeline(timeline)) }]);
    if (!written) {
      if (kind !== 'symlink' && kind !== 'other') {
        void vscode.window.showInformationMessage(vscode.l10n.t('GradLens: {0} was kept as it was; the lecture is still being recorded. Rename or move that file and Stop Recording again.', target.name));
      }
      return undefined;
    }
    this.current = undefined;
    await vscode.commands.executeCommand('setContext', 'gradlens.recordingLecture', false);
    this.update();
    void vscode.window.showInformationMessage(timeline.steps.length === 1
      ? vscode.l10n.t('GradLens wrote {0} (1 step) next to the model file. "GradLens: Play Lecture…" replays it.', target.name)
      : vscode.l10n.t('GradLens wrote {0} ({1} steps) next to the model file. "GradLens: Play Lecture…" replays it.', target.name, timeline.steps.length));
    return target.uri;
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.status.dispose();
  }

  private isRecorded(uri: string): boolean {
    return this.current?.uri.toString() === uri;
  }

  private modelName(uri: vscode.Uri): string {
    return uri.path.split('/').pop() ?? '';
  }

  private now(): number {
    return this.deps.now ? this.deps.now() : Date.now();
  }

  private update(): void {
    if (!this.current) {
      this.status.hide();
      return;
    }
    const n = this.current.recording.count;
    this.status.text = n === 1 ? vscode.l10n.t('● Recording lecture (1 step)') : vscode.l10n.t('● Recording lecture ({0} steps)', n);
    this.status.tooltip = vscode.l10n.t('GradLens records a lecture on {0}. Click to stop and write {1}.', this.modelName(this.current.uri), lectureTarget(this.current.uri).name);
    this.status.show();
  }
}
