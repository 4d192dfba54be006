/**
 * The public face of the fused path: back-propagation over a data set with teaching records,
 * loss evaluation, prediction and accuracy.
 */
import {
  allocGrads, runBatch, workspaceFor, type GradBuffers, type NonFiniteReport, type Workspace,
} from './fused';
import type { Network } from './network';
import type { DataSet, LossKind, Matrix } from './spec';

/** A row-major float64 matrix of `rows × cols` (copies nothing when `data` is given). */
export function matrix(rows: number, cols: number, data?: Float64Array): Matrix {
  if (data && data.length !== rows * cols) {
    throw new Error(`matrix: ${data.length} values cannot fill ${rows}×${cols}`);
  }
  return { rows, cols, data: data ?? new Float64Array(rows * cols) };
}

/** A matrix from nested arrays, `[row][col]`. */
export function matrixFromRows(rows: readonly (readonly number[])[]): Matrix {
  const r = rows.length, c = r === 0 ? 0 : rows[0].length;
  const data = new Float64Array(r * c);
  rows.forEach((row, i) => {
    if (row.length !== c) throw new Error(`matrixFromRows: row ${i} has ${row.length} values, row 0 has ${c}`);
    data.set(row, i * c);
  });
  return { rows: r, cols: c, data };
}

/** The matrix as nested arrays, `[row][col]`. */
export function matrixToRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < m.rows; r++) out.push(Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)));
  return out;
}

/** A data set from nested arrays of inputs and targets. */
export function dataSet(inputs: readonly (readonly number[])[], targets: readonly (readonly number[])[]): DataSet {
  return { inputs: matrixFromRows(inputs), targets: matrixFromRows(targets) };
}

/** Throws a clear error unless `data` fits `network` (input and output widths, equal row counts). */
export function assertDataFits(network: Network, data: DataSet): void {
  const { inputs, targets } = data;
  if (inputs.cols !== network.inputs) {
    throw new Error(`data has ${inputs.cols} input columns but the network takes ${network.inputs} inputs`);
  }
  if (targets.cols !== network.outputs) {
    throw new Error(`data has ${targets.cols} target columns but the network has ${network.outputs} outputs`);
  }
  if (inputs.rows !== targets.rows) {
    throw new Error(`data has ${inputs.rows} input rows but ${targets.rows} target rows`);
  }
  if (inputs.rows === 0) throw new Error('data has no samples');
  if (inputs.data.length !== inputs.rows * inputs.cols || targets.data.length !== targets.rows * targets.cols) {
    throw new Error('data: a matrix holds the wrong number of values for its rows × cols');
  }
}

/** Options of `backprop`. */
export interface BackpropOptions {
  /** Record net/out/delta of the first this-many samples (default 0: no traces). */
  readonly recordSamples?: number;
  /** L2 coefficient λ: adds λ·w to every weight gradient, never to biases (default 0). */
  readonly weightDecay?: number;
  /**
   * Called after each chunk of samples with the workspace (net and out of every layer for samples
   * `first … first+n−1`), so other statistics can share this pass (e.g. the detectors' `UnitActivity`).
   */
  readonly onChunk?: (ws: Workspace, first: number, n: number) => void;
}

/** The gradient of the batch loss with respect to one layer's parameters, shaped like them. */
export interface LayerGradients {
  readonly name: string;
  readonly index: number;
  /** ∂L/∂W, `units × fanIn` row-major, like the layer's weights. */
  readonly weights: Float64Array;
  /** ∂L/∂b, one per unit. */
  readonly bias: Float64Array;
}

/** One layer's per-sample values for the recorded samples, each `samples × units`. */
export interface LayerTrace {
  readonly name: string;
  readonly index: number;
  /** Pre-activation net = W·x + b. */
  readonly net: Matrix;
  /** Activation out = f(net). */
  readonly out: Matrix;
  /** δ = ∂L_n/∂net for sample n's own loss L_n (no 1/N factor). */
  readonly delta: Matrix;
}

/** Everything one back-propagation over a data set computes. */
export interface BackpropResult {
  /** The batch loss L over the data set (mean over samples, as the loss kind defines; no weight decay term). */
  readonly loss: number;
  readonly lossKind: LossKind;
  /** Number of samples N. */
  readonly samples: number;
  /** Network outputs, N × K. */
  readonly outputs: Matrix;
  /** dL/dW and dL/db of every layer (plus λ·w when `weightDecay` is set). */
  readonly gradients: { readonly layers: readonly LayerGradients[] };
  /** Per layer, for the first `recordSamples` samples; absent when none were asked for. */
  readonly traces?: readonly LayerTrace[];
  /** Where the first NaN/Infinity appeared, if one did. */
  readonly nonFinite?: NonFiniteReport;
}

/**
 * Forward and backward pass of the whole data set as one batch: the loss, the outputs, every
 * parameter's gradient, and (for teaching) per-sample net/out/delta of the first samples.
 * The returned arrays are fresh copies: later calls do not change them.
 */
export function backprop(network: Network, data: DataSet, loss: LossKind, options: BackpropOptions = {}): BackpropResult {
  assertDataFits(network, data);
  const N = data.inputs.rows, K = network.outputs;
  const ws = workspaceFor(network, N);
  const grads: GradBuffers = allocGrads(network);
  const R = Math.max(0, Math.min(N, Math.floor(options.recordSamples ?? 0)));
  const traces = R > 0
    ? network.layers.map((l): LayerTrace => ({
      name: l.name, index: l.index,
      net: matrix(R, l.units), out: matrix(R, l.units), delta: matrix(R, l.units),
    }))
    : undefined;
  const outputs = matrix(N, K);
  const last = network.layers.length - 1;
  const result = runBatch(network, ws, { X: data.inputs.data, T: data.targets.data, start: 0, count: N }, loss, {
    grads,
    weightDecay: options.weightDecay ?? 0,
    onChunk: (w: Workspace, first: number, n: number) => {
      outputs.data.set(w.out[last].subarray(0, n * K), first * K);
      if (traces && first < R) {
        const rows = Math.min(n, R - first);
        traces.forEach((t, l) => {
          const u = network.layers[l].units;
          t.net.data.set(w.net[l].subarray(0, rows * u), first * u);
          t.out.data.set(w.out[l].subarray(0, rows * u), first * u);
          t.delta.data.set(w.delta[l].subarray(0, rows * u), first * u);
        });
      }
      options.onChunk?.(w, first, n);
    },
  });
  const res: BackpropResult = {
    loss: result.loss,
    lossKind: loss,
    samples: N,
    outputs,
    gradients: {
      layers: network.layers.map((l, i) => ({ name: l.name, index: l.index, weights: grads.weights[i], bias: grads.bias[i] })),
    },
    ...(traces ? { traces } : {}),
    ...(result.nonFinite ? { nonFinite: result.nonFinite } : {}),
  };
  return res;
}

/** The loss L of the data set as one batch, at the network's current parameters (forward only). */
export function evaluateLoss(network: Network, data: DataSet, loss: LossKind): number {
  assertDataFits(network, data);
  const ws = workspaceFor(network, data.inputs.rows);
  return runBatch(network, ws, { X: data.inputs.data, T: data.targets.data, start: 0, count: data.inputs.rows }, loss, { check: false }).loss;
}

/** The network's outputs for every row of `inputs` (N × inputs), as an N × K matrix. */
export function predict(network: Network, inputs: Matrix): Matrix {
  if (inputs.cols !== network.inputs) {
    throw new Error(`predict: inputs have ${inputs.cols} columns but the network takes ${network.inputs}`);
  }
  const N = inputs.rows, K = network.outputs;
  const out = matrix(N, K);
  if (N === 0) return out;
  const ws = workspaceFor(network, N);
  const last = network.layers.length - 1;
  runBatch(network, ws, { X: inputs.data, T: new Float64Array(N * K), start: 0, count: N }, 'squared', {
    check: false,
    onChunk: (w, first, n) => out.data.set(w.out[last].subarray(0, n * K), first * K),
  });
  return out;
}

/**
 * True when the targets look like class labels: with K > 1 outputs every row is one-hot
 * (all 0 except a single 1); with one output every target is 0 or 1.
 */
export function isClassification(targets: Matrix): boolean {
  const { rows, cols, data } = targets;
  if (rows === 0) return false;
  for (let r = 0; r < rows; r++) {
    let ones = 0;
    for (let k = 0; k < cols; k++) {
      const t = data[r * cols + k];
      if (t === 1) ones++;
      else if (t !== 0) return false;
    }
    if (cols > 1 && ones !== 1) return false;
  }
  return true;
}

/**
 * How many of `n` rows of outputs `O` (n × K) are classified correctly against targets `T`: the
 * arg-max output matches the one-hot target (K > 1; the first of equal outputs wins), or the output
 * thresholded at 0.5 matches the 0/1 target (K = 1).
 */
export function countCorrect(O: Float64Array, T: Float64Array, n: number, K: number): number {
  let correct = 0;
  for (let r = 0; r < n; r++) {
    const off = r * K;
    if (K === 1) {
      if ((O[off] >= 0.5 ? 1 : 0) === T[off]) correct++;
    } else {
      let best = 0;
      for (let k = 1; k < K; k++) if (O[off + k] > O[off + best]) best = k;
      if (T[off + best] === 1) correct++;
    }
  }
  return correct;
}

/**
 * Fraction of samples classified correctly: the arg-max output matches the one-hot target (K > 1),
 * or the output thresholded at 0.5 matches the 0/1 target (K = 1).
 * `undefined` when the targets do not look like classes (see `isClassification`).
 */
export function accuracy(network: Network, data: DataSet): number | undefined {
  assertDataFits(network, data);
  if (!isClassification(data.targets)) return undefined;
  const out = predict(network, data.inputs);
  return countCorrect(out.data, data.targets.data, data.targets.rows, data.targets.cols) / data.targets.rows;
}

/** The loss of a data set and, when its targets are classes, the accuracy: one forward pass for both. */
export interface Evaluation {
  /** Exactly `evaluateLoss(network, data, loss)`. */
  readonly loss: number;
  /** Exactly `accuracy(network, data)`; absent when the targets are not classes. */
  readonly accuracy?: number;
}

/**
 * `evaluateLoss` and `accuracy` in one forward pass (chunk by chunk, on the network's cached
 * workspace). Pass `classification` when it is known, to skip scanning the targets.
 */
export function evaluate(network: Network, data: DataSet, loss: LossKind, classification = isClassification(data.targets)): Evaluation {
  assertDataFits(network, data);
  const N = data.inputs.rows, K = network.outputs;
  const last = network.layers.length - 1;
  const T = data.targets.data;
  let correct = 0;
  const result = runBatch(network, workspaceFor(network, N), { X: data.inputs.data, T, start: 0, count: N }, loss, {
    check: false,
    onChunk: classification
      ? (w, first, n) => { correct += countCorrect(w.out[last], T.subarray(first * K, (first + n) * K), n, K); }
      : undefined,
  });
  return classification ? { loss: result.loss, accuracy: correct / N } : { loss: result.loss };
}
