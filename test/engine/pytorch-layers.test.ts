/**
 * 40 random networks of mixed layer types agree with PyTorch in float64 to 1e-10 (relative to each
 * array's largest entry, absolute floor 1e-15): the loss of three training steps, every gradient, every layer's net, out
 * and delta, batch norm's batch statistics, the parameters after three optimiser steps (sgd,
 * momentum, adam; weight decay; frozen parameters; step/exponential/cosine schedules) and batch
 * norm's running statistics. The fixtures come from scripts/fixtures/make_layer_fixtures.py
 * (torch 1.13, Debian's python3-torch); these tests need no Python.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matrixFromRows } from '../../src/engine/backprop';
import type { BatchNormLayer } from '../../src/engine/layers/batchnorm';
import type { PassMode } from '../../src/engine/layers/layer';
import { LayeredNetwork } from '../../src/engine/layers/network';
import { layeredWorkspaceFor, runLayeredBatch } from '../../src/engine/layers/pass';
import type { DropoutLayer } from '../../src/engine/layers/shape-layers';
import type { LayerSpec } from '../../src/engine/layers/spec';
import { createParamOptimizer } from '../../src/engine/optimizers';
import { scheduledLearningRate, type ScheduleSpec } from '../../src/engine/schedules';
import type { DataSet, LossKind, OptimizerKind } from '../../src/engine/spec';

const DIR = join(__dirname, '..', 'fixtures', 'pytorch-layers');
const TOLERANCE = 1e-10;
/**
 * An absolute floor of 1e-15: a gradient that is mathematically zero (a bias straight before batch
 * norm, which subtracts it again) comes out as rounding noise of order 1e-16 in both implementations.
 */
const FLOOR = 1e-15;

interface Fixture {
  readonly model: {
    readonly name: string; readonly seed: number; readonly inputs: number[];
    readonly layers: Record<string, unknown>[];
    readonly loss: LossKind;
    readonly data: { inputs: number[][]; targets: number[][] };
    readonly train: { optimizer: OptimizerKind; learningRate: number; momentum?: number; weightDecay: number; epochs: number; schedule?: ScheduleSpec };
  };
  readonly masks: Record<string, number[]>[];
  readonly expected: {
    readonly loss: number[];
    readonly gradients: Record<string, { weights: number[]; bias: number[] }>;
    readonly layers: Record<string, { net?: number[]; out: number[]; delta: number[]; batchMean?: number[]; batchVar?: number[] }>;
    readonly final: Record<string, { weights: number[]; bias: number[]; runningMean?: number[]; runningVar?: number[] }>;
  };
}

/** The test side's builder: model-file 1.1 layer objects to engine specs (nested weights flattened, scale/shift as given). */
function layerSpec(raw: Record<string, unknown>): LayerSpec {
  const flat = (v: unknown): number[] => (Array.isArray(v) ? (v as unknown[]).flat(3) as number[] : []);
  const base = { ...raw, name: raw.name as string } as Record<string, unknown>;
  switch (raw.type) {
    case 'dense': return { ...base, init: 'xavier' } as unknown as LayerSpec;
    case 'conv2d': return { ...base, init: 'xavier', weights: flat(raw.weights) } as unknown as LayerSpec;
    default: return base as unknown as LayerSpec;
  }
}

function expectClose(actual: ArrayLike<number>, expected: readonly number[], what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  let scale = 0;
  for (const v of expected) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    if (!(d <= Math.max(TOLERANCE * scale, FLOOR))) expect.fail(`${what}[${i}]: engine ${actual[i]} vs PyTorch ${expected[i]} (scale ${scale})`);
  }
}

const HELD: PassMode = { training: true, updateStatistics: true, holdMasks: true };
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

describe('layered networks agree with PyTorch float64', () => {
  it('has the 40 committed fixtures', () => {
    expect(files.length).toBe(40);
  });

  for (const file of files) {
    it(`${file}: loss, gradients, net/out/delta, batch statistics, three optimiser steps, running statistics`, () => {
      const fx = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Fixture;
      const { model, expected } = fx;
      const network = LayeredNetwork.fromSpec({ inputs: model.inputs, layers: model.layers.map(layerSpec), seed: model.seed });
      const data: DataSet = { inputs: matrixFromRows(model.data.inputs), targets: matrixFromRows(model.data.targets) };
      const N = data.inputs.rows;
      const ws = layeredWorkspaceFor(network, N);
      const grads = network.allocGrads();
      const refs = network.parameters;
      const opt = createParamOptimizer(model.train, refs.map((r) => ({ size: r.param.values.length, trainable: r.param.trainable })));
      for (let step = 0; step < 3; step++) {
        for (const layer of network.layers) {
          if (layer.type !== 'dropout') continue;
          (layer as DropoutLayer).setMask(fx.masks[step][layer.name], N);
        }
        const res = runLayeredBatch(network, ws, data.inputs.data, data.targets.data, N, model.loss, {
          mode: HELD, grads, weightDecay: model.train.weightDecay,
        });
        expectClose([res.loss], [expected.loss[step]], `step ${step} loss`);
        if (step === 0) {
          network.layers.forEach((layer, l) => {
            const e = expected.layers[layer.name];
            const size = N * layer.outSize;
            if (e.net) expectClose(ws.net[l].subarray(0, size), e.net, `${layer.name} (${layer.type}) net`);
            expectClose(ws.out[l].subarray(0, size), e.out, `${layer.name} (${layer.type}) out`);
            expectClose(ws.delta[l].subarray(0, size), e.delta, `${layer.name} (${layer.type}) delta`);
            if (e.batchMean) {
              expectClose((layer as BatchNormLayer).batchMean, e.batchMean, `${layer.name} batch mean`);
              expectClose((layer as BatchNormLayer).batchVar, e.batchVar ?? [], `${layer.name} batch variance`);
            }
            layer.params.forEach((p, k) => expectClose(grads[l][k], expected.gradients[layer.name][p.name], `${layer.name} (${layer.type}) ∂L/∂${p.name}`));
          });
        }
        opt.learningRate = scheduledLearningRate(model.train.schedule, model.train.learningRate, step, model.train.epochs);
        opt.step(refs.map((r) => r.param.values), grads.flat());
      }
      network.layers.forEach((layer) => {
        const e = expected.final[layer.name];
        layer.params.forEach((p) => expectClose(p.values, e[p.name], `${layer.name} (${layer.type}) ${p.name} after 3 steps`));
        if (layer.type === 'batchnorm') {
          expectClose((layer as BatchNormLayer).runningMean, e.runningMean ?? [], `${layer.name} running mean`);
          expectClose((layer as BatchNormLayer).runningVar, e.runningVar ?? [], `${layer.name} running variance`);
        }
      });
    });
  }
});
