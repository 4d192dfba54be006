import { beforeEach, describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import { GradientPanelManager } from '../../src/panel/gradientPanel';
import { SessionPanelDataSource } from '../../src/session/sessionPanelDataSource';
import type { RunComparison } from '../../src/shared/runComparison';
import { registered, webviewPanels, type FakeWebviewPanel } from '../fakes/vscode';
import { FakeDataSource, RecordingLogger } from './fakeDataSource';

const MODEL = 'file:///work/xor.nn.json';
const OTHER = 'file:///work/other.nn.json';

const comparison = { modelName: 'XOR', variant: { kind: 'optimizer', optimizer: 'sgd' }, steps: 1 } as unknown as RunComparison;

function setup() {
  webviewPanels.length = 0;
  const dataSource = new FakeDataSource(MODEL);
  const manager = GradientPanelManager.register({ extensionUri: vscode.Uri.file('/ext'), dataSource, logger: new RecordingLogger(), createNonce: () => 'nonceNonceNonce1AAAA=' });
  manager.createOrShow();
  const panel = webviewPanels[webviewPanels.length - 1] as FakeWebviewPanel;
  return { dataSource, manager, panel };
}

describe('the panel and Compare Runs', () => {
  it('turns the card\'s buttons into Compare Runs… and the handout export for the followed model', () => {
    const { dataSource, manager, panel } = setup();
    panel.webview.fireMessage({ type: 'compareRuns', variant: { kind: 'optimizer', optimizer: 'adam' } });
    panel.webview.fireMessage({ type: 'exportHandout', path: '/etc/passwd' });
    expect(dataSource.calls).toEqual([{ method: 'compareRuns', args: [MODEL] }, { method: 'exportHandout', args: [MODEL] }]);
    manager.dispose();
  });

  it('forwards a comparison of the followed document, and sends a reloaded panel the last one after its snapshot', () => {
    const { dataSource, manager, panel } = setup();
    panel.webview.fireMessage({ type: 'ready' });
    dataSource.runsCompared.fire({ uri: OTHER, comparison });
    dataSource.runsCompared.fire({ uri: MODEL, comparison });
    expect(panel.webview.posted.slice(1)).toEqual([{ type: 'runComparison', documentUri: MODEL, comparison }]);
    dataSource.runComparisons.set(MODEL, comparison);
    panel.webview.fireMessage({ type: 'ready' });
    expect(panel.webview.posted.slice(2).map((m) => m.type)).toEqual(['snapshot', 'runComparison']);
    manager.dispose();
  });
});

describe('SessionPanelDataSource keeps the last run comparison per document', () => {
  beforeEach(() => { registered.executed.length = 0; });

  it('runs gradlens.compareRuns and gradlens.exportHandout on the uri, and keeps and fires each comparison made', () => {
    const emitter = () => new vscode.EventEmitter<never>().event;
    const data = new SessionPanelDataSource(
      { onDidChange: emitter(), onDidTrainingProgress: emitter() } as never, { onDidChangeCurrent: emitter(), current: () => MODEL } as never,
      { onDidChange: emitter(), current: 2 } as never, () => undefined, () => undefined);
    const fired: unknown[] = [];
    data.onDidCompareRuns((e) => fired.push(e));
    data.compareRuns(MODEL);
    data.exportHandout(MODEL);
    expect(registered.executed).toEqual([{ command: 'gradlens.compareRuns', args: [MODEL] }, { command: 'gradlens.exportHandout', args: [MODEL] }]);
    data.showRunComparison(MODEL, comparison);
    expect(data.runComparison(MODEL)).toBe(comparison);
    expect(data.runComparison(OTHER)).toBeUndefined();
    expect(fired).toEqual([{ uri: MODEL, comparison }]);
    data.dispose();
  });
});
