/** The Outline shows a model's layers, parameters, data and training; large arrays and comment blocks fold. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import { modelOutline, type OutlineSymbol } from '../../src/editing/modelOutline';
import { modelFolds } from '../../src/editing/modelFolding';
import { ModelFoldingProvider, ModelOutlineProvider } from '../../src/editing/editingProviders';

const example = (name: string) => readFileSync(path.resolve(__dirname, '../../examples', name), 'utf8');
const names = (symbols: readonly OutlineSymbol[]) => symbols.map((s) => s.name);
const at = (text: string, [start, end]: readonly [number, number]) => text.slice(start, end);

describe('the outline of the worked example', () => {
  const text = example('worked-example.nn.json');
  const outline = modelOutline(text);

  it('lists the top-level keys in file order', () => {
    expect(names(outline)).toEqual(['name', 'inputs', 'layers', 'loss', 'data', 'train']);
  });

  it('names each layer with its units and activation, and its weights and bias by shape', () => {
    const layers = outline.find((s) => s.name === 'layers')!;
    expect(layers.detail).toBe('2 layers');
    expect(layers.children.map((l) => [l.name, l.detail])).toEqual([['1 hidden', '2 units · sigmoid'], ['2 output', '2 units · sigmoid']]);
    expect(layers.children[0].children.map((p) => [p.name, p.detail, p.kind])).toEqual([['weights', '2×2', 'parameter'], ['bias', '0.35', 'parameter']]);
  });

  it('selects the layer\'s name and covers the whole layer object', () => {
    const hidden = outline.find((s) => s.name === 'layers')!.children[0];
    expect(at(text, hidden.selection)).toBe('"hidden"');
    expect(at(text, hidden.range)).toMatch(/^\{ "name": "hidden"[\s\S]*"bias": 0\.35 \}$/);
  });

  it('sums up the data and the training', () => {
    expect(outline.find((s) => s.name === 'data')!.detail).toBe('1 sample');
    expect(outline.find((s) => s.name === 'train')!.detail).toBe('sgd · learning rate 0.5 · 1 epoch');
    expect(names(outline.find((s) => s.name === 'train')!.children)).toEqual(['optimizer', 'learningRate', 'batchSize', 'epochs', 'shuffle']);
  });
});

describe('outlines of other models', () => {
  it('name a CSV data set by its file, and an own activation by its name', () => {
    expect(modelOutline(example('iris.nn.json')).find((s) => s.name === 'data')!.detail).toBe('CSV data/iris.csv');
    const hidden = modelOutline(example('custom-derivative.nn.json')).find((s) => s.name === 'layers')!.children[0];
    expect(hidden.detail).toBe('3 units · softsign');
    expect(hidden.children.map((c) => [c.name, c.kind])).toEqual([['softsign', 'activation']]);
  });

  it('still come from a model with mistakes, and a layer without a name is numbered', () => {
    const outline = modelOutline('{ "layers": [ { "units": 3 }, { "name": "out", "units": ], "loss": "squ');
    expect(outline.find((s) => s.name === 'layers')!.children.map((l) => l.name)).toEqual(['layer 1', '2 out']);
  });

  it('are empty for a text that is not an object', () => {
    expect(modelOutline('')).toEqual([]);
    expect(modelOutline('[1, 2]')).toEqual([]);
  });
});

describe('folding', () => {
  it('folds every object and array spanning lines, keeping the closing bracket visible, and comment blocks', () => {
    const text = '// one\n// two\n{\n  "weights": [\n    [1, 2],\n    [3, 4]\n  ]\n}\n';
    expect(modelFolds(text)).toEqual([
      { start: 0, end: 1, comment: true },
      { start: 2, end: 6, comment: false },
      { start: 3, end: 5, comment: false },
    ]);
  });

  it('gives VS Code comment folds their kind', () => {
    const document = { getText: () => '/* a\n b */\n{\n "x": 1\n}' } as unknown as vscode.TextDocument;
    const folds = new ModelFoldingProvider().provideFoldingRanges(document);
    expect(folds.map((f) => [f.start, f.end, f.kind])).toEqual([[0, 1, vscode.FoldingRangeKind.Comment], [2, 3, undefined]]);
  });
});

describe('document symbols in VS Code', () => {
  it('map layers to classes with their parameters as children, at the right lines', () => {
    const text = example('worked-example.nn.json');
    const document = {
      getText: () => text,
      positionAt: (offset: number) => {
        const before = text.slice(0, offset).split('\n');
        return new vscode.Position(before.length - 1, before[before.length - 1].length);
      },
    } as unknown as vscode.TextDocument;
    const symbols = new ModelOutlineProvider().provideDocumentSymbols(document);
    const layers = symbols.find((s) => s.name === 'layers')!;
    expect(layers.kind).toBe(vscode.SymbolKind.Array);
    expect(layers.children.map((l) => [l.name, l.kind, l.range.start.line])).toEqual([['1 hidden', vscode.SymbolKind.Class, 6], ['2 output', vscode.SymbolKind.Class, 8]]);
    expect(layers.children[1].children.map((p) => [p.name, p.kind, p.selectionRange.start.line])).toEqual([['weights', vscode.SymbolKind.Field, 9], ['bias', vscode.SymbolKind.Field, 9]]);
  });
});
