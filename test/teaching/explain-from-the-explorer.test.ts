/** Explain Gradient from the Gradient Explorer's context menu: the command gets the unit node itself. */
import { beforeEach, describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import * as fake from '../fakes/vscode';
import { EXPLAIN_SCHEME, parseExplainPageUri, registerExplainCommand } from '../../src/commands/explainCommand';
import { explorerTree, type ExplorerNode } from '../../src/explorer/explorerItems';
import { analyseExample } from '../helpers/examples';
import { exampleFile, exampleText } from './helpers';
import { workerBacked, FakeDepth, FakeDocuments, fakeDocument } from './hostFakes';

function setUp() {
  fake.resetTeachingFake();
  const name = 'worked-example.nn.json';
  const doc = fakeDocument(exampleFile(name), exampleText(name));
  const disposable = registerExplainCommand({ ...workerBacked(), documents: new FakeDocuments([doc]), depth: new FakeDepth(4) });
  const uri = doc.uri.toString();
  const tree = explorerTree(uri, analyseExample(name), 4);
  /** The explorer's unit node of a layer's parameter, as VS Code hands it to a context-menu command. */
  const unitNode = (layer: number, param: 'weights' | 'bias', unit: number): ExplorerNode =>
    tree.children[layer].children[param === 'weights' ? 0 : 1].children[unit];
  return { uri, unitNode, disposable };
}

function openedQuery() {
  const shown = fake.registered.executed.filter((e) => e.command === 'markdown.showPreviewToSide').pop();
  const uri = shown!.args[0] as vscode.Uri;
  expect(uri.scheme).toBe(EXPLAIN_SCHEME);
  return parseExplainPageUri(uri);
}

describe('Explain Gradient on an explorer unit node', () => {
  beforeEach(() => fake.resetTeachingFake());

  it('explains a bias unit straight away: index [unit]', async () => {
    const { uri, unitNode, disposable } = setUp();
    const node = unitNode(1, 'bias', 1);
    expect(node).toMatchObject({ kind: 'unit', param: 'bias', unit: 1 });
    await vscode.commands.executeCommand('gradlens.explainGradient', node);
    expect(fake.quickPicksShown).toEqual([]);
    expect(openedQuery()).toEqual({ uri, layerIndex: 1, param: 'bias', index: [1] });
    disposable.dispose();
  });

  it('asks which of a weights unit\'s inputs, offering only that unit\'s weights: index [unit, input]', async () => {
    const { uri, unitNode, disposable } = setUp();
    fake.quickPickAnswers.push((items) => items[1]);
    await vscode.commands.executeCommand('gradlens.explainGradient', unitNode(1, 'weights', 0));
    expect(fake.quickPicksShown).toHaveLength(1);
    expect(fake.quickPicksShown[0].items.map((i: { label: string }) => i.label)).toEqual(['output.weights[1, 1]', 'output.weights[1, 2]']);
    expect(openedQuery()).toEqual({ uri, layerIndex: 1, param: 'weights', index: [0, 1] });
    disposable.dispose();
  });

  it('ignores a malformed unit and asks for the entry instead', async () => {
    const { uri, disposable } = setUp();
    fake.quickPickAnswers.push((items) => items[0]);
    await vscode.commands.executeCommand('gradlens.explainGradient', { uri, layerIndex: 0, param: 'bias', unit: -1 });
    expect(fake.quickPicksShown).toHaveLength(1);
    expect(openedQuery()).toEqual({ uri, layerIndex: 0, param: 'bias', index: [0] });
    disposable.dispose();
  });
});
