/** Small random layered model files (model file 1.1): a conv layer with explicit seeded weights, maybe a pool, flatten, dense; inline data. */
import { createRng } from '../../src/engine/rng';

export interface RandomConvModel {
  readonly text: string;
  readonly description: string;
  readonly samples: number;
}

const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'linear', 'leaky-relu'] as const;

/** A model: image [C, H, W] → conv2d (F filters, k×k, stride s, padding p, explicit weights) → [maxpool2d 2] → flatten → dense softmax. */
export function randomConvModel(seed: number): RandomConvModel {
  const rng = createRng(seed, 'random-conv-model');
  const C = 1 + rng.int(2), H = 4 + rng.int(3), W = 4 + rng.int(3);
  const F = 1 + rng.int(3), k = 2 + rng.int(2), s = 1 + rng.int(2), p = rng.int(2);
  const activation = ACTIVATIONS[rng.int(ACTIVATIONS.length)];
  const Ho = Math.floor((H + 2 * p - k) / s) + 1, Wo = Math.floor((W + 2 * p - k) / s) + 1;
  const pool = Ho >= 2 && Wo >= 2 && rng.next() < 0.5;
  const flat = F * (pool ? Math.floor(Ho / 2) * Math.floor(Wo / 2) : Ho * Wo);
  const K = 2 + rng.int(2);
  const N = 3 + rng.int(6);
  const u = () => Number((rng.next() * 2 - 1).toFixed(6));
  const kernel = Array.from({ length: F }, () => Array.from({ length: C }, () => Array.from({ length: k }, () => Array.from({ length: k }, u))));
  const layers = [
    { name: 'conv', type: 'conv2d', filters: F, kernel: k, stride: s, padding: p, activation, weights: kernel, bias: Array.from({ length: F }, u) },
    ...(pool ? [{ name: 'pool', type: 'maxpool2d', size: 2 }] : []),
    { name: 'flat', type: 'flatten' },
    { name: 'out', type: 'dense', units: K, activation: 'softmax', weights: Array.from({ length: K }, () => Array.from({ length: flat }, u)), bias: Array.from({ length: K }, u) },
  ];
  const inputs = Array.from({ length: N }, () => Array.from({ length: C * H * W }, u));
  const targets = Array.from({ length: N }, (_, n) => Array.from({ length: K }, (_, j) => (j === n % K ? 1 : 0)));
  const text = JSON.stringify({ name: `random conv ${seed}`, seed, inputs: [C, H, W], layers, loss: 'cross-entropy', data: { inputs, targets } }, null, 2);
  return { text, samples: N, description: `seed ${seed}: [${C}, ${H}, ${W}] → ${F}@${k}×${k} s${s} p${p} ${activation}${pool ? ' → maxpool 2' : ''} → ${K}, N = ${N}` };
}
