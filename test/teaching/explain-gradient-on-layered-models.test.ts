/**
 * Explain Gradient on the digits CNN and on batch norm, through the command as the editor runs it
 * (worker in process): the page of a conv weight at each depth, the quick picks of a conv kernel's
 * entries, and batch norm's three paths adding up to the engine's gradient with respect to an input.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import * as fake from '../fakes/vscode';
import { EXPLAIN_SCHEME, parseExplainPageUri, registerExplainCommand } from '../../src/commands/explainCommand';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { openSession } from '../../src/worker/openSession';
import { SessionStore } from '../../src/worker/sessionStore';
import { TeachingRequests } from '../../src/worker/teachingRequests';
import type { BatchNormExplanation } from '../../src/worker/teaching/layeredExplanation';
import { fmt } from '../../src/teaching/text';
import { exampleFile, exampleText } from './helpers';
import { FakeAnalyses, FakeDepth, FakeDocuments, fakeDocument } from './hostFakes';

const analyses = new FakeAnalyses();
const depth = new FakeDepth(4);
const doc = fakeDocument(exampleFile('conv-net.nn.json'), exampleText('conv-net.nn.json'));
const uri = doc.uri.toString();

async function page(): Promise<{ uri: vscode.Uri; text: string }> {
  const shown = fake.registered.executed.filter((e) => e.command === 'markdown.showPreviewToSide').pop()!;
  const pageUri = shown.args[0] as vscode.Uri;
  const provider = fake.textDocumentContentProviders.get(EXPLAIN_SCHEME)!;
  return { uri: pageUri, text: (await provider.provideTextDocumentContent(pageUri as never)) as string };
}

describe('Explain Gradient on a conv weight of the digits CNN', () => {
  beforeEach(() => {
    fake.resetTeachingFake();
    registerExplainCommand({ analyses, documents: new FakeDocuments([doc]), depth, teacher: analyses.teacher });
  });

  it('writes at Derive the sum over all 1438 × 64 output positions, its total beside the engine\'s value', async () => {
    depth.set(4);
    await vscode.commands.executeCommand('gradlens.explainGradient', { uri, layerIndex: 0, param: 'weights', index: [2, 0, 1, 1] });
    const { uri: pageUri, text } = await page();
    expect(parseExplainPageUri(pageUri)).toEqual({ uri, layerIndex: 0, param: 'weights', index: [2, 0, 1, 1] });
    const analysis = analyses.get(uri)!.outcome!.analysis!;
    const engine = (analysis.layers[0].weights.grad as number[][])[2][4];
    expect(text).toContain('this one weight multiplies a value at every one of the 8×8 = 64 output positions, in each of the 1438 samples');
    expect(text).toContain(`(the other ${1438 * 64 - 6} terms: `);
    expect(text).toContain(`the engine's value: **${fmt(engine)}** ✓`);
    // Counted from 1: output (i, j) of a stride-1, padding-1 conv reads input row (i − 1)·1 − 1 + u.
    expect(text).toContain('**∂L/∂W[3, 1, 2, 2] = (1/N) Σₙ Σᵢ Σⱼ δ[n, 3, i, j] · x[n, 1, (i − 1)·1 − 1 + 2, (j − 1)·1 − 1 + 2]**');
    // The centre weight of a 3×3 "same" kernel never reads the padding.
    expect(text).not.toContain('fall in the padding');
  });

  it('says the idea in words at Service, and nothing about derivatives at Drive', async () => {
    depth.set(2);
    await vscode.commands.executeCommand('gradlens.explainGradient', { uri, layerIndex: 0, param: 'weights', index: [0, 0, 0, 0] });
    const service = (await page()).text;
    expect(service).toContain('Its gradient collects one contribution from every output position it touched');
    expect(service).not.toContain('## The sum, term by term');
    depth.set(1);
    const drive = (await page()).text;
    expect(drive).not.toMatch(/∂|gradient|derivative/);
    expect(drive).toContain('weight (1, 1) of channel 1 in filter 1\'s 3×3 kernel');
  });

  it('offers every entry of a conv kernel in the quick pick and explains the one picked', async () => {
    depth.set(3);
    fake.quickPickAnswers.push((items) => items.find((i: { label: string }) => i.label === 'conv2.weights[16, 8, 3, 3]'));
    await vscode.commands.executeCommand('gradlens.explainGradient', { uri, layerIndex: 3, param: 'weights' });
    expect(fake.quickPicksShown.at(-1)!.items).toHaveLength(16 * 8 * 3 * 3);
    const { uri: pageUri, text } = await page();
    expect(parseExplainPageUri(pageUri)).toMatchObject({ layerIndex: 3, index: [15, 7, 2, 2] });
    expect(text).toContain('## The sum, term by term');
    // The bottom-right weight of a padded 3×3 kernel reads the padding at the last row and column.
    expect(text).toMatch(/of the 23008 terms fall in the padding/);
  });

  it('offers every window of the max-pool layer, channel by channel, and explains where the picked one sends the gradient', async () => {
    depth.set(3);
    fake.quickPickAnswers.push((items) => items.find((i: { label: string }) => i.label === 'pool1 [8, 4, 4]'));
    await vscode.commands.executeCommand('gradlens.explainGradient', { uri, layerIndex: 2 });
    expect(fake.quickPicksShown.at(-1)!.items).toHaveLength(8 * 4 * 4);
    const { uri: pageUri, text } = await page();
    expect(parseExplainPageUri(pageUri)).toMatchObject({ layerIndex: 2, param: 'window', index: [7, 3, 3] });
    expect(text).toContain('# Where the max-pool sends the gradient: pool1 window [8, 4, 4]');
    expect(text).toContain('This is the window of output pool1[8, 4, 4] (channel, row, column) of sample 1');
    // The 2×2 window's four inputs, each one row of the table, each total beside the engine's.
    const rows = text.split('\n').filter((l) => /^\| \(\d+, \d+\) \|/.test(l));
    expect(rows.map((r) => r.split('|')[1]!.trim())).toEqual(['(7, 7)', '(7, 8)', '(8, 7)', '(8, 8)']);
    expect(rows.filter((r) => r.includes('(max)'))).toHaveLength(1);
    expect(rows.every((r) => r.trim().endsWith('✓ |'))).toBe(true);
  });
});

describe('Explain Gradient on batch norm', () => {
  it('adds the three paths through the batch mean and variance up to the engine\'s ∂L/∂x', () => {
    const store = new SessionStore(openSession);
    const document = { uri: 'file:///bn.nn.json', version: 1, text: exampleText('batchnorm-rescue.nn.json'), fileName: exampleFile('batchnorm-rescue.nn.json'), settings: DEFAULT_ANALYSIS_SETTINGS };
    const analysis = store.analyse(document)!.analysis!;
    const layerIndex = analysis.layers.findIndex((l) => l.layered?.type === 'batchnorm');
    const answer = new TeachingRequests(store).explainGradient(document, { layerIndex, param: 'weights', index: [1] });
    const e = (answer as { layered: BatchNormExplanation }).layered;
    expect(e.kind).toBe('batchnorm');
    expect(e.engine).toBe((analysis.layers[layerIndex].weights.grad as number[][])[1][0]);
    expect(Math.abs(e.mean - e.engine)).toBeLessThanOrEqual(1e-12 * Math.max(1e-3, Math.abs(e.engine)));
    const p = e.paths;
    expect(p.total).toBe(p.direct + p.throughMean + p.throughVariance);
    expect(Math.abs(p.total - p.engine)).toBeLessThanOrEqual(1e-10 * Math.max(Math.abs(p.engine), Math.abs(p.direct)));
    // The mean path takes away the shared part of the signal: with M values, (1/M)Σδ is what all share.
    expect(p.throughMean).not.toBe(0);
  });
});
