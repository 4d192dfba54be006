/**
 * The fused dense path: forward, loss, and backward of a whole network over a batch, on preallocated
 * Float64Array workspaces. This is the engine the product runs; the autodiff in `autodiff/` is the
 * independent reference it is tested against.
 *
 * A batch is processed in chunks of at most `CHUNK_ROWS` samples so memory stays bounded on big data
 * sets; gradients of all chunks accumulate into one set of buffers, scaled by 1/N of the whole batch.
 * Per chunk:
 *   forward   net_l = A_{l−1}·W_lᵀ + b_l, out_l = f_l(net_l)          (A_0 = the inputs)
 *   loss      Σ_n L_n, δ_L = ∂L_n/∂net_L per sample (no 1/N factor)
 *   backward  dW_l += (1/N)·δ_lᵀ·A_{l−1}, db_l += (1/N)·Σ_n δ_l,
 *             δ_{l−1} = f'_{l−1}(net_{l−1}) ⊙ (δ_l·W_l)   (softmax: Jacobian-vector product)
 * While it runs, the first non-finite value is located: op, layer, sample, unit.
 * The three products run on `products.ts`: WebAssembly SIMD for large ones, TypeScript for small ones.
 */
import * as l10n from '@vscode/l10n';
import { activateBackward, activateForward, activationName } from './activations';
import { dotUnit } from './kernels';
import { firstNonFiniteLossTerm, lossSum, outputDelta } from './losses';
import type { Network } from './network';
import { denseBackwardInput, denseBackwardParams, denseForward } from './products';
import type { LossKind } from './spec';
import { ordinal, parameterName } from '../shared/names';

/** Samples processed at once; larger batches are split into chunks of this many rows. */
export const CHUNK_ROWS = 1024;

/**
 * Where the first NaN or ±Infinity appeared.
 * `op` is one of `'input'`, `'matmul'` (W·x overflowed or met a non-finite weight/input),
 * `'bias-add'`, `'activation:<name>'`, `'loss'`, `'backward'` (a delta ∂L_n/∂net) or `'gradient'`
 * (a summed parameter gradient).
 */
export interface NonFiniteReport {
  readonly op: string;
  readonly phase: 'forward' | 'backward';
  /** The layer's name and 0-based index (for `'input'`: the first layer, which reads the inputs). */
  readonly layer: string;
  readonly layerIndex: number;
  /** 0-based sample within the batch; −1 for a summed gradient, which belongs to no one sample. */
  readonly sample: number;
  /** 0-based unit of the layer (for `'input'`: the input feature; for `'gradient'`: the row). */
  readonly unit: number;
  /** For `'gradient'`: which parameter and its index ([row, column] or [unit]). */
  readonly param?: 'weights' | 'bias';
  readonly index?: readonly number[];
  /** The offending value: NaN, Infinity or −Infinity. */
  readonly value: number;
}

/** Gradient buffers, one weights and one bias array per layer, shaped like the parameters. */
export interface GradBuffers {
  readonly weights: Float64Array[];
  readonly bias: Float64Array[];
}

/** Zeroed gradient buffers shaped like `network`'s parameters. */
export function allocGrads(network: Network): GradBuffers {
  return {
    weights: network.layers.map((l) => new Float64Array(l.weights.length)),
    bias: network.layers.map((l) => new Float64Array(l.units)),
  };
}

/** Preallocated per-layer buffers for up to `capacity` samples. Reused from batch to batch. */
export class Workspace {
  readonly net: Float64Array[];
  readonly out: Float64Array[];
  readonly delta: Float64Array[];
  /** Gathered inputs and targets of a mini-batch (when samples are picked by index). */
  readonly inX: Float64Array;
  readonly inT: Float64Array;

  constructor(network: Network, readonly capacity: number) {
    this.net = network.layers.map((l) => new Float64Array(capacity * l.units));
    this.out = network.layers.map((l) => new Float64Array(capacity * l.units));
    this.delta = network.layers.map((l) => new Float64Array(capacity * l.units));
    this.inX = new Float64Array(capacity * network.inputs);
    this.inT = new Float64Array(capacity * network.outputs);
  }

}

const cache = new WeakMap<Network, Workspace>();

/** The network's cached workspace, grown when a batch needs more room (up to `CHUNK_ROWS` rows). */
export function workspaceFor(network: Network, samples: number): Workspace {
  const rows = Math.max(1, Math.min(samples, CHUNK_ROWS));
  let ws = cache.get(network);
  if (!ws || ws.capacity < rows) {
    ws = new Workspace(network, rows);
    cache.set(network, ws);
  }
  return ws;
}

/** Index of the first NaN/±Infinity among the first `len` values, or −1. */
export function firstNonFinite(a: Float64Array, len: number): number {
  for (let i = 0; i < len; i++) {
    const v = a[i];
    if (v - v !== 0) return i;
  }
  return -1;
}

/**
 * Forward pass over the first n rows of `A0` (n × inputs) into `ws.net` / `ws.out`.
 * With `check`, returns where the first non-finite value appeared (sample numbers offset by `sampleOffset`).
 */
export function forwardRows(
  network: Network, ws: Workspace, A0: Float64Array, n: number, check: boolean, sampleOffset = 0,
): NonFiniteReport | undefined {
  let report: NonFiniteReport | undefined;
  const layers = network.layers;
  if (check) {
    const bad = firstNonFinite(A0, n * network.inputs);
    if (bad >= 0) {
      report = {
        op: 'input', phase: 'forward', layer: layers[0].name, layerIndex: 0,
        sample: sampleOffset + Math.floor(bad / network.inputs), unit: bad % network.inputs, value: A0[bad],
      };
    }
  }
  let A = A0;
  for (let l = 0; l < layers.length; l++) {
    const layer = layers[l];
    const net = ws.net[l], out = ws.out[l];
    denseForward(A, n, layer.fanIn, layer.weights, layer.bias, layer.units, net);
    if (check && !report) {
      const bad = firstNonFinite(net, n * layer.units);
      if (bad >= 0) {
        const r = Math.floor(bad / layer.units), u = bad % layer.units;
        const product = dotUnit(A, r, layer.fanIn, layer.weights, u);
        report = {
          op: product - product !== 0 ? 'matmul' : 'bias-add', phase: 'forward',
          layer: layer.name, layerIndex: l, sample: sampleOffset + r, unit: u, value: net[bad],
        };
      }
    }
    activateForward(layer.code, layer.custom, net, out, n, layer.units);
    if (check && !report) {
      const bad = firstNonFinite(out, n * layer.units);
      if (bad >= 0) {
        report = {
          op: `activation:${activationName(layer.activation)}`, phase: 'forward',
          layer: layer.name, layerIndex: l,
          sample: sampleOffset + Math.floor(bad / layer.units), unit: bad % layer.units, value: out[bad],
        };
      }
    }
    A = out;
  }
  return report;
}

/**
 * Backward pass over n rows whose output deltas are already in `ws.delta[last]`: accumulates
 * `scale`·gradients into `grads` (zero them first) and leaves every layer's δ in `ws.delta`.
 */
export function backwardRows(
  network: Network, ws: Workspace, A0: Float64Array, n: number, scale: number,
  grads: GradBuffers, check: boolean, sampleOffset = 0,
): NonFiniteReport | undefined {
  let report: NonFiniteReport | undefined;
  const layers = network.layers;
  for (let l = layers.length - 1; l >= 0; l--) {
    const layer = layers[l];
    const delta = ws.delta[l];
    if (check && !report) {
      const bad = firstNonFinite(delta, n * layer.units);
      if (bad >= 0) {
        report = {
          op: 'backward', phase: 'backward', layer: layer.name, layerIndex: l,
          sample: sampleOffset + Math.floor(bad / layer.units), unit: bad % layer.units, value: delta[bad],
        };
      }
    }
    const A = l === 0 ? A0 : ws.out[l - 1];
    denseBackwardParams(delta, n, layer.units, A, layer.fanIn, scale, grads.weights[l], grads.bias[l]);
    if (l > 0) {
      const prev = layers[l - 1];
      const prevDelta = ws.delta[l - 1];
      denseBackwardInput(delta, n, layer.units, layer.weights, layer.fanIn, prevDelta);
      activateBackward(prev.code, prev.custom, ws.net[l - 1], ws.out[l - 1], prevDelta, n, prev.units);
    }
  }
  return report;
}

/** Where the samples of a batch come from: rows of X/T, all in order or picked by index. */
export interface BatchSource {
  /** N × inputs, row-major. */
  readonly X: Float64Array;
  /** N × K, row-major. */
  readonly T: Float64Array;
  /** Sample indices of the batch; absent: rows `start … start+count−1` in order. */
  readonly rows?: ArrayLike<number>;
  readonly start: number;
  readonly count: number;
}

/** What `runBatch` should do besides the forward pass and the loss. */
export interface BatchOptions {
  /** Accumulate gradients of the batch loss here (zeroed first). Absent: forward and loss only. */
  readonly grads?: GradBuffers;
  /** λ: adds λ·w to every weight gradient (never to biases). */
  readonly weightDecay?: number;
  /** Locate the first non-finite value (default true). */
  readonly check?: boolean;
  /** Called after each chunk with the workspace and the chunk's first sample number (0-based in the batch). */
  readonly onChunk?: (ws: Workspace, first: number, n: number, A0: Float64Array, T0: Float64Array) => void;
}

/** The batch loss and, if one appeared, the first non-finite value. */
export interface BatchResult {
  /** The batch loss L = (1/N) Σ_n L_n. */
  readonly loss: number;
  readonly nonFinite?: NonFiniteReport;
}

/** Forward (and, with `grads`, backward) over one batch, chunk by chunk. */
export function runBatch(
  network: Network, ws: Workspace, src: BatchSource, loss: LossKind, options: BatchOptions = {},
): BatchResult {
  const { grads, onChunk } = options;
  const check = options.check !== false;
  const layers = network.layers;
  const last = layers[layers.length - 1];
  const inputs = network.inputs, K = network.outputs;
  const N = src.count;
  if (N <= 0) throw new Error('a batch needs at least one sample');
  if (grads) {
    for (const g of grads.weights) g.fill(0);
    for (const g of grads.bias) g.fill(0);
  }
  const scale = 1 / N;
  let total = 0;
  let report: NonFiniteReport | undefined;
  for (let first = 0; first < N; first += ws.capacity) {
    const n = Math.min(ws.capacity, N - first);
    let A0: Float64Array, T0: Float64Array;
    if (src.rows) {
      const rows = src.rows;
      for (let i = 0; i < n; i++) {
        const r = rows[src.start + first + i];
        ws.inX.set(src.X.subarray(r * inputs, (r + 1) * inputs), i * inputs);
        ws.inT.set(src.T.subarray(r * K, (r + 1) * K), i * K);
      }
      A0 = ws.inX;
      T0 = ws.inT;
    } else {
      const r0 = src.start + first;
      A0 = src.X.subarray(r0 * inputs, (r0 + n) * inputs);
      T0 = src.T.subarray(r0 * K, (r0 + n) * K);
    }
    const fwd = forwardRows(network, ws, A0, n, check && !report, first);
    report ??= fwd;
    const zL = ws.net[layers.length - 1], oL = ws.out[layers.length - 1];
    const s = lossSum(loss, last.code, zL, oL, T0, n, K);
    if (check && !report && s - s !== 0) {
      const bad = firstNonFiniteLossTerm(loss, last.code, zL, oL, T0, n, K);
      if (bad) {
        report = {
          op: 'loss', phase: 'forward', layer: last.name, layerIndex: last.index,
          sample: first + bad.sample, unit: bad.unit, value: bad.value,
        };
      }
    }
    total += s;
    if (grads) {
      outputDelta(loss, last.code, last.custom, zL, oL, T0, n, K, ws.delta[layers.length - 1]);
      const bwd = backwardRows(network, ws, A0, n, scale, grads, check && !report, first);
      report ??= bwd;
    }
    onChunk?.(ws, first, n, A0, T0);
  }
  if (grads) {
    const lambda = options.weightDecay ?? 0;
    if (lambda !== 0) {
      for (let l = 0; l < layers.length; l++) {
        const g = grads.weights[l], w = layers[l].weights;
        for (let i = 0; i < g.length; i++) g[i] += lambda * w[i];
      }
    }
    if (check && !report) report = firstNonFiniteGradient(network, grads);
  }
  return report ? { loss: total * scale, nonFinite: report } : { loss: total * scale };
}

function firstNonFiniteGradient(network: Network, grads: GradBuffers): NonFiniteReport | undefined {
  for (let l = network.layers.length - 1; l >= 0; l--) {
    const layer = network.layers[l];
    const w = firstNonFinite(grads.weights[l], grads.weights[l].length);
    if (w >= 0) {
      const r = Math.floor(w / layer.fanIn), c = w % layer.fanIn;
      return {
        op: 'gradient', phase: 'backward', layer: layer.name, layerIndex: l, sample: -1, unit: r,
        param: 'weights', index: [r, c], value: grads.weights[l][w],
      };
    }
    const b = firstNonFinite(grads.bias[l], layer.units);
    if (b >= 0) {
      return {
        op: 'gradient', phase: 'backward', layer: layer.name, layerIndex: l, sample: -1, unit: b,
        param: 'bias', index: [b], value: grads.bias[l][b],
      };
    }
  }
  return undefined;
}

/** Plain English: where the first non-finite value appeared. */
export function describeNonFinite(r: NonFiniteReport): string {
  const what = Number.isNaN(r.value) ? l10n.t('NaN (not a number)') : r.value > 0 ? 'Infinity' : '−Infinity';
  if (r.op === 'input') {
    return l10n.t("The first {0} appeared in input feature {1} of sample {2}, before layer '{3}'.", what, ordinal(r.unit), ordinal(r.sample), r.layer);
  }
  if (r.op === 'gradient') {
    return l10n.t('The first {0} appeared in the summed gradient of {1}.', what, parameterName(r.layer, r.param ?? 'undefined', r.index ?? []));
  }
  return l10n.t("The first {0} appeared at {1} of layer '{2}' (sample {3}, unit {4}).", what, r.op, r.layer, ordinal(r.sample), ordinal(r.unit));
}
