/**
 * Inlay hints on a layered model's explicit parameters: one per conv kernel row with that row's
 * gradients, capped with a summary beyond the cap; batch norm's scale and shift like a bias.
 */
import { describe, expect, it } from 'vitest';
import type * as vscode from 'vscode';
import { weightHints } from '../../src/inlay/weightHints';
import { MAX_KERNEL_ROW_HINTS } from '../../src/inlay/layeredWeightHints';
import { formatScientific, formatValue } from '../../src/shared/format';
import { openText } from '../helpers/examples';
import { randomConvModel } from './randomLayeredModels';

/** The gradient a hint shows: its first part (a parameter's hint ends in a `· slice` part). */
function label(hint: vscode.InlayHint): string {
  return typeof hint.label === 'string' ? hint.label : hint.label[0].value;
}

/** What the hint's `· slice` part opens: the panel with that parameter. */
function sliceOpens(hint: vscode.InlayHint): unknown {
  const parts = hint.label as vscode.InlayHintLabelPart[];
  expect(parts.map((p) => p.value)).toEqual([parts[0].value, ' · slice']);
  expect(parts[1].command!.command).toBe('gradlens.showGradientPanel');
  return parts[1].command!.arguments![0];
}

describe('inlay hints on a conv kernel', () => {
  it('stand after each kernel row\'s last number with that row\'s gradients', () => {
    const model = randomConvModel(3);
    const spec = JSON.parse(model.text);
    const analysis = openText(model.text, '/tmp/k.nn.json').analyse().analysis!;
    const [F, C, k] = [spec.layers[0].filters, spec.inputs[0], spec.layers[0].kernel];
    const hints = weightHints('file:///k.nn.json', analysis, 3).filter((h) => label(h).startsWith('∂L/∂w'));
    const conv = analysis.layers[0];
    const convHints = hints.filter((h) => h.position.line < conv.range.end.line + 1 && h.position.line >= conv.range.start.line);
    expect(convHints).toHaveLength(F * C * k);
    const grad = conv.weights.grad as number[][];
    // Filter 2 (if any) channel 1 row 2: weights q = k .. 2k − 1 of row f = 1.
    const f = F - 1, c = C - 1, u = k - 1;
    const q = c * k * k + u * k;
    const row = grad[f].slice(q, q + k).map((g) => formatValue(g)).join(', ');
    const lines = model.text.split('\n');
    const hint = convHints[(f * C + c) * k + u];
    expect(label(hint)).toBe(`∂L/∂w [${row}]`);
    // It stands right after the row's last number.
    const last = spec.layers[0].weights[f][c][u][k - 1];
    expect(lines[hint.position.line].slice(0, hint.position.character).trimStart()).toBe(String(last));
    expect((hint.label as vscode.InlayHintLabelPart[])[0].command!.arguments).toEqual([{ uri: 'file:///k.nn.json', layerIndex: 0, param: 'weights', index: [f, c, u, 0] }]);
    // Its second part opens the loss slice of that row's first weight, [filter, channel, row, column].
    expect(sliceOpens(hint)).toEqual({ layerIndex: 0, param: 'weights', index: [f, c, u, 0] });
    // The dense layer after the conv gets a slice part on every weight, as a dense network does.
    const out = analysis.layers.length - 1;
    const denseHints = weightHints('file:///k.nn.json', analysis, 3).filter((h) => h.position.line >= analysis.layers[out].range.start.line && label(h).startsWith('∂L/∂w '));
    expect(denseHints.length).toBeGreaterThan(0);
    expect(sliceOpens(denseHints[0])).toEqual({ layerIndex: out, param: 'weights', index: [0, 0] });
  });

  it(`stop after ${MAX_KERNEL_ROW_HINTS} kernel rows and sum up the rest`, () => {
    const spec = JSON.parse(randomConvModel(3).text);
    const conv = spec.layers[0];
    const F = 12, C = spec.inputs[0], k = conv.kernel;
    conv.filters = F;
    conv.weights = Array.from({ length: F }, (_, f) => Array.from({ length: C }, (_, c) => Array.from({ length: k }, (_, u) => Array.from({ length: k }, (_, v) => ((f + 2 * c + 3 * u + 5 * v) % 7 - 3) / 10))));
    conv.bias = Array.from({ length: F }, () => 0.1);
    spec.layers = [conv, { type: 'flatten' }, { name: 'out', type: 'dense', units: 2, activation: 'softmax', init: 'xavier' }];
    const analysis = openText(JSON.stringify(spec, null, 2), '/tmp/big.nn.json').analyse().analysis!;
    const labels = weightHints('file:///big.nn.json', analysis, 3).map(label);
    expect(labels.filter((l) => l.startsWith('∂L/∂w ['))).toHaveLength(MAX_KERNEL_ROW_HINTS);
    const grads = (analysis.layers[0].weights.grad as number[][]).flat();
    const norm = Math.sqrt(grads.reduce((a, g) => a + g * g, 0));
    const max = Math.max(...grads.map(Math.abs));
    expect(labels).toContain(`∂L/∂w on the first ${MAX_KERNEL_ROW_HINTS} of ${F * C * k} kernel rows · ‖∂L/∂W‖ ${formatScientific(norm)} · max |∂L/∂w| ${formatScientific(max)}`);
  });

  it('show nothing below depth 3', () => {
    const model = randomConvModel(3);
    const analysis = openText(model.text, '/tmp/k.nn.json').analyse().analysis!;
    expect(weightHints('file:///k.nn.json', analysis, 2)).toEqual([]);
  });
});

describe('inlay hints on batch norm', () => {
  it('give ∂L/∂γ after the scale and ∂L/∂β after the shift, one number per feature', () => {
    const text = JSON.stringify({
      inputs: 2, seed: 1,
      layers: [
        { name: 'hidden', type: 'dense', units: 3, activation: 'linear', weights: [[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]], bias: 0 },
        { name: 'norm', type: 'batchnorm', activation: 'tanh', scale: [1, 0.5, 2], shift: [0, 0.1, -0.1] },
        { name: 'out', type: 'dense', units: 1, activation: 'sigmoid', weights: [[0.7, -0.8, 0.9]], bias: 0 },
      ],
      loss: 'binary-cross-entropy',
      data: { inputs: [[0, 1], [1, 0], [1, 1], [0.5, -1]], targets: [[1], [0], [1], [0]] },
    }, null, 2);
    const analysis = openText(text, '/tmp/bn.nn.json').analyse().analysis!;
    const norm = analysis.layers[1];
    const labels = weightHints('file:///bn.nn.json', analysis, 3).map(label);
    const gamma = (norm.weights.grad as number[][]).map((r) => formatValue(r[0])).join(', ');
    const beta = (norm.bias.grad as number[]).map((g) => formatValue(g)).join(', ');
    expect(labels).toContain(`∂L/∂γ [${gamma}]`);
    expect(labels).toContain(`∂L/∂β [${beta}]`);
    const hints = weightHints('file:///bn.nn.json', analysis, 3);
    expect(sliceOpens(hints.find((h) => label(h).startsWith('∂L/∂γ'))!)).toEqual({ layerIndex: 1, param: 'weights', index: [0] });
    expect(sliceOpens(hints.find((h) => label(h).startsWith('∂L/∂β'))!)).toEqual({ layerIndex: 1, param: 'bias', index: [0] });
  });
});
