/**
 * The contour's path of recent steps on layered models and on dense models above 100,000 parameters:
 * its points are the parameters after each of the session's last training steps (recomputed here
 * with the engine's trainer from the file's parameters), projected as the contour projects them; the
 * session copies parameters only when they can be shown; the worker answers a layered slice request.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LayeredTrainer, Trainer, type LayeredNetwork, type Network } from '../../src/engine';
import { parameterTensors, RecentParameters } from '../../src/analysis/recentParameters';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { openSession } from '../../src/worker/openSession';
import { SessionStore } from '../../src/worker/sessionStore';
import { TeachingRequests } from '../../src/worker/teachingRequests';
import { isProblem, type WorkerDocument } from '../../src/worker/workerProtocol';
import { filterNormalisedDirections, layeredLossContour, lossContour } from '../../src/worker/teaching/lossContour';
import { layeredObjective } from '../../src/worker/teaching/layeredObjective';
import type { LossSlice, SliceTarget } from '../../src/shared/teachingViews';
import { session } from './helpers';

const pixels = (n: number) => new Array(36).fill(0).map((_, i) => ((i * (n + 3)) % 7) / 6).join(', ');

/** conv → max pool → batch norm → dropout → flatten → dense softmax, six 6×6 images, adam with decay, batches of 4. */
const LAYERED = `{
  "inputs": [1, 6, 6], "seed": 5,
  "layers": [
    { "name": "conv", "type": "conv2d", "filters": 3, "kernel": 3, "padding": 1, "activation": "tanh" },
    { "name": "pool", "type": "maxpool2d", "size": 2 },
    { "name": "norm", "type": "batchnorm" },
    { "name": "drop", "type": "dropout", "rate": 0.3 },
    { "name": "flat", "type": "flatten" },
    { "name": "out", "units": 3, "activation": "softmax" }
  ],
  "loss": "cross-entropy",
  "data": { "inputs": [[${pixels(0)}], [${pixels(1)}], [${pixels(2)}], [${pixels(3)}], [${pixels(4)}], [${pixels(5)}]],
            "targets": [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]] },
  "train": { "optimizer": "adam", "learningRate": 0.05, "weightDecay": 0.01, "batchSize": 4, "epochs": 3, "shuffle": true }
}`;

const CONV_WEIGHT: SliceTarget = { layerIndex: 0, param: 'weights', index: [1, 0, 1, 2] };
const GAMMA: SliceTarget = { layerIndex: 2, param: 'weights', index: [2] };

/** The flat parameters after each of `k` steps of the engine's trainer, run here from the file's parameters. */
function layeredStepsHere(s: ReturnType<typeof session>, k: number): Float64Array[][] {
  const network = s.initialAnyNetwork() as LayeredNetwork;
  const trainer = new LayeredTrainer(network, s.model.data.train, s.model.loss, s.model.train, { seed: s.model.seed });
  const out: Float64Array[][] = [];
  for (let i = 0; i < k; i++) { trainer.step(); out.push(parameterTensors(network).map((t) => Float64Array.from(t))); }
  return out;
}

/** min ‖Δ − x·d₁ − y·d₂‖ by the normal equations, sums taken here. */
function projection(moved: Float64Array[], now: Float64Array[], d1: Float64Array[], d2: Float64Array[]): [number, number] {
  let a = 0, b = 0, e = 0, r1 = 0, r2 = 0;
  moved.forEach((t, k) => t.forEach((w, i) => {
    const delta = w - now[k][i], u = d1[k][i], v = d2[k][i];
    a += u * u; b += u * v; e += v * v; r1 += delta * u; r2 += delta * v;
  }));
  const det = a * e - b * b;
  return [(e * r1 - b * r2) / det, (a * r2 - b * r1) / det];
}

afterEach(() => { vi.restoreAllMocks(); });

describe('the path of recent steps on a layered model (conv, max pool, batch norm, dropout, dense)', () => {
  for (const k of [0, 5, 15]) {
    it(`after ${k} steps, over two parameters, it is those two parameters after each of the last ${Math.min(k, 12)} steps, to the last digit`, async () => {
      const s = session(LAYERED);
      await s.train({ steps: k, history: 'none' });
      const network = s.anyNetwork as LayeredNetwork;
      const c = layeredLossContour(network, s.model.layered!.spec, s.model.data.train, s.model.loss, s.model.train, CONV_WEIGHT, { kind: 'parameters', second: GAMMA }, { seed: s.model.seed, recent: s.recentParameters() });
      const convAt = 1 * 9 + 0 * 9 + 1 * 3 + 2;
      const expected = layeredStepsHere(s, k).slice(-12).map((t): [number, number] => [t[0][convAt], t[2][2]]);
      expect(c.recent).toEqual(expected);
      if (k > 0) expect(c.recent!.at(-1)).toEqual(c.centre);
    });
  }

  it('over two filter-normalised directions, each point is the least-squares projection of that step\'s parameters onto d₁, d₂', async () => {
    const s = session(LAYERED);
    await s.train({ steps: 14, history: 'none' });
    const network = s.anyNetwork as LayeredNetwork, spec = s.model.layered!.spec;
    const c = layeredLossContour(network, spec, s.model.data.train, s.model.loss, s.model.train, CONV_WEIGHT, { kind: 'directions', seed: 6 }, { seed: s.model.seed, recent: s.recentParameters() });
    const objective = layeredObjective(network, spec, s.model.data.train, s.model.loss, s.model.train);
    const now = objective.tensors.map((t) => Float64Array.from(t));
    const d1 = filterNormalisedDirections(now, objective.rowSizes, 6, 1), d2 = filterNormalisedDirections(now, objective.rowSizes, 6, 2);
    const expected = layeredStepsHere(s, 14).slice(-12).map((moved) => projection(moved, now, d1, d2));
    expect(c.recent).toHaveLength(12);
    c.recent!.forEach(([x, y], i) => {
      expect(x).toBeCloseTo(expected[i][0], 12);
      expect(y).toBeCloseTo(expected[i][1], 12);
    });
    expect(c.recent!.at(-1)).toEqual([0, 0]);
  });
});

describe('the path of recent steps on a dense model above 100,000 parameters', () => {
  it('has the parameters after each recent step (the old cap kept none)', async () => {
    const F = 420, H = 250, N = 3;
    const row = (n: number) => Array.from({ length: F }, (_, i) => (((i * (n + 2)) % 11) - 5) / 5);
    const text = JSON.stringify({
      seed: 3, inputs: F, init: 'xavier',
      layers: [{ name: 'hidden', units: H, activation: 'tanh' }, { name: 'out', units: 2, activation: 'softmax' }],
      loss: 'cross-entropy',
      data: { inputs: Array.from({ length: N }, (_, n) => row(n)), targets: [[1, 0], [0, 1], [1, 0]] },
      train: { optimizer: 'sgd', learningRate: 0.1, epochs: 1 },
    });
    const s = session(text);
    const dense = s.currentNetwork;
    expect(dense.parameterCount).toBeGreaterThan(100_000);
    await s.train({ steps: 4, history: 'none' });
    const first: SliceTarget = { layerIndex: 0, param: 'weights', index: [7, 300] }, second: SliceTarget = { layerIndex: 1, param: 'bias', index: [1] };
    const c = lossContour(s.currentNetwork, s.model.data.train, s.model.loss, s.model.train, first, { kind: 'parameters', second }, { seed: 1, recent: s.recentParameters() });
    const here: Network = s.initialNetwork();
    const trainer = new Trainer(here, s.model.data.train, s.model.loss, s.model.train, { seed: s.model.seed });
    const expected: [number, number][] = [];
    for (let i = 0; i < 4; i++) { trainer.step(); expected.push([here.layers[0].weights[7 * F + 300], here.layers[1].bias[1]]); }
    expect(c.recent).toEqual(expected);
  });
});

describe('the session copies parameters only when they can be shown', () => {
  it('a long run nobody looks at copies only its last 12 steps; once the recent steps were asked for, every step', async () => {
    const record = vi.spyOn(RecentParameters.prototype, 'record');
    const s = session(LAYERED);
    await s.train({ steps: 40, history: 'none' });
    expect(record).toHaveBeenCalledTimes(12);
    expect(s.recentParameters().map((r) => r.step)).toEqual(Array.from({ length: 12 }, (_, i) => 29 + i));
    record.mockClear();
    await s.train({ steps: 30, history: 'none' });
    expect(record).toHaveBeenCalledTimes(30);
  });

  it('a run paused early, unwatched, shows no recent steps rather than a broken path', async () => {
    const s = session(LAYERED);
    let steps = 0;
    await s.train({ steps: 50, history: 'none', shouldStop: () => steps++ >= 20 });
    expect(s.step).toBe(20);
    expect(s.recentParameters()).toEqual([]);
    // Watched from now on: the next steps are all there.
    await s.train({ steps: 3, history: 'none' });
    expect(s.recentParameters().map((r) => r.step)).toEqual([21, 22, 23]);
  });
});

describe('the worker answers a slice of a layered model', () => {
  const document: WorkerDocument = { uri: 'file:///layered.nn.json', version: 1, text: LAYERED, fileName: '', settings: DEFAULT_ANALYSIS_SETTINGS };

  it('a conv weight with its contour over two directions, with the engine\'s numbers', () => {
    const answer = new TeachingRequests(new SessionStore(openSession)).lossSlice(document, CONV_WEIGHT, { kind: 'directions', seed: 1 });
    expect(isProblem(answer)).toBe(false);
    const slice = answer as LossSlice;
    expect(slice.label).toBe('conv.weights[2, 1, 2, 3]');
    expect(Math.abs(slice.numericSlope - slice.gradient)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(slice.gradient)));
    expect(slice.contourProblem).toBeUndefined();
    expect(slice.contour!.loss).toBe(slice.loss);
  });

  it('a layer without parameters is a clear problem, not a stack trace', () => {
    const answer = new TeachingRequests(new SessionStore(openSession)).lossSlice(document, { layerIndex: 1, param: 'weights', index: [0, 0] });
    expect(answer).toEqual({ problem: "cannot slice this parameter: layer 'pool' (maxpool2d) has no parameters" });
  });
});
