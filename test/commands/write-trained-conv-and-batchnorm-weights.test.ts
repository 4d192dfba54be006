/**
 * Write Trained Weights on a layered model (model file 1.1): conv kernels are written [F][C][kh][kw]
 * with one kernel row per line, batch norm's scale, shift and running statistics under the model file's
 * keys; the file then reads back to exactly the trained parameters (bit for bit), its comments stay, and
 * the command is one undoable edit of the open document.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import { registered, resetTeachingFake } from '../fakes/vscode';
import { registerFileCommands } from '../../src/commands/fileCommands';
import { trainedWeightEdits } from '../../src/commands/trainedWeightEdits';
import type { Analysis, LayerAnalysis } from '../../src/analysis/types';
import { openText } from '../helpers/examples';

const FILE = '/work/course/small-cnn.nn.json';

/** A conv → batch norm → relu → pool → dense network, with comments in several places and unnamed layers. */
const TEXT = `// A small CNN on 2-channel 5×5 images
{
  "name": "small cnn",
  "seed": 11,
  "inputs": [2, 5, 5],
  "layers": [
    // the first filters
    { "name": "conv", "type": "conv2d", "filters": 3, "kernel": [3, 2], "padding": 1 },
    { "name": "norm", "type": "batchnorm", "activation": "relu" }, // normalised per channel
    { "type": "maxpool2d", "size": 2 },
    { "type": "flatten" },
    { "name": "out", "units": 2, "activation": "softmax" /* the classes */ }
  ],
  "loss": "cross-entropy",
  "data": {
    "inputs": [${[0, 1, 2, 3].map((n) => `[${Array.from({ length: 50 }, (_, i) => ((i * 7 + n * 13) % 11) / 5 - 1).join(', ')}]`).join(', ')}],
    "targets": [[1, 0], [0, 1], [1, 0], [0, 1]]
  },
  "train": { "optimizer": "adam", "learningRate": 0.01, "batchSize": 2, "shuffle": false }
}
`;

/** The text with the edits applied (they never overlap; applied from the end). */
function applied(text: string, analysis: Analysis): string {
  const computed = trainedWeightEdits(text, analysis);
  if ('error' in computed) throw new Error(computed.error);
  let out = text;
  for (const e of [...computed.edits].sort((a, b) => b.range.startOffset - a.range.startOffset)) {
    out = out.slice(0, e.range.startOffset) + e.newText + out.slice(e.range.endOffset);
  }
  return out;
}

async function trained(text: string, steps = 4): Promise<Analysis> {
  const session = openText(text, FILE);
  await session.train({ steps });
  return session.analyse().analysis!;
}

/** Every trained number of a layer (parameters and running statistics), in a fixed order. */
function numbersOf(layer: LayerAnalysis): number[] {
  return [
    ...(layer.weights.value as unknown[]).flat(3) as number[], ...(layer.bias.value as number[]),
    ...(layer.layered?.runningMean ?? []), ...(layer.layered?.runningVar ?? []),
  ];
}

/** The layers of `text` as read from the file (before any training), every number bit for bit. */
function expectReadsBackTo(text: string, analysis: Analysis): void {
  const reread = openText(text, FILE).analyse().analysis!;
  expect(reread.step).toBe(0);
  analysis.layers.forEach((layer, l) => {
    const written = numbersOf(reread.layers[l]!), expected = numbersOf(layer);
    expect(written.length).toBe(expected.length);
    const differing = expected.filter((v, i) => !Object.is(v, written[i]));
    expect(differing, `layer ${layer.name}`).toEqual([]);
  });
}

describe('Write Trained Weights on a conv and batch-norm network', () => {
  it('writes every trained parameter and running statistic so the file reads back to exactly those numbers', async () => {
    const analysis = await trained(TEXT);
    const initial = openText(TEXT, FILE).analyse().analysis!;
    // Training changed them (so the test could fail), and the running statistics left their start 0 and 1.
    expect(numbersOf(analysis.layers[0]!)).not.toEqual(numbersOf(initial.layers[0]!));
    expect(analysis.layers[1]!.layered!.runningMean!.some((m) => m !== 0)).toBe(true);
    expect(analysis.layers[1]!.layered!.runningVar!.some((v) => v !== 1)).toBe(true);
    expectReadsBackTo(applied(TEXT, analysis), analysis);
  });

  it('writes batch norm\'s γ, β and running statistics under the model file\'s keys, and nothing on layers without parameters', async () => {
    const analysis = await trained(TEXT);
    const lines = applied(TEXT, analysis).split('\n');
    const norm = lines.find((l) => l.includes('"name": "norm"'))!;
    const bn = analysis.layers[1]!;
    const vector = (values: readonly number[]) => `[${values.map(String).join(', ')}]`;
    expect(norm).toContain(`"scale": ${vector((bn.weights.value as number[][]).flat())}, "shift": ${vector(bn.bias.value as number[])}`);
    expect(norm).toContain(`"runningMean": ${vector(bn.layered!.runningMean!)}, "runningVar": ${vector(bn.layered!.runningVar!)} }, // normalised per channel`);
    expect(lines).toContain('    { "type": "maxpool2d", "size": 2 },');
    expect(lines).toContain('    { "type": "flatten" },');
  });

  it('lays conv kernels out [filter][channel][row][column], one kernel row per line', async () => {
    const analysis = await trained(TEXT);
    const out = applied(TEXT, analysis);
    const start = out.indexOf('"weights": [', out.indexOf('"name": "conv"'));
    const end = out.indexOf('"bias"', start);
    const weightLines = out.slice(start, end).split('\n');
    const rows = weightLines.map((l) => /\[([^[\]]+)\]/.exec(l)?.[1]).filter((r): r is string => r !== undefined);
    // 3 filters × 2 channels × 3 kernel rows, each row its own line of 2 numbers, in the nesting order.
    expect(rows).toHaveLength(3 * 2 * 3);
    expect(rows.every((r) => r.split(', ').length === 2)).toBe(true);
    expect(rows.flatMap((r) => r.split(', ').map(Number))).toEqual((analysis.layers[0]!.weights.value as number[][]).flat());
    expect(weightLines.slice(0, 6)).toEqual([
      '"weights": [',
      '      [',
      `        [[${rows[0]}],`,
      `         [${rows[1]}],`,
      `         [${rows[2]}]],`,
      `        [[${rows[3]}],`,
    ]);
    expect(out).toContain(`    ], "bias": [${(analysis.layers[0]!.bias.value as number[]).join(', ')}] },`);
  });

  it('keeps every comment of the file, and replaces weights already written where they stand', async () => {
    const first = applied(TEXT, await trained(TEXT));
    for (const comment of ['// A small CNN on 2-channel 5×5 images', '// the first filters', '// normalised per channel', '/* the classes */']) {
      expect(first).toContain(comment);
    }
    // Written a second time, after more training: the values are replaced in place, nothing is added twice.
    const again = await trained(first, 3);
    const second = applied(first, again);
    expect(second.match(/"scale"/g)).toHaveLength(1);
    expect(second.match(/"runningVar"/g)).toHaveLength(1);
    expect(second.split('\n').length).toBe(first.split('\n').length);
    expectReadsBackTo(second, again);
  });

  it('is one undoable edit of the open document, never a save or a file write', async () => {
    resetTeachingFake();
    const analysis = await trained(TEXT);
    const uri = vscode.Uri.file(FILE);
    const document = { uri, version: 1, languageId: 'nnjson', getText: () => TEXT };
    const analyses = { analyse: async () => ({ uri: uri.toString(), version: 1, runState: 'idle', outcome: { analysis, diagnostics: [] } }) };
    registerFileCommands({ analyses, documents: { target: () => document }, extensionUri: vscode.Uri.file('/ext') } as never);
    const applies: vscode.WorkspaceEdit[] = [];
    let writes = 0;
    Object.assign(vscode.workspace, { applyEdit: async (edit: vscode.WorkspaceEdit) => { applies.push(edit); return true; } });
    Object.assign(vscode.workspace.fs, { writeFile: async () => { writes++; } });
    await vscode.commands.executeCommand('gradlens.writeWeights');
    expect(applies).toHaveLength(1);
    const edits = (applies[0] as unknown as { edits: { uri: vscode.Uri; newText: string }[] }).edits;
    const computed = trainedWeightEdits(TEXT, analysis);
    expect(edits.map((e) => e.newText)).toEqual('edits' in computed ? computed.edits.map((e) => e.newText) : []);
    expect(edits.every((e) => e.uri.toString() === uri.toString())).toBe(true);
    expect(writes).toBe(0);
    expect(registered.messages.at(-1)!.text).toBe('GradLens wrote the weights after 4 steps into the file (not saved; Undo takes them back).');
  });
});

describe('Write Trained Weights writes nothing for a layered model that diverged', () => {
  beforeEach(() => resetTeachingFake());

  it('names the batch-norm layer whose running variance is infinite', async () => {
    const analysis = await trained(TEXT);
    const bn = analysis.layers[1]!;
    const broken = { ...analysis, layers: analysis.layers.map((l) => (l === bn ? { ...l, layered: { ...l.layered!, runningVar: [Infinity, 1, 1] } } : l)) };
    const uri = vscode.Uri.file(FILE);
    const document = { uri, version: 1, languageId: 'nnjson', getText: () => TEXT };
    const analyses = { analyse: async () => ({ uri: uri.toString(), version: 1, runState: 'idle', outcome: { analysis: broken, diagnostics: [] } }) };
    registerFileCommands({ analyses, documents: { target: () => document }, extensionUri: vscode.Uri.file('/ext') } as never);
    let edits = 0;
    Object.assign(vscode.workspace, { applyEdit: async () => { edits++; return true; } });
    await vscode.commands.executeCommand('gradlens.writeWeights');
    expect(edits).toBe(0);
    expect(registered.messages.at(-1)!.text).toMatch(/^GradLens: the trained weights of layer 'norm' are NaN or infinite/);
  });
});
