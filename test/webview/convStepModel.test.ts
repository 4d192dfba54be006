/**
 * The convolution step by step on random conv layers (random channels, image and kernel sizes, strides
 * and paddings, two convs in a row), analysed by the real engine as the worker does: every written
 * product is w·x of the input the window covers, the forward sum plus bias is the engine's
 * pre-activation, the sum over positions is the engine's per-sample ∂Lₙ/∂w (and the autodiff's), and
 * the windows' gradients sum into the engine's ∂Lₙ/∂x. The engine's per-sample gradients are the worker's
 * answer to the card's request (src/worker/teaching/convSampleGradients.ts), as in the panel.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { ModelSession } from '../../src/analysis/modelSession';
import type { Analysis } from '../../src/analysis/types';
import { LayeredNetwork, matrix } from '../../src/engine';
import { autodiffLayeredBackprop } from '../../src/engine/autodiff/layered';
import { MAX_SAMPLE_WEIGHT_GRADIENTS, type ConvSampleGradients } from '../../src/shared/layeredViews';
import { convSampleGradients } from '../../src/worker/teaching/convSampleGradients';
import { buildConvStep, convLayerOptions, SHOWN_TERMS, type ConvStepView } from '../../webview/model/convStepModel';
import { convStepLabels } from '../../webview/model/convStepLabels';

/** A small seeded generator (the cases are the same on every run). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Case {
  readonly text: string;
  readonly N: number;
  readonly inputs: number[][];
  readonly targets: number[][];
}

function randomCase(seed: number): Case {
  const r = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const C = int(1, 3), H = int(4, 7), W = int(4, 7), N = int(2, 5);
  const conv = (name: string, h: number, w: number, act: string) => {
    const kh = int(1, Math.min(4, h)), kw = int(1, Math.min(4, w));
    const ph = int(0, kh - 1), pw = int(0, kw - 1), sh = int(1, 2), sw = int(1, 2);
    const Ho = Math.floor((h + 2 * ph - kh) / sh) + 1, Wo = Math.floor((w + 2 * pw - kw) / sw) + 1;
    return { json: { name, type: 'conv2d', filters: int(1, 3), kernel: [kh, kw], stride: [sh, sw], padding: [ph, pw], ...(act ? { activation: act } : {}) }, Ho, Wo };
  };
  const first = conv('first', H, W, ['', 'tanh', 'relu'][int(0, 2)]);
  const second = conv('second', first.Ho, first.Wo, 'tanh');
  const inputs = Array.from({ length: N }, () => Array.from({ length: C * H * W }, () => r() * 2 - 1));
  const targets = Array.from({ length: N }, () => (r() < 0.5 ? [1, 0] : [0, 1]));
  const text = JSON.stringify({
    inputs: [C, H, W], seed: int(1, 1000),
    layers: [first.json, second.json, { type: 'flatten' }, { name: 'out', units: 2, activation: 'softmax' }],
    loss: 'cross-entropy', data: { inputs, targets },
  });
  return { text, N, inputs, targets };
}

function analyse(c: Case): { analysis: Analysis; network: LayeredNetwork; grads: (layer: number, sample: number) => ConvSampleGradients } {
  const { session, diagnostics } = ModelSession.open(c.text, 'random.nn.json', DEFAULT_ANALYSIS_SETTINGS);
  if (!session) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  const analysis = session.analyse().analysis!;
  const network = session.anyNetwork as LayeredNetwork;
  // What the worker answers the card (on a copy of the analysed network, as TeachingRequests does).
  const grads = (layer: number, sample: number) => convSampleGradients(session.copy(network) as LayeredNetwork, analysis, layer, sample) as ConvSampleGradients;
  return { analysis, network, grads };
}

const close = (actual: number, expected: number, tolerance: number, what: string) => {
  if (!(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)))) expect.fail(`${what}: ${actual} vs ${expected}`);
};

/** Every view of a layer: each filter, each output position, each kernel tap. */
function* everyView(analysis: Analysis, layer: number, sample: number, grads?: ConvSampleGradients): Generator<ConvStepView> {
  const la = analysis.layers[layer];
  const [F, C, kh, kw] = la.weights.shape;
  const P = la.out[sample].length / F;
  for (let filter = 0; filter < F; filter++) {
    for (let position = 0; position < P; position++) {
      yield buildConvStep(analysis, sample, { layer, filter, position, tap: position % (C * kh * kw) }, grads)!;
    }
  }
}

const CASES = Array.from({ length: 6 }, (_, k) => randomCase(20261207 + k));

describe('the convolution step by step, on random conv layers', () => {
  it('offers every conv layer with its filters', () => {
    const { analysis } = analyse(CASES[0]);
    expect(convLayerOptions(analysis).map((o) => [o.layer, o.name])).toEqual([[0, 'first'], [1, 'second']]);
    expect(convLayerOptions(undefined)).toEqual([]);
  });

  it('writes every forward product as the weight times the input under the window, 0 in the padding', () => {
    for (const c of CASES) {
      const { analysis } = analyse(c);
      for (const layer of [0, 1]) {
        const x = layer === 0 ? analysis.sampleInputs[1] : analysis.layers[0].out[1];
        const [H, W] = analysis.layers[layer].layered!.inputShape.slice(1);
        const { stride: [sh, sw], padding: [ph, pw] } = analysis.layerSummaries![layer].window!;
        for (const view of everyView(analysis, layer, 1)) {
          const [y, xx] = view.position;
          expect(view.forward.terms).toHaveLength(view.kernel.length);
          for (const t of view.forward.terms) {
            const [ch, i, j] = t.tap;
            const row = y * sh - ph + i, col = xx * sw - pw + j;
            const inside = row >= 0 && row < H && col >= 0 && col < W;
            expect(t.input).toBe(inside ? x[(ch * H + row) * W + col] : 0);
            expect(t.inputAt).toEqual(inside ? [row, col] : undefined);
            expect(t.weight).toBe((analysis.layers[layer].weights.value as number[][])[view.filter][(ch * view.geometry.kernel[0] + i) * view.geometry.kernel[1] + j]);
            expect(t.product).toBe(t.weight * t.input);
          }
        }
      }
    }
  });

  it('sums the products plus the bias to the engine\'s pre-activation, and shows the feature map\'s value', () => {
    for (const c of CASES) {
      const { analysis } = analyse(c);
      for (const layer of [0, 1]) {
        const la = analysis.layers[layer];
        for (let n = 0; n < c.N; n++) {
          for (const view of everyView(analysis, layer, n)) {
            const at = view.filter * view.output.length + view.positionIndex;
            close(view.forward.sum, view.forward.terms.reduce((s, t) => s + t.product, 0), 1e-15, 'sum of the written products');
            close(view.forward.net, view.forward.sum + view.forward.bias, 0, 'sum + bias');
            close(view.forward.net, la.layered!.hasActivation && la.activation !== 'linear' ? la.net[n][at] : la.out[n][at], 1e-12, `${la.name} net`);
            expect(view.forward.out).toBe(la.out[n][at]);
            if (view.forward.activation === 'tanh') close(view.forward.out, Math.tanh(view.forward.net), 1e-12, 'tanh(net)');
            if (view.forward.activation === 'relu') close(view.forward.out, Math.max(0, view.forward.net), 1e-12, 'relu(net)');
          }
        }
      }
    }
  });

  it('sums δ·x over every output position to the engine\'s per-sample ∂Lₙ/∂w, the autodiff\'s too, whose mean is the batch gradient', () => {
    for (const c of CASES) {
      const { analysis, network, grads } = analyse(c);
      for (const layer of [0, 1]) {
        const la = analysis.layers[layer];
        const [F, C, kh, kw] = la.weights.shape;
        const engine = Array.from({ length: c.N }, (_, n) => grads(layer, n));
        const Q = C * kh * kw;
        const perSample = Array.from({ length: c.N }, (_, n) => autodiffLayeredBackprop(network, {
          inputs: matrix(1, c.inputs[0].length, Float64Array.from(c.inputs[n])), targets: matrix(1, 2, Float64Array.from(c.targets[n])),
        }, 'cross-entropy').gradients[layer][0]);
        for (let f = 0; f < F; f++) {
          for (let tap = 0; tap < Q; tap++) {
            let mean = 0;
            for (let n = 0; n < c.N; n++) {
              const sum = buildConvStep(analysis, n, { layer, filter: f, position: 0, tap }, engine[n])!.backward!.weightSum;
              expect(sum.termCount).toBe(la.out[n].length / F);
              // The first terms that add something are written (and the one at the window's position).
              const adding = sum.shown.filter((t) => t.product !== 0).length;
              expect(adding).toBeGreaterThanOrEqual(Math.min(SHOWN_TERMS, sum.termCount - sum.zeroTerms));
              expect(adding).toBeLessThanOrEqual(Math.min(SHOWN_TERMS, sum.termCount - sum.zeroTerms) + 1);
              expect(sum.shown.filter((t) => t !== sum.current).every((t) => t.product !== 0)).toBe(true);
              expect(sum.shown).toContain(sum.current);
              for (const t of sum.shown) expect(t.product).toBe(t.delta * t.input);
              close(sum.sum, sum.shown.reduce((s, t) => s + t.product, 0) + sum.restSum, 1e-12, 'shown + rest');
              close(sum.sum, sum.engineSample!, 1e-10, `${la.name} ∂Lₙ/∂w[${f}][${tap}] vs the engine's`);
              close(sum.sum, perSample[n][f * Q + tap], 1e-10, `${la.name} ∂Lₙ/∂w[${f}][${tap}] vs the autodiff's`);
              expect(sum.engineBatch).toBe((la.weights.grad as number[][])[f][tap]);
              mean += sum.sum / c.N;
            }
            close(mean, (la.weights.grad as number[][])[f][tap], 1e-10, 'mean over the samples vs the batch ∂L/∂w');
          }
        }
      }
    }
  });

  it('sends δ·w back to each input under the window, and every window\'s share adds up to the engine\'s ∂Lₙ/∂x', () => {
    for (const c of CASES) {
      const { analysis, grads } = analyse(c);
      for (const layer of [0, 1]) {
        const n = c.N - 1;
        const answer = grads(layer, n);
        const engine = answer.input;
        if (layer === 0) expect(engine).toEqual(analysis.layeredViews!.inputGradient[n]);
        const [H, W] = analysis.layers[layer].layered!.inputShape.slice(1);
        const total = new Array<number>(engine.length).fill(0);
        for (const view of everyView(analysis, layer, n, answer)) {
          const back = view.backward!;
          expect(back.delta).toBe(analysis.layers[layer].delta[n][view.filter * view.output.length + view.positionIndex]);
          for (const t of back.inputWindow) {
            expect(t.product).toBe(back.delta * t.weight);
            if (!t.inputAt) continue;
            const at = (t.tap[0] * H + t.inputAt[0]) * W + t.inputAt[1];
            expect(t.engineTotal).toBe(engine[at]);
            total[at] += t.product;
          }
        }
        total.forEach((v, i) => close(v, engine[i], 1e-10, `${analysis.layers[layer].name} ∂Lₙ/∂x[${i}]`));
      }
    }
  });

  it('names every weight, position and input it shows 1-based and layer-qualified, by the convention of src/shared/names.ts', () => {
    for (const c of CASES.slice(0, 3)) {
      const { analysis } = analyse(c);
      for (const layer of [0, 1]) {
        for (const view of everyView(analysis, layer, 1)) {
          const names = convStepLabels(view);
          const [y, x] = view.position, f = view.filter + 1;
          const input = (ch: number, at: readonly [number, number] | undefined) => (at ? `${layer === 0 ? 'input' : 'first'}[${ch + 1}, ${at[0] + 1}, ${at[1] + 1}]` : 'padding');
          expect(names.here).toBe(`${view.name}[${f}, ${y + 1}, ${x + 1}]`);
          expect(names.where).toBe(`window at output ${names.here} of ${view.geometry.output[0]}×${view.geometry.output[1]} · stride ${view.geometry.stride[0]}×${view.geometry.stride[1]} · padding ${view.geometry.padding[0]}×${view.geometry.padding[1]}`);
          expect(names.productRows).toEqual(view.forward.terms.map((t) => [`${view.name}.weights[${f}, ${t.tap[0] + 1}, ${t.tap[1] + 1}, ${t.tap[2] + 1}]`, input(t.tap[0], t.inputAt)]));
          expect(names.kernelCells[0]).toBe(`${view.name}.weights[${f}, 1, 1, 1]`);
          expect(names.outputCells[0]).toBe(`${view.name}[${f}, 1, 1]`);
          const s = view.backward!.weightSum;
          const [tc, ti, tj] = s.tap;
          expect(names.weightTitle).toBe(`Backward: ∂Lₙ/∂${view.name}.weights[${f}, ${tc + 1}, ${ti + 1}, ${tj + 1}], the sum over every position`);
          expect(names.weightTermPositions).toEqual(s.shown.map((t) => `${view.name}[${f}, ${t.position[0] + 1}, ${t.position[1] + 1}]`));
          expect(names.weightTermInputs).toEqual(s.shown.map((t) => input(tc, t.inputAt)));
          expect(names.backwardInputs).toEqual(view.backward!.inputWindow.map((t) => input(t.tap[0], t.inputAt)));
          // The sum's input index, 1-based: (y − 1)·s − p + i is the row the tap reads at output row y.
          const [sh, sw] = view.geometry.stride, [ph, pw] = view.geometry.padding;
          expect(names.weightFormula).toBe(`∂Lₙ/∂w = Σ δ[${f}, y, x]·x[${tc + 1}, (y−1)·${sh}−${ph}+${ti + 1}, (x−1)·${sw}−${pw}+${tj + 1}]`);
          for (const t of s.shown.filter((q) => q.inputAt)) {
            expect([t.position[0] * sh - ph + ti + 1, t.position[1] * sw - pw + tj + 1]).toEqual([t.inputAt![0] + 1, t.inputAt![1] + 1]);
          }
        }
      }
    }
  });

  it('clamps a choice past the layer to its last filter, position and tap, and knows no other layer type', () => {
    const { analysis } = analyse(CASES[1]);
    const view = buildConvStep(analysis, 0, { layer: 0, filter: 99, position: 1e6, tap: 1e6 })!;
    expect(view.filter).toBe(view.filters - 1);
    expect(view.positionIndex).toBe(view.output.length - 1);
    expect(view.tapIndex).toBe(view.kernel.length - 1);
    expect(buildConvStep(analysis, 0, { layer: 2, filter: 0, position: 0, tap: 0 })).toBeUndefined();
  });

  it('leaves out the engine\'s per-sample ∂Lₙ/∂w of a layer too large to send, and still writes the sum and the batch value', () => {
    const r = rng(5);
    const inputs = Array.from({ length: 3 }, () => Array.from({ length: 96 * 16 }, () => r() - 0.5));
    const text = JSON.stringify({
      inputs: [96, 4, 4], seed: 3,
      layers: [{ name: 'wide', type: 'conv2d', filters: 128, kernel: 3, padding: 1, activation: 'tanh' }, { type: 'flatten' }, { name: 'out', units: 2, activation: 'softmax' }],
      loss: 'cross-entropy', data: { inputs, targets: [[1, 0], [0, 1], [1, 0]] },
    });
    const { analysis, grads } = analyse({ text, N: 3, inputs, targets: [] });
    expect(128 * 96 * 9).toBeGreaterThan(MAX_SAMPLE_WEIGHT_GRADIENTS);
    const answer = grads(0, 1);
    expect(answer.weights).toBeUndefined();
    expect(answer.input).toHaveLength(96 * 16);
    const sum = buildConvStep(analysis, 1, { layer: 0, filter: 5, position: 3, tap: 100 }, answer)!.backward!.weightSum;
    expect(sum.engineSample).toBeUndefined();
    expect(sum.engineSampleWithheld).toBe(true);
    expect(sum.engineBatch).toBe((analysis.layers[0].weights.grad as number[][])[5][100]);
    close(sum.sum, sum.shown.reduce((t, x) => t + x.product, 0) + sum.restSum, 1e-12, 'shown + rest');
  });
});
