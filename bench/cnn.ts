/**
 * The convolutional rows of the benchmark (issue 14): the same CNN trained by GradLens's layered
 * engine (`LayeredNetwork` + `LayeredTrainer`, float64) and by TensorFlow.js (`tf.conv2d`,
 * `tf.maxPool`, `tf.matMul`, float32), from bit-identical float32-representable weights and batch:
 *
 *   (d) the digits CNN, 1×8×8: conv 8@3×3 "same" relu → max-pool 2 → conv 16@3×3 "same" relu →
 *       flatten → dense 10 softmax, batch 32
 *   (e) LeNet-5 style, 1×28×28: conv 6@5×5 relu → max-pool 2 → conv 16@5×5 relu → max-pool 2 →
 *       flatten → dense 120 relu → dense 84 relu → dense 10 softmax, batch 64
 *
 * Softmax + cross-entropy, plain SGD at 0.01 on one fixed batch, as the dense rows. TensorFlow.js
 * works in its own layouts (NHWC images, filters [kh, kw, C, F], dense kernels [fanIn, units]); the
 * first dense layer's columns are permuted from GradLens's C-major flatten to NHWC's order, so both
 * compute the same function without a transpose in the step.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import type { GradCheckResult } from '../src/engine/gradcheck';
import { layeredGradientCheck } from '../src/engine/layers/gradcheck';
import { Conv2dLayer } from '../src/engine/layers/conv2d';
import { TRAINING } from '../src/engine/layers/layer';
import { LayeredNetwork } from '../src/engine/layers/network';
import type { LayerSpec } from '../src/engine/layers/spec';
import { LayeredTrainer } from '../src/engine/layers/trainer';
import { useKernels, type KernelChoice } from '../src/engine/products';
import { createRng } from '../src/engine/rng';
import { timeRuns, type BudgetResult } from './budgets';
import { BENCH_LEARNING_RATE, type Contender } from './problem';
import { median } from './stats';
import { sgdSteps } from './tfjs';

type Tf = typeof TF;

/** A layer of a benchmark CNN: what both sides build. */
export type CnnLayer =
  | { readonly kind: 'conv'; readonly filters: number; readonly kernel: number; readonly same: boolean }
  | { readonly kind: 'maxpool'; readonly size: number }
  | { readonly kind: 'flatten' }
  | { readonly kind: 'dense'; readonly units: number };

export interface CnnShape {
  readonly id: string;
  readonly label: string;
  /** [C, H, W] of one sample. */
  readonly input: readonly [number, number, number];
  /** Hidden conv and dense layers use relu; the last dense layer is the softmax output. */
  readonly layers: readonly CnnLayer[];
  readonly batch: number;
}

/** Issue 14's two networks. */
export const CNN_SHAPES: readonly CnnShape[] = [
  {
    id: 'd', label: 'digits CNN 1×8×8: conv 8@3×3 → pool 2 → conv 16@3×3 → 10, batch 32', input: [1, 8, 8], batch: 32,
    layers: [{ kind: 'conv', filters: 8, kernel: 3, same: true }, { kind: 'maxpool', size: 2 }, { kind: 'conv', filters: 16, kernel: 3, same: true }, { kind: 'flatten' }, { kind: 'dense', units: 10 }],
  },
  {
    id: 'e', label: 'LeNet-5 style 1×28×28: conv 6@5×5 → pool 2 → conv 16@5×5 → pool 2 → 120 → 84 → 10, batch 64', input: [1, 28, 28], batch: 64,
    layers: [
      { kind: 'conv', filters: 6, kernel: 5, same: false }, { kind: 'maxpool', size: 2 },
      { kind: 'conv', filters: 16, kernel: 5, same: false }, { kind: 'maxpool', size: 2 },
      { kind: 'flatten' }, { kind: 'dense', units: 120 }, { kind: 'dense', units: 84 }, { kind: 'dense', units: 10 },
    ],
  },
];

/** What every layer sees and holds: shapes and, for conv and dense, its parameters (GradLens layout). */
interface LayerPlan {
  readonly layer: CnnLayer;
  readonly inShape: readonly number[];
  readonly outShape: readonly number[];
  /** Conv: F·C·k·k in [F][C][kh][kw] order; dense: units × fanIn. */
  readonly weights?: Float64Array;
  readonly bias?: Float64Array;
}

/** Initial parameters and one batch, shared by every contender. */
export interface CnnProblem {
  readonly shape: CnnShape;
  readonly plan: readonly LayerPlan[];
  /** batch × C·H·W, [N][C][H][W], uniform in [0, 1). */
  readonly x: Float64Array;
  /** batch × classes, one-hot. */
  readonly t: Float64Array;
  readonly learningRate: number;
}

/** Seeded He-normal weights for relu layers, Glorot-uniform for the output, biases 0.01, all float32 values. */
export function makeCnnProblem(s: CnnShape, seed = 8): CnnProblem {
  const rng = createRng(seed, `bench:${s.id}`);
  const plan: LayerPlan[] = [];
  let shape: readonly number[] = s.input;
  s.layers.forEach((layer, l) => {
    const last = l === s.layers.length - 1;
    let out: readonly number[];
    let weights: Float64Array | undefined, bias: Float64Array | undefined;
    if (layer.kind === 'conv') {
      const [C, H, W] = shape, k = layer.kernel, pad = layer.same ? (k - 1) / 2 : 0;
      out = [layer.filters, H + 2 * pad - k + 1, W + 2 * pad - k + 1];
      weights = heNormal(rng, layer.filters * C * k * k, C * k * k);
      bias = new Float64Array(layer.filters).fill(Math.fround(0.01));
    } else if (layer.kind === 'maxpool') {
      out = [shape[0], Math.floor(shape[1] / layer.size), Math.floor(shape[2] / layer.size)];
    } else if (layer.kind === 'flatten') {
      out = [shape.reduce((a, b) => a * b, 1)];
    } else {
      const fanIn = shape[0];
      out = [layer.units];
      if (last) {
        const limit = Math.sqrt(6 / (fanIn + layer.units));
        weights = Float64Array.from({ length: layer.units * fanIn }, () => Math.fround(-limit + 2 * limit * rng.next()));
      } else {
        weights = heNormal(rng, layer.units * fanIn, fanIn);
      }
      bias = new Float64Array(layer.units).fill(Math.fround(0.01));
    }
    plan.push({ layer, inShape: shape, outShape: out, weights, bias });
    shape = out;
  });
  const inputs = s.input[0] * s.input[1] * s.input[2], K = shape[0];
  const x = Float64Array.from({ length: s.batch * inputs }, () => Math.fround(rng.next()));
  const t = new Float64Array(s.batch * K);
  for (let n = 0; n < s.batch; n++) t[n * K + rng.int(K)] = 1;
  return { shape: s, plan, x, t, learningRate: BENCH_LEARNING_RATE };
}

function heNormal(rng: ReturnType<typeof createRng>, length: number, fanIn: number): Float64Array {
  const std = Math.sqrt(2 / fanIn);
  return Float64Array.from({ length }, () => Math.fround(std * rng.normal()));
}

/** The layered network's spec with the problem's parameters (copies). */
export function cnnSpec(p: CnnProblem): LayerSpec[] {
  const last = p.plan.length - 1;
  return p.plan.map((step, l): LayerSpec => {
    const layer = step.layer, name = `${layer.kind}${l + 1}`;
    switch (layer.kind) {
      case 'conv':
        return { type: 'conv2d', name, filters: layer.filters, kernel: layer.kernel, padding: layer.same ? 'same' : 0, activation: 'relu', init: 'he', weights: step.weights!.slice(), bias: Array.from(step.bias!) };
      case 'maxpool': return { type: 'maxpool2d', name, size: layer.size };
      case 'flatten': return { type: 'flatten', name };
      case 'dense': {
        const fanIn = step.inShape[0], w = step.weights!;
        const rows = Array.from({ length: layer.units }, (_, u) => Array.from(w.subarray(u * fanIn, (u + 1) * fanIn)));
        return { type: 'dense', name, units: layer.units, activation: l === last ? 'softmax' : 'relu', init: 'he', weights: rows, bias: Array.from(step.bias!) };
      }
    }
  });
}

/** A fresh layered network holding copies of the problem's parameters. */
export function cnnNetwork(p: CnnProblem): LayeredNetwork {
  return LayeredNetwork.fromSpec({ inputs: [...p.shape.input], layers: cnnSpec(p), seed: 1 });
}

function cnnData(p: CnnProblem) {
  const inputs = p.shape.input[0] * p.shape.input[1] * p.shape.input[2], K = p.t.length / p.shape.batch;
  return { inputs: { rows: p.shape.batch, cols: inputs, data: p.x }, targets: { rows: p.shape.batch, cols: K, data: p.t } };
}

/** GradLens: `LayeredTrainer` with SGD on the whole batch; `kernels` as for the dense rows (GradLens, GradLens-ts). */
export function gradLensCnnContender(p: CnnProblem, kernels: KernelChoice = 'auto'): Contender {
  const network = cnnNetwork(p);
  const trainer = new LayeredTrainer(network, cnnData(p), 'cross-entropy', {
    optimizer: 'sgd', learningRate: p.learningRate, momentum: 0, weightDecay: 0, batchSize: p.shape.batch, epochs: 1, shuffle: false,
  });
  const withParams = network.layers.filter((l) => l.params.length > 0);
  return {
    name: kernels === 'auto' ? 'GradLens' : kernels === 'typescript' ? 'GradLens-ts' : 'GradLens-wasm',
    precision: 'float64',
    activate: async () => useKernels(kernels),
    step: () => trainer.step().loss,
    parameters: () => ({ weights: withParams.map((l) => l.params[0].values.slice()), bias: withParams.map((l) => l.params[1].values.slice()) }),
    dispose: () => useKernels('auto'),
  };
}

/** Where GradLens's C-major flatten index c·H·W + y·W + x sits in NHWC's flatten: (y·W + x)·C + c. */
function nhwcIndex(i: number, [C, H, W]: readonly number[]): number {
  const c = Math.floor(i / (H * W)), r = i % (H * W);
  return r * C + c;
}

/**
 * TensorFlow.js on `backend`: NHWC tensors, `tf.conv2d` / `tf.maxPool` / `tf.matMul`,
 * `tf.losses.softmaxCrossEntropy`, `tf.train.sgd(lr).minimize`, the loss read back with `dataSync()`.
 */
export async function tfjsCnnContender(tf: Tf, backend: 'cpu' | 'wasm', p: CnnProblem): Promise<Contender> {
  if (!(await tf.setBackend(backend))) throw new Error(`TensorFlow.js backend '${backend}' is not available`);
  const [C0, H0, W0] = p.shape.input, N = p.shape.batch;
  const nhwc = new Float32Array(N * C0 * H0 * W0);
  for (let n = 0; n < N; n++) for (let c = 0; c < C0; c++) for (let y = 0; y < H0; y++) for (let x = 0; x < W0; x++) {
    nhwc[((n * H0 + y) * W0 + x) * C0 + c] = p.x[((n * C0 + c) * H0 + y) * W0 + x];
  }
  const K = p.t.length / N;
  const xs = tf.tensor4d(nhwc, [N, H0, W0, C0], 'float32');
  const ts = tf.tensor2d(Float32Array.from(p.t), [N, K], 'float32');
  const W: (TF.Variable | undefined)[] = [], b: (TF.Variable | undefined)[] = [];
  /** The image shape before the flatten, for the first dense layer's permutation. */
  let flattened: readonly number[] | undefined;
  p.plan.forEach((step) => {
    const layer = step.layer;
    if (layer.kind === 'conv') {
      const [C] = step.inShape, F = layer.filters, k = layer.kernel;
      const f = new Float32Array(k * k * C * F);
      for (let o = 0; o < F; o++) for (let c = 0; c < C; c++) for (let u = 0; u < k; u++) for (let v = 0; v < k; v++) {
        f[((u * k + v) * C + c) * F + o] = step.weights![((o * C + c) * k + u) * k + v];
      }
      W.push(tf.variable(tf.tensor4d(f, [k, k, C, F], 'float32'), true));
      b.push(tf.variable(tf.tensor1d(Float32Array.from(step.bias!), 'float32'), true));
    } else if (layer.kind === 'dense') {
      const fanIn = step.inShape[0], U = layer.units, w = new Float32Array(fanIn * U);
      for (let u = 0; u < U; u++) for (let i = 0; i < fanIn; i++) {
        const row = flattened ? nhwcIndex(i, flattened) : i;
        w[row * U + u] = step.weights![u * fanIn + i];
      }
      flattened = undefined;
      W.push(tf.variable(tf.tensor2d(w, [fanIn, U], 'float32'), true));
      b.push(tf.variable(tf.tensor1d(Float32Array.from(step.bias!), 'float32'), true));
    } else {
      if (layer.kind === 'flatten') flattened = step.inShape;
      W.push(undefined);
      b.push(undefined);
    }
  });
  const vars = [...W, ...b].filter((v): v is TF.Variable => v !== undefined);
  const last = p.plan.length - 1;
  const loss = (): TF.Scalar => {
    let a: TF.Tensor = xs;
    for (let l = 0; l <= last; l++) {
      const layer = p.plan[l].layer;
      if (layer.kind === 'conv') a = tf.relu(tf.add(tf.conv2d(a as TF.Tensor4D, W[l] as TF.Tensor4D, 1, layer.same ? 'same' : 'valid'), b[l]!));
      else if (layer.kind === 'maxpool') a = tf.maxPool(a as TF.Tensor4D, layer.size, layer.size, 'valid');
      else if (layer.kind === 'flatten') a = tf.reshape(a, [N, -1]);
      else {
        const z = tf.add(tf.matMul(a as TF.Tensor2D, W[l] as TF.Tensor2D), b[l]!);
        if (l === last) return tf.losses.softmaxCrossEntropy(ts, z) as TF.Scalar;
        a = tf.relu(z);
      }
    }
    throw new Error('the last layer must be dense');
  };
  return {
    ...sgdSteps(tf, backend, p.learningRate, loss, vars, [xs, ts]),
    parameters: () => {
      const weights: Float64Array[] = [], bias: Float64Array[] = [];
      let flat: readonly number[] | undefined;
      p.plan.forEach((step, l) => {
        const layer = step.layer;
        if (layer.kind === 'flatten') flat = step.inShape;
        if (layer.kind !== 'conv' && layer.kind !== 'dense') return;
        const v = W[l]!.dataSync(), out = new Float64Array(step.weights!.length);
        if (layer.kind === 'conv') {
          const [C] = step.inShape, F = layer.filters, k = layer.kernel;
          for (let o = 0; o < F; o++) for (let c = 0; c < C; c++) for (let u = 0; u < k; u++) for (let w = 0; w < k; w++) {
            out[((o * C + c) * k + u) * k + w] = v[((u * k + w) * C + c) * F + o];
          }
        } else {
          const fanIn = step.inShape[0], U = layer.units;
          for (let u = 0; u < U; u++) for (let i = 0; i < fanIn; i++) out[u * fanIn + i] = v[(flat ? nhwcIndex(i, flat) : i) * U + u];
          flat = undefined;
        }
        weights.push(out);
        bias.push(Float64Array.from(b[l]!.dataSync()));
      });
      return { weights, bias };
    },
  };
}

/**
 * Whether TensorFlow.js can train this network on `backend`: one step, or the error it gives
 * (tfjs-wasm 4.22 has no `Conv2DBackpropFilter` kernel, so it cannot train a convolution).
 */
export async function tfjsCanTrain(tf: Tf, backend: 'cpu' | 'wasm', p: CnnProblem): Promise<string | undefined> {
  let c: Contender | undefined;
  try {
    c = await tfjsCnnContender(tf, backend, p);
    c.step();
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    c?.dispose();
  }
}

/**
 * Multiply-adds of one training step: per conv layer n·F·P·Q for the forward product, the same for
 * ∂W and, except for the first layer, for ∂x (P = H'·W', Q = C·k·k); per dense layer as the dense rows.
 */
export function cnnStepMultiplyAdds(p: CnnProblem): { total: number; conv: number } {
  let total = 0, conv = 0;
  p.plan.forEach((step, l) => {
    const layer = step.layer, n = p.shape.batch;
    let m = 0;
    if (layer.kind === 'conv') {
      m = n * step.outShape[0] * step.outShape[1] * step.outShape[2] * step.inShape[0] * layer.kernel * layer.kernel;
      conv += (l > 0 ? 3 : 2) * m;
    } else if (layer.kind === 'dense') m = n * step.inShape[0] * layer.units;
    total += (l > 0 ? 3 : 2) * m;
  });
  return { total, conv };
}

/** One conv layer's forward and backward alone, on the activations it sees in training. */
export interface ConvLayerTiming {
  readonly layer: string;
  readonly multiplyAdds: number;
  /** ms per forward + backward, medians over rounds, on the shipped products and the TypeScript kernels alone. */
  readonly auto: number;
  readonly typescript: number;
}

/**
 * Times each conv layer of `p` alone (forward, ∂W, ∂b and, but for the first layer, ∂x), on its
 * input from a forward pass of the network, the two kernel choices alternating, `rounds` rounds of
 * blocks of about `blockMs`.
 */
export function timeConvLayers(p: CnnProblem, rounds: number, blockMs: number): ConvLayerTiming[] {
  const network = cnnNetwork(p);
  const n = p.shape.batch;
  const acts: Float64Array[] = [];
  let a = p.x;
  for (const layer of network.layers) {
    acts.push(a);
    const out = new Float64Array(n * layer.outSize);
    layer.forward(a, n, out, TRAINING);
    if (layer.type === 'conv2d') for (let i = 0; i < out.length; i++) out[i] = Math.max(0, out[i]);
    a = out;
  }
  const result: ConvLayerTiming[] = [];
  network.layers.forEach((layer, l) => {
    if (!(layer instanceof Conv2dLayer)) return;
    const x = acts[l], net = new Float64Array(n * layer.outSize), delta = new Float64Array(n * layer.outSize);
    for (let i = 0; i < delta.length; i++) delta[i] = Math.sin(i);
    const dx = l > 0 ? new Float64Array(n * layer.inSize) : undefined;
    const grads = [new Float64Array(layer.weights.length), new Float64Array(layer.F)];
    const once = () => { layer.forward(x, n, net, TRAINING); layer.backward(x, n, delta, dx, grads, 1 / n); };
    const block = (choice: KernelChoice, reps: number): number => {
      useKernels(choice);
      const t0 = performance.now();
      for (let r = 0; r < reps; r++) once();
      return (performance.now() - t0) / reps;
    };
    for (let w = 0; w < 5; w++) { block('auto', 1); block('typescript', 1); }
    const reps = Math.max(1, Math.round(blockMs / Math.max(block('auto', 3), 1e-3)));
    const auto: number[] = [], ts: number[] = [];
    for (let r = 0; r < rounds; r++) { auto.push(block('auto', reps)); ts.push(block('typescript', reps)); }
    useKernels('auto');
    const m = n * layer.outSize * layer.Q;
    result.push({ layer: `${layer.name} ${layer.inShape.join('×')} → ${layer.F}@${layer.window.kh}×${layer.window.kw}`, multiplyAdds: (l > 0 ? 3 : 2) * m, auto: median(auto), typescript: median(ts) });
  });
  return result;
}

/**
 * The digits-CNN gradient check as the analysis runs it on a larger data set: row (d)'s network on
 * examples/data/digits.csv (pixels / 16, one-hot labels), a seeded subset of `samples` samples, 64
 * entries per tensor at most; `runs` timed checks after two untimed ones.
 */
export function digitsCnnGradCheck(repoRoot: string, runs: number, samples = 32): BudgetResult {
  const text = readFileSync(path.join(repoRoot, 'examples', 'data', 'digits.csv'), 'utf8');
  const lines = text.trim().split(/\r?\n/).slice(1);
  const X = new Float64Array(lines.length * 64), T = new Float64Array(lines.length * 10);
  lines.forEach((line, r) => {
    const v = line.split(',').map(Number);
    for (let c = 0; c < 64; c++) X[r * 64 + c] = v[c] / 16;
    T[r * 10 + v[64]] = 1;
  });
  const data = { inputs: { rows: lines.length, cols: 64, data: X }, targets: { rows: lines.length, cols: 10, data: T } };
  const network = cnnNetwork(makeCnnProblem(CNN_SHAPES[0]));
  let result: GradCheckResult | undefined;
  const run = timeRuns(() => { result = layeredGradientCheck(network, data, 'cross-entropy', { samples }); }, runs, 2);
  return {
    id: 'digits-cnn-gradcheck', label: `Digits CNN (d): gradient check (sampled: ${samples} of ${lines.length} samples, ≤ 64 entries per tensor, float64)`,
    unit: 'ms', budget: 200, relation: '<=', value: run.summary.median, summary: run.summary, pass: run.summary.median <= 200,
    note: `${result?.checked} entries, ${result?.kinks} at a kink, verdict ${result?.status}; first run ${run.firstMs.toFixed(1)} ms`,
  };
}
