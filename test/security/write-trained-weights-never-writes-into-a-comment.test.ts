/**
 * Issue 19, item 2: Write Trained Weights wrote into a comment and said it succeeded. A layer written as
 * `{ "name": "hidden", ..., "activation": "sigmoid" // the hidden layer\n }` got its new "weights" and
 * "bias" after the `//`: the file stayed valid, success was reported, the layer kept its random weights.
 * Also: an edit made while the analysis was awaited went unnoticed (ranges of the old version applied
 * to the new text), and a failed edit showed no message.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as vscode from 'vscode';
import { registered, resetTeachingFake } from '../fakes/vscode';
import { registerFileCommands } from '../../src/commands/fileCommands';
import { trainedWeightEdits } from '../../src/commands/trainedWeightEdits';
import { parseModelText } from '../../src/model';
import type { Analysis } from '../../src/analysis/types';
import { openText } from '../helpers/examples';

const COMMENTED = `{
  "name": "commented",
  "seed": 3,
  "inputs": 2,
  "layers": [
    { "name": "hidden", "units": 2, "activation": "sigmoid" // the hidden layer
    },
    { "name": "output", "units": 1, "activation": "sigmoid", /* trailing comma, then a block comment */ }
  ],
  "loss": "mse",
  "data": { "inputs": [[0, 0], [0, 1], [1, 0], [1, 1]], "targets": [[0], [1], [1], [0]] },
  "train": { "learningRate": 0.5 }
}
`;

/** The text with the edits applied (they never overlap; applied from the end). */
function applied(text: string, computed: ReturnType<typeof trainedWeightEdits>): string {
  if ('error' in computed) throw new Error(computed.error);
  const edits = computed.edits;
  let out = text;
  for (const e of [...edits].sort((a, b) => b.range.startOffset - a.range.startOffset)) {
    out = out.slice(0, e.range.startOffset) + e.newText + out.slice(e.range.endOffset);
  }
  return out;
}

async function trained(text: string): Promise<Analysis> {
  const session = openText(text, '/work/commented.nn.json');
  await session.train({ steps: 5 });
  return session.analyse().analysis!;
}

function expectWeightsOf(text: string, analysis: Analysis): void {
  const { model, diagnostics } = parseModelText(text, { fileName: 'commented.nn.json' });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  analysis.layers.forEach((layer, l) => {
    const written = model!.layers[l]!;
    const weights = written.weights as unknown as number[][];
    const bias = written.bias as unknown as number[];
    (layer.weights.value as number[][]).forEach((row, u) => row.forEach((w, c) => expect(weights[u]![c]).toBeCloseTo(w, 10)));
    (layer.bias.value as number[]).forEach((b, u) => expect(bias[u]).toBeCloseTo(b, 10));
  });
}

describe('Write Trained Weights and comments', () => {
  it('weights and bias of a layer ending in a // comment land before the comment, and the file then holds the trained weights', async () => {
    const analysis = await trained(COMMENTED);
    const out = applied(COMMENTED, trainedWeightEdits(COMMENTED, analysis));
    expect(out).toContain('// the hidden layer');
    expect(out.split('\n').find((l) => l.includes('// the hidden layer'))).toMatch(/"weights": \[\[.*\]\], "bias": \[.*\] \/\/ the hidden layer$/);
    expectWeightsOf(out, analysis);
  });

  it('weights already written are replaced where they stand, comments inside and beside them kept', async () => {
    const withWeights = COMMENTED.replace('"activation": "sigmoid" // the hidden layer',
      '"activation": "sigmoid", "weights": [[0.1, /* w12 */ 0.2], [0.3, 0.4]], // trained by hand\n "bias": [0, 0] // zero');
    const analysis = await trained(withWeights);
    const out = applied(withWeights, trainedWeightEdits(withWeights, analysis));
    expect(out).toContain('// trained by hand');
    expect(out).toContain('// zero');
    expectWeightsOf(out, analysis);
  });
});

describe('Write Trained Weights and the document version', () => {
  const uri = vscode.Uri.file('/work/commented.nn.json');
  let analysis: Analysis;
  let document: { uri: vscode.Uri; version: number; languageId: string; getText(): string };
  let text: string;

  beforeEach(async () => {
    resetTeachingFake();
    vi.restoreAllMocks();
    analysis ??= await trained(COMMENTED);
    text = COMMENTED;
    document = { uri, version: 1, languageId: 'nnjson', getText: () => text };
  });

  const register = (onAnalyse: () => void = () => undefined) => registerFileCommands({
    analyses: { analyse: async () => { const state = { uri: uri.toString(), version: document.version, runState: 'idle', outcome: { analysis, diagnostics: [] } }; onAnalyse(); return state; } },
    documents: { target: () => document },
    extensionUri: vscode.Uri.file('/ext'),
  } as never);

  it('an edit made while the analysis was awaited is noticed: nothing is applied, and the person is told', async () => {
    register(() => { text = text.replace('"name": "commented"', '"name": "edited meanwhile, a longer name"'); document.version = 2; });
    const applyEdit = vi.spyOn(vscode.workspace, 'applyEdit');
    await vscode.commands.executeCommand('gradlens.writeWeights');
    expect(applyEdit).not.toHaveBeenCalled();
    expect(registered.messages.at(-1)?.level).toMatch(/warning|error/);
    expect(registered.messages.at(-1)?.text).toMatch(/changed/);
  });

  it('a failed edit shows an error message instead of nothing', async () => {
    register();
    vi.spyOn(vscode.workspace, 'applyEdit').mockResolvedValue(false);
    await vscode.commands.executeCommand('gradlens.writeWeights');
    expect(registered.messages.at(-1)?.level).toBe('error');
    expect(registered.messages.at(-1)?.text).toMatch(/could not write the weights/);
  });
});
