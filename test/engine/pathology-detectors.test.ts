/** The pathology detectors: vanishing and exploding gradients, dead relu units, saturation, NaN, update ratio. */
import { describe, expect, it } from 'vitest';
import {
  backprop, DEFAULT_THRESHOLDS, detectPathologies, gradientCheck, Network, type PathologyWarning,
} from '../../src/engine/index';
import type { CustomActivation, DataSet, DenseLayerSpec, LossKind } from '../../src/engine/spec';
import { createRng, data, layer, randomMatrix, softsignWrongDf, spec, workedExample } from './helpers';

function someData(inputs: number, outputs: number, rows = 20, seed = 1): DataSet {
  const rng = createRng(seed, 'detector-data');
  return data(randomMatrix(rng, rows, inputs), randomMatrix(rng, rows, outputs, 0, 1));
}

function detect(network: Network, d: DataSet, loss: LossKind, options: Parameters<typeof detectPathologies>[3] = {}): PathologyWarning[] {
  return detectPathologies(network, d, backprop(network, d, loss), options);
}

const codes = (ws: PathologyWarning[]) => ws.map((w) => `${w.code}@${w.layer}`);

describe('the pathology detectors', () => {
  it('find nothing wrong with the 2-2-2 worked example', () => {
    const { spec: s, data: d, loss } = workedExample();
    expect(detect(Network.fromSpec(s), d, loss, { learningRate: 0.5 })).toEqual([]);
  });

  it('flag vanishing gradients in a 10-layer sigmoid network, at the layers far from the output', () => {
    const layers: DenseLayerSpec[] = Array.from({ length: 10 }, (_, i) => layer(`s${i + 1}`, 8, 'sigmoid'));
    const network = Network.fromSpec(spec(4, layers, 3));
    const warnings = detect(network, someData(4, 8), 'squared');
    const vanishing = warnings.filter((w) => w.code === 'vanishing-gradient');
    expect(vanishing.length).toBeGreaterThan(0);
    expect(vanishing[0].layerIndex).toBe(0); // the first layer is hit hardest
    expect(vanishing.every((w) => w.layerIndex < 9)).toBe(true);
    expect(vanishing.every((w) => w.severity === 'warning')).toBe(true);
    const first = vanishing[0];
    expect(first.details.ratioToOutputLayer as number).toBeLessThan(DEFAULT_THRESHOLDS.vanishingRatio);
    expect(first.message).toMatch(/layer 's1'.*tiny/);
    // Its tiny steps are the vanishing gradient's doing, not a low learning rate: no "rate too low" there.
    const withRate = detect(network, someData(4, 8), 'squared', { learningRate: 0.1 });
    const vanishingLayers = withRate.filter((w) => w.code === 'vanishing-gradient').map((w) => w.layerIndex);
    const lowRate = withRate.filter((w) => w.code === 'update-ratio' && w.severity === 'info').map((w) => w.layerIndex);
    expect(vanishingLayers.length).toBeGreaterThan(0);
    expect(lowRate.filter((l) => vanishingLayers.includes(l))).toEqual([]);
    // The same depth with relu and He initialisation does not vanish.
    const reluNet = Network.fromSpec(spec(4, Array.from({ length: 10 }, (_, i) => layer(`r${i + 1}`, 8, i === 9 ? 'linear' : 'leaky-relu', { init: 'he' })), 3));
    expect(detect(reluNet, someData(4, 8), 'squared').filter((w) => w.code === 'vanishing-gradient')).toEqual([]);
  });

  it('flag exploding gradients in a deep linear network with large weights', () => {
    const layers = Array.from({ length: 8 }, (_, i) => layer(`l${i + 1}`, 6, 'linear', { init: { normal: [0, 2] } }));
    const network = Network.fromSpec(spec(6, layers, 5));
    const warnings = detect(network, someData(6, 6), 'squared').filter((w) => w.code === 'exploding-gradient');
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings[0].layerIndex).toBe(0);
    expect(warnings[0].message).toMatch(/very large/);
  });

  it('flag dead relu units when a large negative bias switches a layer off, with the count', () => {
    const network = Network.fromSpec(spec(3, [
      layer('hidden', 6, 'relu', { bias: -50 }),
      layer('output', 2, 'linear'),
    ], 2));
    const warnings = detect(network, someData(3, 2), 'mse').filter((w) => w.code === 'dead-relu');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ layer: 'hidden', layerIndex: 0, severity: 'warning' });
    expect(warnings[0].details.deadUnits).toBe(6);
    expect(warnings[0].details.fraction).toBe(1);
    expect(warnings[0].message).toMatch(/6 of the 6 relu units of layer 'hidden' are dead/);
  });

  it('note a minority of dead units as info, and stay quiet when none are dead', () => {
    const weights = [[1, 1], [1, -1], [-1, 1], [1, 0], [0, 1]];
    const someDead = Network.fromSpec(spec(2, [layer('h', 5, 'relu', { weights, bias: [-100, -100, 0, 5, 5] }), layer('o', 1, 'linear')]));
    const d = data([[0.5, 0.2], [0.1, 0.9], [-0.3, 0.4]], [[1], [0], [1]]);
    const info = detect(someDead, d, 'squared').filter((w) => w.code === 'dead-relu');
    expect(info).toHaveLength(1);
    expect(info[0].severity).toBe('info');
    expect(info[0].details.deadUnitIndices).toBe('0, 1');
    const healthy = Network.fromSpec(spec(2, [layer('h', 5, 'relu', { weights, bias: 5 }), layer('o', 1, 'linear')]));
    expect(detect(healthy, d, 'squared').filter((w) => w.code === 'dead-relu')).toEqual([]);
  });

  it('flag saturated tanh units (|a| > 0.99 for most samples) and saturated sigmoid units', () => {
    const tanhNet = Network.fromSpec(spec(3, [layer('big', 4, 'tanh', { init: { normal: [0, 30] } }), layer('o', 1, 'linear')], 1));
    const d = someData(3, 1, 30);
    const t = detect(tanhNet, d, 'squared').filter((w) => w.code === 'saturated');
    expect(t).toHaveLength(1);
    expect(t[0]).toMatchObject({ layer: 'big', severity: 'warning' });
    expect(t[0].message).toMatch(/tanh units of layer 'big' are saturated/);
    const sigmoidNet = Network.fromSpec(spec(3, [layer('sig', 4, 'sigmoid', { bias: 20 }), layer('o', 1, 'linear')], 1));
    expect(codes(detect(sigmoidNet, d, 'squared'))).toContain('saturated@sig');
    const calm = Network.fromSpec(spec(3, [layer('calm', 4, 'tanh', { init: { normal: [0, 0.1] } }), layer('o', 1, 'linear')], 1));
    expect(codes(detect(calm, d, 'squared'))).not.toContain('saturated@calm');
  });

  it('do not call a confident sigmoid output saturated under binary cross-entropy (its signal is o − t)', () => {
    const network = Network.fromSpec(spec(2, [layer('out', 1, 'sigmoid', { weights: [[40, 0]], bias: 0 })]));
    const d = data([[1, 0], [-1, 0], [2, 1]], [[1], [0], [1]]);
    expect(codes(detect(network, d, 'binary-cross-entropy'))).not.toContain('saturated@out');
    expect(codes(detect(network, d, 'squared'))).toContain('saturated@out');
  });

  describe('report the first non-finite value at its op and layer', () => {
    const build = (mid: Partial<DenseLayerSpec> & { activation?: DenseLayerSpec['activation'] } = {}) => Network.fromSpec(spec(3, [
      layer('first', 4, 'tanh'),
      { ...layer('middle', 4, 'tanh'), ...mid } as DenseLayerSpec,
      layer('last', 2, 'sigmoid'),
    ], 7));
    const d = someData(3, 2, 6);

    it('blame the matmul of layer middle for a NaN weight in the middle layer', () => {
      const network = build();
      network.layers[1].weights[5] = NaN; // unit 1, input 1
      const result = backprop(network, d, 'squared');
      expect(result.nonFinite).toMatchObject({ op: 'matmul', layer: 'middle', layerIndex: 1, sample: 0, unit: 1, phase: 'forward' });
      const warnings = detectPathologies(network, d, result);
      const w = warnings.find((x) => x.code === 'non-finite');
      expect(w).toMatchObject({ severity: 'error', layer: 'middle', layerIndex: 1 });
      expect(w?.message).toMatch(/NaN.*matmul of layer 'middle'/);
      expect(w?.details.op).toBe('matmul');
    });

    it('blame bias-add for an infinite bias', () => {
      const network = build();
      network.layers[1].bias[2] = Infinity;
      expect(backprop(network, d, 'squared').nonFinite).toMatchObject({ op: 'bias-add', layer: 'middle', unit: 2, sample: 0 });
    });

    it('blame activation:<name> for a custom activation that returns NaN for negative inputs', () => {
      const sqrtAct: CustomActivation = {
        kind: 'custom', name: 'root', f: (x) => Math.sqrt(x), df: (x) => 0.5 / Math.sqrt(x), fText: 'sqrt(x)', dfText: '0.5 / sqrt(x)',
      };
      const network = build({ activation: sqrtAct, bias: [1, 1, -100, 1] });
      const result = backprop(network, d, 'squared');
      expect(result.nonFinite).toMatchObject({ op: 'activation:root', layer: 'middle', layerIndex: 1, unit: 2, sample: 0 });
    });

    it('blame matmul for an overflow in W·x, naming the sample that overflowed', () => {
      const network = build();
      const big = someData(3, 2, 6);
      big.inputs.data[3 * 3 + 0] = 1e300; // sample 3, feature 0
      network.layers[0].weights.fill(1e10);
      expect(backprop(network, big, 'squared').nonFinite).toMatchObject({ op: 'matmul', layer: 'first', layerIndex: 0, sample: 3 });
    });

    it('blame the loss for ln 0 in the loss, at the output that caused it', () => {
      const network = Network.fromSpec(spec(1, [layer('out', 2, 'relu', { weights: [[1], [-1]], bias: 0 })]));
      const result = backprop(network, data([[1]], [[0.5, 0.5]]), 'cross-entropy');
      expect(result.nonFinite).toMatchObject({ op: 'loss', layer: 'out', sample: 0, unit: 1, value: Infinity });
    });

    it('blame the input for a NaN in the inputs', () => {
      const network = build();
      const bad = someData(3, 2, 6);
      bad.inputs.data[2 * 3 + 1] = NaN;
      expect(backprop(network, bad, 'squared').nonFinite).toMatchObject({ op: 'input', sample: 2, unit: 1, layer: 'first' });
    });

    it('blame the backward pass for a derivative that is infinite where the forward pass is fine', () => {
      const kinky: CustomActivation = {
        kind: 'custom', name: 'cbrt', f: Math.cbrt, df: (x) => 1 / (3 * Math.cbrt(x) ** 2), fText: 'x^(1/3)', dfText: '1/(3 x^(2/3))',
      };
      const network = build({ activation: kinky, weights: [[0, 0, 0, 0], [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]], bias: 0 });
      const result = backprop(network, d, 'squared');
      expect(result.nonFinite).toMatchObject({ op: 'backward', phase: 'backward', layer: 'middle', layerIndex: 1, unit: 0 });
    });
  });

  it('judge the update/weight ratio against a learning rate', () => {
    const { spec: s, data: d, loss } = workedExample();
    const network = Network.fromSpec(s);
    const high = detect(network, d, loss, { learningRate: 1000 }).filter((w) => w.code === 'update-ratio');
    expect(high.length).toBe(2);
    expect(high.every((w) => w.severity === 'warning')).toBe(true);
    expect(high[0].message).toMatch(/too high/);
    const low = detect(network, d, loss, { learningRate: 1e-7 }).filter((w) => w.code === 'update-ratio');
    expect(low.map((w) => w.severity)).toEqual(['info', 'info']);
    expect(low[0].message).toMatch(/too low/);
    expect(detect(network, d, loss, { learningRate: 0.05 }).filter((w) => w.code === 'update-ratio')).toEqual([]);
  });

  it('turn a failed gradient check into a warning that points at the wrong df', () => {
    const network = Network.fromSpec(spec(2, [layer('student', 3, softsignWrongDf), layer('out', 1, 'linear')], 4));
    const d = someData(2, 1, 5);
    const gc = gradientCheck(network, d, 'squared');
    const warnings = detectPathologies(network, d, backprop(network, d, 'squared'), { gradCheck: gc }).filter((w) => w.code === 'gradcheck-failed');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ layer: 'student', severity: 'error' });
    expect(warnings[0].message).toContain('df = "1 / (1 + abs(x))"');
  });

  it('take every threshold from DEFAULT_THRESHOLDS or the caller\'s overrides', () => {
    const { spec: s, data: d, loss } = workedExample();
    const network = Network.fromSpec(s);
    expect(Object.isFrozen(DEFAULT_THRESHOLDS)).toBe(true);
    // The hidden layer's gradient is ~100× smaller than the output layer's: vanishing only if we say so.
    expect(codes(detect(network, d, loss))).not.toContain('vanishing-gradient@hidden');
    expect(codes(detect(network, d, loss, { thresholds: { vanishingRatio: 0.1 } }))).toContain('vanishing-gradient@hidden');
    expect(codes(detect(network, d, loss, { thresholds: { vanishingMeanAbs: 0.01 } }))).toContain('vanishing-gradient@hidden');
    expect(codes(detect(network, d, loss, { thresholds: { explodingMeanAbs: 1e-4 } }))).toContain('exploding-gradient@output');
    expect(codes(detect(network, d, loss, { thresholds: { sigmoidSaturationMargin: 0.3 } }))).toContain('saturated@output');
  });
});
