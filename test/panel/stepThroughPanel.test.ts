/** Step-through and loss comparison through the panel: host → panel views, panel → host commands. */
import { beforeEach, describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import type { Analysis } from '../../src/analysis/types';
import { GradientPanelManager } from '../../src/panel/gradientPanel';
import type { PhaseView, TrainingCurves } from '../../src/shared/protocol';
import { SessionPanelDataSource, STEP_THROUGH_COMMANDS } from '../../src/session/sessionPanelDataSource';
import { registered, textDocumentEvents, webviewPanels, type FakeWebviewPanel } from '../fakes/vscode';
import { FakeDataSource, RecordingLogger } from './fakeDataSource';

const analysis = JSON.parse(readFileSync(new URL('../fixtures/analysis/worked-example.analysis.json', import.meta.url), 'utf8')) as Analysis;
const MODEL = 'file:///work/examples/worked-example.nn.json';
const OTHER = 'file:///work/examples/xor.nn.json';

const view = {
  step: 1, epoch: 1, batch: 1, batchSize: 1, batchRows: [0], phase: 'forward', layerIndex: 0, layerName: 'hidden',
  stopIndex: 0, stopsPerStep: 6, title: 'Step 1 · forward · layer "hidden"', detail: 'net = W·x + b', driveDetail: 'net = W·x + b', repairLines: [], deriveLines: [], sample: 0,
  forward: { input: [0.05, 0.1], net: [0.3775, 0.3925], out: [0.5933, 0.5969], meanOut: [0.5933, 0.5969] },
  timeline: { oldestStep: 1, newestStep: 1, currentStep: 1, records: 1, capacity: 300, dropped: 0 },
  runLoss: [{ step: 0, loss: 0.298371109 }, { step: 1, loss: 0.29 }], trainLossBefore: 0.298371109, trainLossAfter: 0.29,
} as PhaseView;

function setup() {
  const dataSource = new FakeDataSource(MODEL);
  dataSource.analyses.set(MODEL, analysis);
  const manager = GradientPanelManager.register({ extensionUri: vscode.Uri.file('/ext'), dataSource, logger: new RecordingLogger(), createNonce: () => 'nonceNonceNonce1AAAA=' });
  manager.createOrShow();
  const panel: FakeWebviewPanel = webviewPanels[webviewPanels.length - 1];
  return { dataSource, manager, panel };
}

describe('step-through in the gradient panel (host side)', () => {
  beforeEach(() => { webviewPanels.length = 0; registered.executed.length = 0; });

  it('forwards the followed document\'s step-through stops, and its end, to the panel', () => {
    const { dataSource, manager, panel } = setup();
    panel.webview.fireMessage({ type: 'ready' });
    dataSource.stepThroughChanged.fire({ uri: OTHER, view });
    dataSource.stepThroughChanged.fire({ uri: MODEL, view });
    dataSource.stepThroughChanged.fire({ uri: MODEL, view: undefined });
    expect(panel.webview.posted.slice(1)).toEqual([
      { type: 'stepThrough', documentUri: MODEL, view },
      { type: 'stepThrough', documentUri: MODEL, view: undefined },
    ]);
    manager.dispose();
    expect(dataSource.listeners()).toBe(0);
  });

  it('sends a reloaded panel the stop on screen right after its snapshot', () => {
    const { dataSource, manager, panel } = setup();
    dataSource.views.set(MODEL, view);
    panel.webview.fireMessage({ type: 'ready' });
    expect(panel.webview.posted.map((m) => m.type)).toEqual(['snapshot', 'stepThrough']);
    expect(panel.webview.posted[1]).toEqual({ type: 'stepThrough', documentUri: MODEL, view });
    manager.dispose();
  });

  it('keeps only the newest queued stop while the panel is not ready', () => {
    const { dataSource, manager, panel } = setup();
    dataSource.stepThroughChanged.fire({ uri: MODEL, view });
    dataSource.stepThroughChanged.fire({ uri: MODEL, view: { ...view, stopIndex: 1 } });
    panel.webview.fireMessage({ type: 'ready' });
    expect(panel.webview.posted.filter((m) => m.type === 'stepThrough')).toEqual([{ type: 'stepThrough', documentUri: MODEL, view: { ...view, stopIndex: 1 } }]);
    manager.dispose();
  });

  it('turns the panel\'s buttons, scrubber and Compare losses into requests for the followed model', () => {
    const { dataSource, manager, panel } = setup();
    for (const action of ['next', 'previous', 'stepBack', 'stepForward', 'stop']) panel.webview.fireMessage({ type: 'stepThrough', action });
    panel.webview.fireMessage({ type: 'seekStep', step: 4, stop: 2 });
    panel.webview.fireMessage({ type: 'seekStep', step: 3 });
    panel.webview.fireMessage({ type: 'stepThrough', action: 'explode' });
    panel.webview.fireMessage({ type: 'compareLosses' });
    expect(dataSource.calls).toEqual([
      { method: 'stepThrough', args: [MODEL, 'next'] },
      { method: 'stepThrough', args: [MODEL, 'previous'] },
      { method: 'stepThrough', args: [MODEL, 'stepBack'] },
      { method: 'stepThrough', args: [MODEL, 'stepForward'] },
      { method: 'stepThrough', args: [MODEL, 'stop'] },
      { method: 'seekStep', args: [MODEL, 4, 2] },
      { method: 'seekStep', args: [MODEL, 3, undefined] },
      { method: 'compareLosses', args: [MODEL] },
    ]);
    manager.dispose();
  });

  it('forwards the curves of a loss comparison of the followed document', () => {
    const { dataSource, manager, panel } = setup();
    panel.webview.fireMessage({ type: 'ready' });
    const curves = { steps: 1, fileSteps: 1, classification: false, cancelled: false, squared: [], crossEntropy: [] } as TrainingCurves;
    dataSource.lossCompared.fire({ uri: OTHER, curves });
    dataSource.lossCompared.fire({ uri: MODEL, curves });
    expect(panel.webview.posted.slice(1)).toEqual([{ type: 'lossComparison', documentUri: MODEL, curves }]);
    manager.dispose();
  });

  it('sends a reloaded panel the document\'s loss comparison right after its snapshot', () => {
    const { dataSource, manager, panel } = setup();
    const curves = { steps: 1, fileSteps: 1, classification: false, cancelled: false, squared: [], crossEntropy: [] } as TrainingCurves;
    dataSource.comparisons.set(MODEL, curves);
    dataSource.comparisons.set(OTHER, { ...curves, steps: 2 });
    panel.webview.fireMessage({ type: 'ready' });
    expect(panel.webview.posted.map((m) => m.type)).toEqual(['snapshot', 'lossComparison']);
    expect(panel.webview.posted[1]).toEqual({ type: 'lossComparison', documentUri: MODEL, curves });
    manager.dispose();
  });
});

describe('SessionPanelDataSource maps the panel\'s step-through to the teaching commands', () => {
  function source() {
    const emitter = () => new vscode.EventEmitter<never>().event;
    const analyses = { onDidChange: emitter(), onDidTrainingProgress: emitter() };
    const documents = { onDidChangeCurrent: emitter(), current: () => MODEL };
    const depth = { onDidChange: emitter(), current: 2 };
    return new SessionPanelDataSource(analyses as never, documents as never, depth as never, () => undefined, () => undefined);
  }

  beforeEach(() => { registered.executed.length = 0; });

  it('runs gradlens.stepThrough / stepThroughBack / timelineBack / timelineForward / stepThroughStop / timelineSeek / compareLosses on the uri', () => {
    const data = source();
    for (const action of ['next', 'previous', 'stepBack', 'stepForward', 'stop'] as const) data.stepThrough(MODEL, action);
    data.seekStep(MODEL, 7, 3);
    data.seekStep(MODEL, 2);
    data.compareLosses(MODEL);
    expect(registered.executed).toEqual([
      { command: 'gradlens.stepThrough', args: [MODEL] },
      { command: 'gradlens.stepThroughBack', args: [MODEL] },
      { command: 'gradlens.timelineBack', args: [MODEL] },
      { command: 'gradlens.timelineForward', args: [MODEL] },
      { command: 'gradlens.stepThroughStop', args: [MODEL] },
      { command: 'gradlens.timelineSeek', args: [MODEL, 7, 3] },
      { command: 'gradlens.timelineSeek', args: [MODEL, 2, 0] },
      { command: 'gradlens.compareLosses', args: [MODEL] },
    ]);
    expect(Object.values(STEP_THROUGH_COMMANDS)).toHaveLength(5);
    data.dispose();
  });

  it('remembers the stop on screen per document from the teaching hook, and forgets it when it ends', () => {
    const data = source();
    const seen: unknown[] = [];
    data.onDidStepThrough((e) => seen.push(e));
    data.showStepThrough(MODEL, view);
    expect(data.stepThroughView(MODEL)).toBe(view);
    expect(data.stepThroughView(OTHER)).toBeUndefined();
    data.showStepThrough(MODEL, undefined);
    expect(data.stepThroughView(MODEL)).toBeUndefined();
    expect(seen).toEqual([{ uri: MODEL, view }, { uri: MODEL, view: undefined }]);
    data.dispose();
  });

  it('keeps the document\'s loss comparison until the file is edited or closed, and says so when it retires it', () => {
    const data = source();
    const seen: unknown[] = [];
    data.onDidCompareLosses((e) => seen.push(e));
    const curves = { steps: 1, fileSteps: 1, classification: false, cancelled: false, squared: [], crossEntropy: [] } as TrainingCurves;
    data.showLossComparison(MODEL, curves);
    data.showLossComparison(OTHER, curves);
    textDocumentEvents.change.fire({ document: { uri: vscode.Uri.parse(MODEL) }, contentChanges: [] }); // a save or a dirty flag: no edit
    expect(data.lossComparison(MODEL)).toBe(curves);
    textDocumentEvents.change.fire({ document: { uri: vscode.Uri.parse(MODEL) }, contentChanges: [{ text: '1' }] });
    expect(data.lossComparison(MODEL)).toBeUndefined();
    expect(data.lossComparison(OTHER)).toBe(curves);
    textDocumentEvents.close.fire({ uri: vscode.Uri.parse(OTHER) });
    expect(data.lossComparison(OTHER)).toBeUndefined();
    expect(seen).toEqual([{ uri: MODEL, curves }, { uri: OTHER, curves }, { uri: MODEL, curves: undefined }, { uri: OTHER, curves: undefined }]);
    data.dispose();
  });
});
