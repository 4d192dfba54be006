import { beforeEach, describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import * as fake from '../fakes/vscode';
import { registerTeaching } from '../../src/teaching';
import { buildHandout } from '../../src/teaching/handout';
import type { RunComparison } from '../../src/shared/runComparison';
import { runComparisonSummary } from '../../src/shared/runComparisonText';
import { compareRuns } from '../../src/worker/teaching/runComparison';
import { analyse, exampleFile, exampleText, session } from './helpers';
import { FakeAnalyses, FakeDocuments, fakeDocument } from './hostFakes';
import { tinyCnn } from './tinyCnn';

const extensionUri = vscode.Uri.file('/ext/gradlens');

function setUp(text = exampleText('xor.nn.json')) {
  fake.resetTeachingFake();
  const doc = fakeDocument(exampleFile('xor.nn.json'), text);
  const analyses = new FakeAnalyses();
  const made: { uri: string; comparison: RunComparison }[] = [];
  const disposables = registerTeaching({
    analyses, documents: new FakeDocuments([doc]), extensionUri, teacher: analyses.teacher,
    onRunComparison: (uri, comparison) => made.push({ uri, comparison }),
  });
  return { doc, made, disposables };
}

const pick = (label: string) => (items: { label: string }[]) => items.find((i) => i.label === label);

describe('GradLens: Compare Runs… asks what to vary and its value, and the worker trains both', () => {
  beforeEach(() => { fake.resetTeachingFake(); });

  it('optimizer, then sgd: the panel is told of the comparison the engine makes on the file as parsed, and the file is unchanged', async () => {
    const { doc, made } = setUp();
    fake.quickPickAnswers.push(pick('optimizer'), pick('sgd'));
    const answer = await vscode.commands.executeCommand('gradlens.compareRuns') as RunComparison;
    expect(made).toHaveLength(1);
    expect(made[0].uri).toBe(doc.uri.toString());
    expect(answer.base.label).toBe('adam');
    expect(answer.other.label).toBe('sgd');
    expect(answer).toEqual(await compareRuns(session(exampleText('xor.nn.json'), exampleFile('xor.nn.json')).model, { kind: 'optimizer', optimizer: 'sgd' }));
    expect(doc.getText()).toBe(exampleText('xor.nn.json'));
  });

  it('learning rate is typed: the box refuses what is not a positive number, and 1.0 trains the variant at 1', async () => {
    const { made } = setUp();
    fake.quickPickAnswers.push(pick('learning rate'));
    fake.inputBoxAnswers.push('1.0');
    await vscode.commands.executeCommand('gradlens.compareRuns');
    const box = fake.inputBoxesShown.at(-1)!;
    expect(box.validateInput!('abc')).toBe('Type a number.');
    expect(box.validateInput!('-1')).toMatch(/above 0/);
    expect(box.validateInput!('1.0')).toBeUndefined();
    expect(made[0].comparison.variant).toEqual({ kind: 'learningRate', learningRate: 1 });
    expect(made[0].comparison.other.label).toBe('learning rate 1');
  });

  it('activation of a layer offers the model\'s layers, then the activations: relu for hidden', async () => {
    const { made } = setUp();
    fake.quickPickAnswers.push(pick('activation of a layer'), (items) => { expect(items.map((i: { label: string }) => i.label)).toEqual(['hidden', 'output']); return items[0]; }, pick('relu'));
    await vscode.commands.executeCommand('gradlens.compareRuns');
    expect(made[0].comparison.variant).toEqual({ kind: 'activation', layer: 'hidden', activation: 'relu' });
    expect(made[0].comparison.other.label).toBe('hidden: relu');
  });

  it('a variant that does not apply is refused in a warning that says why, and nothing reaches the panel', async () => {
    const { made } = setUp();
    fake.quickPickAnswers.push(pick('optimizer'), pick('adam'));
    expect(await vscode.commands.executeCommand('gradlens.compareRuns')).toBeUndefined();
    expect(fake.registered.messages.at(-1)).toEqual({ level: 'warning', text: 'GradLens: the model already trains with adam; choose another optimizer.' });
    expect(made).toHaveLength(0);
  });

  it('stepping out of a quick pick does nothing', async () => {
    const { made } = setUp();
    fake.quickPickAnswers.push(() => undefined);
    expect(await vscode.commands.executeCommand('gradlens.compareRuns')).toBeUndefined();
    expect(made).toHaveLength(0);
  });
});

describe('on a layered model the picker offers the layers each layer variant applies to', () => {
  beforeEach(() => { fake.resetTeachingFake(); });
  const text = JSON.stringify(tinyCnn(), null, 2);
  const labels = (items: { label: string }[]) => items.map((i) => i.label);

  it('activation of a layer offers the conv, batch norm and dense layers (not pool, dropout or flatten), and conv: tanh trains', async () => {
    const { made } = setUp(text);
    let offered: { label: string; description?: string }[] = [];
    fake.quickPickAnswers.push(pick('activation of a layer'), (items) => { offered = items; return items[0]; }, pick('tanh'));
    await vscode.commands.executeCommand('gradlens.compareRuns');
    expect(labels(offered)).toEqual(['conv', 'bn', 'output']);
    expect(offered.map((i) => i.description)).toEqual(['conv2d, output 2×4×4, relu', 'batchnorm, output 2×4×4, linear', 'dense, output 2, softmax']);
    expect(made[0].comparison.variant).toEqual({ kind: 'activation', layer: 'conv', activation: 'tanh' });
    expect([made[0].comparison.base.label, made[0].comparison.other.label]).toEqual(['conv: relu', 'conv: tanh']);
  });

  it('freeze a layer offers the layers with parameters, and freezing bn trains the variant with bn frozen', async () => {
    const { made } = setUp(text);
    let offered: { label: string }[] = [];
    fake.quickPickAnswers.push(pick('freeze a layer'), (items) => { offered = items; return items.find((i: { label: string }) => i.label === 'bn'); });
    await vscode.commands.executeCommand('gradlens.compareRuns');
    expect(labels(offered)).toEqual(['conv', 'bn', 'output']);
    expect(made[0].comparison.variant).toEqual({ kind: 'freeze', layer: 'bn' });
    expect(made[0].comparison.other.label).toBe('"bn" frozen');
  });

  it('a layer variant the worker refuses (softmax on the conv layer) is a warning that says why', async () => {
    const { made } = setUp(text);
    fake.quickPickAnswers.push(pick('activation of a layer'), pick('conv'), pick('softmax'));
    expect(await vscode.commands.executeCommand('gradlens.compareRuns')).toBeUndefined();
    expect(fake.registered.messages.at(-1)).toEqual({ level: 'warning', text: 'GradLens: softmax belongs on the output layer; "conv" is a hidden layer.' });
    expect(made).toHaveLength(0);
  });
});

describe('the handout prints the last run comparison in a section of its own', () => {
  it('with both runs\' loss and accuracy curves as SVG, the summary and the gradient norms of both runs', async () => {
    const s = session(exampleText('xor.nn.json'), exampleFile('xor.nn.json'));
    const comparison = await compareRuns(s.model, { kind: 'optimizer', optimizer: 'sgd' });
    const html = buildHandout({ analysis: analyse(s), explanations: [], runComparison: comparison });
    expect(html).toContain('<h2>Compare runs: adam versus sgd on XOR 2-3-1</h2>');
    expect(html).toContain(`<p>${runComparisonSummary(comparison)}</p>`);
    expect(html).toMatch(/<svg role="img" aria-label="Loss of both runs"/);
    expect(html).toMatch(/<svg role="img" aria-label="Accuracy of both runs"/);
    expect(html).toContain('adam reached loss 0.1 in');
    expect(buildHandout({ analysis: analyse(s), explanations: [] })).not.toContain('Compare runs');
  });

  it('escapes the names that come from the model file', async () => {
    const json = JSON.parse(exampleText('xor.nn.json').replace(/^\s*\/\/.*$/gm, ''));
    json.layers[0].name = '<b>h</b>';
    const s = session(JSON.stringify(json));
    const comparison = await compareRuns(s.model, { kind: 'freeze', layer: '<b>h</b>' }, { maxSteps: 20, minSteps: 20 });
    const html = buildHandout({ analysis: analyse(s), explanations: [], runComparison: comparison });
    const section = html.slice(html.indexOf('Compare runs:'));
    expect(section).not.toContain('<b>h</b>');
    expect(section).toContain('&lt;b&gt;h&lt;/b&gt;');
  });
});
