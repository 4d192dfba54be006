/**
 * The gradient check of a layered network, every parameter of every type (dense and conv weights and
 * biases, batch norm's γ and β): back-propagation's gradient against central differences of the
 * loss over the whole batch, in training mode with every dropout mask held fixed and the running
 * statistics untouched (the check changes nothing in the network).
 *
 * - numeric = (L(θ + h) − L(θ − h)) / 2h, h = 1e-6 by default, each L a forward pass over the whole
 *   batch from the nudged layer on (the layers before it keep their outputs). Otherwise the plain loop
 *   (tinygrad's gradcheck): no per-sample tricks, since batch norm couples the samples.
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
import { isReluType } from '../activations';
import {
  DEFAULT_GRADCHECK_EPS, DEFAULT_GRADCHECK_THRESHOLDS, DEFAULT_MAX_ENTRIES_PER_TENSOR, gradCheckVerdict, relError,
  type GradCheckEntry, type GradCheckOptions, type GradCheckResult, type GradCheckStatus, type GradCheckThresholds,
} from '../gradcheck';
import { createRng } from '../rng';
import type { DataSet, LossKind } from '../spec';
import { FROZEN_TRAINING } from './layer';
import type { LayeredNetwork } from './network';
import { assertLayeredDataFits, layeredForward, layeredLossOf, LayeredWorkspace, runLayeredBatch } from './pass';
import type { MaxPool2dLayer } from './pool2d';

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

/** What decides the shape of the loss near θ: relu on/off patterns and max-pool choices, as one signature. */
function kinkSignature(network: LayeredNetwork, ws: LayeredWorkspace, n: number): Int32Array[] {
  const parts: Int32Array[] = [];
  network.layers.forEach((layer, l) => {
    if (isReluType(layer.code)) {
      const net = ws.net[l], len = n * layer.outSize;
      const p = new Int32Array(len);
      for (let i = 0; i < len; i++) p[i] = net[i] > 0 ? 1 : 0;
      parts.push(p);
    }
    if (layer.type === 'maxpool2d') parts.push((layer as MaxPool2dLayer).argmax.slice(0, n * layer.outSize));
  });
  return parts;
}

function sameSignature(a: Int32Array[], b: Int32Array[]): boolean {
  for (let k = 0; k < a.length; k++) for (let i = 0; i < a[k].length; i++) if (a[k][i] !== b[k][i]) return false;
  return true;
}

/**
 * Checks the layered back-propagation's gradients of `loss` over `data` against central differences.
 * The parameters are restored exactly afterwards; running statistics are never changed.
 */
export function layeredGradientCheck(network: LayeredNetwork, data: DataSet, loss: LossKind, options: GradCheckOptions = {}): GradCheckResult {
  assertLayeredDataFits(network, data);
  const eps = options.eps ?? DEFAULT_GRADCHECK_EPS;
  const maxEntries = Math.max(1, Math.floor(options.maxEntriesPerTensor ?? DEFAULT_MAX_ENTRIES_PER_TENSOR));
  const thresholds: GradCheckThresholds = { ...DEFAULT_GRADCHECK_THRESHOLDS, ...options.thresholds };
  const seed = options.seed ?? network.seed;
  const N = data.inputs.rows;
  const X = data.inputs.data, T = data.targets.data;
  const ws = new LayeredWorkspace(network, N);
  const grads = network.allocGrads();
  runLayeredBatch(network, ws, X, T, N, loss, { mode: BASE, grads, check: false });
  /** The loss with layer `from`'s parameters nudged: the layers before it keep their base outputs in ws. */
  const lossAt = (from: number): number => {
    layeredForward(network, ws, X, N, HELD, false, from);
    return layeredLossOf(network, ws, T, N, loss);
  };

  const entries: GradCheckEntry[] = [];
  let maxRel = 0, worst: GradCheckStatus = 'pass', excellent = true, kinks = 0;
  const rank: Record<GradCheckStatus, number> = { pass: 0, warn: 1, fail: 2 };
  network.layers.forEach((layer, l) => {
    // Restore the base outputs from the previous layer with parameters on (the nudges left theirs in ws).
    if (layer.params.length > 0) layeredForward(network, ws, X, N, HELD, false, 0);
    layer.params.forEach((param, k) => {
      const values = param.values;
      for (const idx of sampleIndices(values.length, maxEntries, seed, `gradcheck:${l}:${param.name}`)) {
        const original = values[idx];
        const central = (h: number): { numeric: number; kink: boolean } => {
          values[idx] = original + h;
          const plus = lossAt(l);
          const sigPlus = kinkSignature(network, ws, N);
          values[idx] = original - h;
          const minus = lossAt(l);
          const kink = !sameSignature(sigPlus, kinkSignature(network, ws, N));
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

/** A flat index as a multi-index of `shape` ([f, c, u, v] for a conv weight). */
function unravel(idx: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) { out[d] = idx % shape[d]; idx = Math.floor(idx / shape[d]); }
  return out;
}
