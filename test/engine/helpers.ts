/** Small builders shared by the engine tests. */
import type {
  ActivationSpec, CustomActivation, DataSet, DenseLayerSpec, InitSpec, LossKind, NetworkSpec, TrainSpec,
} from '../../src/engine/spec';
import { createRng, type Rng } from '../../src/engine/rng';
import { matrixFromRows } from '../../src/engine/backprop';

export function layer(
  name: string, units: number, activation: ActivationSpec,
  extra: { weights?: number[][]; bias?: number | number[]; init?: InitSpec } = {},
): DenseLayerSpec {
  return { name, units, activation, init: extra.init ?? 'xavier', ...(extra.weights ? { weights: extra.weights } : {}), ...(extra.bias !== undefined ? { bias: extra.bias } : {}) };
}

export function spec(inputs: number, layers: DenseLayerSpec[], seed = 1): NetworkSpec {
  return { inputs, layers, seed };
}

export function data(inputs: number[][], targets: number[][]): DataSet {
  return { inputs: matrixFromRows(inputs), targets: matrixFromRows(targets) };
}

export function trainSpec(extra: Partial<TrainSpec> = {}): TrainSpec {
  return { optimizer: 'sgd', learningRate: 0.1, momentum: 0.9, weightDecay: 0, epochs: 1, shuffle: true, ...extra };
}

/** softsign, with its correct derivative. */
export const softsign: CustomActivation = {
  kind: 'custom', name: 'softsign',
  f: (x) => x / (1 + Math.abs(x)),
  df: (x) => 1 / (1 + Math.abs(x)) ** 2,
  fText: 'x / (1 + abs(x))', dfText: '1 / (1 + abs(x))^2',
};

/** softsign with a student's wrong derivative (forgot the square). */
export const softsignWrongDf: CustomActivation = {
  ...softsign, name: 'softsign-wrong', df: (x) => 1 / (1 + Math.abs(x)), dfText: '1 / (1 + abs(x))',
};

/** The 2-2-2 worked example of docs/spec/model-file-v1.md (Mazur 2015). */
export function workedExample(): { spec: NetworkSpec; data: DataSet; loss: LossKind } {
  return {
    spec: spec(2, [
      layer('hidden', 2, 'sigmoid', { weights: [[0.15, 0.20], [0.25, 0.30]], bias: 0.35 }),
      layer('output', 2, 'sigmoid', { weights: [[0.40, 0.45], [0.50, 0.55]], bias: 0.60 }),
    ]),
    data: data([[0.05, 0.10]], [[0.01, 0.99]]),
    loss: 'squared',
  };
}

export function randomMatrix(rng: Rng, rows: number, cols: number, lo = -1, hi = 1): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => lo + (hi - lo) * rng.next()));
}

/** Targets that suit a loss and an output activation. */
export function randomTargets(rng: Rng, rows: number, cols: number, loss: LossKind): number[][] {
  if (loss === 'cross-entropy') {
    // Probability rows (sum 1); every other row one-hot.
    return Array.from({ length: rows }, (_, r) => {
      if (r % 2 === 0) { const k = rng.int(cols); return Array.from({ length: cols }, (_, j) => (j === k ? 1 : 0)); }
      const w = Array.from({ length: cols }, () => rng.next() + 0.05);
      const s = w.reduce((a, b) => a + b, 0);
      return w.map((v) => v / s);
    });
  }
  if (loss === 'binary-cross-entropy') return randomMatrix(rng, rows, cols, 0, 1);
  return randomMatrix(rng, rows, cols, -1, 1);
}

export { createRng };
