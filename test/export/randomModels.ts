/**
 * Random model files for the export tests: seeded (the same models on every run), small, and together
 * covering every layer type (dense, conv2d, maxpool2d, avgpool2d, flatten, dropout, batchnorm 1d and
 * 2d, activation), every built-in activation and custom ones, every loss, every optimiser, weight
 * decay, schedules, frozen parameters, explicit and seeded weights, shuffled and ordered batches.
 */
import { createRng, type Rng } from '../../src/engine/rng';

export interface RandomModel {
  readonly name: string;
  readonly text: string;
  /** True when training is deterministic on both sides (no dropout), so per-epoch losses can be compared. */
  readonly trainable: boolean;
}

const LOSSES = ['squared', 'mse', 'cross-entropy', 'binary-cross-entropy'] as const;
const HIDDEN = ['sigmoid', 'tanh', 'relu', 'leaky-relu', 'linear'] as const;
const CUSTOM = [
  { name: 'softsign', f: 'x / (1 + abs(x))', df: '1 / (1 + abs(x))' }, // a wrong df, used as written
  { name: 'swish', f: 'x * sigmoid(x)' }, // df derived symbolically
  { name: 'cubic', f: 'x^3 / 3 + x - pow(2, 0.5) * sin(x)', df: 'x^2 + 1 - sqrt(2) * cos(x)' },
  { name: 'soft plus', f: 'log(1 + exp(x))' },
  { name: 'clipped', f: 'min(max(x, -1), 1) + 0.1 * x', df: '0.1 + exp(-x^2)' },
] as const;

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)]!;
const round = (v: number): number => Number(v.toPrecision(6));
const uniform = (rng: Rng, a: number, b: number): number => round(a + (b - a) * rng.next());

function activation(rng: Rng): unknown {
  if (rng.next() < 0.25) {
    const c = pick(rng, CUSTOM);
    return { ...c };
  }
  return pick(rng, HIDDEN);
}

function targetsFor(rng: Rng, loss: string, n: number, k: number): number[][] {
  return Array.from({ length: n }, () => {
    if (loss === 'cross-entropy') { const c = rng.int(k); return Array.from({ length: k }, (_, j) => (j === c ? 1 : 0)); }
    if (loss === 'binary-cross-entropy') return Array.from({ length: k }, () => rng.int(2));
    return Array.from({ length: k }, () => uniform(rng, -1, 1));
  });
}

function outputLayer(loss: string, k: number, rng: Rng): Record<string, unknown> {
  const act = loss === 'cross-entropy' ? 'softmax' : loss === 'binary-cross-entropy' ? 'sigmoid' : pick(rng, ['linear', 'tanh', 'sigmoid']);
  return { name: 'output', type: 'dense', units: k, activation: act };
}

/** PyTorch refuses batch norm on a batch of one sample in training: batches of 2 or more then. */
function batchSize(rng: Rng, n: number, batchNorm: boolean): number {
  for (;;) {
    const b = 1 + rng.int(n);
    if (!batchNorm || (b > 1 && n % b !== 1)) return b;
  }
}

function trainSection(rng: Rng, n: number, batchNorm: boolean): Record<string, unknown> {
  const optimizer = pick(rng, ['sgd', 'momentum', 'adam']);
  const train: Record<string, unknown> = {
    optimizer, learningRate: optimizer === 'adam' ? 0.01 : 0.1, epochs: 3 + rng.int(3), shuffle: rng.next() < 0.5,
  };
  if (optimizer === 'momentum') train.momentum = 0.8;
  if (rng.next() < 0.6) train.batchSize = batchSize(rng, n, batchNorm);
  if (rng.next() < 0.4) train.weightDecay = 0.01;
  const s = rng.int(4);
  if (s === 1) train.schedule = { type: 'step', every: 2, factor: 0.5 };
  if (s === 2) train.schedule = { type: 'exponential', gamma: 0.9 };
  if (s === 3) train.schedule = { type: 'cosine', min: 0.001 };
  return train;
}

function flatLayers(rng: Rng, inputs: number, withDropout: boolean): Record<string, unknown>[] {
  const layers: Record<string, unknown>[] = [];
  let units = inputs;
  for (let i = 0; i < 1 + rng.int(3); i++) {
    units = 2 + rng.int(4);
    const dense: Record<string, unknown> = { name: `dense${i}`, type: 'dense', units, activation: activation(rng) };
    if (rng.next() < 0.3) dense.trainable = rng.next() < 0.5 ? false : { weights: true, bias: false };
    layers.push(dense);
    const r = rng.next();
    if (r < 0.3) layers.push({ name: `norm${i}`, type: 'batchnorm', activation: pick(rng, HIDDEN), ...(rng.next() < 0.5 ? { momentum: 0.2, epsilon: 0.001 } : {}) });
    else if (r < 0.45) layers.push({ name: `act${i}`, type: 'activation', activation: activation(rng) });
    if (withDropout && rng.next() < 0.6) layers.push({ name: `drop${i}`, type: 'dropout', rate: 0.3 });
  }
  return layers;
}

function imageLayers(rng: Rng, withDropout: boolean): { inputs: number[]; layers: Record<string, unknown>[] } {
  const c = 1 + rng.int(2), size = 6 + rng.int(2);
  const layers: Record<string, unknown>[] = [];
  const stride = rng.next() < 0.3 ? 2 : 1;
  layers.push({ name: 'conv', type: 'conv2d', filters: 2 + rng.int(2), kernel: pick(rng, [2, 3, [3, 2]]), stride, padding: stride === 1 && rng.next() < 0.4 ? 1 : 0, activation: activation(rng) });
  if (rng.next() < 0.5) layers.push({ name: 'norm', type: 'batchnorm', activation: pick(rng, HIDDEN) });
  const pool = rng.next() < 0.5 ? 'maxpool2d' : 'avgpool2d';
  layers.push({ name: 'pool', type: pool, size: 2, ...(rng.next() < 0.3 ? { stride: 1 } : {}), ...(pool === 'avgpool2d' && rng.next() < 0.4 ? { padding: 1 } : {}) });
  if (withDropout && rng.next() < 0.5) layers.push({ name: 'drop', type: 'dropout', rate: 0.25 });
  layers.push({ name: 'flat', type: 'flatten' });
  if (rng.next() < 0.5) layers.push({ name: 'hidden', type: 'dense', units: 3, activation: activation(rng) });
  return { inputs: [c, size, size], layers };
}

/** The `index`-th random model (index 0 … count − 1). */
export function randomModel(index: number): RandomModel {
  const rng = createRng(1000 + index, 'export-test-model');
  const loss = LOSSES[index % LOSSES.length]!;
  const image = index % 3 === 2;
  const withDropout = index % 5 === 1 || index % 5 === 3;
  const k = loss === 'binary-cross-entropy' ? 1 + rng.int(2) : 2 + rng.int(2);
  const n = 6 + rng.int(5);
  const flatInputs = 2 + rng.int(3);
  const { inputs, layers } = image ? imageLayers(rng, withDropout) : { inputs: flatInputs, layers: flatLayers(rng, flatInputs, withDropout) };
  layers.push(outputLayer(loss, k, rng));
  const features = Array.isArray(inputs) ? inputs.reduce((a, b) => a * b, 1) : inputs;
  const model = {
    name: `random ${index} (${image ? 'image' : 'flat'}, ${loss})`,
    seed: 1 + rng.int(1000),
    inputs,
    ...(rng.next() < 0.3 ? { init: 'he' } : {}),
    layers,
    loss,
    data: {
      inputs: Array.from({ length: n }, () => Array.from({ length: features }, () => uniform(rng, -1, 1))),
      targets: targetsFor(rng, loss, n, k),
    },
    train: trainSection(rng, n, layers.some((l) => l.type === 'batchnorm')),
  };
  return { name: model.name, text: JSON.stringify(model, null, 1), trainable: !layers.some((l) => l.type === 'dropout') };
}
