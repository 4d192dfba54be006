/**
 * The networks the benchmark trains: shapes, synthetic data and initial weights, as plain numbers
 * that every contender copies. All values are float32-representable (rounded with Math.fround), so
 * GradLens (float64) and TensorFlow.js (float32) start from bit-identical weights and data.
 */
import { createRng } from '../src/engine/rng';

export type HiddenActivation = 'relu' | 'tanh' | 'sigmoid' | 'linear';

/** A dense network ending in softmax + cross-entropy, trained with SGD on one fixed batch. */
export interface BenchShape {
  /** Short id used in the JSON (`a`, `b`, `c`, `batch-64`, …). */
  readonly id: string;
  /** Human label, e.g. `784-128-10 relu/softmax, batch 64`. */
  readonly label: string;
  readonly inputs: number;
  /** Units of every layer; the last one is the softmax output. */
  readonly units: readonly number[];
  /** Activation of the hidden layers (the output layer is softmax). */
  readonly hidden: HiddenActivation;
  readonly batch: number;
}

/** Builds a shape from its sizes, e.g. `shape('b', [784, 128, 10], 'relu', 64)`. */
export function shape(id: string, sizes: readonly number[], hidden: HiddenActivation, batch: number): BenchShape {
  if (sizes.length < 2) throw new Error('shape: give the inputs and at least one layer');
  return {
    id, label: `${sizes.join('-')} ${hidden}/softmax, batch ${batch}`,
    inputs: sizes[0], units: sizes.slice(1), hidden, batch,
  };
}

/** The three shapes of issue 8. */
export const ISSUE_SHAPES: readonly BenchShape[] = [
  shape('a', [4, 7, 3], 'tanh', 1),
  shape('b', [784, 128, 10], 'relu', 64),
  shape('c', [512, 512, 512, 10], 'relu', 256),
];

/** Initial parameters and one batch, shared by every contender. */
export interface BenchProblem {
  readonly shape: BenchShape;
  /** Per layer: `units × fanIn` row-major (row = a unit's incoming weights), float32 values. */
  readonly weights: readonly Float64Array[];
  readonly bias: readonly Float64Array[];
  /** batch × inputs, uniform in [0, 1). */
  readonly x: Float64Array;
  /** batch × classes, one-hot. */
  readonly t: Float64Array;
  readonly learningRate: number;
}

/** Learning rate of every benchmark run (small enough that thousands of steps on one batch stay finite). */
export const BENCH_LEARNING_RATE = 0.01;

/**
 * Seeded weights (He-normal for relu layers, Glorot-uniform otherwise), biases 0.01, uniform inputs,
 * random one-hot targets. The same seed gives the same numbers on every machine.
 */
export function makeProblem(s: BenchShape, seed = 8): BenchProblem {
  const rng = createRng(seed, `bench:${s.id}`);
  const weights: Float64Array[] = [];
  const bias: Float64Array[] = [];
  let fanIn = s.inputs;
  s.units.forEach((units, l) => {
    const last = l === s.units.length - 1;
    const w = new Float64Array(units * fanIn);
    if (!last && s.hidden === 'relu') {
      const std = Math.sqrt(2 / fanIn);
      for (let i = 0; i < w.length; i++) w[i] = Math.fround(std * rng.normal());
    } else {
      const limit = Math.sqrt(6 / (fanIn + units));
      for (let i = 0; i < w.length; i++) w[i] = Math.fround(-limit + 2 * limit * rng.next());
    }
    weights.push(w);
    bias.push(new Float64Array(units).fill(Math.fround(0.01)));
    fanIn = units;
  });
  const K = s.units[s.units.length - 1];
  const x = new Float64Array(s.batch * s.inputs);
  for (let i = 0; i < x.length; i++) x[i] = Math.fround(rng.next());
  const t = new Float64Array(s.batch * K);
  for (let n = 0; n < s.batch; n++) t[n * K + rng.int(K)] = 1;
  return { shape: s, weights, bias, x, t, learningRate: BENCH_LEARNING_RATE };
}

/**
 * Multiply-adds of one training step: forward A·Wᵀ and dW = Δᵀ·A for every layer, dA = Δ·W for
 * every layer but the first (nobody needs the gradient of the inputs).
 */
export function stepMultiplyAdds(s: BenchShape): number {
  let macs = 0;
  let fanIn = s.inputs;
  s.units.forEach((units, l) => {
    const m = s.batch * fanIn * units;
    macs += 2 * m + (l > 0 ? m : 0);
    fanIn = units;
  });
  return macs;
}

/** A contender trains one copy of a problem: `step()` does forward, loss, backward and the SGD update. */
export interface Contender {
  readonly name: string;
  /** Which precision it computes in, for the report. */
  readonly precision: string;
  /** Made ready to run (e.g. its backend selected); called before each block of steps. */
  activate(): Promise<void>;
  /** One training step; returns the batch loss before the update, read back so the work is finished. */
  step(): number;
  /** Current parameters in GradLens's layout (weights `units × fanIn`), for the correctness guard. */
  parameters(): { weights: Float64Array[]; bias: Float64Array[] };
  dispose(): void;
}
