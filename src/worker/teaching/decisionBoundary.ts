/**
 * The decision boundary: the network's output over a plane of two input features, the others held.
 *
 *   x⁽ᵍ⁾ = held, with x⁽ᵍ⁾[a] = xa, x⁽ᵍ⁾[b] = yb for every cell centre (xa, yb) of an n × n grid
 *   output(x⁽ᵍ⁾) = the engine's forward pass (`predict`) of every cell at once
 *   first-layer unit u: net_u = Σ_j W[u, j]·x_j + b_u = wx·x + wy·y + c,
 *     wx = W[u, a], wy = W[u, b], c = b_u + Σ_{j ∉ {a, b}} W[u, j]·held_j;  its line is net_u = 0
 *     and its picture f(net_u) on a coarser grid (the first layer's own forward pass).
 *
 * A layered network (model file 1.1) of two inputs is drawn the same way, its output from the layered
 * forward pass in evaluation mode (dropout passes everything, batch norm uses its running statistics:
 * what the network answers once trained); its units are its first layer's when that layer is dense.
 * Image inputs ([C, H, W]) have no plane of two features: refused.
 *
 * Resolution by a cost model, not a clock: a redraw costs about n² · F multiply-adds for a network of
 * F = Σ units·fanIn per sample (layered: Σ over layers of weights·outSize/outShape[0] + outSize), so
 * n = ⌊√(BUDGET / F)⌋ clamped to [MIN, MAX]. BUDGET is chosen so that the examples' largest network
 * stays well under 30 ms in the worker (bench, not tests, measures it).
 */
import {
  ALL_TRAINABLE, DenseLayer, DenseLayerOp, EVALUATION, LayeredNetwork, LayeredWorkspace, Network, isClassification, layeredForward, matrix, predict, type DataSet,
} from '../../engine';
import type { BoundaryGrid, BoundaryKind, BoundaryOptions, BoundaryPoint, BoundaryUnit } from '../../shared/teachingViews';

/** Multiply-adds one redraw may cost (output grid and unit pictures together). */
export const BOUNDARY_FLOP_BUDGET = 2_000_000;
export const MIN_RESOLUTION = 12;
export const MAX_RESOLUTION = 96;
/** Each unit's own picture is at most this many cells a side. */
export const MAX_UNIT_RESOLUTION = 32;

/** A network the boundary can draw: dense, or layered (model file 1.1). */
export type BoundaryNetwork = Network | LayeredNetwork;

/** Multiply-adds of one sample's forward pass: Σ units·fanIn (+ units for the biases). */
export function forwardCost(network: Network): number {
  return network.layers.reduce((s, l) => s + l.units * (l.fanIn + 1), 0);
}

/**
 * Multiply-adds of one layered sample, about: each output value of a layer with weights costs one
 * filter or row of them (weights / outShape[0]), and every output value one more (bias, pooling, copy).
 */
export function layeredForwardCost(network: LayeredNetwork): number {
  return network.layers.reduce((s, l) => s + (l.params.length > 0 ? (l.params[0].values.length / l.outShape[0]) * l.outSize : 0) + l.outSize, 0);
}

/** The grid's side for a network, from the cost model: n² · F ≤ BUDGET. */
export function boundaryResolution(network: BoundaryNetwork, budget = BOUNDARY_FLOP_BUDGET): number {
  const cost = network instanceof LayeredNetwork ? layeredForwardCost(network) : forwardCost(network);
  const n = Math.floor(Math.sqrt(budget / Math.max(1, cost)));
  return Math.max(MIN_RESOLUTION, Math.min(MAX_RESOLUTION, n));
}

export interface BoundaryData {
  readonly train: DataSet;
  readonly test?: DataSet;
  readonly featureNames?: readonly string[];
}

function featureRange(sets: readonly DataSet[], feature: number): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const d of sets) {
    const { rows, cols, data } = d.inputs;
    for (let r = 0; r < rows; r++) { const v = data[r * cols + feature]; if (v < lo) lo = v; if (v > hi) hi = v; }
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [-1, 1];
  if (lo === hi) return [lo - 1, hi + 1];
  const pad = 0.15 * (hi - lo);
  return [lo - pad, hi + pad];
}

/** The inputs at which the plane is cut: the training means, or one training sample. */
export function heldInputs(train: DataSet, hold: BoundaryOptions['hold']): number[] {
  const { rows, cols, data } = train.inputs;
  if (hold.kind === 'sample') {
    const r = Math.min(Math.max(0, hold.sample), rows - 1);
    return Array.from(data.subarray(r * cols, (r + 1) * cols));
  }
  const mean = new Array<number>(cols).fill(0);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) mean[c] += data[r * cols + c];
  return mean.map((s) => s / rows);
}

/** The cell centres of an n × n grid as an (n²) × inputs matrix (row 0 at the bottom, x fastest). */
export function gridInputs(held: readonly number[], a: number, b: number, xRange: readonly [number, number], yRange: readonly [number, number], n: number): Float64Array {
  const I = held.length;
  const X = new Float64Array(n * n * I);
  const dx = (xRange[1] - xRange[0]) / n, dy = (yRange[1] - yRange[0]) / n;
  for (let i = 0; i < n; i++) {
    const y = yRange[0] + (i + 0.5) * dy;
    for (let j = 0; j < n; j++) {
      const row = (i * n + j) * I;
      for (let c = 0; c < I; c++) X[row + c] = held[c];
      X[row + a] = xRange[0] + (j + 0.5) * dx;
      X[row + b] = y;
    }
  }
  return X;
}

function rangeOf(values: readonly number[]): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) { if (v < lo) lo = v; if (v > hi) hi = v; }
  return Number.isFinite(lo) ? [lo, hi] : [0, 0];
}

function argmax(row: ArrayLike<number>, from: number, k: number): number {
  let best = 0;
  for (let j = 1; j < k; j++) if (row[from + j] > row[from + best]) best = j;
  return best;
}

/**
 * The network's outputs for `rows` inputs of X (rows × inputs): `predict` for a dense network, the
 * layered forward pass in evaluation mode on a workspace of its own. That pass still writes the layer
 * ops' scratch state (dropout, batch norm), so a layered network passed here is a copy no one else
 * reads (the callers in src/worker/teachingRequests.ts pass `session.copy(network)`), never the session's.
 */
export function boundaryOutputs(network: BoundaryNetwork, X: Float64Array, rows: number): Float64Array {
  if (!(network instanceof LayeredNetwork)) return predict(network, matrix(rows, network.inputs, X)).data;
  const ws = new LayeredWorkspace(network, rows);
  layeredForward(network, ws, X, rows, EVALUATION);
  return ws.out[network.layers.length - 1];
}

function outputKind(network: BoundaryNetwork, train: DataSet): BoundaryKind {
  if (!isClassification(train.targets)) return 'regression';
  return network.outputs === 1 ? 'binary' : 'classes';
}

function pointsOf(network: BoundaryNetwork, d: DataSet, set: 'train' | 'test', a: number, b: number, kind: BoundaryKind): BoundaryPoint[] {
  const { rows, cols, data } = d.inputs;
  const K = d.targets.cols, T = d.targets.data;
  const Y = boundaryOutputs(network, data, rows);
  return Array.from({ length: rows }, (_, r) => ({
    x: data[r * cols + a],
    y: data[r * cols + b],
    label: kind === 'classes' ? argmax(T, r * K, K) : T[r * K],
    output: kind === 'classes' ? argmax(Y, r * K, K) : Y[r * K],
    set,
  }));
}

/**
 * The first layer alone, as a dense network of its own (its outputs are f(net) of its units); for a
 * layered network only when its first layer is dense (a conv, batch norm or dropout first has no lines).
 */
function firstLayerNetwork(network: BoundaryNetwork): Network | undefined {
  if (!(network instanceof LayeredNetwork)) {
    const l = network.layers[0];
    return new Network(network.inputs, [new DenseLayer(l.name, 0, l.units, l.fanIn, l.activation, l.weights, l.bias, l.trainable)], network.seed);
  }
  const l = network.layers[0];
  if (!(l instanceof DenseLayerOp) || network.inputShape.length !== 1) return undefined;
  return new Network(network.inputs, [new DenseLayer(l.name, 0, l.units, network.inputs, l.activation, l.weights, l.bias, ALL_TRAINABLE)], network.seed);
}

function units(network: BoundaryNetwork, held: readonly number[], a: number, b: number, xRange: readonly [number, number], yRange: readonly [number, number]): { units: BoundaryUnit[]; resolution: number } {
  const first = firstLayerNetwork(network);
  if (network.layers.length < 2 || !first) return { units: [], resolution: 0 };
  const layer = first.layers[0];
  const m = Math.max(8, Math.min(MAX_UNIT_RESOLUTION, boundaryResolution(first, BOUNDARY_FLOP_BUDGET / 4)));
  const out = predict(first, matrix(m * m, network.inputs, gridInputs(held, a, b, xRange, yRange, m)));
  const list = Array.from({ length: layer.units }, (_, u): BoundaryUnit => {
    let c = layer.bias[u];
    for (let j = 0; j < layer.fanIn; j++) if (j !== a && j !== b) c += layer.weight(u, j) * held[j];
    const values = Array.from({ length: m * m }, (_, k) => out.data[k * layer.units + u]);
    return { unit: u, wx: layer.weight(u, a), wy: layer.weight(u, b), c, values, range: rangeOf(values) };
  });
  return { units: list, resolution: m };
}

/**
 * The boundary grid of `network` over features `xFeature` and `yFeature`.
 * @throws Error when the network has fewer than two inputs, image inputs, or a feature is out of range.
 */
export function decisionBoundary(network: BoundaryNetwork, data: BoundaryData, options: BoundaryOptions, meta: { step: number; source: 'session' | 'stepThrough' }): BoundaryGrid {
  const I = network.inputs;
  if (network instanceof LayeredNetwork && network.inputShape.length !== 1) {
    throw new Error(`the decision boundary is drawn over two input features; this model's inputs are an image (${network.inputShape.join('×')})`);
  }
  if (I < 2) throw new Error(`the decision boundary needs two inputs; this model has ${I}`);
  const a = options.xFeature, b = options.yFeature;
  if (!(a >= 0 && a < I && b >= 0 && b < I && a !== b)) throw new Error(`choose two different inputs between 1 and ${I}`);
  const sets = data.test ? [data.train, data.test] : [data.train];
  const xRange = featureRange(sets, a), yRange = featureRange(sets, b);
  const held = heldInputs(data.train, options.hold);
  const n = boundaryResolution(network);
  const out = { data: boundaryOutputs(network, gridInputs(held, a, b, xRange, yRange, n), n * n) };
  const K = network.outputs;
  const kind = outputKind(network, data.train);
  const values: number[] = new Array(n * n);
  let strength: number[] | undefined;
  if (kind === 'classes') {
    strength = new Array(n * n);
    for (let k = 0; k < n * n; k++) { const c = argmax(out.data, k * K, K); values[k] = c; strength[k] = out.data[k * K + c]; }
  } else {
    for (let k = 0; k < n * n; k++) values[k] = out.data[k * K];
  }
  const points = [...pointsOf(network, data.train, 'train', a, b, kind), ...(data.test ? pointsOf(network, data.test, 'test', a, b, kind) : [])];
  const hidden = units(network, held, a, b, xRange, yRange);
  const name = (f: number) => data.featureNames?.[f] ?? `input ${f + 1}`;
  return {
    options, xName: name(a), yName: name(b), xRange, yRange, resolution: n, kind, outputs: K, values,
    ...(strength ? { strength } : {}),
    range: kind === 'classes' ? [0, K - 1] : rangeOf(values),
    points, layerName: network.layers[0].name, units: hidden.units, unitResolution: hidden.resolution, held,
    step: meta.step, source: meta.source,
    ...(network instanceof LayeredNetwork ? { evaluationMode: true as const } : {}),
  };
}
