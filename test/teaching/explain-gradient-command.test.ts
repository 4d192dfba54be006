import { beforeEach, describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import * as fake from '../fakes/vscode';
import { EXPLAIN_SCHEME, parseExplainPageUri, registerExplainCommand } from '../../src/commands/explainCommand';
import { exampleFile, exampleText } from './helpers';
import { FakeAnalyses, workerBacked, FakeDepth, FakeDocuments, fakeDocument } from './hostFakes';

function setUp(name: string, depth = new FakeDepth(4)) {
  fake.resetTeachingFake();
  const doc = fakeDocument(exampleFile(name), exampleText(name));
  const analyses = new FakeAnalyses();
  const disposable = registerExplainCommand({ analyses, documents: new FakeDocuments([doc]), depth, teacher: analyses.teacher });
  return { doc, analyses, depth, disposable, uri: doc.uri.toString() };
}

/** The page the last Explain Gradient opened in the Markdown preview, and its text. */
async function openedPage(): Promise<{ uri: vscode.Uri; text: string }> {
  const shown = fake.registered.executed.filter((e) => e.command === 'markdown.showPreviewToSide').pop();
  expect(shown).toBeDefined();
  const uri = shown!.args[0] as vscode.Uri;
  expect(uri.scheme).toBe(EXPLAIN_SCHEME);
  const provider = fake.textDocumentContentProviders.get(EXPLAIN_SCHEME)!;
  return { uri, text: (await provider.provideTextDocumentContent(uri as never)) as string };
}

describe('Explain Gradient opens the derivation beside the editor', () => {
  beforeEach(() => fake.resetTeachingFake());

  it('from an inlay hint\'s arguments, straight to the page with the published numbers', async () => {
    const { uri } = setUp('worked-example.nn.json');
    await vscode.commands.executeCommand('gradlens.explainGradient', { uri, layerIndex: 1, param: 'weights', index: [0, 0] });
    expect(fake.quickPicksShown).toEqual([]);
    const page = await openedPage();
    expect(parseExplainPageUri(page.uri)).toEqual({ uri, layerIndex: 1, param: 'weights', index: [0, 0] });
    for (const digits of ['0.74136507', '0.186815602', '0.593269992', '0.082167041', '0.35891648']) expect(page.text).toContain(digits);
  });

  it('without arguments, asking layer, then parameter, then entry', async () => {
    setUp('worked-example.nn.json');
    fake.quickPickAnswers.push(
      (items) => items.find((i: { label: string }) => i.label === 'hidden'),
      (items) => items.find((i: { label: string }) => i.label === 'weights'),
      (items) => items.find((i: { label: string }) => i.label === 'hidden.weights[1, 1]'),
    );
    await vscode.commands.executeCommand('gradlens.explainGradient');
    expect(fake.quickPicksShown.map((q) => (q.options as { title: string }).title)).toEqual([
      'Explain Gradient: which layer?', 'Explain Gradient: a weight or a bias of "hidden"?', 'Explain Gradient: which weight of "hidden"?',
    ]);
    const page = await openedPage();
    for (const digits of ['0.036350306', '0.241300709', '0.05', '0.000438568']) expect(page.text).toContain(digits);
  });

  it('asks only for what is missing: the panel gives a layer, the explorer a unit', async () => {
    const { uri } = setUp('worked-example.nn.json');
    fake.quickPickAnswers.push((items) => items.find((i: { label: string }) => i.label === 'bias'), (items) => items[1]);
    await vscode.commands.executeCommand('gradlens.explainGradient', { uri, layerIndex: 1 });
    expect(parseExplainPageUri((await openedPage()).uri)).toMatchObject({ layerIndex: 1, param: 'bias', index: [1] });
    fake.quickPickAnswers.push((items) => items[1]);
    await vscode.commands.executeCommand('gradlens.explainGradient', { uri, layerIndex: 0, param: 'weights', index: [1] });
    expect(fake.quickPicksShown.at(-1)!.items.map((i: { label: string }) => i.label)).toEqual(['hidden.weights[2, 1]', 'hidden.weights[2, 2]']);
    expect(parseExplainPageUri((await openedPage()).uri)).toMatchObject({ layerIndex: 0, param: 'weights', index: [1, 1] });
  });

  it('does nothing when a quick pick is cancelled', async () => {
    setUp('worked-example.nn.json');
    await vscode.commands.executeCommand('gradlens.explainGradient');
    expect(fake.registered.executed.filter((e) => e.command === 'markdown.showPreviewToSide')).toEqual([]);
  });

  it('refuses a parameter the model does not have', async () => {
    const { uri } = setUp('worked-example.nn.json');
    await vscode.commands.executeCommand('gradlens.explainGradient', { uri, layerIndex: 1, param: 'weights', index: [5, 0] });
    expect(fake.registered.messages.at(-1)?.text).toMatch(/has no weights \[6, 1\]/);
  });

  it('says what is wrong when the model file does not open', async () => {
    fake.resetTeachingFake();
    const doc = fakeDocument(exampleFile('broken.nn.json'), '{ "inputs": 2, "layers": [] }');
    registerExplainCommand({ ...workerBacked(), documents: new FakeDocuments([doc]), depth: new FakeDepth() });
    await vscode.commands.executeCommand('gradlens.explainGradient');
    expect(fake.registered.messages.at(-1)).toMatchObject({ level: 'warning' });
    expect(fake.registered.messages.at(-1)?.text).toMatch(/problem/);
  });
});

describe('the page follows the model', () => {
  beforeEach(() => fake.resetTeachingFake());

  it('is made again after training, with the numbers of the new step', async () => {
    const { uri, analyses } = setUp('xor.nn.json');
    await vscode.commands.executeCommand('gradlens.explainGradient', { uri, layerIndex: 1, param: 'bias', index: [0] });
    const before = await openedPage();
    const provider = fake.textDocumentContentProviders.get(EXPLAIN_SCHEME)!;
    const refreshed: string[] = [];
    provider.onDidChange!((u) => refreshed.push(u.toString()));
    await analyses.train(uri, 25);
    expect(refreshed).toEqual([before.uri.toString()]);
    const after = (await provider.provideTextDocumentContent(before.uri as never)) as string;
    expect(before.text).toContain('initial parameters');
    expect(after).toContain('after 25 training steps');
    expect(after).toContain('✓');
  });

  it('says which depth shows it by default when the depth is below 4, and changes with the depth', async () => {
    const depth = new FakeDepth(1);
    const { uri } = setUp('worked-example.nn.json', depth);
    await vscode.commands.executeCommand('gradlens.explainGradient', { uri, layerIndex: 0, param: 'bias', index: [0] });
    const page = await openedPage();
    expect(page.text).toContain('You are at depth 1 (Drive)');
    const provider = fake.textDocumentContentProviders.get(EXPLAIN_SCHEME)!;
    let refreshed = 0;
    provider.onDidChange!(() => refreshed++);
    depth.set(4);
    expect(refreshed).toBe(1);
    expect(await provider.provideTextDocumentContent(page.uri as never)).not.toContain('You are at depth');
  });

  it('goes over every sample of a large data set, reading the model again in the host', async () => {
    const { uri, analyses } = setUp('iris.nn.json');
    await vscode.commands.executeCommand('gradlens.explainGradient', { uri, layerIndex: 0, param: 'weights', index: [2, 3] });
    const page = await openedPage();
    const analysis = analyses.get(uri)!.outcome!.analysis!;
    expect(analysis.samples).toBeGreaterThan(32);
    expect(page.text).toContain(`The table shows the first 8 of ${analysis.samples} samples`);
    expect(page.text).toContain('re-run through the engine');
    expect(page.text).toMatch(/relative difference \| [^|]* ✓/);
    // The input the weight multiplies is named by its CSV column (Markdown-escaped).
    expect(page.text).toContain('input x4 (petal\\_width)');
  });

  it('stops refreshing once disposed', async () => {
    const { uri, disposable } = setUp('worked-example.nn.json');
    await vscode.commands.executeCommand('gradlens.explainGradient', { uri, layerIndex: 1, param: 'bias', index: [0] });
    disposable.dispose();
    expect(fake.textDocumentContentProviders.has(EXPLAIN_SCHEME)).toBe(false);
    expect(fake.registered.commands.has('gradlens.explainGradient')).toBe(false);
  });
});
