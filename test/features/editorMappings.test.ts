/**
 * What the editor shows for a real analysis: lenses, inlay hints, hovers, diagnostics and explorer
 * items, with exact ranges and texts, at each depth level.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import { analyseExample, exampleText } from '../helpers/examples';
import { modelLenses } from '../../src/codelens/modelLenses';
import { weightHints } from '../../src/inlay/weightHints';
import { layerHover, layerHoverMarkdown } from '../../src/hover/layerHover';
import { modelDiagnostics } from '../../src/diagnostics/modelDiagnostics';
import { explorerTree, type ExplorerNode } from '../../src/explorer/explorerItems';
import { GradientExplorer } from '../../src/explorer/gradientExplorer';
import { openExample } from '../helpers/examples';
import { ModelSession } from '../../src/analysis/modelSession';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';

const URI = 'file:///work/examples/worked-example.nn.json';
const worked = analyseExample('worked-example.nn.json');
const workedText = exampleText('worked-example.nn.json');
const lines = workedText.split('\n');
const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle));

/** The gradient a hint shows: its first part (a dense network's hints end in a `· slice` part). */
function label(hint: vscode.InlayHint): string {
  return typeof hint.label === 'string' ? hint.label : hint.label[0].value;
}

/** The text of the document at a range. */
function textAt(range: vscode.Range): string {
  if (range.start.line !== range.end.line) throw new Error('multi-line range');
  return lines[range.start.line].slice(range.start.character, range.end.character);
}

describe('CodeLens', () => {
  it('shows gradient norms and the gradient check above each layer at depth 3', () => {
    const lenses = modelLenses(URI, worked, 3);
    const hidden = lenses.find((l) => l.range.start.line === lineOf('"name": "hidden"'))!;
    // ‖∂L/∂W‖ = hypot of the published hidden weight gradients; the largest of them is ∂E/∂w4 = 0.000995425.
    expect(hidden.command!.title).toMatch(/^‖∂L\/∂W‖ 1\.5e-3 · max \|∂L\/∂w\| 1\.0e-3 · grad check ✓ \de-(7|8|9|1\d)$/);
    expect(hidden.command!.command).toBe('gradlens.openPanel');
    expect(hidden.command!.arguments).toEqual([{ uri: URI, layerIndex: 0 }]);
    const output = lenses.find((l) => l.range.start.line === lineOf('"name": "output"'))!;
    expect(output.command!.title).toMatch(/^‖∂L\/∂W‖ 1\.2e-1 · max \|∂L\/∂w\| 8\.3e-2 · grad check ✓ /);
  });

  it('shows the loss above "loss" and the sample count above "data"', () => {
    const lenses = modelLenses(URI, worked, 3);
    expect(lenses.find((l) => l.range.start.line === lineOf('"loss"'))!.command!.title).toBe('loss 0.2984');
    expect(lenses.find((l) => l.range.start.line === lineOf('"data"'))!.command!.title).toBe('1 sample');
  });

  it('shows initial → current loss after training', async () => {
    const session = openExample('worked-example.nn.json');
    await session.train({ steps: 3 });
    const trained = session.analyse().analysis!;
    const loss = modelLenses(URI, trained, 3).find((l) => l.range.start.line === lineOf('"loss"'))!;
    expect(loss.command!.title).toMatch(/^loss 0\.2984 → 0\.\d+ after 3 steps$/);
  });

  it('never shows a derivative at depth 1, only outputs', () => {
    const titles = modelLenses(URI, worked, 1).map((l) => l.command!.title);
    expect(titles.join(' ')).not.toMatch(/∂|grad/);
    expect(titles).toContain('2 sigmoid units · sample 1: out 0.751, 0.773');
  });

  it('warns above a layer whose gradients vanish', () => {
    const vanishing = analyseExample('vanishing-gradients.nn.json');
    const titles = modelLenses('file:///v.nn.json', vanishing, 2).map((l) => l.command!.title);
    expect(titles).toContain('⚠ vanishing gradient');
  });

  it('shows accuracy and the train/test split above "data" for classification', () => {
    const iris = analyseExample('iris.nn.json');
    const data = modelLenses('file:///iris.nn.json', iris, 3).find((l) => l.command!.title.includes('samples'))!;
    expect(data.command!.title).toMatch(/^120 training · 30 test samples · accuracy \d+\.\d % \(test \d+\.\d %\)$/);
  });
});

describe('inlay hints', () => {
  it('put each weight\'s gradient right after its number, from depth 3', () => {
    const hints = weightHints(URI, worked, 3);
    const w5 = hints.find((h) => label(h) === '∂L/∂w 0.0822')!;
    expect(w5).toBeDefined();
    const line = lineOf('[[0.40, 0.45]');
    expect(w5.position.line).toBe(line);
    expect(lines[line].slice(0, w5.position.character).endsWith('0.40')).toBe(true);
    expect(hints.map(label)).toEqual(expect.arrayContaining(['∂L/∂w 4.39e-4', '∂L/∂w -0.0226', '∂L/∂b [0.00877, 0.00995]', '∂L/∂b [0.138, -0.0381]']));
    expect(hints).toHaveLength(8 + 2);
  });

  it('explain the gradient when clicked', () => {
    const hint = weightHints(URI, worked, 3)[0];
    const part = (hint.label as vscode.InlayHintLabelPart[])[0];
    expect(part.command).toMatchObject({ command: 'gradlens.explainGradient', arguments: [{ uri: URI, layerIndex: 0, param: 'weights', index: [0, 0] }] });
  });

  it('open the loss slice of their own weight or bias from their second part, "· slice"', () => {
    const hints = weightHints(URI, worked, 3);
    const w5 = hints.find((h) => label(h) === '∂L/∂w 0.0822')!;
    const parts = w5.label as vscode.InlayHintLabelPart[];
    expect(parts.map((p) => p.value)).toEqual(['∂L/∂w 0.0822', ' · slice']);
    expect(parts[1].command).toMatchObject({ command: 'gradlens.showGradientPanel', arguments: [{ layerIndex: 1, param: 'weights', index: [0, 0] }] });
    expect(parts[1].tooltip).toMatch(/output\.weights\[1, 1\] moves/);
    // Every hint slices the parameter it stands beside: weights [unit, input], biases [unit].
    for (const hint of hints) {
      const [value, slice] = hint.label as vscode.InlayHintLabelPart[];
      const explained = (value.command!.arguments![0] as { layerIndex: number; param: string; index: number[] });
      expect(slice.command!.arguments).toEqual([{ layerIndex: explained.layerIndex, param: explained.param, index: explained.index }]);
    }
    const b2 = hints.find((h) => label(h) === '∂L/∂b [0.138, -0.0381]')!;
    expect((b2.label as vscode.InlayHintLabelPart[])[1].command!.arguments).toEqual([{ layerIndex: 1, param: 'bias', index: [0] }]);
  });

  it('are not shown below depth 3', () => {
    expect(weightHints(URI, worked, 2)).toEqual([]);
    expect(weightHints(URI, worked, 1)).toEqual([]);
  });

  it('only cover the requested range', () => {
    const line = lineOf('[[0.40, 0.45]');
    const hints = weightHints(URI, worked, 3, new vscode.Range(line, 0, line, 200));
    expect(hints.map(label)).toEqual(['∂L/∂w 0.0822', '∂L/∂w 0.0827', '∂L/∂w -0.0226', '∂L/∂w -0.0227', '∂L/∂b [0.138, -0.0381]']);
  });
});

describe('hover', () => {
  it('shows activation and gradient statistics of the layer under the cursor', () => {
    const hover = layerHover(worked, new vscode.Position(lineOf('"name": "output"'), 10), 3)!;
    const md = (hover.contents as unknown as vscode.MarkdownString).value;
    expect(md).toContain('**Layer "output"** · 2 sigmoid units · 2 inputs each');
    expect(md).toMatch(/\| out \| 0\.762 \|/);
    expect(md).toContain('| ∂L/∂W | 1.21e-1 |');
    expect(md).toContain('Gradient check: ✓ pass');
  });

  it('explains each warning and its usual fix', () => {
    const dying = analyseExample('dying-relu.nn.json');
    const md = layerHoverMarkdown(dying, dying.layers[0], 2);
    expect(md).toContain('dead ReLU units');
    expect(md).toContain('*What it means:*');
    expect(md).toContain('*Usual fix:* Use He initialisation');
  });

  it('is absent outside layers and has no gradients at depth 1', () => {
    expect(layerHover(worked, new vscode.Position(lineOf('"loss"'), 3), 3)).toBeUndefined();
    const md = layerHoverMarkdown(worked, worked.layers[0], 1);
    expect(md).not.toContain('∂');
  });
});

describe('diagnostics', () => {
  it('put a wrong hand-written derivative on its df string, with the symbolic derivative as quick fix', () => {
    const outcome = openExample('custom-derivative.nn.json').analyse();
    const text = exampleText('custom-derivative.nn.json').split('\n');
    const items = modelDiagnostics(outcome);
    const failed = items.find((i) => i.diagnostic.code === 'gradcheck-failed')!;
    expect(failed.diagnostic.source).toBe('gradlens');
    expect(failed.diagnostic.severity).toBe(vscode.DiagnosticSeverity.Error);
    const r = failed.diagnostic.range;
    expect(text[r.start.line].slice(r.start.character, r.end.character)).toBe('"1 / (1 + abs(x))"');
    expect(failed.fix).toMatchObject({ newText: '"1 / (1 + abs(x))^2"' });
  });

  it('carry validation problems with their code and exact range', () => {
    const broken = workedText.replace('[[0.40, 0.45], [0.50, 0.55]]', '[[0.40, 0.45, 1], [0.50, 0.55]]');
    expect(broken).not.toBe(workedText);
    const { diagnostics } = ModelSession.open(broken, 'x.nn.json', DEFAULT_ANALYSIS_SETTINGS);
    const items = modelDiagnostics({ diagnostics });
    const shape = items.find((i) => i.diagnostic.code === 'shape-mismatch');
    expect(shape, JSON.stringify(diagnostics.map((d) => d.message))).toBeDefined();
    expect(shape!.diagnostic.range.start.line).toBe(lineOf('[[0.40, 0.45]'));
  });
});

describe('Gradient Explorer', () => {
  it('lists model → layers → weights/bias → units with gradient norms', () => {
    const root = explorerTree(URI, worked, 3);
    expect(root.label).toBe('Worked example 2-2-2');
    expect(root.description).toBe('loss 0.2984');
    expect(root.children.map((c) => c.label)).toEqual(['hidden', 'output']);
    const output = root.children[1];
    expect(output.children.map((c) => c.label)).toEqual(['weights', 'bias']);
    expect(output.children[0].children.map((c) => c.label)).toEqual(['unit 1', 'unit 2']);
    expect(output.children[0].children[0].description).toBe(`‖∂L/∂w‖ ${Math.hypot(0.08216704056, 0.08266762785).toExponential(1).replace('e-', 'e-')}`);
    expect(output.children[1].children[0].description).toBe('∂L/∂b 0.138');
  });

  it('reveals the exact number a unit\'s first weight is written as', () => {
    const unit = explorerTree(URI, worked, 3).children[1].children[0].children[1];
    expect(textAt(new vscode.Range(unit.range!.start.line, unit.range!.start.character, unit.range!.end.line, unit.range!.end.character))).toBe('0.50');
  });

  it('marks layers with warnings', () => {
    const dying = explorerTree('file:///d.nn.json', analyseExample('dying-relu.nn.json'), 3);
    expect(dying.children[0].icon).toBe('warning');
    expect(dying.children[0].tooltip).toContain('dead ReLU units');
  });
});

describe('a file with thousands of problems', () => {
  it('publishes at most 500 diagnostics, the last one saying how many more there are', () => {
    const text = `{ "inputs": 1, "layers": [{ "units": 1 }], "loss": "mse", "data": { "inputs": [${Array.from({ length: 3000 }, () => '["x"]').join(', ')}], "targets": [[1]] } }`;
    const { diagnostics } = ModelSession.open(text, 'many.nn.json', DEFAULT_ANALYSIS_SETTINGS);
    expect(diagnostics.length).toBeGreaterThan(500);
    const items = modelDiagnostics({ diagnostics });
    expect(items).toHaveLength(500);
    expect(items[499].diagnostic.message).toMatch(/^…and \d+ more problems/);
    expect(items[499].diagnostic.code).toBe('too-many-problems');
  });
});

describe('explaining a gradient from the editor and the explorer (issue 7)', () => {
  it('adds an "explain ∂L/∂W" lens above each layer at depth 4 only', () => {
    const explain = (depth: 1 | 2 | 3 | 4) => modelLenses(URI, worked, depth).filter((l) => l.command?.command === 'gradlens.explainGradient');
    const lenses = explain(4);
    expect(lenses.map((l) => [l.command!.title, l.range.start.line, l.command!.arguments])).toEqual(worked.layers.map((layer) => [
      'explain ∂L/∂W', layer.range.start.line, [{ uri: URI, layerIndex: layer.index, param: 'weights' }],
    ]));
    expect(lenses[0].range.start.line).toBe(modelLenses(URI, worked, 4)[0].range.start.line);
    for (const depth of [1, 2, 3] as const) expect(explain(depth)).toEqual([]);
  });

  it('offers Explain Gradient in the explorer\'s context menu on unit nodes, whose node the command understands', () => {
    const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(packageJson.contributes.menus['view/item/context']).toContainEqual(expect.objectContaining({
      command: 'gradlens.explainGradient', when: 'view == gradlens.explorer && viewItem == unit && gradlens.depth != 1',
    }));
    const unit = explorerTree(URI, worked, 3).children[1].children[1].children[0];
    expect(unit).toMatchObject({ kind: 'unit', uri: URI, layerIndex: 1, param: 'bias', unit: 0 });
    // The tree item's contextValue is what `viewItem` matches: only unit nodes get the action.
    const never = () => ({ dispose() {} });
    const explorer = new GradientExplorer(
      { onDidChange: never, get: () => ({ outcome: { analysis: worked } }) } as never,
      { onDidChange: never, current: 3 } as never,
      () => URI,
    );
    const root = explorer.getChildren()[0] as ExplorerNode;
    const contexts = (node: ExplorerNode): string[] => [String(explorer.getTreeItem(node).contextValue), ...node.children.flatMap(contexts)];
    const all = contexts(root);
    expect(all.filter((c) => c === 'unit')).toHaveLength(8); // 2 layers × (weights, bias) × 2 units
    expect(new Set(all)).toEqual(new Set(['model', 'layer', 'param', 'unit']));
    explorer.dispose();
  });
});
