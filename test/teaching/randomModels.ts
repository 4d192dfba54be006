/** Random model files (explicit seeded weights and biases, inline data) of every activation and loss. */
import { createRng, type Rng } from '../../src/engine/rng';
import type { LossKind } from '../../src/engine/spec';

/** Activations as the model file writes them; the custom ones as objects. */
export const SOFTSIGN = { name: 'softsign', f: 'x / (1 + abs(x))', df: '1 / (1 + abs(x))^2' };
/** A student's wrong derivative (the square forgotten): back-propagation must use it as written. */
export const SOFTSIGN_WRONG_DF = { name: 'softsign', f: 'x / (1 + abs(x))', df: '1 / (1 + abs(x))' };
/** A custom activation without df: the derivative is found symbolically. */
export const SWISH_NO_DF = { name: 'swish', f: 'x * sigmoid(x)' };

export type ActivationText = string | { name: string; f: string; df?: string };

export const HIDDEN_ACTIVATIONS: ActivationText[] = ['linear', 'sigmoid', 'tanh', 'relu', 'leaky-relu', 'softmax', SOFTSIGN, SOFTSIGN_WRONG_DF, SWISH_NO_DF];
export const OUTPUT_ACTIVATIONS: Record<LossKind, ActivationText[]> = {
  'squared': HIDDEN_ACTIVATIONS,
  'mse': HIDDEN_ACTIVATIONS,
  'cross-entropy': ['softmax', 'sigmoid'],
  'binary-cross-entropy': ['sigmoid', 'softmax'],
};
export const LOSS_KINDS: LossKind[] = ['squared', 'mse', 'cross-entropy', 'binary-cross-entropy'];

export function activationLabel(a: ActivationText): string {
  return typeof a === 'string' ? a : `${a.name}${a.df === undefined ? ' (no df)' : a.df === SOFTSIGN_WRONG_DF.df ? ' (wrong df)' : ''}`;
}

function matrix(rng: Rng, rows: number, cols: number, lo: number, hi: number): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => lo + (hi - lo) * rng.next()));
}

function targets(rng: Rng, rows: number, cols: number, loss: LossKind): number[][] {
  if (loss === 'cross-entropy') {
    return Array.from({ length: rows }, (_, r) => {
      if (r % 2 === 0) { const k = rng.int(cols); return Array.from({ length: cols }, (_, j) => (j === k ? 1 : 0)); }
      const w = Array.from({ length: cols }, () => rng.next() + 0.05);
      const s = w.reduce((a, b) => a + b, 0);
      return w.map((v) => v / s);
    });
  }
  if (loss === 'binary-cross-entropy') return matrix(rng, rows, cols, 0, 1).map((row, r) => (r % 3 === 0 ? row.map((v) => (v < 0.5 ? 0 : 1)) : row));
  return matrix(rng, rows, cols, -1, 1);
}

export interface RandomModel {
  readonly text: string;
  readonly samples: number;
  readonly description: string;
}

/** A model file with `hidden` hidden layers before the output layer, N samples, every weight explicit. */
export function randomModel(seed: number, loss: LossKind, hidden: ActivationText[], output: ActivationText, samples: number): RandomModel {
  const rng = createRng(seed, 'teaching-random-model');
  const inputs = 1 + rng.int(4);
  // A one-unit softmax always outputs 1; binary cross-entropy of it is infinite.
  const outputs = output === 'softmax' ? 2 + rng.int(3) : 1 + rng.int(3);
  let fanIn = inputs;
  const layers = [...hidden.map((a) => ({ a, units: a === 'softmax' ? 2 + rng.int(3) : 1 + rng.int(4) })), { a: output, units: outputs }].map(({ a, units }, i) => {
    const layer = {
      name: i === hidden.length ? 'output' : `hidden${i + 1}`,
      units,
      activation: a,
      weights: matrix(rng, units, fanIn, -1.2, 1.2),
      bias: matrix(rng, 1, units, -0.5, 0.5)[0],
    };
    fanIn = units;
    return layer;
  });
  const model = {
    name: `random ${seed}`,
    seed,
    inputs,
    layers,
    loss,
    data: { inputs: matrix(rng, samples, inputs, -2, 2), targets: targets(rng, samples, outputs, loss) },
    train: { optimizer: 'sgd', learningRate: 0.1 },
  };
  return {
    text: JSON.stringify(model, null, 1),
    samples,
    description: `${[...hidden, output].map(activationLabel).join(' → ')}, ${loss}, ${samples} samples`,
  };
}
