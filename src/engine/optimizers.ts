/**
 * The optimisers of model-file-v1, updating parameters in place.
 * g is the gradient of the batch loss (weight decay, if any, is already in g); state starts at 0;
 * t counts steps from 1.
 * - sgd:      w ← w − lr·g
 * - momentum: v ← μ·v + g;  w ← w − lr·v
 * - adam:     m ← 0.9·m + 0.1·g;  s ← 0.999·s + 0.001·g²;
 *             w ← w − lr·(m / (1 − 0.9^t)) / (sqrt(s / (1 − 0.999^t)) + 1e-8)
 * A frozen parameter (`trainable: false`, model file 1.1) is never changed and keeps no state; its
 * gradient is still computed and reported. The learning rate may change between steps (schedules.ts).
 *
 * `createParamOptimizer` works on any list of parameter arrays (the layered networks use it);
 * `createOptimizer` binds it to a dense `Network`'s weights and biases.
 */
import type { Network } from './network';
import type { OptimizerKind } from './spec';

/** Gradients for every layer, shaped like its parameters (e.g. `BackpropResult.gradients`). */
export interface ParameterGradients {
  readonly layers: readonly { readonly weights: Float64Array; readonly bias: Float64Array }[];
}

/** Which optimiser and its hyper-parameters (a `TrainSpec` fits). */
export interface OptimizerSettings {
  readonly optimizer: OptimizerKind;
  readonly learningRate: number;
  /** μ for `momentum` (default 0.9). */
  readonly momentum?: number;
}

/** Adam's constants, fixed by the model-file format. */
export const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

// The spec writes 0.1·g and 0.001·g² literally; 1 − 0.9 in float64 is 0.09999999999999998.
const ADAM_G = 0.1;
const ADAM_G2 = 0.001;

/** One parameter array an optimiser updates: its length and whether it may change. */
export interface ParamSlot {
  readonly size: number;
  readonly trainable: boolean;
}

/** An optimiser over a fixed list of parameter arrays; it keeps its own state (velocities, moments, t). */
export interface ParamOptimizer {
  readonly kind: OptimizerKind;
  /** The rate of the next step (a schedule changes it between epochs). */
  learningRate: number;
  readonly steps: number;
  /** Updates `values[i]` from `grads[i]` in place, skipping frozen slots. */
  step(values: readonly Float64Array[], grads: readonly Float64Array[]): void;
  reset(): void;
}

/** An optimiser bound to one network's shapes; it keeps its own state (velocities, moments, t). */
export interface Optimizer {
  readonly kind: OptimizerKind;
  /** The rate of the next step (a schedule changes it between epochs). */
  learningRate: number;
  /** Steps taken so far (Adam's t after the last step). */
  readonly steps: number;
  /** Applies one update to `network`'s parameters in place (frozen ones stay). */
  step(network: Network, gradients: ParameterGradients): void;
  /** Forgets all state (velocities, moments, t). */
  reset(): void;
}

function checkRate(lr: number): void {
  if (!(lr > 0) || !Number.isFinite(lr)) throw new Error(`the learning rate must be a positive number, got ${lr}`);
}

/** Creates an optimiser for parameter arrays of these sizes. */
export function createParamOptimizer(settings: OptimizerSettings, slots: readonly ParamSlot[]): ParamOptimizer {
  const kind = settings.optimizer;
  if (kind !== 'sgd' && kind !== 'momentum' && kind !== 'adam') throw new Error(`unknown optimizer '${String(kind)}'`);
  let lr = settings.learningRate;
  checkRate(lr);
  const mu = settings.momentum ?? 0.9;
  const zeros = (): Float64Array[] => slots.map((s) => new Float64Array(s.trainable && kind !== 'sgd' ? s.size : 0));
  let a = zeros(), b = zeros();
  let t = 0;
  return {
    kind,
    get learningRate() { return lr; },
    set learningRate(v: number) {
      // A schedule may reach 0 (cosine at its last epoch); negative or non-finite rates are refused.
      if (!(v >= 0) || !Number.isFinite(v)) throw new Error(`the learning rate must be a number >= 0, got ${v}`);
      lr = v;
    },
    get steps() { return t; },
    step(values, grads) {
      if (values.length !== slots.length || grads.length !== slots.length) {
        throw new Error(`optimizer: expected ${slots.length} parameter arrays, got ${values.length} values and ${grads.length} gradients`);
      }
      slots.forEach((s, i) => {
        if (values[i].length !== s.size || grads[i].length !== s.size) {
          throw new Error(`optimizer: parameter ${i} holds ${values[i].length} values and ${grads[i].length} gradients, expected ${s.size}`);
        }
      });
      t++;
      const c1 = 1 - Math.pow(ADAM.beta1, t), c2 = 1 - Math.pow(ADAM.beta2, t);
      slots.forEach((s, i) => {
        if (!s.trainable) return;
        if (kind === 'sgd') sgd(values[i], grads[i], lr);
        else if (kind === 'momentum') momentum(values[i], grads[i], a[i], lr, mu);
        else adam(values[i], grads[i], a[i], b[i], lr, c1, c2);
      });
    },
    reset() { t = 0; a = zeros(); b = zeros(); },
  };
}

/** Creates an optimiser whose state is shaped like `network`'s parameters (frozen ones as the layers say). */
export function createOptimizer(settings: OptimizerSettings, network: Network): Optimizer {
  const slots = network.layers.flatMap((l) => [
    { size: l.weights.length, trainable: l.trainable.weights },
    { size: l.units, trainable: l.trainable.bias },
  ]);
  const inner = createParamOptimizer(settings, slots);
  const checkShapes = (net: Network, g: ParameterGradients): void => {
    if (net.layers.length !== network.layers.length || g.layers.length !== net.layers.length) {
      throw new Error('optimizer: the network or gradients do not match the network the optimizer was made for');
    }
    net.layers.forEach((l, i) => {
      if (l.weights.length !== network.layers[i].weights.length || g.layers[i].weights.length !== l.weights.length
        || g.layers[i].bias.length !== l.units) {
        throw new Error(`optimizer: layer '${l.name}' has a different shape than when the optimizer was made`);
      }
    });
  };
  return {
    kind: inner.kind,
    get learningRate() { return inner.learningRate; },
    set learningRate(v: number) { inner.learningRate = v; },
    get steps() { return inner.steps; },
    step(net, g) {
      checkShapes(net, g);
      inner.step(
        net.layers.flatMap((l) => [l.weights, l.bias]),
        g.layers.flatMap((l) => [l.weights, l.bias]),
      );
    },
    reset() { inner.reset(); },
  };
}

function sgd(w: Float64Array, g: Float64Array, lr: number): void {
  for (let i = 0; i < w.length; i++) w[i] -= lr * g[i];
}

function momentum(w: Float64Array, g: Float64Array, v: Float64Array, lr: number, mu: number): void {
  for (let i = 0; i < w.length; i++) {
    const vi = mu * v[i] + g[i];
    v[i] = vi;
    w[i] -= lr * vi;
  }
}

function adam(
  w: Float64Array, g: Float64Array, m: Float64Array, s: Float64Array, lr: number, c1: number, c2: number,
): void {
  const b1 = ADAM.beta1, b2 = ADAM.beta2, eps = ADAM.epsilon;
  for (let i = 0; i < w.length; i++) {
    const gi = g[i];
    const mi = b1 * m[i] + ADAM_G * gi;
    const si = b2 * s[i] + ADAM_G2 * gi * gi;
    m[i] = mi;
    s[i] = si;
    w[i] -= (lr * (mi / c1)) / (Math.sqrt(si / c2) + eps);
  }
}
