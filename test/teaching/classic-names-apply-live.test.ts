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
import { registerTeaching } from '../../src/teaching';
import { readSettings } from '../../src/settings';
import type { PhaseView } from '../../src/worker/teaching/stepThrough';

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

describe('the step-through and the handout follow the gradlens.classicNames setting', () => {
  afterEach(() => fake.setConfiguration('gradlens.classicNames', false));

  /** Teaching registered as extension.ts does, the setting read through readSettings. */
  function setUpTeaching(example = 'worked-example.nn.json') {
    fake.resetTeachingFake();
    fake.setConfiguration('gradlens.classicNames', false);
    const doc = fakeDocument(exampleFile(example), exampleText(example));
    const analyses = new FakeAnalyses();
    const views: (PhaseView | undefined)[] = [];
    const disposables = registerTeaching({
      analyses, documents: new FakeDocuments([doc]), extensionUri: vscode.Uri.file('/ext'), teacher: analyses.teacher,
      onStepThrough: (_uri, view) => views.push(view), classicNames: () => readSettings().classicNames,
    });
    return { views, dispose: () => disposables.forEach((d) => d.dispose()) };
  }

  it('turning it on writes the stop on screen again in Mazur\'s names, and the panel gets it; turning it off writes it back', async () => {
    const s = setUpTeaching();
    for (let i = 0; i < 4; i++) await vscode.commands.executeCommand('gradlens.stepThrough'); // backward through "output"
    const before = s.views.at(-1)!;
    expect(before.deriveLines[1]).toBe('∂L/∂w₁₁ = δ₁ · a₁ = 0.138499 · 0.59327 = 0.082167');

    fake.setConfiguration('gradlens.classicNames', true);
    fake.fireConfigurationChange('gradlens.classicNames');
    const renamed = s.views.at(-1)!;
    expect(renamed).not.toBe(before);
    expect(renamed.deriveLines[1]).toBe('∂E_total/∂w5 = δ_o1 · out_h1 = 0.138499 · 0.59327 = 0.082167');
    expect(renamed.step).toBe(before.step);
    expect(renamed.stopIndex).toBe(before.stopIndex);
    // The next stop keeps the names.
    expect((await vscode.commands.executeCommand('gradlens.stepThrough') as PhaseView).deriveLines[1]).toBe('∂E_total/∂w1 = δ_h1 · i1 = 0.00877135 · 0.05 = 0.000438568');

    fake.setConfiguration('gradlens.classicNames', false);
    fake.fireConfigurationChange('gradlens.classicNames');
    expect(s.views.at(-1)!.deriveLines[1]).toBe('∂L/∂w₁₁ = δ₁ · x₁ = 0.00877135 · 0.05 = 0.000438568');
    const count = s.views.length;
    fake.fireConfigurationChange('gradlens.depth');
    expect(s.views.slice(count).every((v) => v!.deriveLines[1] === '∂L/∂w₁₁ = δ₁ · x₁ = 0.00877135 · 0.05 = 0.000438568')).toBe(true);
    s.dispose();
  });

  it('on a model of another shape the Explain page, the step-through and the handout ignore it', async () => {
    const s = setUpTeaching('xor.nn.json');
    fake.setConfiguration('gradlens.classicNames', true);
    const doc = fakeDocument(exampleFile('xor.nn.json'), exampleText('xor.nn.json'));
    const analyses = new FakeAnalyses();
    const explain = registerExplainCommand({ analyses, documents: new FakeDocuments([doc]), depth: new FakeDepth(4), teacher: analyses.teacher });
    await vscode.commands.executeCommand('gradlens.explainGradient', { uri: doc.uri.toString(), layerIndex: 1, param: 'weights', index: [0, 0] });
    const page = fake.registered.executed.filter((e) => e.command === 'markdown.showPreviewToSide').pop()!.args[0] as vscode.Uri;
    const text = (await fake.textDocumentContentProviders.get(EXPLAIN_SCHEME)!.provideTextDocumentContent(page as never)) as string;
    expect(text).toContain('∂L/∂w = (1/N) Σₙ ∂Lₙ/∂outⱼ');
    expect(text).not.toMatch(/E_total|\bw[1-8]\b|out_h/);
    for (let i = 0; i < 6; i++) await vscode.commands.executeCommand('gradlens.stepThrough');
    expect(s.views.map((v) => v!.title)).toContain('Step 1 · backward · layer "output"');
    expect(s.views.flatMap((v) => v!.deriveLines).join('\n')).not.toMatch(/E_total|_h1|_o1/);
    explain.dispose();
    s.dispose();
  });

  it('Export Lecture Handout reads the setting when it writes', async () => {
    const s = setUpTeaching();
    const exported = async () => {
      const target = await vscode.commands.executeCommand('gradlens.exportHandout') as vscode.Uri;
      const html = new TextDecoder().decode(fake.fakeFiles.get(target.toString()));
      fake.fakeFiles.delete(target.toString());
      return html;
    };
    const off = await exported();
    expect(off).not.toContain('E_total');
    expect(off).toContain('<figcaption>hidden.1</figcaption>');
    fake.setConfiguration('gradlens.classicNames', true);
    const html = await exported();
    // The decision boundary's pictures of the hidden units are h1 and h2.
    expect(html).toContain('<figcaption>h1</figcaption><');
    expect(html).toContain('<figcaption>h2</figcaption><');
    expect(html).not.toContain('hidden.1');
    expect(html).toContain('net_o1 = w5 · out_h1 + w6 · out_h2 + b2');
    expect(html).toContain('∂E_total/∂w1');
    s.dispose();
  });
});
