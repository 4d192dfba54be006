import { afterEach, describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import * as fake from '../fakes/vscode';
import type { Analysis } from '../../src/analysis/types';
import { EXPLAIN_SCHEME, registerExplainCommand } from '../../src/commands/explainCommand';
import { GradientPanelManager } from '../../src/panel/gradientPanel';
import { WeightInlayHintsProvider } from '../../src/inlay/inlayHintsProvider';
import { refreshOnClassicNamesChange } from '../../src/teaching/classicNamesRefresh';
import { FakeDataSource, RecordingLogger } from '../panel/fakeDataSource';
import { exampleFile, exampleText } from './helpers';
import { FakeAnalyses, FakeDepth, FakeDocuments, fakeDocument } from './hostFakes';

const panelAnalysis = JSON.parse(readFileSync(new URL('../fixtures/analysis/worked-example.analysis.json', import.meta.url), 'utf8')) as Analysis;

/** Explain Gradient with one page open, the hints, and a ready panel, all wired to the setting. */
async function setUp() {
  fake.resetTeachingFake();
  fake.webviewPanels.length = 0;
  fake.setConfiguration('gradlens.classicNames', false);
  const doc = fakeDocument(exampleFile('worked-example.nn.json'), exampleText('worked-example.nn.json'));
  const analyses = new FakeAnalyses();
  const depth = new FakeDepth(4);
  const explainPages = registerExplainCommand({ analyses, documents: new FakeDocuments([doc]), depth, teacher: analyses.teacher });
  const uri = doc.uri.toString();
  await vscode.commands.executeCommand('gradlens.explainGradient', { uri, layerIndex: 1, param: 'weights', index: [0, 0] });
  const page = fake.registered.executed.filter((e) => e.command === 'markdown.showPreviewToSide').pop()!.args[0] as vscode.Uri;
  const provider = fake.textDocumentContentProviders.get(EXPLAIN_SCHEME)!;
  const pagesMadeAgain: string[] = [];
  provider.onDidChange!((u) => pagesMadeAgain.push(u.toString()));

  const hints = new WeightInlayHintsProvider(analyses as never, depth as never, () => true);
  let hintRefreshes = 0;
  hints.onDidChangeInlayHints(() => { hintRefreshes++; });

  const dataSource = new FakeDataSource(uri);
  dataSource.analyses.set(uri, panelAnalysis);
  const panels = GradientPanelManager.register({ extensionUri: vscode.Uri.file('/ext'), dataSource, logger: new RecordingLogger(), createNonce: () => 'nonceNonceNonce1AAAA=' });
  panels.createOrShow();
  const webview = fake.webviewPanels.at(-1)!.webview;
  webview.fireMessage({ type: 'ready' });

  const listener = refreshOnClassicNamesChange({ explainPages, hints, panel: panels });
  const pageText = async () => (await provider.provideTextDocumentContent(page as never)) as string;
  const dispose = () => { listener.dispose(); panels.dispose(); hints.dispose(); explainPages.dispose(); };
  return { page, pagesMadeAgain, hintRefreshes: () => hintRefreshes, webview, pageText, dispose };
}

describe('the gradlens.classicNames setting applies at once', () => {
  afterEach(() => fake.setConfiguration('gradlens.classicNames', false));

  it('turning it on makes the open Explain page, the hints and the panel again, with Mazur\'s names', async () => {
    const s = await setUp();
    expect(await s.pageText()).not.toMatch(/\bw5\b/);
    const postedBefore = s.webview.posted.length;

    fake.setConfiguration('gradlens.classicNames', true);
    fake.fireConfigurationChange('gradlens.classicNames');

    expect(s.pagesMadeAgain).toEqual([s.page.toString()]);
    expect(await s.pageText()).toMatch(/\bw5\b/);
    expect(s.hintRefreshes()).toBe(1);
    const snapshots = s.webview.posted.slice(postedBefore).filter((m) => m.type === 'snapshot');
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0].classicNames).toBe(true);

    fake.setConfiguration('gradlens.classicNames', false);
    fake.fireConfigurationChange('gradlens.classicNames');
    const last = s.webview.posted.filter((m) => m.type === 'snapshot').at(-1)!;
    expect(last.classicNames).toBeUndefined();
    expect(s.pagesMadeAgain).toHaveLength(2);
    expect(s.hintRefreshes()).toBe(2);
    s.dispose();
  });

  it('a change of another setting refreshes none of them', async () => {
    const s = await setUp();
    const postedBefore = s.webview.posted.length;
    fake.fireConfigurationChange('gradlens.codeLens');
    fake.fireConfigurationChange('gradlens.depth');
    expect(s.pagesMadeAgain).toEqual([]);
    expect(s.hintRefreshes()).toBe(0);
    expect(s.webview.posted.length).toBe(postedBefore);
    s.dispose();
  });
});
