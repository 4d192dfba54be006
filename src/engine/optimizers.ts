/**
 * The optimisers of model-file-v1, updating a network's weights and biases in place.
 * g is the gradient of the batch loss (weight decay, if any, is already in g); state starts at 0;
 * t counts steps from 1.
 * - sgd:      w ← w − lr·g
 * - momentum: v ← μ·v + g;  w ← w − lr·v
 * - adam:     m ← 0.9·m + 0.1·g;  s ← 0.999·s + 0.001·g²;
 *             w ← w − lr·(m / (1 − 0.9^t)) / (sqrt(s / (1 − 0.999^t)) + 1e-8)
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

/** An optimiser bound to one network's shapes; it keeps its own state (velocities, moments, t). */
export interface Optimizer {
  readonly kind: OptimizerKind;
  readonly learningRate: number;
  /** Steps taken so far (Adam's t after the last step). */
  readonly steps: number;
  /** Applies one update to `network`'s parameters in place. */
  step(network: Network, gradients: ParameterGradients): void;
  /** Forgets all state (velocities, moments, t). */
  reset(): void;
}

/** Creates an optimiser whose state is shaped like `network`'s parameters. */
export function createOptimizer(settings: OptimizerSettings, network: Network): Optimizer {
  const { optimizer: kind, learningRate: lr } = settings;
  if (!(lr > 0) || !Number.isFinite(lr)) throw new Error(`the learning rate must be a positive number, got ${lr}`);
  const zeros = (): Float64Array[] => network.layers.flatMap((l) => [new Float64Array(l.weights.length), new Float64Array(l.units)]);
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
  let t = 0;
  switch (kind) {
    case 'sgd':
      return {
        kind, learningRate: lr,
        get steps() { return t; },
        step(net, g) {
          checkShapes(net, g);
          t++;
          net.layers.forEach((l, i) => {
            sgd(l.weights, g.layers[i].weights, lr);
            sgd(l.bias, g.layers[i].bias, lr);
          });
        },
        reset() { t = 0; },
      };
    case 'momentum': {
      const mu = settings.momentum ?? 0.9;
      let v = zeros();
      return {
        kind, learningRate: lr,
        get steps() { return t; },
        step(net, g) {
          checkShapes(net, g);
          t++;
          net.layers.forEach((l, i) => {
            momentum(l.weights, g.layers[i].weights, v[2 * i], lr, mu);
            momentum(l.bias, g.layers[i].bias, v[2 * i + 1], lr, mu);
          });
        },
        reset() { t = 0; v = zeros(); },
      };
    }
    case 'adam': {
      let m = zeros(), s = zeros();
      return {
        kind, learningRate: lr,
        get steps() { return t; },
        step(net, g) {
          checkShapes(net, g);
          t++;
          const c1 = 1 - Math.pow(ADAM.beta1, t), c2 = 1 - Math.pow(ADAM.beta2, t);
          net.layers.forEach((l, i) => {
            adam(l.weights, g.layers[i].weights, m[2 * i], s[2 * i], lr, c1, c2);
            adam(l.bias, g.layers[i].bias, m[2 * i + 1], s[2 * i + 1], lr, c1, c2);
          });
        },
        reset() { t = 0; m = zeros(); s = zeros(); },
      };
    }
    default:
      throw new Error(`unknown optimizer '${String(kind)}'`);
  }
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
