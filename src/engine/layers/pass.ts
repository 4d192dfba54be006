/**
 * Forward, loss and backward of a layered network over one batch of N samples, on preallocated
 * buffers (the whole batch at once: batch norm needs every sample of it).
 *
 *   forward   net_l = op_l(out_{l−1}), out_l = f_l(net_l)      (out_{−1} = the inputs; layers
 *             without an activation share one buffer for net and out)
 *   loss      L = (1/N) Σ_n L_n (losses.ts, with the last layer's activation as output activation)
 *   backward  δ_last = ∂L_n/∂net per sample (losses.ts); for l = last … 0:
 *             grads_l += (1/N)·∂/∂θ_l, and for l > 0: d = op_l backward(δ_l), δ_{l−1} = f′_{l−1} ⊙ d
 *             (softmax: its Jacobian-vector product)
 *   weight decay λ adds λ·w to the gradients of dense and conv weights (never to biases, γ or β).
 * While it runs, the first non-finite value is located (layer, sample, index within the sample).
 */
import { activateBackward, activateForward, activationName, ACT_LINEAR } from '../activations';
import { firstNonFinite, type NonFiniteReport } from '../fused';
import { firstNonFiniteLossTerm, lossSum, outputDelta } from '../losses';
import type { DataSet, LossKind } from '../spec';
import { EVALUATION, TRAINING, type PassMode } from './layer';
import type { LayeredNetwork } from './network';

/** Per-layer buffers for up to `capacity` samples. */
export class LayeredWorkspace {
  readonly net: Float64Array[];
  readonly out: Float64Array[];
  readonly delta: Float64Array[];

  constructor(network: LayeredNetwork, readonly capacity: number) {
    this.net = network.layers.map((l) => new Float64Array(capacity * l.outSize));
    this.out = network.layers.map((l, i) => (l.code === ACT_LINEAR && l.activation === undefined ? this.net[i] : new Float64Array(capacity * l.outSize)));
    this.delta = network.layers.map((l) => new Float64Array(capacity * l.outSize));
    for (const l of network.layers) l.reserve(capacity);
  }
}

const cache = new WeakMap<LayeredNetwork, LayeredWorkspace>();

/** The network's cached workspace, grown when a batch needs more room. */
export function layeredWorkspaceFor(network: LayeredNetwork, samples: number): LayeredWorkspace {
  let ws = cache.get(network);
  if (!ws || ws.capacity < samples) {
    ws = new LayeredWorkspace(network, Math.max(1, samples));
    cache.set(network, ws);
  }
  return ws;
}

/** What `runLayeredBatch` should do besides the forward pass and the loss. */
export interface LayeredBatchOptions {
  /** Training (default) or evaluation mode, and whether statistics and masks may change. */
  readonly mode?: PassMode;
  /** Accumulate gradients here (zeroed first): one array per parameter, per layer. */
  readonly grads?: Float64Array[][];
  readonly weightDecay?: number;
  /** Locate the first non-finite value (default true). */
  readonly check?: boolean;
}

export interface LayeredBatchResult {
  readonly loss: number;
  readonly nonFinite?: NonFiniteReport;
}

/**
 * Forward over n samples of X (n × inputs): fills ws.net / ws.out. With `from` > 0 it starts at that
 * layer and reads the previous layer's output already in ws (the gradient check nudges one layer's
 * parameters and recomputes only from there).
 */
export function layeredForward(
  network: LayeredNetwork, ws: LayeredWorkspace, X: Float64Array, n: number, mode: PassMode, check = false, from = 0,
): NonFiniteReport | undefined {
  let report: NonFiniteReport | undefined;
  const layers = network.layers;
  if (check && from === 0) {
    const bad = firstNonFinite(X, n * network.inputs);
    if (bad >= 0) {
      report = {
        op: 'input', phase: 'forward', layer: layers[0].name, layerIndex: 0,
        sample: Math.floor(bad / network.inputs), unit: bad % network.inputs, value: X[bad],
      };
    }
  }
  let A = from === 0 ? X : ws.out[from - 1];
  for (let l = from; l < layers.length; l++) {
    const layer = layers[l];
    const net = ws.net[l], out = ws.out[l], size = layer.outSize;
    layer.forward(A, n, net, mode);
    if (check && !report) report = locate(net, n, size, layer.type, 'forward', layer.name, l);
    if (out !== net) {
      activateForward(layer.code, layer.custom, net, out, n, size);
      if (check && !report && layer.activation !== undefined) {
        report = locate(out, n, size, `activation:${activationName(layer.activation)}`, 'forward', layer.name, l);
      }
    }
    A = out;
  }
  return report;
}

function locate(a: Float64Array, n: number, size: number, op: string, phase: 'forward' | 'backward', layer: string, layerIndex: number): NonFiniteReport | undefined {
  const bad = firstNonFinite(a, n * size);
  if (bad < 0) return undefined;
  return { op, phase, layer, layerIndex, sample: Math.floor(bad / size), unit: bad % size, value: a[bad] };
}

/**
 * Backward over n samples whose output deltas are in ws.delta[last]: accumulates scale·gradients
 * into `grads` and leaves every layer's δ in ws.delta.
 */
export function layeredBackward(
  network: LayeredNetwork, ws: LayeredWorkspace, X: Float64Array, n: number, scale: number,
  grads: Float64Array[][], check = false,
): NonFiniteReport | undefined {
  let report: NonFiniteReport | undefined;
  const layers = network.layers;
  for (let l = layers.length - 1; l >= 0; l--) {
    const layer = layers[l];
    if (check && !report) report = locate(ws.delta[l], n, layer.outSize, 'backward', 'backward', layer.name, l);
    const A = l === 0 ? X : ws.out[l - 1];
    const prev = l > 0 ? layers[l - 1] : undefined;
    const dx = prev ? ws.delta[l - 1] : undefined;
    layer.backward(A, n, ws.delta[l], dx, grads[l], scale);
    if (prev && dx && ws.out[l - 1] !== ws.net[l - 1]) {
      activateBackward(prev.code, prev.custom, ws.net[l - 1], ws.out[l - 1], dx, n, prev.outSize);
    }
  }
  return report;
}

/** The batch loss of the outputs a forward pass left in ws (n samples, targets T). */
export function layeredLossOf(network: LayeredNetwork, ws: LayeredWorkspace, T: Float64Array, n: number, loss: LossKind): number {
  const L = network.layers.length, last = network.layers[L - 1];
  return lossSum(loss, last.code, ws.net[L - 1], ws.out[L - 1], T, n, last.outSize) / n;
}

/** Forward, loss and (with `grads`) backward of one batch: the samples of X and T, all of them. */
export function runLayeredBatch(
  network: LayeredNetwork, ws: LayeredWorkspace, X: Float64Array, T: Float64Array, n: number, loss: LossKind,
  options: LayeredBatchOptions = {},
): LayeredBatchResult {
  if (n <= 0) throw new Error('a batch needs at least one sample');
  if (ws.capacity < n) throw new Error(`workspace holds ${ws.capacity} samples, the batch has ${n}`);
  const check = options.check !== false;
  const mode = options.mode ?? TRAINING;
  const { grads } = options;
  const layers = network.layers;
  const L = layers.length, last = layers[L - 1], K = last.outSize;
  let report = layeredForward(network, ws, X, n, mode, check);
  const z = ws.net[L - 1], o = ws.out[L - 1];
  const total = lossSum(loss, last.code, z, o, T, n, K);
  if (check && !report && total - total !== 0) {
    const bad = firstNonFiniteLossTerm(loss, last.code, z, o, T, n, K);
    if (bad) report = { op: 'loss', phase: 'forward', layer: last.name, layerIndex: L - 1, sample: bad.sample, unit: bad.unit, value: bad.value };
  }
  if (grads) {
    for (const g of grads) for (const a of g) a.fill(0);
    outputDelta(loss, last.code, last.custom, z, o, T, n, K, ws.delta[L - 1]);
    report ??= layeredBackward(network, ws, X, n, 1 / n, grads, check && !report);
    const lambda = options.weightDecay ?? 0;
    if (lambda !== 0) {
      layers.forEach((layer, l) => {
        if (layer.type !== 'dense' && layer.type !== 'conv2d') return;
        const w = layer.params[0].values, g = grads[l][0];
        for (let i = 0; i < g.length; i++) g[i] += lambda * w[i];
      });
    }
    if (check && !report) {
      for (let l = L - 1; l >= 0 && !report; l--) {
        layers[l].params.forEach((p, k) => {
          const bad = firstNonFinite(grads[l][k], grads[l][k].length);
          if (bad >= 0 && !report) {
            report = {
              op: 'gradient', phase: 'backward', layer: layers[l].name, layerIndex: l, sample: -1, unit: bad,
              param: p.name, index: [bad], value: grads[l][k][bad],
            };
          }
        });
      }
    }
  }
  return report ? { loss: total / n, nonFinite: report } : { loss: total / n };
}

/** Everything one training-mode pass over a data set computes (arrays are fresh copies). */
export interface LayeredBackpropResult {
  readonly loss: number;
  readonly samples: number;
  /** N × K network outputs. */
  readonly outputs: Float64Array;
  /** Per layer, per parameter (weights, bias): ∂L/∂θ. */
  readonly gradients: readonly (readonly Float64Array[])[];
  /** Per layer, N × outSize: net, out, δ = N·∂L/∂net. */
  readonly net: readonly Float64Array[];
  readonly out: readonly Float64Array[];
  readonly delta: readonly Float64Array[];
  readonly nonFinite?: NonFiniteReport;
}

/** One pass over the whole data set as one batch (training mode unless `mode` says otherwise). */
export function layeredBackprop(
  network: LayeredNetwork, data: DataSet, loss: LossKind,
  options: { readonly mode?: PassMode; readonly weightDecay?: number } = {},
): LayeredBackpropResult {
  assertLayeredDataFits(network, data);
  const N = data.inputs.rows;
  const ws = layeredWorkspaceFor(network, N);
  const grads = network.allocGrads();
  const res = runLayeredBatch(network, ws, data.inputs.data, data.targets.data, N, loss, { ...options, grads });
  const L = network.layers.length;
  const copy = (a: Float64Array, l: number): Float64Array => a.slice(0, N * network.layers[l].outSize);
  return {
    loss: res.loss, samples: N,
    outputs: copy(ws.out[L - 1], L - 1),
    gradients: grads,
    net: ws.net.map(copy), out: ws.out.map(copy), delta: ws.delta.map(copy),
    ...(res.nonFinite ? { nonFinite: res.nonFinite } : {}),
  };
}

/** The loss in evaluation mode (dropout off, batch norm on running statistics). */
export function layeredEvaluateLoss(network: LayeredNetwork, data: DataSet, loss: LossKind, mode: PassMode = EVALUATION): number {
  assertLayeredDataFits(network, data);
  const N = data.inputs.rows;
  return runLayeredBatch(network, layeredWorkspaceFor(network, N), data.inputs.data, data.targets.data, N, loss, { mode, check: false }).loss;
}

/** Throws a clear error unless `data` fits `network`. */
export function assertLayeredDataFits(network: LayeredNetwork, data: DataSet): void {
  const { inputs, targets } = data;
  if (inputs.cols !== network.inputs) {
    throw new Error(`data has ${inputs.cols} input columns but the network takes ${network.inputs} inputs ([${network.inputShape.join(', ')}])`);
  }
  if (targets.cols !== network.outputs) throw new Error(`data has ${targets.cols} target columns but the network has ${network.outputs} outputs`);
  if (inputs.rows !== targets.rows) throw new Error(`data has ${inputs.rows} input rows but ${targets.rows} target rows`);
  if (inputs.rows === 0) throw new Error('data has no samples');
}
