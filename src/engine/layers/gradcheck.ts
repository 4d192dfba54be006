/**
 * The gradient check of a layered network, every parameter of every type (dense and conv weights and
 * biases, batch norm's γ and β): back-propagation's gradient against central differences of the
 * loss over the whole batch, in training mode with every dropout mask held fixed and the running
 * statistics untouched (the check changes nothing in the network).
 *
 * - numeric = (L(θ + h) − L(θ − h)) / 2h, h = 1e-6 by default, each L the loss over the whole batch
 *   (batch norm couples the samples). The perturbed passes are incremental (incremental.ts): the
 *   layers before the nudged one keep their outputs, the nudged layer recomputes the one unit, filter
 *   or group the entry belongs to, and each later layer only what that change reaches, until a layer
 *   whose every output changed; from there on, full layers.
 * - samples: with `samples` S < N, the check differentiates the loss of a seeded subset of S samples
 *   (stream `gradcheck:samples`, ascending, as gradcheck.ts), run as one batch of its own (batch
 *   norm's statistics are the subset's; dropout masks held for the whole batch are held for the
 *   subset as those samples' rows, and put back afterwards): back-propagation's gradient and the
 *   central differences are of that same loss, so the comparison stays exact.
 * - relative error, verdicts and thresholds as gradcheck.ts (|a − n| / max(|a|, |n|, 1e-8); pass ≤ 1e-5).
 * - precision: an entry that does not pass at h is measured again by Ridders' extrapolation (Numerical
 *   Recipes §5.7): central differences at h₀, h₀/1.4, h₀/1.4², … extrapolated to h → 0 in a Neville
 *   tableau, keeping the estimate with the smallest error estimate; h₀ = 1e-2, else 1e-3, else 1e-4
 *   when a larger start straddles a kink. Batch norm over small, nearly constant groups makes the loss
 *   strongly curved, so h = 1e-6 alone can be off by 1e-5 relative on a correct gradient; a wrong
 *   rule stays wrong however accurate the estimate.
 * - kinks: the finite difference straddles a kink when, between the +h and −h passes, any relu or
 *   leaky-relu unit switches (net > 0 changes) or any max-pool window takes its maximum from another
 *   position (a tie, or a nudge that changes the maximum). Such entries are marked `kink: true` and
 *   do not count towards the verdict.
 * - a tensor with more than `maxEntriesPerTensor` entries is checked on a seeded sample (stream
 *   `gradcheck:<layer index>:<weights|bias>`), in ascending index order.
 */
import {
  DEFAULT_GRADCHECK_EPS, DEFAULT_GRADCHECK_THRESHOLDS, DEFAULT_MAX_ENTRIES_PER_TENSOR, gradCheckVerdict, relError,
  type GradCheckEntry, type GradCheckOptions, type GradCheckResult, type GradCheckStatus, type GradCheckThresholds,
} from '../gradcheck';
import { createRng } from '../rng';
import type { DataSet, LossKind } from '../spec';
import { FROZEN_TRAINING } from './layer';
import type { LayeredNetwork } from './network';
import { IncrementalPasses } from './incremental';
import { assertLayeredDataFits, layeredLossOf, LayeredWorkspace, runLayeredBatch } from './pass';
import type { DropoutLayer } from './shape-layers';

/** Starting steps of Ridders' extrapolation, tried in order until one straddles no kink. */
const RIDDERS_STARTS = [1e-2, 1e-3, 1e-4];
/** Step ratio and tableau size of Ridders' method (Numerical Recipes' values). */
const RIDDERS_CON = 1.4;
const RIDDERS_TABLE = 10;

/**
 * Ridders' extrapolation of central differences `d(h)` to h → 0 from `h0`; undefined when a step
 * straddles a kink.
 */
export function riddersDerivative(d: (h: number) => { numeric: number; kink: boolean }, h0: number): number | undefined {
  const con2 = RIDDERS_CON * RIDDERS_CON;
  const a: number[][] = Array.from({ length: RIDDERS_TABLE }, () => new Array<number>(RIDDERS_TABLE).fill(0));
  let h = h0;
  const first = d(h);
  if (first.kink) return undefined;
  a[0][0] = first.numeric;
  let best = a[0][0], err = Infinity;
  for (let i = 1; i < RIDDERS_TABLE; i++) {
    h /= RIDDERS_CON;
    const di = d(h);
    if (di.kink) return undefined;
    a[0][i] = di.numeric;
    let fac = con2;
    for (let j = 1; j <= i; j++) {
      a[j][i] = (a[j - 1][i] * fac - a[j - 1][i - 1]) / (fac - 1);
      fac *= con2;
      const errt = Math.max(Math.abs(a[j][i] - a[j - 1][i]), Math.abs(a[j][i] - a[j - 1][i - 1]));
      if (errt <= err) { err = errt; best = a[j][i]; }
    }
    if (Math.abs(a[i][i] - a[i - 1][i - 1]) >= 2 * err) break;
  }
  return best;
}

/** Every pass: training mode, masks kept if they fit the batch (else drawn once, by the base pass), statistics untouched. */
const BASE = FROZEN_TRAINING;
const HELD = FROZEN_TRAINING;

/** `count` distinct indices of [0, size), seeded, ascending (all when count ≥ size). */
function sampleIndices(size: number, count: number, seed: number, stream: string): number[] {
  if (count >= size) return Array.from({ length: size }, (_, i) => i);
  const rng = createRng(seed, stream);
  const pool = Int32Array.from({ length: size }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(size - i);
    const t = pool[i]; pool[i] = pool[j]; pool[j] = t;
  }
  return Array.from(pool.subarray(0, count)).sort((a, b) => a - b);
}

/**
 * Checks the layered back-propagation's gradients of `loss` over `data` against central differences.
 * The parameters are restored exactly afterwards; running statistics are never changed.
 */
export function layeredGradientCheck(network: LayeredNetwork, data: DataSet, loss: LossKind, options: GradCheckOptions = {}): GradCheckResult {
  assertLayeredDataFits(network, data);
  const seed = options.seed ?? network.seed;
  const N = data.inputs.rows;
  const S = options.samples === undefined ? N : Math.max(1, Math.min(N, Math.floor(options.samples)));
  if (S >= N) return { ...checkBatch(network, data.inputs.data, data.targets.data, N, loss, options, seed), samples: N };
  const picks = sampleIndices(N, S, seed, 'gradcheck:samples');
  const I = data.inputs.cols, K = data.targets.cols;
  const X = new Float64Array(S * I), T = new Float64Array(S * K);
  picks.forEach((n, i) => {
    X.set(data.inputs.data.subarray(n * I, (n + 1) * I), i * I);
    T.set(data.targets.data.subarray(n * K, (n + 1) * K), i * K);
  });
  // Dropout masks held for the whole batch are held for the subset too: its samples' rows, put back afterwards.
  const held = network.layers.filter((l): l is DropoutLayer => l.type === 'dropout' && (l as DropoutLayer).maskSamples === N)
    .map((layer) => ({ layer, mask: layer.mask.slice(0, N * layer.inSize) }));
  for (const { layer, mask } of held) {
    const size = layer.inSize;
    layer.setMask(picks.flatMap((n) => Array.from(mask.subarray(n * size, (n + 1) * size))), S);
  }
  try {
    return { ...checkBatch(network, X, T, S, loss, options, seed), samples: S, sampleIndices: picks };
  } finally {
    for (const { layer, mask } of held) layer.setMask(mask, N);
  }
}

/** The check on N samples (X, T) as one batch. */
function checkBatch(
  network: LayeredNetwork, X: Float64Array, T: Float64Array, N: number, loss: LossKind, options: GradCheckOptions, seed: number,
): Omit<GradCheckResult, 'samples' | 'sampleIndices'> {
  const eps = options.eps ?? DEFAULT_GRADCHECK_EPS;
  const maxEntries = Math.max(1, Math.floor(options.maxEntriesPerTensor ?? DEFAULT_MAX_ENTRIES_PER_TENSOR));
  const thresholds: GradCheckThresholds = { ...DEFAULT_GRADCHECK_THRESHOLDS, ...options.thresholds };
  const ws = new LayeredWorkspace(network, N);
  const grads = network.allocGrads();
  runLayeredBatch(network, ws, X, T, N, loss, { mode: BASE, grads, check: false });
  const passes = new IncrementalPasses(network, ws, X, N);
  let kinkPlus: Int32Array = new Int32Array(1024), kinkMinus: Int32Array = new Int32Array(1024);

  const entries: GradCheckEntry[] = [];
  let maxRel = 0, worst: GradCheckStatus = 'pass', excellent = true, kinks = 0;
  const rank: Record<GradCheckStatus, number> = { pass: 0, warn: 1, fail: 2 };
  network.layers.forEach((layer, l) => {
    // The layer's own state (im2col, x̂) as the base pass left it: earlier entries' passes may have run it.
    if (layer.params.length > 0) passes.prepare(l, HELD);
    layer.params.forEach((param, k) => {
      const values = param.values;
      for (const idx of sampleIndices(values.length, maxEntries, seed, `gradcheck:${l}:${param.name}`)) {
        const original = values[idx];
        /** The loss with the entry at original + h: only what the entry reaches is recomputed. */
        const lossAt = (h: number): number => {
          values[idx] = original + h;
          passes.forward(l, k, idx, HELD);
          return layeredLossOf(network, ws, T, N, loss);
        };
        const central = (h: number): { numeric: number; kink: boolean } => {
          const plus = lossAt(h);
          const sigPlus = passes.kinkSignature(kinkPlus);
          kinkPlus = sigPlus.signature;
          const minus = lossAt(-h);
          const sigMinus = passes.kinkSignature(kinkMinus);
          kinkMinus = sigMinus.signature;
          const kink = !sameSignature(sigPlus, sigMinus);
          values[idx] = original;
          return { numeric: (plus - minus) / (2 * h), kink };
        };
        const a = grads[l][k][idx];
        const first = central(eps);
        const kink = first.kink;
        let numeric = first.numeric;
        if (!kink && !(relError(a, numeric) <= thresholds.pass)) {
          for (const h0 of RIDDERS_STARTS) {
            const better = riddersDerivative(central, h0);
            if (better !== undefined) { numeric = better; break; }
          }
        }
        passes.restore();
        const rel = relError(a, numeric);
        const status = kink ? 'pass' : gradCheckVerdict(rel, thresholds);
        if (kink) kinks++;
        else {
          if (rel !== rel || maxRel !== maxRel) maxRel = NaN;
          else if (rel > maxRel) maxRel = rel;
          if (rank[status] > rank[worst]) worst = status;
          if (!(rel <= thresholds.excellent)) excellent = false;
        }
        entries.push({
          layer: layer.name, layerIndex: l, param: param.name, index: unravel(idx, param.shape),
          analytic: a, numeric, relError: rel, kink, status,
        });
      }
    });
  });
  // Leave the workspace as the base pass left it (the perturbed passes overwrote it).
  runLayeredBatch(network, ws, X, T, N, loss, { mode: HELD, check: false });
  return { status: worst, excellent, maxRelError: maxRel, checked: entries.length, kinks, eps, thresholds, entries };
}

function sameSignature(a: { signature: Int32Array; length: number }, b: { signature: Int32Array; length: number }): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a.signature[i] !== b.signature[i]) return false;
  return true;
}

/** A flat index as a multi-index of `shape` ([f, c, u, v] for a conv weight). */
function unravel(idx: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) { out[d] = idx % shape[d]; idx = Math.floor(idx / shape[d]); }
  return out;
}
