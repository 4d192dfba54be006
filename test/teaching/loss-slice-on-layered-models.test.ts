/**
 * The loss slice and contour on layered models (model file 1.1): the slice is a deterministic function
 * of the one parameter (training mode on the whole training set as one batch, dropout masks drawn once
 * and held), its numeric slope agrees with the engine's gradient to 1e-6, and that gradient with the
 * autodiff reference's; one sgd step moves along exactly that gradient; the contour's centre is the
 * loss; random directions are filter-normalised per conv filter and per dense unit; a parameter the
 * model lacks gets a clear message.
 */
import { describe, expect, it } from 'vitest';
import { FROZEN_TRAINING, layeredEvaluateLoss, type LayeredNetwork, type LayeredNetworkSpec } from '../../src/engine';
import { autodiffLayeredBackprop } from '../../src/engine/autodiff/layered';
import { cloneLayered } from '../../src/analysis/layeredNetworks';
import { parameterTensors } from '../../src/analysis/recentParameters';
import { layeredLossSlice, sliceOf } from '../../src/worker/teaching/lossSlice';
import { filterNormalisedDirections, layeredLossContour } from '../../src/worker/teaching/lossContour';
import { layeredForwardCost, layeredObjective, layeredSlot, sliceSamples } from '../../src/worker/teaching/layeredObjective';
import { sampleIndices } from '../../src/engine';
import type { SliceTarget } from '../../src/shared/teachingViews';
import { everyParameter, layeredSliceCase, SHAPES } from './layeredSliceCases';

const EPSILON = 1e-6;

/** The autodiff reference on a fresh copy whose dropout masks are the first ones its streams draw (the slice's masks). */
function reference(network: LayeredNetwork, spec: LayeredNetworkSpec, data: Parameters<typeof autodiffLayeredBackprop>[1], loss: Parameters<typeof autodiffLayeredBackprop>[2], lambda: number) {
  const copy = cloneLayered(network, spec);
  layeredEvaluateLoss(copy, data, loss, FROZEN_TRAINING);
  return autodiffLayeredBackprop(copy, data, loss, { training: true, weightDecay: lambda });
}

function decayByHand(network: LayeredNetwork, lambda: number): number {
  let s = 0;
  for (const l of network.layers) if (l.type === 'dense' || l.type === 'conv2d') for (const w of l.params[0].values) s += w * w;
  return (lambda / 2) * s;
}

function snapshot(network: LayeredNetwork): number[] {
  return parameterTensors(network).flatMap((t) => [...t]);
}

describe('the loss slice on layered models: the engine\'s slope of one deterministic curve', () => {
  for (const [shape, spec0] of Object.entries(SHAPES)) {
    it(`${shape}: on seeded random models the numeric slope agrees with the gradient to 1e-6, the gradient with the autodiff reference, and one sgd step moves along it`, () => {
      let checked = 0;
      for (const seed of [11, 12, 13]) {
        const { network, spec, data, loss, train } = layeredSliceCase(spec0, seed);
        const before = snapshot(network);
        const ref = reference(network, spec, data, loss, train.weightDecay);
        for (const target of everyParameter(network)) {
          const slice = layeredLossSlice(network, spec, data, loss, train, target, { epsilon: EPSILON, step: 0 });
          const what = `seed ${seed} ${slice.label}`;
          expect(Math.abs(slice.numericSlope - slice.gradient), what).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(slice.gradient)));
          const slot = layeredSlot(network, target);
          const layerParams = network.layers[target.layerIndex].params;
          const k = layerParams.findIndex((p) => p.name === target.param);
          const expected = ref.gradients[target.layerIndex][k][slot.at];
          const scale = Math.max(1e-3, ...ref.gradients[target.layerIndex][k].map(Math.abs));
          expect(Math.abs(slice.gradient - expected), `${what}: engine ${slice.gradient}, autodiff ${expected}`).toBeLessThanOrEqual(1e-9 * scale);
          // sgd on the whole training set: w⁺ = w − η·∂J/∂w, the tangent's slope itself.
          expect(Math.abs(slice.afterStep.value - (slice.value - train.learningRate * slice.gradient)), what).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(slice.value)));
          // The curve is J, and passes through the current value at the loss.
          const middle = slice.curve[(slice.curve.length - 1) / 2];
          expect(middle.value).toBeCloseTo(slice.value, 12);
          expect(middle.loss).toBeCloseTo(slice.loss, 12);
          checked++;
        }
        // J at the current parameters is the autodiff's loss with those masks, plus (λ/2)·Σw² summed here.
        const slice = layeredLossSlice(network, spec, data, loss, train, everyParameter(network)[0], { epsilon: EPSILON, step: 0 });
        expect(Math.abs(slice.loss - (ref.loss + decayByHand(network, train.weightDecay)))).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(slice.loss)));
        expect(slice.weightDecay).toBe(train.weightDecay);
        // The network itself is left as it was.
        expect(snapshot(network)).toEqual(before);
      }
      expect(checked).toBeGreaterThan(60);
    });
  }

  it('with dropout the slice is the same curve every time (the masks are drawn once, from the layers\' seeded streams)', () => {
    const { network, spec, data, loss, train } = layeredSliceCase(SHAPES['conv + dropout + dense + dropout'], 21);
    const target: SliceTarget = { layerIndex: 0, param: 'weights', index: [1, 0, 2, 1] };
    const first = layeredLossSlice(network, spec, data, loss, train, target, { epsilon: EPSILON, step: 0 });
    const second = layeredLossSlice(network, spec, data, loss, train, target, { epsilon: EPSILON, step: 0 });
    expect(second).toEqual(first);
    expect(first.label).toBe('layer1.weights[2, 1, 3, 2]');
    // The slice says what its training-mode loss holds fixed (the panel words it).
    expect(first.trainingMode).toEqual({ samples: 5, of: 5, batchNorm: false, dropout: true });
    // An objective evaluated twice at the same values gives the same number (no fresh masks).
    const objective = layeredObjective(network, spec, data, loss, train);
    expect(objective.value()).toBe(objective.value());
  });

  it('slices batch norm\'s γ (weights) and β (bias) per channel, and a dense layer\'s weight [unit, input]', () => {
    const { network, spec, data, loss, train } = layeredSliceCase(SHAPES['conv + batch norm + dense + batch norm'], 31);
    const bn = network.layers.findIndex((l) => l.type === 'batchnorm');
    const dense = network.layers.findIndex((l) => l.type === 'dense');
    const gamma = layeredLossSlice(network, spec, data, loss, train, { layerIndex: bn, param: 'weights', index: [1] }, { epsilon: EPSILON, step: 0 });
    expect(gamma.value).toBe(network.layers[bn].params[0].values[1]);
    expect(gamma.label).toBe(`${network.layers[bn].name}.weights[2]`);
    expect(gamma.trainingMode).toEqual({ samples: 6, of: 6, batchNorm: true, dropout: false });
    const beta = layeredLossSlice(network, spec, data, loss, train, { layerIndex: bn, param: 'bias', index: [0] }, { epsilon: EPSILON, step: 0 });
    expect(beta.value).toBe(network.layers[bn].params[1].values[0]);
    const w = layeredLossSlice(network, spec, data, loss, train, { layerIndex: dense, param: 'weights', index: [2, 3] }, { epsilon: EPSILON, step: 0 });
    expect(w.value).toBe(network.layers[dense].params[0].values[2 * network.layers[dense].inSize + 3]);
  });

  it('a parameter the model does not have is refused with a clear message', () => {
    const { network, spec, data, loss, train } = layeredSliceCase(SHAPES['conv + max pool + dense'], 41);
    const slice = (target: SliceTarget) => () => layeredLossSlice(network, spec, data, loss, train, target, { epsilon: EPSILON, step: 0 });
    expect(slice({ layerIndex: 9, param: 'weights', index: [0, 0] })).toThrow(/there is no layer 10/);
    expect(slice({ layerIndex: 1, param: 'weights', index: [0, 0] })).toThrow(/layer 'layer2' \(maxpool2d\) has no parameters/);
    expect(slice({ layerIndex: 0, param: 'weights', index: [0, 0] })).toThrow(/layer1\.weights has shape \[3, 2, 3, 3\]: an entry has 4 indices, not 2/);
    expect(slice({ layerIndex: 0, param: 'weights', index: [3, 0, 0, 0] })).toThrow(/layer1\.weights has shape \[3, 2, 3, 3\]: there is no layer1\.weights\[4, 1, 1, 1\]/);
    expect(slice({ layerIndex: 0, param: 'bias', index: [-1] })).toThrow(/there is no layer1\.bias\[0\]/);
  });
});

describe('the loss contour on layered models', () => {
  for (const [shape, spec0] of Object.entries(SHAPES)) {
    it(`${shape}: the centre value is the loss, over two parameters and over two directions; the arrow is the slice's gradient`, () => {
      const { network, spec, data, loss, train } = layeredSliceCase(spec0, 51);
      const first: SliceTarget = { layerIndex: 0, param: 'weights', index: [0, 0, 1, 1] };
      const second: SliceTarget = { layerIndex: 0, param: 'bias', index: [1] };
      const slice = layeredLossSlice(network, spec, data, loss, train, first, { epsilon: EPSILON, step: 0 });
      for (const axes of [{ kind: 'parameters', second } as const, { kind: 'directions', seed: 4 } as const]) {
        const c = layeredLossContour(network, spec, data, loss, train, first, axes, { seed: spec.seed });
        const mid = (c.resolution - 1) / 2;
        expect(c.values[mid * c.resolution + mid]).toBe(c.loss);
        expect(c.loss).toBe(slice.loss);
        expect(c.path[0]).toEqual(c.centre);
        expect(c.path.length).toBeGreaterThan(1);
        if (axes.kind === 'parameters') {
          expect(c.arrow[0]).toBe(slice.gradient);
          expect(c.xLabel).toBe('layer1.weights[1, 1, 2, 2]');
          expect(c.yLabel).toBe('layer1.bias[2]');
        } else {
          // ⟨∇J, d⟩ against the numeric slope along d.
          const objective = layeredObjective(network, spec, data, loss, train);
          const d = filterNormalisedDirections(objective.tensors, objective.rowSizes, 4, 1);
          const base = objective.tensors.map((t) => Float64Array.from(t));
          const at = (x: number) => { objective.tensors.forEach((t, k) => t.forEach((_, i) => { t[i] = base[k][i] + x * d[k][i]; })); const v = objective.value(); objective.tensors.forEach((t, k) => t.set(base[k])); return v; };
          const numeric = (at(EPSILON) - at(-EPSILON)) / (2 * EPSILON);
          expect(Math.abs(numeric - c.arrow[0])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(c.arrow[0])));
        }
      }
    });
  }

  it('random directions are filter-normalised: per conv filter and per dense unit to that filter\'s norm, 0 on biases and batch norm', () => {
    const { network, spec, data, loss, train } = layeredSliceCase(SHAPES['conv + batch norm + dense + batch norm'], 61);
    const objective = layeredObjective(network, spec, data, loss, train);
    const d = filterNormalisedDirections(objective.tensors, objective.rowSizes, 9, 2);
    let tensor = 0, filters = 0;
    for (const layer of network.layers) {
      for (const p of layer.params) {
        const dir = d[tensor++];
        if (p.name === 'weights' && (layer.type === 'conv2d' || layer.type === 'dense')) {
          const size = p.values.length / p.shape[0];
          expect(size).toBe(layer.type === 'conv2d' ? p.shape[1] * p.shape[2] * p.shape[3] : layer.inSize);
          for (let f = 0; f < p.shape[0]; f++, filters++) {
            const norm = (a: ArrayLike<number>) => Math.hypot(...Array.from(a).slice(f * size, (f + 1) * size));
            expect(Math.abs(norm(dir) - norm(p.values))).toBeLessThanOrEqual(1e-12 * Math.max(1, norm(p.values)));
          }
        } else {
          expect([...dir].every((x) => x === 0), `${layer.name}.${p.name}`).toBe(true);
        }
      }
    }
    expect(filters).toBe(2 + 4 + 2);
  });

  it('two equal parameters, or one the model lacks, are refused with a clear message', () => {
    const { network, spec, data, loss, train } = layeredSliceCase(SHAPES['conv + max pool + dense'], 71);
    const first: SliceTarget = { layerIndex: 0, param: 'bias', index: [0] };
    expect(() => layeredLossContour(network, spec, data, loss, train, first, { kind: 'parameters', second: first }, { seed: 1 })).toThrow(/same one/);
    expect(() => layeredLossContour(network, spec, data, loss, train, first, { kind: 'parameters', second: { layerIndex: 1, param: 'bias', index: [0] } }, { seed: 1 })).toThrow(/has no parameters/);
  });

  it('the generic slice of the layered objective is the one layeredLossSlice gives', () => {
    const { network, spec, data, loss, train } = layeredSliceCase(SHAPES['conv + max pool + dense'], 81);
    const target: SliceTarget = { layerIndex: 0, param: 'weights', index: [2, 1, 0, 2] };
    expect(sliceOf(layeredObjective(network, spec, data, loss, train), target, { epsilon: EPSILON, step: 3 }))
      .toEqual(layeredLossSlice(network, spec, data, loss, train, target, { epsilon: EPSILON, step: 3 }));
  });
  it('on a model whose passes would cost more than the budget, J is a seeded subset\'s, its slope still the gradient of that J, and the slice says so', () => {
    const { network, spec, data, loss, train } = layeredSliceCase({ ...SHAPES['conv + batch norm + dense + batch norm'], batch: 12 }, 91);
    const cost = layeredForwardCost(network);
    const subset = sliceSamples(data, cost, spec.seed, 5 * cost, 2);
    expect(subset.inputs.rows).toBe(5);
    // The subset's rows are the training set's rows, seeded and ascending.
    const rows = sampleIndices(12, 5, spec.seed, 'loss-slice:samples');
    rows.forEach((r, i) => expect([...subset.inputs.data.subarray(i * network.inputs, (i + 1) * network.inputs)]).toEqual([...data.inputs.data.subarray(r * network.inputs, (r + 1) * network.inputs)]));
    const objective = layeredObjective(network, spec, data, loss, train, { budget: 5 * cost, minSamples: 2 });
    const target: SliceTarget = { layerIndex: 0, param: 'weights', index: [1, 0, 1, 2] };
    const slice = sliceOf(objective, target, { epsilon: EPSILON, step: 0 });
    expect(slice.trainingMode).toMatchObject({ samples: 5, of: 12 });
    expect(Math.abs(slice.numericSlope - slice.gradient)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(slice.gradient)));
    const ref = reference(network, spec, subset, loss, train.weightDecay);
    expect(Math.abs(slice.loss - (ref.loss + decayByHand(network, train.weightDecay)))).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(slice.gradient - ref.gradients[0][0][layeredSlot(network, target).at])).toBeLessThanOrEqual(1e-10);
    expect(Math.abs(slice.afterStep.value - (slice.value - train.learningRate * slice.gradient))).toBeLessThanOrEqual(1e-12);
    // Within the budget nothing changes.
    expect(sliceSamples(data, cost, spec.seed)).toBe(data);
  });
});
