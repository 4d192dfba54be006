import { beforeEach, describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import type { Analysis } from '../../src/analysis/types';
import { GradientPanelManager, PANEL_VIEW_TYPE, SHOW_PANEL_COMMAND } from '../../src/panel/gradientPanel';
import { registered, webviewPanels, webviewPanelSerializers, type FakeWebviewPanel } from '../fakes/vscode';
import { FakeDataSource, RecordingLogger } from './fakeDataSource';

const analysis = JSON.parse(readFileSync(new URL('../fixtures/analysis/worked-example.analysis.json', import.meta.url), 'utf8')) as Analysis;
const MODEL = 'file:///work/examples/worked-example.nn.json';
const OTHER = 'file:///work/examples/xor.nn.json';
const extensionUri = vscode.Uri.file('/ext');

function setup(current: string | null = MODEL) {
  const dataSource = new FakeDataSource(current ?? undefined);
  dataSource.analyses.set(MODEL, analysis);
  const logger = new RecordingLogger();
  let n = 0;
  const manager = GradientPanelManager.register({ extensionUri, dataSource, logger, createNonce: () => `nonceNonceNonce${++n}AAAA=` });
  return { dataSource, logger, manager };
}

function lastPanel(): FakeWebviewPanel {
  return webviewPanels[webviewPanels.length - 1];
}

describe('the gradient panel', () => {
  beforeEach(() => { webviewPanels.length = 0; });

  it('opens beside the editor without taking focus, and a second show reveals the same panel', () => {
    const { manager } = setup();
    manager.createOrShow();
    manager.createOrShow();
    expect(webviewPanels).toHaveLength(1);
    const panel = lastPanel();
    expect(panel.viewType).toBe('gradlens.panel');
    expect(panel.showOptions).toEqual({ viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
    expect(panel.reveals).toEqual([[undefined, true]]);
    expect(panel.title).toBe('GradLens: worked-example.nn.json');
    manager.dispose();
  });

  it('lets scripts run but reads only the dist and media folders', () => {
    const { manager } = setup();
    manager.createOrShow();
    const { options } = lastPanel().webview;
    expect(options.enableScripts).toBe(true);
    expect(options.enableCommandUris).toBe(false);
    expect(options.localResourceRoots?.map((u) => u.path)).toEqual(['/ext/dist', '/ext/media']);
    manager.dispose();
  });

  it('serves HTML under a strict CSP whose script nonce matches the one script, with no remote URL', () => {
    const { manager } = setup();
    manager.createOrShow();
    const html = lastPanel().webview.html;
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    expect(csp).toBe("default-src 'none'; img-src https://*.vscode-cdn.net data:; style-src https://*.vscode-cdn.net; script-src 'nonce-nonceNonceNonce1AAAA='; font-src https://*.vscode-cdn.net");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    // KaTeX (the derivation's formulas) first, then the panel's bundle, which reads window.katex.
    expect(scripts).toEqual([' nonce="nonceNonceNonce1AAAA=" src="vscode-webview-resource:///ext/dist/katex/katex.min.js"', ' nonce="nonceNonceNonce1AAAA=" src="vscode-webview-resource:///ext/dist/webview.js"']);
    expect(html).toContain('<link rel="stylesheet" href="vscode-webview-resource:///ext/dist/katex/katex.min.css">');
    expect(html).toContain('<link rel="stylesheet" href="vscode-webview-resource:///ext/media/panel.css">');
    expect(html).not.toMatch(/style=|<style/);
    expect(html.replace(csp, '')).not.toMatch(/https?:/);
    manager.dispose();
  });

  it('uses a fresh nonce for every page', () => {
    const { manager } = setup();
    manager.createOrShow().dispose();
    const first = lastPanel().webview.html;
    manager.createOrShow();
    expect(lastPanel().webview.html).not.toBe(first);
    manager.dispose();
  });

  it('holds every message until the panel says ready, then sends the whole picture first', () => {
    const { manager, dataSource } = setup();
    manager.createOrShow();
    const posted = lastPanel().webview.posted;
    dataSource.documentChanged.fire(MODEL);
    dataSource.progress.fire({ uri: MODEL, points: [{ step: 1, epoch: 1, loss: 0.29 }], runState: 'training' });
    dataSource.depthChanged.fire(3);
    expect(posted).toEqual([]);

    dataSource.level = 3;
    lastPanel().webview.fireMessage({ type: 'ready' });
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ type: 'snapshot', documentUri: MODEL, depth: 3, runState: 'idle', errors: [] });
    expect(posted[0].analysis.modelName).toBe('Worked example 2-2-2');

    dataSource.progress.fire({ uri: MODEL, points: [{ step: 2, epoch: 2, loss: 0.28 }], runState: 'training' });
    expect(posted[1]).toEqual({ type: 'trainingProgress', documentUri: MODEL, points: [{ step: 2, epoch: 2, loss: 0.28 }], runState: 'training' });
    manager.dispose();
  });

  it('queues again while hidden and sends a fresh snapshot when the reloaded panel is ready', () => {
    const { manager, dataSource } = setup();
    manager.createOrShow();
    const panel = lastPanel();
    panel.webview.fireMessage({ type: 'ready' });
    panel.setVisible(false);
    dataSource.progress.fire({ uri: MODEL, points: [{ step: 1, epoch: 1, loss: 0.2 }], runState: 'training' });
    expect(panel.webview.posted.map((m) => m.type)).toEqual(['snapshot']);
    panel.setVisible(true);
    panel.webview.fireMessage({ type: 'ready' });
    expect(panel.webview.posted.map((m) => m.type)).toEqual(['snapshot', 'snapshot']);
    manager.dispose();
  });

  it('ignores and logs every message that is not in the protocol', () => {
    const { manager, dataSource, logger } = setup();
    manager.createOrShow();
    const webview = lastPanel().webview;
    for (const bad of [
      null, 'ready', 42, { type: 'rm -rf' }, { type: 'command', command: 'format-disk' },
      { type: 'command', command: 'train', epochs: -1 }, { type: 'command', command: 'train', learningRate: Infinity },
      { type: 'reveal', selection: { layerIndex: -1 } }, { type: 'reveal' }, { type: 'setDepth', depth: 5 },
    ]) webview.fireMessage(bad);
    expect(dataSource.calls).toEqual([]);
    expect(logger.warnings).toHaveLength(10);
    expect(logger.warnings[3]).toMatch(/ignored an invalid message: \{"type":"rm -rf"\}/);
    expect(webview.posted).toEqual([]);
    manager.dispose();
  });

  it('forwards valid requests for the current model, with only the protocol\'s fields', () => {
    const { manager, dataSource } = setup();
    manager.createOrShow();
    const webview = lastPanel().webview;
    webview.fireMessage({ type: 'command', command: 'train', epochs: 20, learningRate: 0.5 });
    webview.fireMessage({ type: 'command', command: 'step' });
    webview.fireMessage({ type: 'reveal', selection: { layerIndex: 1, param: 'weights', index: [0, 1], extra: '<script>' } });
    webview.fireMessage({ type: 'explain', selection: { layerIndex: 0, param: 'bias', index: [1] } });
    webview.fireMessage({ type: 'setDepth', depth: 4 });
    expect(dataSource.calls).toEqual([
      { method: 'command', args: [MODEL, 'train', { epochs: 20, learningRate: 0.5 }] },
      { method: 'command', args: [MODEL, 'step', {}] },
      { method: 'reveal', args: [MODEL, { layerIndex: 1, param: 'weights', index: [0, 1] }] },
      { method: 'explain', args: [MODEL, { layerIndex: 0, param: 'bias', index: [1] }] },
      { method: 'setDepth', args: [4] },
    ]);
    manager.dispose();
  });

  it('asks for the decision boundary and the loss slice and sends the worker\'s answers, or its problem, back', async () => {
    const { manager, dataSource } = setup();
    manager.createOrShow();
    const webview = lastPanel().webview;
    webview.fireMessage({ type: 'ready' });
    const slice = { label: 'output.weights[1, 1]', gradient: 0.0822 } as never;
    dataSource.sliceAnswer = { data: slice };
    webview.fireMessage({ type: 'boundary', options: { xFeature: 0, yFeature: 1, hold: { kind: 'mean' } } });
    webview.fireMessage({ type: 'lossSlice', target: { layerIndex: 1, param: 'weights', index: [0, 0] } });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(dataSource.calls).toEqual([
      { method: 'boundary', args: [MODEL, { xFeature: 0, yFeature: 1, hold: { kind: 'mean' } }] },
      { method: 'lossSlice', args: [MODEL, { layerIndex: 1, param: 'weights', index: [0, 0] }] },
    ]);
    const answers = webview.posted.filter((m: { type: string }) => m.type === 'boundary' || m.type === 'lossSlice');
    expect(answers).toEqual([
      { type: 'boundary', documentUri: MODEL, problem: 'no boundary in this test' },
      { type: 'lossSlice', documentUri: MODEL, slice },
    ]);
    manager.dispose();
  });

  it('relays the conv step card\'s request for one sample\'s conv gradients to the worker and its answer back', async () => {
    const { manager, dataSource } = setup();
    manager.createOrShow();
    const webview = lastPanel().webview;
    webview.fireMessage({ type: 'ready' });
    webview.fireMessage({ type: 'convGradients', layer: 2, sample: 5 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    const gradients = { layer: 2, sample: 5, step: 0, weights: [0.5], input: [0.25] };
    dataSource.convGradientsAnswer = { data: gradients };
    webview.fireMessage({ type: 'convGradients', layer: 2, sample: 5 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(dataSource.calls).toEqual([
      { method: 'convGradients', args: [MODEL, 2, 5] },
      { method: 'convGradients', args: [MODEL, 2, 5] },
    ]);
    expect(webview.posted.filter((m: { type: string }) => m.type === 'convGradients')).toEqual([
      { type: 'convGradients', documentUri: MODEL, problem: 'no conv gradients in this test' },
      { type: 'convGradients', documentUri: MODEL, gradients },
    ]);
    manager.dispose();
  });

  it('follows the current model file and ignores news about others', () => {
    const { manager, dataSource } = setup();
    manager.createOrShow();
    const panel = lastPanel();
    panel.webview.fireMessage({ type: 'ready' });
    dataSource.documentChanged.fire(OTHER);
    dataSource.progress.fire({ uri: OTHER, points: [{ step: 1, epoch: 1, loss: 1 }], runState: 'training' });
    dataSource.currentChanged.fire(undefined); // a non-model editor: keep showing the last model
    expect(panel.webview.posted).toHaveLength(1);

    dataSource.currentChanged.fire(OTHER);
    expect(panel.webview.posted[1]).toMatchObject({ type: 'snapshot', documentUri: OTHER, analysis: undefined, errors: ['1: not analysed'] });
    expect(panel.title).toBe('GradLens: xor.nn.json');
    panel.webview.fireMessage({ type: 'command', command: 'run' });
    expect(dataSource.calls).toEqual([{ method: 'command', args: [OTHER, 'run', {}] }]);
    manager.dispose();
  });

  it('without a model file it sends nothing and runs no command', () => {
    const { manager, dataSource, logger } = setup(null);
    manager.createOrShow();
    lastPanel().webview.fireMessage({ type: 'ready' });
    lastPanel().webview.fireMessage({ type: 'command', command: 'train' });
    expect(lastPanel().webview.posted).toEqual([]);
    expect(dataSource.calls).toEqual([]);
    expect(logger.infos).toHaveLength(1);
    manager.dispose();
  });

  it('the show command brings the panel up focused on a selection, delivered with the first snapshot', async () => {
    const { manager } = setup();
    await vscode.commands.executeCommand(SHOW_PANEL_COMMAND, { layerIndex: 1, param: 'weights', index: [0, 0] });
    const panel = lastPanel();
    panel.webview.fireMessage({ type: 'ready' });
    expect(panel.webview.posted).toHaveLength(1);
    expect(panel.webview.posted[0]).toMatchObject({ type: 'snapshot', focus: { layerIndex: 1, param: 'weights', index: [0, 0] } });
    await vscode.commands.executeCommand(SHOW_PANEL_COMMAND, { layerIndex: 0 });
    expect(panel.webview.posted[1]).toEqual({ type: 'focus', selection: { layerIndex: 0 } });
    manager.dispose();
    expect(registered.commands.has(SHOW_PANEL_COMMAND)).toBe(false);
  });

  it('is restored after a reload by its serializer, with the same options and a new page', async () => {
    const { manager, dataSource } = setup();
    const serializer = webviewPanelSerializers.get(PANEL_VIEW_TYPE);
    expect(serializer).toBeDefined();
    const restored = new (await import('../fakes/vscode')).FakeWebviewPanel(PANEL_VIEW_TYPE, 'GradLens', 1, {});
    await serializer!.deserializeWebviewPanel(restored, { sample: 0 });
    expect(manager.panel?.panel).toBe(restored);
    expect(restored.webview.options.localResourceRoots?.map((u) => u.path)).toEqual(['/ext/dist', '/ext/media']);
    expect(restored.webview.html).toContain('dist/webview.js');
    restored.webview.fireMessage({ type: 'ready' });
    expect(restored.webview.posted[0]).toMatchObject({ type: 'snapshot', documentUri: MODEL });
    manager.dispose();
    expect(webviewPanelSerializers.has(PANEL_VIEW_TYPE)).toBe(false);
    expect(dataSource.listeners()).toBe(0);
  });

  it('lets go of everything when the user closes it', () => {
    const { manager, dataSource } = setup();
    manager.createOrShow();
    expect(dataSource.listeners()).toBe(7); // document, progress, depth, current document, step-through, loss comparison, run comparison
    lastPanel().dispose();
    expect(manager.panel).toBeUndefined();
    expect(dataSource.listeners()).toBe(0);
    manager.createOrShow();
    expect(webviewPanels).toHaveLength(2);
    manager.dispose();
    expect(lastPanel().disposed).toBe(true);
  });
});
