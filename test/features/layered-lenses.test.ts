/**
 * The lenses above a layered model's layers (model file 1.1): one above every layer of every type,
 * with its output shape; the gradient statistics of a layer with parameters; the gradient that passes
 * through a layer without them, checked against δ and the weights multiplied out here.
 */
import { describe, expect, it } from 'vitest';
import { modelLenses } from '../../src/codelens/modelLenses';
import { formatScientific } from '../../src/shared/format';
import { analyseExample, openText } from '../helpers/examples';
import { randomConvModel } from './randomLayeredModels';

const URI = 'file:///examples/conv-net.nn.json';
const cnn = analyseExample('conv-net.nn.json');

function hypot(values: readonly number[]): number {
  return Math.sqrt(values.reduce((s, v) => s + v * v, 0));
}

function layerLens(titles: ReturnType<typeof modelLenses>, line: number): string {
  return titles.find((l) => l.range.start.line === line && l.command!.command === 'gradlens.openPanel')!.command!.title;
}

describe('CodeLens on the digits CNN', () => {
  const lenses = modelLenses(URI, cnn, 3);

  it('stands above every layer of every type with its output shape', () => {
    const heads = cnn.layers.map((l) => layerLens(lenses, l.range.start.line).split(' · ')[0]);
    expect(heads).toEqual(['conv2d → 8×8×8', 'activation → 8×8×8', 'maxpool2d → 8×4×4', 'conv2d → 16×4×4', 'flatten → 256', 'dense → 10']);
  });

  it('gives a conv layer the norm and largest entry of its weight gradient, and its gradient check', () => {
    const conv1 = cnn.layers[0];
    const grads = (conv1.weights.grad as number[][]).flat();
    expect(grads).toHaveLength(8 * 9);
    const title = layerLens(lenses, conv1.range.start.line);
    expect(title).toContain(`‖∂L/∂W‖ ${formatScientific(hypot(grads))}`);
    expect(title).toContain(`max |∂L/∂w| ${formatScientific(Math.max(...grads.map(Math.abs)))}`);
    expect(title).toMatch(/grad check ✓ \de-\d+$/);
  });

  it('shows that a 2×2 max-pool passes the gradient to one input in four and changes none of it', () => {
    const pool = cnn.layerSummaries![2];
    expect(pool.inGrad.fractionZero).toBe(0.75);
    // Each output's gradient goes to one input unchanged: the same numbers, so the same norm.
    expect(pool.inGrad.gradNorm).toBeCloseTo(pool.outGrad.gradNorm, 15);
    // What leaves the pool backwards is what the relu before it receives.
    expect(cnn.layerSummaries![1].outGrad).toEqual(pool.inGrad);
    expect(layerLens(lenses, cnn.layers[2].range.start.line))
      .toBe(`maxpool2d → 8×4×4 · ‖∂L/∂out‖ ${formatScientific(pool.outGrad.gradNorm)} → ‖∂L/∂in‖ ${formatScientific(pool.inGrad.gradNorm)} · no gradient to 75.0 % of its inputs`);
  });

  it('shows the relu layer stopping the gradient wherever its input was negative', () => {
    const relu = cnn.layerSummaries![1];
    const conv1Out = cnn.layerSummaries![0].outGrad;
    expect(conv1Out).toEqual(relu.inGrad);
    expect(relu.inGrad.fractionZero).toBeGreaterThan(relu.outGrad.fractionZero);
  });

  it('never mentions a derivative at depth 1', () => {
    const titles = modelLenses(URI, cnn, 1).map((l) => l.command!.title).join('\n');
    expect(titles).not.toMatch(/∂|grad/);
    expect(titles).toContain('maxpool2d → 8×4×4 · sample 1: out ');
  });
});

describe('the gradient passing through a layer without parameters', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    const model = randomConvModel(seed);
    it(`is Wᵀδ of the dense layer after the flatten, multiplied out here (${model.description})`, () => {
      const analysis = openText(model.text, `/tmp/random-${seed}.nn.json`).analyse().analysis!;
      const N = analysis.samples;
      const dense = analysis.layers[analysis.layers.length - 1];
      const W = dense.weights.value as number[][];
      // δ = N·∂L/∂net (the pass's convention); ∂L/∂flat[n][i] = Σ_k W[k][i]·δ[n][k] / N.
      const expected: number[] = [];
      for (let n = 0; n < N; n++) {
        for (let i = 0; i < dense.fanIn; i++) expected.push(W.reduce((s, row, k) => s + row[i] * dense.delta[n][k], 0) / N);
      }
      const flat = analysis.layerSummaries![analysis.layers.length - 2];
      expect(flat.outGrad.gradNorm).toBeCloseTo(hypot(expected), 14);
      // A flatten moves numbers without changing them: what comes in backwards leaves unchanged.
      expect(flat.inGrad.gradNorm).toBe(flat.outGrad.gradNorm);
      const title = modelLenses('file:///r.nn.json', analysis, 2).find((l) => l.command!.title.startsWith('flatten'))!.command!.title;
      expect(title).toContain(`‖∂L/∂out‖ ${formatScientific(hypot(expected))}`);
    });
  }
});

describe('warnings above a conv layer', () => {
  it('calls a relu filter that is 0 everywhere a dead filter', () => {
    const model = JSON.parse(randomConvModel(11).text);
    model.layers[0].activation = 'relu';
    model.layers[0].bias = model.layers[0].bias.map((_: number, f: number) => (f === 0 ? -100 : 0));
    const analysis = openText(JSON.stringify(model, null, 2), '/tmp/dead.nn.json').analyse().analysis!;
    expect(analysis.layerSummaries![0].filters![0].outputZeroFraction).toBe(1);
    const titles = modelLenses('file:///dead.nn.json', analysis, 2).filter((l) => l.range.start.line === analysis.layers[0].range.start.line).map((l) => l.command!.title);
    expect(titles).toContain('⚠ dead filters');
  });
});
