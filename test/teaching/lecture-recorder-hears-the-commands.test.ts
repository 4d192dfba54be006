/**
 * Record Lecture in the extension host (the fake `vscode` over the real worker, in process): the
 * training, step-through and depth commands report to the recorder, the model file's keystrokes become
 * one edit step, the status bar counts the steps, and Stop writes `<model>.lecture.json` beside the model
 * with the numbers the session showed. It never writes through a link, nor over a file without asking.
 */
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import * as fake from '../fakes/vscode';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { registerNavigationCommands } from '../../src/commands/navigationCommands';
import { registerTrainingCommands } from '../../src/commands/trainingCommands';
import { DocumentAnalyses } from '../../src/session/documentAnalyses';
import type { ModelDocuments } from '../../src/session/modelDocuments';
import { AnalysisWorkerClient } from '../../src/session/workerClient';
import { WorkerTeaching } from '../../src/session/workerTeaching';
import { registerTeaching } from '../../src/teaching';
import type { DepthLevelState } from '../../src/teaching/depthLevel';
import { LectureRecorder } from '../../src/teaching/lectureRecorder';
import { readLectureTimeline } from '../../src/teaching/lectureTimeline';
import { InProcessWorker } from '../helpers/inProcessWorker';
import { FakeDepth, FakeDocuments, fakeDocument, type FakeDocument } from './hostFakes';
import { exampleText } from './helpers';

const XOR = exampleText('xor.nn.json');
const FASTER = XOR.replace('"learningRate": 0.05', '"learningRate": 0.1');
const quiet = { info() {}, warn() {}, error() {} };

let disposables: vscode.Disposable[] = [];
let client: AnalysisWorkerClient;

function setUp(folder: string) {
  fake.resetTeachingFake();
  const doc = fakeDocument(path.join(folder, 'xor.nn.json'), XOR);
  client = new AnalysisWorkerClient(() => new InProcessWorker(), quiet);
  const analyses = new DocumentAnalyses(client, () => DEFAULT_ANALYSIS_SETTINGS, quiet, 0);
  const documents = new FakeDocuments([doc]);
  const depth = new FakeDepth(2);
  let clock = 0;
  const recorder = new LectureRecorder({ documents, depth, now: () => clock });
  const teacher = new WorkerTeaching(client, () => DEFAULT_ANALYSIS_SETTINGS);
  disposables = [
    recorder, ...recorder.commands(),
    ...registerTrainingCommands({ analyses, documents: documents as unknown as ModelDocuments, lecture: recorder }),
    ...registerNavigationCommands({ documents: documents as unknown as ModelDocuments, depth: depth as unknown as DepthLevelState, showPanel: () => undefined, lecture: recorder }),
    ...registerTeaching({ analyses, documents, teacher, extensionUri: vscode.Uri.file('/ext'), lecture: recorder }),
  ];
  const type = (d: FakeDocument, text: string, ms: number) => {
    clock += ms;
    d.text = text;
    d.version++;
    fake.textDocumentEvents.change.fire({ document: d, contentChanges: [{ text: 'x' }] });
  };
  return { doc, analyses, recorder, depth, type, uri: doc.uri.toString() };
}

function lectureFile(folder: string): string | undefined {
  const data = fake.fakeFiles.get(vscode.Uri.file(path.join(folder, 'xor.lecture.json')).toString());
  return data && new TextDecoder().decode(data);
}

const recordingStatus = () => fake.registered.statusBarItems.filter((i) => i.id === LectureRecorder.statusId).at(-1);

afterEach(() => {
  disposables.forEach((d) => d.dispose());
  client.dispose();
});

describe('Record Lecture hears the commands and writes the lecture beside the model', () => {
  let folder: string;
  beforeEach(() => { folder = mkdtempSync(path.join(tmpdir(), 'gradlens-lecture-')); });

  it('records the depth, one edit for many keystrokes, the training run with its loss and the step-through stops', async () => {
    const { doc, analyses, type, uri } = setUp(folder);
    expect(await vscode.commands.executeCommand('gradlens.recordLecture', uri)).toBe(true);
    // Backspace twice and a new digit, 200 ms apart: one edit step.
    for (const rate of ['0.0', '0.', '0.1']) type(doc, XOR.replace('"learningRate": 0.05', `"learningRate": ${rate}`), 200);
    expect(doc.text).toBe(FASTER);
    await vscode.commands.executeCommand('gradlens.train', uri, { steps: 60 });
    const trained = analyses.get(uri)!.outcome!.analysis!;
    await vscode.commands.executeCommand('gradlens.stepThrough', uri);
    await vscode.commands.executeCommand('gradlens.stepThrough', uri);
    await vscode.commands.executeCommand('gradlens.setDepth', 3);
    expect(await vscode.commands.executeCommand('gradlens.addLectureNote', 'Now the derivatives')).toBe(true);
    expect(recordingStatus()).toMatchObject({ visible: true, text: '● Recording lecture (6 steps)' });

    const written = await vscode.commands.executeCommand<vscode.Uri>('gradlens.stopRecordingLecture');
    expect(written?.path).toBe(vscode.Uri.file(path.join(folder, 'xor.lecture.json')).path);
    expect(recordingStatus()?.visible).toBe(false);
    const { timeline, error } = readLectureTimeline(lectureFile(folder)!);
    expect(error).toBeUndefined();
    expect(timeline!.startText).toBe(XOR);
    expect(timeline!.steps.map((s) => s.kind)).toEqual(['depth', 'edit', 'train', 'stepThrough', 'stepThrough', 'depth']);
    expect(timeline!.steps[0]).toEqual({ kind: 'depth', depth: 2 });
    expect(timeline!.steps[1]).toEqual({ kind: 'edit', text: FASTER });
    expect(timeline!.steps[2]).toEqual({ kind: 'train', steps: 60, seed: 3, loss: trained.loss, step: 60 });
    expect(timeline!.steps[3]).toMatchObject({ kind: 'stepThrough', move: 'next', stop: { step: 1, stopIndex: 0 } });
    expect(timeline!.steps[4]).toMatchObject({ kind: 'stepThrough', move: 'next', stop: { step: 1, stopIndex: 1 } });
    expect(timeline!.steps[5]).toEqual({ kind: 'depth', depth: 3, note: 'Now the derivatives' });
  });

  it('starts from the initial parameters: a run trained before recording counts from step 0', async () => {
    const { uri } = setUp(folder);
    await vscode.commands.executeCommand('gradlens.train', uri, { steps: 25 });
    await vscode.commands.executeCommand('gradlens.recordLecture', uri);
    await vscode.commands.executeCommand('gradlens.step', uri);
    await vscode.commands.executeCommand('gradlens.stopRecordingLecture');
    const { timeline } = readLectureTimeline(lectureFile(folder)!);
    expect(timeline!.steps[1]).toMatchObject({ kind: 'step', step: 1 });
  });

  it('does not overwrite an existing lecture without asking, and keeps recording when the person says no', async () => {
    const { uri, recorder } = setUp(folder);
    const existing = vscode.Uri.file(path.join(folder, 'xor.lecture.json'));
    fake.fakeFiles.set(existing.toString(), new TextEncoder().encode('{"kept": true}'));
    await vscode.commands.executeCommand('gradlens.recordLecture', uri);
    await vscode.commands.executeCommand('gradlens.reset', uri);
    fake.messageAnswers.push(undefined); // the modal question: Escape
    expect(await vscode.commands.executeCommand('gradlens.stopRecordingLecture')).toBeUndefined();
    expect(fake.registered.messages.some((m) => /already exists next to the model file\. Overwrite\?/.test(m.text))).toBe(true);
    expect(lectureFile(folder)).toBe('{"kept": true}');
    expect(recorder.recording).toBe(true);
    fake.messageAnswers.push('Overwrite');
    expect(await vscode.commands.executeCommand('gradlens.stopRecordingLecture')).toBeDefined();
    expect(readLectureTimeline(lectureFile(folder)!).timeline?.steps.map((s) => s.kind)).toEqual(['depth', 'reset']);
  });

  it('refuses to write through a symbolic link, and says so', async () => {
    mkdirSync(path.join(folder, 'elsewhere'));
    symlinkSync(path.join(folder, 'elsewhere', 'target.json'), path.join(folder, 'xor.lecture.json'));
    const { uri } = setUp(folder);
    await vscode.commands.executeCommand('gradlens.recordLecture', uri);
    expect(await vscode.commands.executeCommand('gradlens.stopRecordingLecture')).toBeUndefined();
    expect(fake.registered.messages.at(-1)).toMatchObject({ level: 'error', text: expect.stringMatching(/xor\.lecture\.json is a symbolic link/) });
    expect(lectureFile(folder)).toBeUndefined();
  });

  it('records a depth changed outside the command too (the panel and the setting set it directly)', async () => {
    const { uri, depth } = setUp(folder);
    await vscode.commands.executeCommand('gradlens.recordLecture', uri);
    depth.set(4);
    await vscode.commands.executeCommand('gradlens.stopRecordingLecture');
    expect(readLectureTimeline(lectureFile(folder)!).timeline?.steps).toEqual([{ kind: 'depth', depth: 2 }, { kind: 'depth', depth: 4 }]);
  });

  it('hears nothing about other files, and nothing before Record or after Stop', async () => {
    const { uri, recorder } = setUp(folder);
    recorder.record(uri, { kind: 'reset' });
    await vscode.commands.executeCommand('gradlens.recordLecture', uri);
    recorder.record('file:///other.nn.json', { kind: 'reset' });
    expect(recordingStatus()?.text).toBe('● Recording lecture (1 step)');
    await vscode.commands.executeCommand('gradlens.stopRecordingLecture');
    const written = lectureFile(folder);
    recorder.record(uri, { kind: 'reset' });
    expect(recorder.recording).toBe(false);
    expect(recordingStatus()?.visible).toBe(false);
    expect(lectureFile(folder)).toBe(written);
    expect(readLectureTimeline(written!).timeline?.steps).toEqual([{ kind: 'depth', depth: 2 }]);
  });
});
