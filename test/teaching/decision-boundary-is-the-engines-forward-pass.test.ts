import { describe, expect, it } from 'vitest';
import { matrix } from '../../src/engine';
import { autodiffBackprop } from '../../src/engine/autodiff/nn';
import type { Network } from '../../src/engine/network';
import {
  BOUNDARY_FLOP_BUDGET, MAX_RESOLUTION, boundaryResolution, decisionBoundary, forwardCost, gridInputs, heldInputs,
} from '../../src/worker/teaching/decisionBoundary';
import type { BoundaryGrid, BoundaryOptions } from '../../src/shared/teachingViews';
import { exampleSession, relative, session } from './helpers';
import { randomModel } from './randomModels';

/** The cell centres the grid claims, as an inputs matrix, rebuilt from the grid's own description. */
function cellInputs(grid: BoundaryGrid, n: number): Float64Array {
  return gridInputs(grid.held, grid.options.xFeature, grid.options.yFeature, grid.xRange, grid.yRange, n);
}

/** The independent reference: the autodiff network's outputs and first-layer outputs at those inputs. */
function reference(network: Network, X: Float64Array, rows: number): { outputs: Float64Array; first: Float64Array } {
  const K = network.outputs;
  const r = autodiffBackprop(network, { inputs: matrix(rows, network.inputs, X), targets: matrix(rows, K) }, 'squared');
  return { outputs: r.outputs, first: r.out[0] };
}

const MEANS: BoundaryOptions = { xFeature: 0, yFeature: 1, hold: { kind: 'mean' } };

describe('the decision boundary is the engine\'s forward pass on a grid', () => {
  it('XOR: every cell\'s probability equals the autodiff reference at that cell, and each hidden unit\'s picture its tanh', () => {
    const s = exampleSession('xor.nn.json');
    const network = s.currentNetwork;
    const grid = decisionBoundary(network, { train: s.model.data.train }, MEANS, { step: 0, source: 'session' });
    expect(grid.kind).toBe('binary');
    expect(grid.resolution).toBe(MAX_RESOLUTION);
    expect(grid.values).toHaveLength(grid.resolution ** 2);
    const n = grid.resolution;
    const ref = reference(network, cellInputs(grid, n), n * n);
    for (let k = 0; k < n * n; k++) expect(relative(grid.values[k], ref.outputs[k]), `cell ${k}`).toBeLessThanOrEqual(1e-12);

    const m = grid.unitResolution;
    const firstRef = reference(network, cellInputs(grid, m), m * m).first;
    expect(grid.units).toHaveLength(3);
    for (const u of grid.units) {
      for (let k = 0; k < m * m; k++) expect(Math.abs(u.values[k] - firstRef[k * 3 + u.unit])).toBeLessThanOrEqual(1e-12);
    }
  });

  it('XOR: the four training points stand on the plane with their targets', () => {
    const s = exampleSession('xor.nn.json');
    const grid = decisionBoundary(s.currentNetwork, { train: s.model.data.train }, MEANS, { step: 0, source: 'session' });
    expect(grid.points.map((p) => [p.x, p.y, p.label, p.set])).toEqual([[0, 0, 0, 'train'], [0, 1, 1, 'train'], [1, 0, 1, 'train'], [1, 1, 0, 'train']]);
    const ref = reference(s.currentNetwork, s.model.data.train.inputs.data, 4).outputs;
    grid.points.forEach((p, i) => expect(relative(p.output, ref[i])).toBeLessThanOrEqual(1e-12));
    expect(grid.xRange[0]).toBeLessThan(0);
    expect(grid.xRange[1]).toBeGreaterThan(1);
  });

  it('a hidden unit\'s line is where its net input is 0: wx·x + wy·y + c reproduces the engine\'s net with the other inputs held', () => {
    const s = session(JSON.stringify({
      inputs: 3,
      layers: [{ units: 2, activation: 'tanh', weights: [[0.3, -1.1, 0.7], [-0.4, 0.9, 1.3]], bias: [0.2, -0.5] }, { units: 1, activation: 'linear', weights: [[1, -1]], bias: 0 }],
      loss: 'squared',
      data: { inputs: [[1, 2, 3], [-1, 0.5, 2], [0, 0, 1], [2, -1, 0.5]], targets: [[1], [0], [1], [0]] },
    }));
    const network = s.currentNetwork;
    const options: BoundaryOptions = { xFeature: 2, yFeature: 0, hold: { kind: 'sample', sample: 3 } };
    const grid = decisionBoundary(network, { train: s.model.data.train }, options, { step: 0, source: 'session' });
    const held = heldInputs(s.model.data.train, options.hold);
    const layer = network.layers[0];
    for (const u of grid.units) {
      const x = 0.3, y = -0.7;
      const point = [...held]; point[2] = x; point[0] = y;
      let net = layer.bias[u.unit];
      for (let j = 0; j < layer.fanIn; j++) net += layer.weight(u.unit, j) * point[j];
      expect(u.wx * x + u.wy * y + u.c).toBeCloseTo(net, 12);
    }
  });

  it('random networks of several inputs, classes and regression, cut at a sample or the means: the grid equals the reference', () => {
    const cases = [
      randomModel(11, 'cross-entropy', ['relu'], 'softmax', 7),
      randomModel(12, 'squared', ['sigmoid', 'tanh'], 'linear', 5),
      randomModel(13, 'binary-cross-entropy', ['leaky-relu'], 'sigmoid', 6),
      randomModel(14, 'cross-entropy', ['tanh'], 'softmax', 10),
    ];
    let checked = 0;
    for (const model of cases) {
      const s = session(model.text);
      const network = s.currentNetwork;
      if (network.inputs < 2) continue;
      for (const hold of [{ kind: 'mean' } as const, { kind: 'sample', sample: 1 } as const]) {
        const grid = decisionBoundary(network, { train: s.model.data.train }, { xFeature: 1, yFeature: 0, hold }, { step: 0, source: 'session' });
        const n = grid.resolution, K = network.outputs;
        const ref = reference(network, cellInputs(grid, n), n * n).outputs;
        for (let k = 0; k < n * n; k++) {
          if (grid.kind === 'classes') {
            const row = Array.from(ref.subarray(k * K, (k + 1) * K));
            expect(row[grid.values[k]]).toBe(Math.max(...row));
            expect(relative(grid.strength![k], Math.max(...row))).toBeLessThanOrEqual(1e-12);
          } else {
            expect(relative(grid.values[k], ref[k * K])).toBeLessThanOrEqual(1e-12);
          }
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  });

  it('a model of one input has no plane: a clear error, not a picture', () => {
    const s = session(JSON.stringify({ inputs: 1, layers: [{ units: 1, activation: 'linear', weights: [[1]], bias: 0 }], loss: 'squared', data: { inputs: [[1]], targets: [[1]] } }));
    expect(() => decisionBoundary(s.currentNetwork, { train: s.model.data.train }, MEANS, { step: 0, source: 'session' })).toThrow(/two inputs/);
  });
});

describe('the grid\'s resolution comes from a cost model: grid points × forward flops', () => {
  it('stays within the budget, at the finest resolution small networks allow', () => {
    const s = exampleSession('xor.nn.json');
    expect(boundaryResolution(s.currentNetwork)).toBe(MAX_RESOLUTION);
    for (const name of ['iris.nn.json', 'digits.nn.json', 'vanishing-gradients.nn.json', 'worked-example.nn.json']) {
      const network = exampleSession(name).currentNetwork;
      const n = boundaryResolution(network);
      expect(n * n * forwardCost(network), name).toBeLessThanOrEqual(BOUNDARY_FLOP_BUDGET);
    }
  });

  it('a network 100 times as costly gets a coarser grid (about 10 times fewer cells a side)', () => {
    const cheap = { layers: [{ units: 4, fanIn: 2 }] } as unknown as Network;
    const costly = { layers: [{ units: 400, fanIn: 2 }] } as unknown as Network;
    expect(boundaryResolution(cheap, 1e7)).toBeGreaterThan(boundaryResolution(costly, 1e7));
    expect(boundaryResolution(costly, 1e6)).toBe(Math.floor(Math.sqrt(1e6 / forwardCost(costly))));
  });
});
