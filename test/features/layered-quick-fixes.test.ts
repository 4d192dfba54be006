/**
 * Quick fixes for a layered model's warnings: a dropout rate ≥ 0.9 lowered to 0.5, He initialisation
 * for a relu convolution with dead filters, and batch norm before a saturated sigmoid/tanh activation,
 * each leaving a model that reads and analyses; offered only where it applies.
 */
import { describe, expect, it } from 'vitest';
import { openText } from '../helpers/examples';
import type { AnalysisWarning } from '../../src/analysis/types';

function apply(text: string, fix: NonNullable<AnalysisWarning['quickFix']>): string {
  return text.slice(0, fix.range.startOffset) + fix.newText + text.slice(fix.range.endOffset);
}

const DATA = '"data": { "inputs": [[0, 1, 2, 3, 4, 5, 6, 7, 8], [8, 7, 6, 5, 4, 3, 2, 1, 0], [1, 0, 1, 0, 1, 0, 1, 0, 1]], "targets": [[1, 0], [0, 1], [1, 0]] }';

describe('quick fixes on a layered model', () => {
  it('lower a dropout rate of 0.95 to 0.5, and the warning goes', () => {
    const text = `{
  "inputs": 4, "seed": 2,
  "layers": [
    { "name": "hidden", "units": 6, "activation": "relu" },
    { "name": "drop", "type": "dropout", "rate": 0.95 },
    { "name": "out", "units": 2, "activation": "softmax" }
  ],
  "loss": "cross-entropy",
  "data": { "inputs": [[0, 1, 2, 3], [3, 2, 1, 0], [1, 0, 1, 0]], "targets": [[1, 0], [0, 1], [1, 0]] }
}`;
    const warning = openText(text, '/tmp/drop.nn.json').analyse().analysis!.warnings.find((w) => w.code === 'dropout-rate')!;
    expect(warning.quickFix!.title).toBe('Lower the dropout rate to 0.5');
    expect(text.slice(warning.quickFix!.range.startOffset, warning.quickFix!.range.endOffset)).toBe('0.95');
    const fixed = apply(text, warning.quickFix!);
    expect(fixed).toContain('"type": "dropout", "rate": 0.5 }');
    expect(openText(fixed, '/tmp/drop.nn.json').analyse().analysis!.warnings.map((w) => w.code)).not.toContain('dropout-rate');
  });

  it('initialise a relu convolution with dead filters the He way', () => {
    const text = `{
  "inputs": [1, 3, 3], "seed": 4, "init": "xavier",
  "layers": [
    { "name": "conv", "type": "conv2d", "filters": 2, "kernel": 2, "activation": "relu", "bias": [-100, 0] },
    { "type": "flatten" },
    { "name": "out", "units": 2, "activation": "softmax" }
  ],
  "loss": "cross-entropy",
  ${DATA}
}`;
    const warning = openText(text, '/tmp/dead.nn.json').analyse().analysis!.warnings.find((w) => w.code === 'dead-relu')!;
    expect(warning.quickFix!.title).toBe('Initialise this relu convolution the He way ("init": "he")');
    const fixed = apply(text, warning.quickFix!);
    expect(fixed).toContain('"activation": "relu", "init": "he", "bias": [-100, 0] }');
    const session = openText(fixed, '/tmp/dead.nn.json');
    expect(session.model.layered!.spec.layers[0]).toMatchObject({ type: 'conv2d', init: 'he' });
  });

  it('offer nothing for a relu convolution that already starts the He way', () => {
    const text = `{
  "inputs": [1, 3, 3], "seed": 4, "init": "he",
  "layers": [
    { "name": "conv", "type": "conv2d", "filters": 2, "kernel": 2, "activation": "relu", "bias": [-100, 0] },
    { "type": "flatten" },
    { "name": "out", "units": 2, "activation": "softmax" }
  ],
  "loss": "cross-entropy",
  ${DATA}
}`;
    const warning = openText(text, '/tmp/dead.nn.json').analyse().analysis!.warnings.find((w) => w.code === 'dead-relu')!;
    expect(warning.quickFix).toBeUndefined();
  });
});

/** The text with a quick fix's edits applied (they do not overlap; applied from the end). */
function applyAll(text: string, fix: NonNullable<AnalysisWarning['quickFix']>): string {
  const edits = [{ range: fix.range, newText: fix.newText }, ...(fix.moreEdits ?? [])].sort((a, b) => b.range.startOffset - a.range.startOffset);
  return edits.reduce((out, e) => out.slice(0, e.range.startOffset) + e.newText + out.slice(e.range.endOffset), text);
}

/** Four 3×3 one-channel images: all +1, all −1, all +2, all −2 (every 2×2 window sums to ±4 or ±8). */
const UNIFORM_IMAGES = `"data": { "inputs": [${[1, -1, 2, -2].map((v) => `[${Array(9).fill(v).join(', ')}]`).join(', ')}], "targets": [[1, 0], [0, 1], [1, 0], [0, 1]] }`;
/** Two 2×2 filters of ±3: each output is ±12 or ±24, where sigmoid and tanh are flat. */
const LARGE_KERNELS = '"weights": [[[[3, 3], [3, 3]]], [[[-3, -3], [-3, -3]]]], "bias": [0, 0]';

function saturationFix(text: string) {
  const warnings = openText(text, '/tmp/saturated.nn.json').analyse().analysis!.warnings;
  return { warnings, saturated: warnings.filter((w) => w.code === 'saturated') };
}

/** The fixed text reads without problems and analyses; its layers' types, activations and output shapes. */
function readsAndAnalyses(text: string) {
  const session = openText(text, '/tmp/fixed.nn.json');
  const analysis = session.analyse().analysis!;
  expect(Number.isFinite(analysis.loss)).toBe(true);
  return { analysis, layers: analysis.layers.map((l) => ({ name: l.name, type: l.layered!.type, activation: l.activation, shape: l.layered!.outputShape })) };
}

describe('the quick fix "add batch norm before a saturating activation"', () => {
  it('moves a saturated sigmoid convolution\'s activation onto a batch-norm layer over its channels, and the saturation goes', () => {
    const text = `{
  "inputs": [1, 3, 3], "seed": 4,
  "layers": [
    { "name": "conv", "type": "conv2d", "filters": 2, "kernel": 2, "activation": "sigmoid", ${LARGE_KERNELS} }, // edges
    { "type": "flatten" },
    { "name": "out", "units": 2, "activation": "softmax" }
  ],
  "loss": "cross-entropy",
  ${UNIFORM_IMAGES}
}`;
    const { saturated } = saturationFix(text);
    expect(saturated.map((w) => w.layer)).toEqual(['conv']);
    const fix = saturated[0]!.quickFix!;
    expect(fix.title).toBe('Add batch norm before the sigmoid activation');
    const fixed = applyAll(text, fix);
    expect(fixed).toContain(`{ "name": "conv", "type": "conv2d", "filters": 2, "kernel": 2, "activation": "linear", ${LARGE_KERNELS} }, { "name": "conv_bn", "type": "batchnorm", "activation": "sigmoid" }, // edges`);
    const { analysis, layers } = readsAndAnalyses(fixed);
    expect(layers.slice(0, 2)).toEqual([
      { name: 'conv', type: 'conv2d', activation: 'linear', shape: [2, 2, 2] },
      { name: 'conv_bn', type: 'batchnorm', activation: 'sigmoid', shape: [2, 2, 2] },
    ]);
    // One γ and one β per channel of the convolution.
    expect(analysis.layers[1]!.layered!.params.map((p) => p.shape)).toEqual([[2], [2]]);
    expect(analysis.warnings.map((w) => w.code)).not.toContain('saturated');
  });

  it('gives a saturated tanh dense layer a batch norm over its units', () => {
    const text = `{
  "inputs": 2, "seed": 1,
  "layers": [
    { "name": "hidden", "units": 3, "activation": "tanh", "weights": [[3, 3], [2, 2], [3, -1]], "bias": [0, 0, 0] },
    { "type": "dropout", "rate": 0 },
    { "name": "out", "units": 2, "activation": "softmax" }
  ],
  "loss": "cross-entropy",
  "data": { "inputs": [[2, 1], [-2, -1], [1, 2], [-1, -2]], "targets": [[1, 0], [0, 1], [1, 0], [0, 1]] }
}`;
    const fix = saturationFix(text).saturated.find((w) => w.layer === 'hidden')!.quickFix!;
    expect(fix.title).toBe('Add batch norm before the tanh activation');
    const { analysis, layers } = readsAndAnalyses(applyAll(text, fix));
    expect(layers.slice(0, 2)).toEqual([
      { name: 'hidden', type: 'dense', activation: 'linear', shape: [3] },
      { name: 'hidden_bn', type: 'batchnorm', activation: 'tanh', shape: [3] },
    ]);
    expect(analysis.layers[1]!.layered!.params.map((p) => p.shape)).toEqual([[3], [3]]);
    expect(analysis.warnings.map((w) => w.code)).not.toContain('saturated');
  });

  it('inserts a batch-norm layer before a saturated sigmoid activation layer, with a name no other layer has', () => {
    const text = `{
  "inputs": [1, 3, 3], "seed": 4,
  "layers": [
    { "name": "conv", "type": "conv2d", "filters": 2, "kernel": 2, ${LARGE_KERNELS} },
    { "name": "squash", "type": "activation", "activation": "sigmoid" },
    { "name": "squash_bn", "type": "flatten" },
    { "name": "out", "units": 2, "activation": "softmax" }
  ],
  "loss": "cross-entropy",
  ${UNIFORM_IMAGES}
}`;
    const warning = saturationFix(text).saturated.find((w) => w.layer === 'squash')!;
    const fixed = applyAll(text, warning.quickFix!);
    expect(fixed).toContain('{ "name": "squash_bn2", "type": "batchnorm" }, { "name": "squash", "type": "activation", "activation": "sigmoid" },');
    const { analysis, layers } = readsAndAnalyses(fixed);
    expect(layers.map((l) => l.type)).toEqual(['conv2d', 'batchnorm', 'activation', 'flatten', 'dense']);
    expect(analysis.warnings.map((w) => w.code)).not.toContain('saturated');
  });

  it('is not offered where batch norm already comes before the activation, nor on the output layer', () => {
    const text = `{
  "inputs": [1, 3, 3], "seed": 4,
  "layers": [
    { "name": "conv", "type": "conv2d", "filters": 2, "kernel": 2, ${LARGE_KERNELS} },
    { "name": "norm", "type": "batchnorm", "scale": [20, 20] },
    { "name": "squash", "type": "activation", "activation": "sigmoid" },
    { "name": "norm2", "type": "batchnorm", "scale": [20, 20], "activation": "tanh" },
    { "type": "flatten" },
    { "name": "out", "units": 1, "activation": "sigmoid", "weights": [[9, 9, 9, 9, -9, -9, -9, -9]], "bias": [0] }
  ],
  "loss": "mse",
  "data": { "inputs": [${[1, -1, 2, -2].map((v) => `[${Array(9).fill(v).join(', ')}]`).join(', ')}], "targets": [[1], [0], [1], [0]] }
}`;
    const { saturated } = saturationFix(text);
    // Every sigmoid/tanh layer here is saturated (so the detector did fire), and none gets the fix.
    expect(saturated.map((w) => w.layer)).toEqual(['squash', 'norm2', 'out']);
    expect(saturated.map((w) => w.quickFix)).toEqual([undefined, undefined, undefined]);
  });

  it('reaches the light bulb as one code action with both edits', async () => {
    const vscode = await import('vscode');
    const { DiagnosticsPublisher } = await import('../../src/diagnostics/diagnosticsPublisher');
    const text = `{
  "inputs": [1, 3, 3], "seed": 4,
  "layers": [
    { "name": "conv", "type": "conv2d", "filters": 2, "kernel": 2, "activation": "sigmoid", ${LARGE_KERNELS} },
    { "type": "flatten" },
    { "name": "out", "units": 2, "activation": "softmax" }
  ],
  "loss": "cross-entropy",
  ${UNIFORM_IMAGES}
}`;
    const analysis = openText(text, '/tmp/saturated.nn.json').analyse().analysis!;
    const uri = vscode.Uri.file('/tmp/saturated.nn.json');
    const state = { uri: uri.toString(), version: 1, runState: 'idle', outcome: { analysis, diagnostics: [] } };
    const publisher = new DiagnosticsPublisher({ get: () => state, onDidChange: () => ({ dispose() {} }) } as never);
    publisher.publish(uri.toString());
    const { modelDiagnostics } = await import('../../src/diagnostics/modelDiagnostics');
    const diagnostic = modelDiagnostics(state.outcome as never).find((d) => d.diagnostic.code === 'saturated')!.diagnostic;
    const actions = publisher.provideCodeActions({ uri } as never, diagnostic.range, { diagnostics: [diagnostic] } as never);
    expect(actions.map((a) => a.title)).toEqual(['Add batch norm before the sigmoid activation']);
    const edits = (actions[0]!.edit as unknown as { edits: { newText: string }[] }).edits;
    expect(edits.map((e) => e.newText)).toEqual(['"linear"', ', { "name": "conv_bn", "type": "batchnorm", "activation": "sigmoid" }']);
    publisher.dispose();
  });
});
