import { describe, expect, it } from 'vitest';
import { Trainer, backprop, evaluateLoss, type DataSet, type LossKind, type Network } from '../../src/engine';
import { contourResolution, filterNormalisedDirection, lossContour, PATH_STEPS } from '../../src/worker/teaching/lossContour';
import type { LossContour, SliceTarget } from '../../src/shared/teachingViews';
import { RecentParameters } from '../../src/analysis/recentParameters';
import { exampleSession, session } from './helpers';
import { randomModel } from './randomModels';

/** A random model with weight decay λ (so J = L + (λ/2)·Σw² is what is drawn). */
function decayedSession(seed: number, lambda: number) {
  const model = JSON.parse(randomModel(seed, 'cross-entropy', ['tanh', 'sigmoid'], 'softmax', 6).text) as { train: Record<string, unknown> };
  model.train = { optimizer: 'momentum', learningRate: 0.2, weightDecay: lambda };
  return session(JSON.stringify(model));
}

/** J computed here: the engine's forward pass plus (λ/2)·Σw², summed by hand. */
function objective(network: Network, data: DataSet, loss: LossKind, lambda: number): number {
  return evaluateLoss(network, data, loss) + (lambda / 2) * network.layers.reduce((s, l) => s + l.weights.reduce((t, w) => t + w * w, 0), 0);
}

function coordinate(range: readonly [number, number], n: number, k: number): number {
  const c = (range[0] + range[1]) / 2, r = (range[1] - range[0]) / 2;
  return c - r + (2 * r * k) / (n - 1);
}

function setParameter(network: Network, t: SliceTarget, value: number): void {
  const layer = network.layers[t.layerIndex];
  if (t.param === 'bias') layer.bias[t.index[0]] = value;
  else layer.weights[t.index[0] * layer.fanIn + t.index[1]] = value;
}

/** Weights moved along the two directions: w + x·d₁ + y·d₂, set here layer by layer. */
function alongDirections(network: Network, seed: number, x: number, y: number): Network {
  const d1 = filterNormalisedDirection(network, seed, 1), d2 = filterNormalisedDirection(network, seed, 2);
  const moved = network.clone();
  moved.layers.forEach((l, i) => l.weights.forEach((w, k) => { l.weights[k] = w + x * d1[i][k] + y * d2[i][k]; }));
  return moved;
}

function everyTenth(c: LossContour): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < c.resolution; i += 3) for (let j = 0; j < c.resolution; j += 4) out.push([i, j]);
  return out;
}

const FIRST: SliceTarget = { layerIndex: 0, param: 'weights', index: [0, 0] };
const SECOND: SliceTarget = { layerIndex: 2, param: 'bias', index: [1] };
const H = 1e-6;

describe('the loss contour at depth Derive: the engine\'s objective over a plane, its gradient and the recent steps', () => {
  it('over two parameters, every grid value is the engine\'s objective with those two values set, to 1e-12', () => {
    const s = decayedSession(1001, 0.05);
    const network = s.currentNetwork, { train } = s.model.data;
    const c = lossContour(network, train, s.model.loss, s.model.train, FIRST, { kind: 'parameters', second: SECOND }, { seed: 1 });
    expect(c.resolution % 2).toBe(1);
    expect(c.values).toHaveLength(c.resolution ** 2);
    for (const [i, j] of everyTenth(c)) {
      const copy = network.clone();
      setParameter(copy, FIRST, coordinate(c.xRange, c.resolution, j));
      setParameter(copy, SECOND, coordinate(c.yRange, c.resolution, i));
      expect(Math.abs(c.values[i * c.resolution + j] - objective(copy, train, s.model.loss, 0.05))).toBeLessThanOrEqual(1e-12);
    }
    expect(c.centre).toEqual([network.layers[0].weights[0], network.layers[2].bias[1]]);
    expect(c.loss).toBe(objective(network, train, s.model.loss, 0.05));
    // The middle point is the current parameters themselves: its value is the loss, to the last digit.
    const mid = (c.resolution - 1) / 2;
    expect(c.values[mid * c.resolution + mid]).toBe(c.loss);
  });

  it('over two parameters, the arrow is exactly (∂J/∂p₁, ∂J/∂p₂), the engine\'s gradient with decay, and the numeric slopes agree to 1e-6', () => {
    for (let seed = 0; seed < 3; seed++) {
      const s = decayedSession(1010 + seed, 0.02 * (seed + 1));
      const network = s.currentNetwork, { train } = s.model.data, lambda = 0.02 * (seed + 1);
      const c = lossContour(network, train, s.model.loss, s.model.train, FIRST, { kind: 'parameters', second: SECOND }, { seed: 1 });
      const g = backprop(network, train, s.model.loss, { weightDecay: lambda }).gradients.layers;
      expect(c.arrow[0]).toBe(g[0].weights[0]);
      expect(c.arrow[1]).toBe(g[2].bias[1]);
      c.arrow.forEach((slope, axis) => {
        const at = (delta: number) => {
          const copy = network.clone();
          if (axis === 0) setParameter(copy, FIRST, c.centre[0] + delta); else setParameter(copy, SECOND, c.centre[1] + delta);
          return objective(copy, train, s.model.loss, lambda);
        };
        expect(Math.abs((at(H) - at(-H)) / (2 * H) - slope)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(slope)));
      });
    }
  });

  it('two random directions are filter-normalised: each unit\'s row of a direction has the norm of that unit\'s weights', () => {
    const s = decayedSession(1020, 0);
    const network = s.currentNetwork;
    for (const which of [1, 2] as const) {
      const d = filterNormalisedDirection(network, 7, which);
      network.layers.forEach((layer, l) => {
        for (let u = 0; u < layer.units; u++) {
          const row = (a: Float64Array) => Math.hypot(...a.subarray(u * layer.fanIn, (u + 1) * layer.fanIn));
          expect(Math.abs(row(d[l]) - row(layer.weights))).toBeLessThanOrEqual(1e-12 * Math.max(1, row(layer.weights)));
        }
      });
    }
    // Seeded: the same seed gives the same direction, another seed another one, and d₁ ≠ d₂.
    expect(filterNormalisedDirection(network, 7, 1)[0]).toEqual(filterNormalisedDirection(network, 7, 1)[0]);
    expect(filterNormalisedDirection(network, 8, 1)[0]).not.toEqual(filterNormalisedDirection(network, 7, 1)[0]);
    expect(filterNormalisedDirection(network, 7, 2)[0]).not.toEqual(filterNormalisedDirection(network, 7, 1)[0]);
  });

  it('over two directions, grid values are the engine\'s objective at w + x·d₁ + y·d₂ (1e-12), the arrow is (⟨∇J, d₁⟩, ⟨∇J, d₂⟩), and the numeric slopes agree to 1e-6', () => {
    const s = decayedSession(1030, 0.07);
    const network = s.currentNetwork, { train } = s.model.data, lambda = 0.07;
    const c = lossContour(network, train, s.model.loss, s.model.train, FIRST, { kind: 'directions', seed: 3 }, { seed: 1 });
    expect(c.centre).toEqual([0, 0]);
    for (const [i, j] of everyTenth(c)) {
      const moved = alongDirections(network, 3, coordinate(c.xRange, c.resolution, j), coordinate(c.yRange, c.resolution, i));
      expect(Math.abs(c.values[i * c.resolution + j] - objective(moved, train, s.model.loss, lambda))).toBeLessThanOrEqual(1e-12);
    }
    const g = backprop(network, train, s.model.loss, { weightDecay: lambda }).gradients.layers;
    [1, 2].forEach((which, axis) => {
      const d = filterNormalisedDirection(network, 3, which as 1 | 2);
      const projection = g.reduce((sum, layer, l) => sum + layer.weights.reduce((t, gk, k) => t + gk * d[l][k], 0), 0);
      expect(Math.abs(c.arrow[axis] - projection)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(projection)));
      const at = (delta: number) => objective(alongDirections(network, 3, axis === 0 ? delta : 0, axis === 1 ? delta : 0), train, s.model.loss, lambda);
      expect(Math.abs((at(H) - at(-H)) / (2 * H) - c.arrow[axis])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(c.arrow[axis])));
    });
  });

  it('the path starts at the current parameters and follows the engine\'s trainer step by step', () => {
    const s = decayedSession(1040, 0.05);
    const network = s.currentNetwork, { train } = s.model.data;
    const c = lossContour(network, train, s.model.loss, s.model.train, FIRST, { kind: 'parameters', second: SECOND }, { seed: s.model.seed });
    expect(c.path).toHaveLength(PATH_STEPS + 1);
    expect(c.path[0]).toEqual(c.centre);
    const copy = network.clone();
    const trainer = new Trainer(copy, train, s.model.loss, s.model.train, { seed: s.model.seed });
    for (let k = 1; k <= 3; k++) {
      trainer.step();
      expect(c.path[k]).toEqual([copy.layers[0].weights[0], copy.layers[2].bias[1]]);
    }
    // The network itself is left as it was.
    expect(network.layers[0].weights[0]).toBe(c.centre[0]);
  });

  it('on the worked example the path along two directions goes downhill: J falls along the recorded steps', () => {
    const s = exampleSession('worked-example.nn.json');
    const c = lossContour(s.currentNetwork, s.model.data.train, s.model.loss, s.model.train, { layerIndex: 1, param: 'weights', index: [0, 0] }, { kind: 'directions', seed: 1 }, { seed: s.model.seed });
    expect(c.xLabel).toBe('direction 1');
    expect(c.path.length).toBeGreaterThan(2);
    expect(c.path.every((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]))).toBe(true);
    expect(Math.min(...c.values)).toBeLessThanOrEqual(c.loss);
  });

  it('the resolution comes from a cost model: more samples or a larger network give a coarser grid, never a clock', () => {
    const small = exampleSession('worked-example.nn.json').currentNetwork;
    expect(contourResolution(small, 1)).toBe(61);
    const coarse = contourResolution(small, 5000);
    expect(coarse).toBeLessThan(61);
    expect(coarse % 2).toBe(1);
    expect(contourResolution(small, 1e9)).toBe(9);
  });

  it('two equal parameters, or one the model lacks, are refused with a clear message', () => {
    const s = decayedSession(1050, 0);
    const args = [s.currentNetwork, s.model.data.train, s.model.loss, s.model.train, FIRST] as const;
    expect(() => lossContour(...args, { kind: 'parameters', second: FIRST }, { seed: 1 })).toThrow(/same one/);
    expect(() => lossContour(...args, { kind: 'parameters', second: { layerIndex: 9, param: 'bias', index: [0] } }, { seed: 1 })).toThrow(/no layer 10/);
  });

  describe('the path of recent steps: the parameters after the session\'s last (up to 12) training steps', () => {
    /** [p₁, p₂] after each of `k` steps of the engine's trainer run here from the file's parameters. */
    function trainedHere(s: ReturnType<typeof decayedSession>, k: number): [number, number][] {
      const network = s.initialNetwork();
      const trainer = new Trainer(network, s.model.data.train, s.model.loss, { ...s.model.train }, { seed: s.model.seed });
      const values = (t: SliceTarget) => { const l = network.layers[t.layerIndex]; return t.param === 'bias' ? l.bias[t.index[0]] : l.weights[t.index[0] * l.fanIn + t.index[1]]; };
      const out: [number, number][] = [];
      for (let i = 0; i < k; i++) { trainer.step(); out.push([values(FIRST), values(SECOND)]); }
      return out;
    }

    for (const k of [0, 1, 5, 12, 20]) {
      it(`after ${k} training steps it has ${Math.min(k, 12)} points, the two parameters after each of the last steps, to the last digit`, async () => {
        const s = decayedSession(31, 0.01);
        await s.train({ steps: k, history: 'none' });
        const c = lossContour(s.currentNetwork, s.model.data.train, s.model.loss, s.model.train, FIRST, { kind: 'parameters', second: SECOND }, { seed: 1, recent: s.recentParameters() });
        const expected = trainedHere(s, k).slice(-12);
        expect(c.recent).toHaveLength(Math.min(k, 12));
        expect(c.recent).toEqual(expected);
        if (k > 0) expect(c.recent!.at(-1)).toEqual(c.centre);
        for (const [x, y] of c.recent!) {
          expect(x).toBeGreaterThanOrEqual(c.xRange[0]); expect(x).toBeLessThanOrEqual(c.xRange[1]);
          expect(y).toBeGreaterThanOrEqual(c.yRange[0]); expect(y).toBeLessThanOrEqual(c.yRange[1]);
        }
      });
    }

    it('over two directions, each recent point is the least-squares projection of that step\'s weights onto d₁, d₂', async () => {
      const s = decayedSession(32, 0);
      await s.train({ steps: 15, history: 'none' });
      const now = s.currentNetwork.clone();
      const c = lossContour(s.currentNetwork, s.model.data.train, s.model.loss, s.model.train, FIRST, { kind: 'directions', seed: 5 }, { seed: 1, recent: s.recentParameters() });
      const d1 = filterNormalisedDirection(now, 5, 1), d2 = filterNormalisedDirection(now, 5, 2);
      const network = s.initialNetwork();
      const trainer = new Trainer(network, s.model.data.train, s.model.loss, { ...s.model.train }, { seed: s.model.seed });
      const expected: [number, number][] = [];
      for (let i = 0; i < 15; i++) {
        trainer.step();
        if (i < 3) continue;
        // Solve min ‖Δ − x·d₁ − y·d₂‖ by the normal equations, sums taken here.
        let a = 0, b = 0, e = 0, r1 = 0, r2 = 0;
        network.layers.forEach((l, li) => l.weights.forEach((w, k) => {
          const delta = w - now.layers[li].weights[k], u = d1[li][k], v = d2[li][k];
          a += u * u; b += u * v; e += v * v; r1 += delta * u; r2 += delta * v;
        }));
        const det = a * e - b * b;
        expected.push([(e * r1 - b * r2) / det, (a * r2 - b * r1) / det]);
      }
      expect(c.recent).toHaveLength(12);
      c.recent!.forEach(([x, y], i) => {
        expect(x).toBeCloseTo(expected[i][0], 12);
        expect(y).toBeCloseTo(expected[i][1], 12);
      });
      expect(c.recent!.at(-1)).toEqual([0, 0]);
    });

    it('keeps nothing for a network past the memory budget, fewer steps near it, and only the last 12 within it', () => {
      const network = decayedSession(34, 0).initialNetwork();
      const count = network.layers.reduce((n, l) => n + l.weights.length + l.bias.length, 0);
      const biasAt = network.layers[0].weights.length;
      const over = new RecentParameters(12, count - 1);
      over.record(network, 1);
      expect(over.list()).toEqual([]);
      const three = new RecentParameters(12, 3 * count);
      for (let step = 1; step <= 5; step++) three.record(network, step);
      expect(three.list().map((r) => r.step)).toEqual([3, 4, 5]);
      const within = new RecentParameters(12, 12 * count);
      for (let step = 1; step <= 20; step++) { network.layers[0].bias[0] = step; within.record(network, step); }
      expect(within.list().map((r) => r.step)).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
      expect(within.list().map((r) => r.values[biasAt])).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
      // Only the unbroken run of steps that ends at the current step counts.
      expect(within.list(20)).toHaveLength(12);
      expect(within.list(21)).toEqual([]);
    });

    it('starts over when the session is reset', async () => {
      const s = decayedSession(33, 0);
      await s.train({ steps: 4, history: 'none' });
      expect(s.recentParameters()).toHaveLength(4);
      s.reset();
      expect(s.recentParameters()).toEqual([]);
    });
  });
});
