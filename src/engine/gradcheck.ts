/**
 * The gradient check of docs/spec/report-json-v1.md: every parameter tensor's analytic gradient
 * (from the fused back-propagation) against central differences of the fused forward pass, in
 * float64, on the loss over the given batch, with regularisation off.
 *
 * - numeric = (L(θ + h) − L(θ − h)) / 2h, default h = 1e-6. The difference is taken sample by sample,
 *   Σ_n (L_n(θ + h) − L_n(θ − h)) / (2hN), so the unaffected samples cancel exactly.
 * - relative error |a − n| / max(|a|, |n|, 1e-8); an entry passes at ≤ 1e-5 (≤ 1e-7 is excellent),
 *   warns above 1e-5, fails above 1e-2; `status` is the worst entry's. Thresholds are options.
 * - kinks: when the on/off pattern (net > 0) of any relu or leaky-relu unit differs between the +h and
 *   −h passes, the finite difference straddles a kink; the entry is marked `kink: true` and does not
 *   count towards `status` or `maxRelError`.
 * - a tensor with more than `maxEntriesPerTensor` entries is checked on a seeded sample of that many
 *   entries (stream `gradcheck:<layer index>:<weights|bias>` of the seed), in ascending index order.
 * - speed: perturbing layer l's unit u changes only column u of layer l's net, so the check recomputes
 *   that column (bit-identical to a full forward pass) and then the layers after l, never the layers before.
 */
import { activateForward, activateScalar, ACT_SOFTMAX, isReluType } from './activations';
import { assertDataFits } from './backprop';
import { allocGrads, runBatch, Workspace } from './fused';
import { denseForward, denseForwardUnit } from './kernels';
import { lossSum } from './losses';
import type { Network } from './network';
import { createRng } from './rng';
import type { DataSet, LossKind } from './spec';
import { DEFAULT_THRESHOLDS } from './thresholds';

export type GradCheckStatus = 'pass' | 'warn' | 'fail';

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

export interface GradCheckOptions {
  /** Central-difference step h (default 1e-6). */
  readonly eps?: number;
  /** Tensors with more entries are checked on a seeded sample of this many (default 64). */
  readonly maxEntriesPerTensor?: number;
  readonly thresholds?: Partial<GradCheckThresholds>;
  /** Seed of the entry sample (default: the network's seed). */
  readonly seed?: number;
}

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

export interface GradCheckResult {
  /** The worst verdict over the entries without a kink. */
  readonly status: GradCheckStatus;
  /** True when every entry without a kink is at or below the `excellent` threshold. */
  readonly excellent: boolean;
  /** The largest relative error over the entries without a kink (0 when there are none). */
  readonly maxRelError: number;
  /** Number of parameter entries compared. */
  readonly checked: number;
  /** How many of them straddle a kink. */
  readonly kinks: number;
  readonly eps: number;
  readonly thresholds: GradCheckThresholds;
  readonly entries: GradCheckEntry[];
}

/** |a − n| / max(|a|, |n|, 1e-8). */
export function relError(analytic: number, numeric: number): number {
  return Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric), 1e-8);
}

/** The verdict on one relative error; NaN fails. */
export function gradCheckVerdict(rel: number, t: GradCheckThresholds = DEFAULT_GRADCHECK_THRESHOLDS): GradCheckStatus {
  if (rel <= t.pass) return 'pass';
  if (rel <= t.fail) return 'warn';
  return 'fail';
}

/** `count` distinct indices of [0, size), seeded, ascending (all of them when count ≥ size). */
function sampleIndices(size: number, count: number, seed: number, stream: string): number[] {
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
 * Checks the fused back-propagation's gradients of `loss` over `data` (one batch) against central
 * differences. The network's parameters are restored exactly afterwards.
 */
export function gradientCheck(network: Network, data: DataSet, loss: LossKind, options: GradCheckOptions = {}): GradCheckResult {
  assertDataFits(network, data);
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

  // Scratch for the perturbed passes.
  const net = layers.map((l) => new Float64Array(N * l.units));
  const out = layers.map((l) => new Float64Array(N * l.units));
  const pattern = layers.map((l) => (isReluType(l.code) ? new Uint8Array(N * l.units) : undefined));
  const colNet = new Float64Array(N), colOut = new Float64Array(N);
  const savedOut = layers.map((l) => (l.code === ACT_SOFTMAX ? new Float64Array(N * l.units) : undefined));
  const lossPlus = new Float64Array(N), lossMinus = new Float64Array(N);

  /**
   * Per-sample losses after changing a parameter of unit `u` of layer `l` (already written into the
   * network), into `perSample`. `mode` 0: record the relu pattern; 1: compare with it, returning true
   * on any difference.
   */
  const perturbed = (l: number, u: number, perSample: Float64Array, mode: 0 | 1): boolean => {
    let kink = false;
    const layer = layers[l];
    const units = layer.units;
    const A = l === 0 ? X : base.out[l - 1];
    const bNet = base.net[l], bOut = base.out[l];
    // Column u of layer l, in place in the base buffers (restored by the caller).
    denseForwardUnit(A, N, layer.fanIn, layer.weights, layer.bias, units, bNet, u);
    if (layer.code === ACT_SOFTMAX) {
      activateForward(layer.code, layer.custom, bNet, bOut, N, units);
    } else {
      for (let i = 0; i < N; i++) bOut[i * units + u] = activateScalar(layer.code, layer.custom, bNet[i * units + u]);
    }
    const p = pattern[l];
    if (p) {
      for (let i = 0; i < N; i++) {
        const on = bNet[i * units + u] > 0 ? 1 : 0;
        if (mode === 0) p[i * units + u] = on;
        else if (p[i * units + u] !== on) kink = true;
      }
    }
    let prevOut = bOut;
    for (let k = l + 1; k < L; k++) {
      const lk = layers[k];
      denseForward(prevOut, N, lk.fanIn, lk.weights, lk.bias, lk.units, net[k]);
      activateForward(lk.code, lk.custom, net[k], out[k], N, lk.units);
      const pk = pattern[k];
      if (pk) {
        const len = N * lk.units, z = net[k];
        if (mode === 0) for (let i = 0; i < len; i++) pk[i] = z[i] > 0 ? 1 : 0;
        else for (let i = 0; i < len; i++) if (pk[i] !== (z[i] > 0 ? 1 : 0)) { kink = true; break; }
      }
      prevOut = out[k];
    }
    const zL = l === L - 1 ? bNet : net[L - 1];
    const oL = l === L - 1 ? bOut : out[L - 1];
    lossSum(loss, layers[L - 1].code, zL, oL, T, N, K, perSample);
    return kink;
  };

  const entries: GradCheckEntry[] = [];
  let maxRel = 0, worst: GradCheckStatus = 'pass', excellent = true, kinks = 0;
  const rank: Record<GradCheckStatus, number> = { pass: 0, warn: 1, fail: 2 };

  for (let l = 0; l < L; l++) {
    const layer = layers[l];
    for (const param of ['weights', 'bias'] as const) {
      const values = param === 'weights' ? layer.weights : layer.bias;
      const analytic = param === 'weights' ? grads.weights[l] : grads.bias[l];
      const picks = sampleIndices(values.length, maxEntries, seed, `gradcheck:${l}:${param}`);
      for (const idx of picks) {
        const u = param === 'weights' ? Math.floor(idx / layer.fanIn) : idx;
        // Save what the perturbed passes overwrite in the base buffers.
        for (let i = 0; i < N; i++) {
          colNet[i] = base.net[l][i * layer.units + u];
          colOut[i] = base.out[l][i * layer.units + u];
        }
        savedOut[l]?.set(base.out[l]);
        const original = values[idx];
        values[idx] = original + eps;
        perturbed(l, u, lossPlus, 0);
        values[idx] = original - eps;
        const kink = perturbed(l, u, lossMinus, 1);
        values[idx] = original;
        for (let i = 0; i < N; i++) {
          base.net[l][i * layer.units + u] = colNet[i];
          base.out[l][i * layer.units + u] = colOut[i];
        }
        const so = savedOut[l];
        if (so) base.out[l].set(so);

        let diff = 0;
        for (let i = 0; i < N; i++) diff += lossPlus[i] - lossMinus[i];
        const numeric = diff / (2 * eps * N);
        const a = analytic[idx];
        const rel = relError(a, numeric);
        const status = kink ? 'pass' : gradCheckVerdict(rel, thresholds);
        if (kink) {
          kinks++;
        } else {
          if (!(rel <= maxRel)) maxRel = rel; // NaN wins too
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
