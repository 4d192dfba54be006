/**
 * The gradient check of docs/spec/report-json-v1.md: every parameter tensor's analytic gradient
 * (from the fused back-propagation) against central differences of the fused forward pass, in
 * float64, on the loss over the given batch, with regularisation off.
 *
 * - numeric = (L(θ + h) − L(θ − h)) / 2h, default h = 1e-6. The difference is taken sample by sample,
 *   Σ_n (L_n(θ + h) − L_n(θ − h)) / (2hN), so the unaffected samples cancel exactly.
 * - relative error |a − n| / max(|a|, |n|, 1e-8); an entry passes at ≤ 1e-5 (≤ 1e-7 is excellent),
 *   warns above 1e-5, fails above 1e-2; `status` is the worst entry's. Thresholds are options.
 * - precision: where back-propagation and the estimate disagree by no more than the loss's rounding
 *   explains (tiny gradients, as in a vanishing layer), the entry is measured again with h = 1e-3 and
 *   h = 5e-4, combined by Richardson's extrapolation ((4·D(h/2) − D(h)) / 3, error O(h⁴)).
 * - kinks: when the on/off pattern (net > 0) of any relu or leaky-relu unit differs between the +h and
 *   −h passes, the finite difference straddles a kink; the entry is marked `kink: true` and does not
 *   count towards `status` or `maxRelError`.
 * - a tensor with more than `maxEntriesPerTensor` entries is checked on a seeded sample of that many
 *   entries (stream `gradcheck:<layer index>:<weights|bias>` of the seed), in ascending index order.
 * - samples: with `samples` S < N, the check differentiates the loss of a seeded subset of S samples
 *   (stream `gradcheck:samples`, ascending), L_S = (1/S) Σ_{n∈S} L_n: the analytic gradient is
 *   back-propagation's gradient of L_S and the numeric one central differences of L_S, so the
 *   comparison stays exact. `affordableGradCheckSamples` picks S for a model's size.
 * - speed: perturbing a parameter of layer l's unit u changes only column u of layer l's net, and a weight
 *   (u, c) only for the samples whose input c is not 0. The check recomputes only those samples, from
 *   layer l on (never the layers before l): layer l's net as base + Δθ·input, the next layer's net as
 *   base + W[:, u]·Δout (one column instead of a full product), the rest in full. The other samples'
 *   losses would cancel exactly. With a combined loss the output activation is skipped, and softmax +
 *   cross-entropy reuses the base pass's exponentials (see `softmaxCrossEntropyRows`).
 */
import { activateForward, ACT_SOFTMAX, isReluType, softmaxRow } from './activations';
import { relativeError } from '../shared/relativeError';
import { assertDataFits } from './backprop';
import { allocGrads, runBatch, Workspace } from './fused';
import { denseForward } from './kernels';
import { isCombined, lossSum, lossTerm } from './losses';
import type { Network } from './network';
import { createRng } from './rng';
import type { DataSet, LossKind } from './spec';
import { DEFAULT_THRESHOLDS } from './thresholds';

/** The verdict on an entry or a whole check. */
export type GradCheckStatus = 'pass' | 'warn' | 'fail';

/** Relative-error thresholds of the gradient check (defaults from `DEFAULT_THRESHOLDS`). */
export interface GradCheckThresholds {
  /** At or below: excellent (default 1e-7). */
  readonly excellent: number;
  /** At or below: pass; above: warn (default 1e-5). */
  readonly pass: number;
  /** Above: fail (default 1e-2). */
  readonly fail: number;
}

/** The gradient-check part of `DEFAULT_THRESHOLDS`. */
export const DEFAULT_GRADCHECK_THRESHOLDS: GradCheckThresholds = Object.freeze({
  excellent: DEFAULT_THRESHOLDS.gradCheckExcellent,
  pass: DEFAULT_THRESHOLDS.gradCheckPass,
  fail: DEFAULT_THRESHOLDS.gradCheckFail,
});

/** Default number of entries checked per parameter tensor before sampling kicks in. */
export const DEFAULT_MAX_ENTRIES_PER_TENSOR = 64;
/** Default central-difference step h. */
export const DEFAULT_GRADCHECK_EPS = 1e-6;

/** Relative rounding a per-sample loss may carry (float64 ε = 2⁻⁵², times a margin for the passes behind it). */
const LOSS_ROUNDING = 64 * 2 ** -52;
/** The larger step of the retry for entries limited by the loss's rounding (see gradientCheck). */
const PRECISION_RETRY_STEP = 1e-3;

/** Options of `gradientCheck`; every field has a default. */
export interface GradCheckOptions {
  /** Central-difference step h (default 1e-6). */
  readonly eps?: number;
  /** Tensors with more entries are checked on a seeded sample of this many (default 64). */
  readonly maxEntriesPerTensor?: number;
  readonly thresholds?: Partial<GradCheckThresholds>;
  /** Seed of the entry sample and of the sample subset (default: the network's seed). */
  readonly seed?: number;
  /** Check the loss of a seeded subset of this many samples (default: all of them). */
  readonly samples?: number;
}

/** One checked parameter entry: the analytic and numerical derivatives side by side. */
export interface GradCheckEntry {
  readonly layer: string;
  readonly layerIndex: number;
  readonly param: 'weights' | 'bias';
  /** [row, column] for weights (row = unit), [unit] for bias. */
  readonly index: number[];
  readonly analytic: number;
  readonly numeric: number;
  readonly relError: number;
  /** A relu-type kink lies within ±h: the numeric value is meaningless and the entry is not judged. */
  readonly kink: boolean;
  /** This entry's own verdict ('pass' for a kink). */
  readonly status: GradCheckStatus;
}

/** The outcome of a gradient check, in the shape of report-json-v1's `gradcheck`. */
export interface GradCheckResult {
  /** The worst verdict over the entries without a kink. */
  readonly status: GradCheckStatus;
  /** True when every entry without a kink is at or below the `excellent` threshold. */
  readonly excellent: boolean;
  /** The largest relative error over the entries without a kink (0 when there are none; NaN if any is NaN). */
  readonly maxRelError: number;
  /** Number of parameter entries compared. */
  readonly checked: number;
  /** How many of them straddle a kink. */
  readonly kinks: number;
  readonly eps: number;
  readonly thresholds: GradCheckThresholds;
  readonly entries: GradCheckEntry[];
  /** Samples whose loss was differentiated (N when all of them). */
  readonly samples: number;
  /** When a subset: which samples (0-based, ascending). */
  readonly sampleIndices?: number[];
}

/** |a − n| / max(|a|, |n|, 1e-8) (src/shared/relativeError.ts). */
export function relError(analytic: number, numeric: number): number {
  return relativeError(analytic, numeric);
}

/** The verdict on one relative error; NaN fails. */
export function gradCheckVerdict(rel: number, t: GradCheckThresholds = DEFAULT_GRADCHECK_THRESHOLDS): GradCheckStatus {
  if (rel <= t.pass) return 'pass';
  if (rel <= t.fail) return 'warn';
  return 'fail';
}

/** `count` distinct indices of [0, size), seeded, ascending (all of them when count ≥ size). */
export function sampleIndices(size: number, count: number, seed: number, stream: string): number[] {
  if (count >= size) return Array.from({ length: size }, (_, i) => i);
  const rng = createRng(seed, stream);
  const pool = new Int32Array(size);
  for (let i = 0; i < size; i++) pool[i] = i;
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(size - i);
    const tmp = pool[i];
    pool[i] = pool[j];
    pool[j] = tmp;
  }
  return Array.from(pool.subarray(0, count)).sort((a, b) => a - b);
}

/**
 * Checks the fused back-propagation's gradients of `loss` over `data` (one batch), or over a seeded
 * subset of `options.samples` of its samples, against central differences. The network's parameters
 * are restored exactly afterwards.
 */
export function gradientCheck(network: Network, data: DataSet, loss: LossKind, options: GradCheckOptions = {}): GradCheckResult {
  assertDataFits(network, data);
  const N = data.inputs.rows;
  const S = options.samples === undefined ? N : Math.max(1, Math.min(N, Math.floor(options.samples)));
  if (S >= N) return { ...checkBatch(network, data, loss, options), samples: N };
  const picks = sampleIndices(N, S, options.seed ?? network.seed, 'gradcheck:samples');
  const I = data.inputs.cols, K = data.targets.cols;
  const X = new Float64Array(S * I), T = new Float64Array(S * K);
  picks.forEach((n, i) => {
    X.set(data.inputs.data.subarray(n * I, (n + 1) * I), i * I);
    T.set(data.targets.data.subarray(n * K, (n + 1) * K), i * K);
  });
  const subset: DataSet = { inputs: { rows: S, cols: I, data: X }, targets: { rows: S, cols: K, data: T } };
  return { ...checkBatch(network, subset, loss, options), samples: S, sampleIndices: picks };
}

/**
 * The cost model of `affordableGradCheckSamples`, in multiply-adds of the matrix kernels: per sample
 * and perturbed pass, a fixed part and a part per output (gathering, targets, the loss), and per unit
 * of every layer after the entry's a column update or activation and the kink pattern, which run at a
 * fraction of the kernels' speed; entries near the loss's rounding are measured three times (assumed
 * of all, the worst case: in deep relu networks most first-layer entries are).
 */
const ENTRY_OVERHEAD = 24, ENTRY_OVERHEAD_PER_OUTPUT = 6, COST_PER_UNIT = 8, RETRY_FACTOR = 3;

/**
 * How many samples a gradient check of `network` on N samples can afford: all of them when the whole
 * check is small (at most `floor` multiply-adds, a few milliseconds), otherwise as many as keep it
 * within `share` of one full-batch forward-and-backward pass (3·F·N multiply-adds, F = Σ units·fanIn),
 * but at least `minimum`. The pass runs on the fast products (WebAssembly SIMD, two threads for large
 * products: 4.1× the TypeScript kernels on 512-512-512-10 in the quiet benchmark of 6 December), while
 * the check's perturbed passes stay on the TypeScript reference for bit-identity, so `share` is a
 * quarter of a quarter of the pass's multiply-adds. The check's cost per sample is modelled from the network's shape: its own
 * forward and backward (3·F), and for every checked entry two perturbed passes from the entry's
 * layer on (every unit of the layers after it, the products of the layers after the next in full).
 * Depends on shapes only, so the same model gets the same subset on every machine.
 */
export function affordableGradCheckSamples(
  network: Network, N: number, maxEntriesPerTensor = DEFAULT_MAX_ENTRIES_PER_TENSOR,
  { share = 0.06, floor = 1e7, minimum = 16 }: { share?: number; floor?: number; minimum?: number } = {},
): number {
  const layers = network.layers, L = layers.length, K = network.outputs;
  const F = layers.reduce((f, l) => f + l.units * l.fanIn, 0);
  let perSample = 3 * F;
  for (let l = 0; l < L; l++) {
    const layer = layers[l];
    let rest = ENTRY_OVERHEAD + ENTRY_OVERHEAD_PER_OUTPUT * K;
    for (let k = l + 1; k < L; k++) {
      rest += COST_PER_UNIT * layers[k].units;
      if (k >= l + 2 || layer.code === ACT_SOFTMAX) rest += layers[k].units * layers[k].fanIn;
    }
    const entries = Math.min(maxEntriesPerTensor, layer.weights.length) + Math.min(maxEntriesPerTensor, layer.units);
    perSample += 2 * RETRY_FACTOR * entries * rest;
  }
  if (perSample * N <= floor) return N;
  return Math.min(N, Math.max(minimum, Math.floor((share * 3 * F * N) / perSample)));
}

/** The check on all of `data`'s samples as one batch. */
function checkBatch(network: Network, data: DataSet, loss: LossKind, options: GradCheckOptions): Omit<GradCheckResult, 'samples' | 'sampleIndices'> {
  const eps = options.eps ?? DEFAULT_GRADCHECK_EPS;
  const maxEntries = Math.max(1, Math.floor(options.maxEntriesPerTensor ?? DEFAULT_MAX_ENTRIES_PER_TENSOR));
  const thresholds: GradCheckThresholds = { ...DEFAULT_GRADCHECK_THRESHOLDS, ...options.thresholds };
  const seed = options.seed ?? network.seed;
  const layers = network.layers;
  const L = layers.length;
  const N = data.inputs.rows, K = network.outputs;
  const X = data.inputs.data, T = data.targets.data;

  // Analytic gradients and the base forward pass (kept in `base`), one chunk of all N samples.
  const base = new Workspace(network, N);
  const grads = allocGrads(network);
  runBatch(network, base, { X, T, start: 0, count: N }, loss, { grads, weightDecay: 0, check: false });

  // Scratch for the perturbed passes, compact: row i holds affected sample rows[i].
  const net = layers.map((l) => new Float64Array(N * l.units));
  const out = layers.map((l) => new Float64Array(N * l.units));
  const pattern = layers.map((l) => (isReluType(l.code) ? new Uint8Array(N * l.units) : undefined));
  const rows = new Int32Array(N);
  const targets = new Float64Array(N * K);
  const lossPlus = new Float64Array(N), lossMinus = new Float64Array(N);
  const lastCode = layers[L - 1].code;
  // With a combined loss (softmax + cross-entropy, sigmoid + binary cross-entropy) the loss needs only z.
  const skipLastActivation = isCombined(loss, lastCode);

  const zcol = new Float64Array(N), ocol = new Float64Array(N), dcol = new Float64Array(N);

  // Softmax + cross-entropy, output unit u perturbed: L_n = −Σ_k t_k z_k + lse·Σ_k t_k with only z_u
  // changing, so per sample only one exp and one log are needed: lse = max + ln(rest + e^(z_u − max)),
  // where rest = Σ_{k≠u} e^(z_k − max) and restDot = −Σ_{k≠u} t_k z_k come from the base pass.
  const softmaxCE = loss === 'cross-entropy' && lastCode === ACT_SOFTMAX;
  const baseMax = new Float64Array(softmaxCE ? N : 0), tSum = new Float64Array(softmaxCE ? N : 0);
  const baseExp = new Float64Array(softmaxCE ? N * K : 0);
  const restSum = new Float64Array(softmaxCE ? N : 0), restDot = new Float64Array(softmaxCE ? N : 0);
  if (softmaxCE) {
    const z = base.net[L - 1];
    for (let n = 0; n < N; n++) {
      let max = -Infinity, ts = 0;
      for (let k = 0; k < K; k++) { if (z[n * K + k] > max) max = z[n * K + k]; ts += T[n * K + k]; }
      baseMax[n] = max;
      tSum[n] = ts;
      for (let k = 0; k < K; k++) baseExp[n * K + k] = Math.exp(z[n * K + k] - max);
    }
  }

  /**
   * Per-sample losses of the m affected samples after changing a parameter of unit `u` of layer `l`
   * (already written into the network), into `perSample`. Unaffected samples are skipped: their
   * losses would cancel exactly. Layer l's net value is recomputed exactly as the forward pass does;
   * when only one elementwise unit changed, the next layer's net is updated by W[:, u]·Δout.
   * `mode` 0: record the relu on/off pattern; 1: compare with it, returning true on any difference.
   */
  const perturbed = (l: number, u: number, c: number, step: number, m: number, perSample: Float64Array, mode: 0 | 1): boolean => {
    let kink = false;
    const layer = layers[l];
    const { units, fanIn } = layer;
    const A = l === 0 ? X : base.out[l - 1];
    const cNet = net[l], cOut = out[l], bNet = base.net[l], bOut = base.out[l];
    const last = l === L - 1;
    // A whole row of layer l is needed when it is the output layer or a softmax layer.
    const wholeRow = last || layer.code === ACT_SOFTMAX;
    const p = pattern[l];
    // Column u of layer l for the affected samples: the base value plus the parameter's change times its input.
    const bNetU = base.net[l];
    if (c < 0) {
      for (let i = 0; i < m; i++) zcol[i] = bNetU[rows[i] * units + u] + step;
    } else {
      for (let i = 0; i < m; i++) zcol[i] = bNetU[rows[i] * units + u] + step * A[rows[i] * fanIn + c];
    }
    if (p) {
      for (let i = 0; i < m; i++) {
        const on = zcol[i] > 0 ? 1 : 0;
        if (mode === 0) p[i] = on;
        else if (p[i] !== on) kink = true;
      }
    }
    const elementwise = layer.code !== ACT_SOFTMAX;
    if (elementwise && !(last && skipLastActivation)) activateForward(layer.code, layer.custom, zcol, ocol, 1, m);
    if (last && (softmaxCE || elementwise)) {
      // Only output u changed: the loss terms of the other outputs would cancel exactly.
      for (let i = 0; i < m; i++) {
        const n = rows[i], t = T[n * K + u], z = zcol[i];
        perSample[i] = softmaxCE
          ? restDot[i] - t * z + (baseMax[n] + Math.log(restSum[i] + Math.exp(z - baseMax[n]))) * tSum[n]
          : lossTerm(loss, skipLastActivation, z, ocol[i], t, K, 0);
      }
      return kink;
    }
    if (wholeRow) {
      for (let i = 0; i < m; i++) {
        const src = rows[i] * units, dst = i * units;
        for (let j = 0; j < units; j++) cNet[dst + j] = bNet[src + j];
        cNet[dst + u] = zcol[i];
        if (last && skipLastActivation) continue;
        if (!elementwise) softmaxRow(cNet, cOut, dst, units);
        else {
          for (let j = 0; j < units; j++) cOut[dst + j] = bOut[src + j];
          cOut[dst + u] = ocol[i];
        }
      }
    } else {
      for (let i = 0; i < m; i++) dcol[i] = ocol[i] - bOut[rows[i] * units + u];
    }
    for (let k = l + 1; k < L; k++) {
      const lk = layers[k];
      const kUnits = lk.units, kNet = net[k];
      if (k === l + 1 && !wholeRow) {
        // net_k = base net_k + W_k[:, u] · Δout_l[u]
        const bk = base.net[k], Wk = lk.weights, kFan = lk.fanIn;
        for (let i = 0; i < m; i++) {
          const src = rows[i] * kUnits, dst = i * kUnits, d = dcol[i];
          for (let j = 0; j < kUnits; j++) kNet[dst + j] = bk[src + j] + Wk[j * kFan + u] * d;
        }
      } else {
        denseForward(out[k - 1], m, lk.fanIn, lk.weights, lk.bias, kUnits, kNet);
      }
      if (!(k === L - 1 && skipLastActivation)) activateForward(lk.code, lk.custom, kNet, out[k], m, kUnits);
      const pk = pattern[k];
      if (pk) {
        const len = m * kUnits;
        if (mode === 0) for (let i = 0; i < len; i++) pk[i] = kNet[i] > 0 ? 1 : 0;
        else for (let i = 0; i < len; i++) if (pk[i] !== (kNet[i] > 0 ? 1 : 0)) { kink = true; break; }
      }
    }
    if (softmaxCE) softmaxCrossEntropyRows(net[L - 1], m, perSample);
    else lossSum(loss, lastCode, net[L - 1], out[L - 1], targets, m, K, perSample);
    return kink;
  };

  /**
   * Softmax + cross-entropy per sample for the compact rows in `z`, using the base pass's exponentials:
   * e^(z'_k − max) = e^(z_k − max)·e^Δ with Δ = z'_k − z_k; for |Δ| < 1e-4 the series
   * 1 + Δ + Δ²/2 + Δ³/6 equals e^Δ to better than 1e-17, and the common rounding of the base
   * exponential cancels between the +h and −h passes. Larger changes use Math.exp.
   */
  const softmaxCrossEntropyRows = (z: Float64Array, m: number, perSample: Float64Array): void => {
    const zb = base.net[L - 1];
    for (let i = 0; i < m; i++) {
      const n = rows[i], o = i * K, ob = n * K;
      const max = baseMax[n];
      let small = max === max && max !== Infinity && max !== -Infinity;
      for (let k = 0; k < K && small; k++) { const d = z[o + k] - zb[ob + k]; if (!(d < 1e-4 && d > -1e-4)) small = false; }
      let sum = 0;
      if (small) {
        for (let k = 0; k < K; k++) {
          const d = z[o + k] - zb[ob + k], e = baseExp[ob + k];
          sum += e + e * (d * (1 + d * (0.5 + d / 6)));
        }
      } else {
        for (let k = 0; k < K; k++) sum += Math.exp(z[o + k] - max);
      }
      const lse = max + Math.log(sum);
      let s = 0;
      for (let k = 0; k < K; k++) { const t = T[ob + k]; if (t !== 0) s -= t * (z[o + k] - lse); }
      perSample[i] = s;
    }
  };

  const entries: GradCheckEntry[] = [];
  let maxRel = 0, worst: GradCheckStatus = 'pass', excellent = true, kinks = 0;
  const rank: Record<GradCheckStatus, number> = { pass: 0, warn: 1, fail: 2 };

  for (let l = 0; l < L; l++) {
    const layer = layers[l];
    const A = l === 0 ? X : base.out[l - 1];
    for (const param of ['weights', 'bias'] as const) {
      const values = param === 'weights' ? layer.weights : layer.bias;
      const analytic = param === 'weights' ? grads.weights[l] : grads.bias[l];
      const picks = sampleIndices(values.length, maxEntries, seed, `gradcheck:${l}:${param}`);
      for (const idx of picks) {
        const u = param === 'weights' ? Math.floor(idx / layer.fanIn) : idx;
        const c = idx % layer.fanIn;
        // The samples this parameter touches: all for a bias; for weight (u, c) those whose input c is not 0.
        let m = 0;
        for (let n = 0; n < N; n++) if (param === 'bias' || A[n * layer.fanIn + c] !== 0) rows[m++] = n;
        for (let i = 0; i < m; i++) for (let k = 0; k < K; k++) targets[i * K + k] = T[rows[i] * K + k];
        if (softmaxCE && l === L - 1) {
          const z = base.net[L - 1];
          for (let i = 0; i < m; i++) {
            const o = rows[i] * K;
            let rest = 0, dot = 0;
            for (let k = 0; k < K; k++) {
              if (k === u) continue;
              rest += baseExp[o + k];
              if (T[o + k] !== 0) dot -= T[o + k] * z[o + k];
            }
            restSum[i] = rest;
            restDot[i] = dot;
          }
        }
        const original = values[idx];
        const col = param === 'weights' ? c : -1;
        /** (L(θ + h) − L(θ − h)) / 2h over the affected samples, whether a kink lies between, and its rounding noise. */
        const centralDifference = (h: number): { numeric: number; kink: boolean; noise: number } => {
          values[idx] = original + h;
          perturbed(l, u, col, values[idx] - original, m, lossPlus, 0);
          values[idx] = original - h;
          const crossed = perturbed(l, u, col, values[idx] - original, m, lossMinus, 1);
          values[idx] = original;
          let diff = 0, size = 0;
          for (let i = 0; i < m; i++) { diff += lossPlus[i] - lossMinus[i]; size += Math.abs(lossPlus[i]) + Math.abs(lossMinus[i]); }
          return { numeric: diff / (2 * h * N), kink: crossed, noise: (LOSS_ROUNDING * size) / (2 * h * N) };
        };
        let { numeric, kink, noise } = centralDifference(eps);
        const a = analytic[idx];
        // A parameter whose gradient is tiny (a vanishing layer) moves the loss by a few of its last
        // digits only: when the disagreement is within what rounding the loss can explain, measure
        // again with steps 1000× larger and Richardson's extrapolation (error O(h⁴)), whose rounding
        // is 1000× smaller. A wrong derivative disagrees far beyond the rounding and is not retried.
        if (!kink && !(relError(a, numeric) <= thresholds.pass) && Math.abs(a - numeric) <= noise) {
          const wide = centralDifference(PRECISION_RETRY_STEP), half = centralDifference(PRECISION_RETRY_STEP / 2);
          if (!wide.kink && !half.kink) numeric = (4 * half.numeric - wide.numeric) / 3;
        }
        const rel = relError(a, numeric);
        const status = kink ? 'pass' : gradCheckVerdict(rel, thresholds);
        if (kink) {
          kinks++;
        } else {
          if (rel !== rel || maxRel !== maxRel) maxRel = NaN; // a NaN comparison stays NaN
          else if (rel > maxRel) maxRel = rel;
          if (rank[status] > rank[worst]) worst = status;
          if (!(rel <= thresholds.excellent)) excellent = false;
        }
        entries.push({
          layer: layer.name, layerIndex: l, param,
          index: param === 'weights' ? [u, idx % layer.fanIn] : [u],
          analytic: a, numeric, relError: rel, kink, status,
        });
      }
    }
  }
  return { status: worst, excellent, maxRelError: maxRel, checked: entries.length, kinks, eps, thresholds, entries };
}
