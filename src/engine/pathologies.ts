/**
 * Detectors for gradient pathologies, producing structured warnings with the codes of
 * docs/spec/report-json-v1.md: `vanishing-gradient`, `exploding-gradient`, `dead-relu`, `saturated`,
 * `non-finite`, `gradcheck-failed`, and `update-ratio` (learning rate far from the healthy
 * update/weight ratio). Every threshold comes from `DEFAULT_THRESHOLDS` (thresholds.ts) or the
 * caller's overrides. Messages are meant for a student, written with `l10n.t` of @vscode/l10n (English
 * unless the worker was given a translation in its init message; the CLI never is).
 */
import * as l10n from '@vscode/l10n';
import { ACT_RELU, ACT_SIGMOID, ACT_TANH } from './activations';
import { assertDataFits, type BackpropResult, type LayerGradients } from './backprop';
import { describeNonFinite, runBatch, workspaceFor, type Workspace } from './fused';
import type { GradCheckResult } from './gradcheck';
import { isCombined } from './losses';
import type { Network } from './network';
import type { DataSet } from './spec';
import { WARNING, formatIn } from '../shared/format';
import { parameterName } from '../shared/names';
import { resolveThresholds, type Thresholds } from './thresholds';

/** How serious a finding is. */
export type WarningSeverity = 'error' | 'warning' | 'info';

/** One finding, tied to a layer so the extension can point at the layer's line. */
export interface PathologyWarning {
  /** `vanishing-gradient`, `exploding-gradient`, `dead-relu`, `saturated`, `non-finite`, `gradcheck-failed`, `update-ratio`. */
  readonly code: string;
  readonly severity: WarningSeverity;
  readonly layer: string;
  readonly layerIndex: number;
  /** Plain English, for a student. */
  readonly message: string;
  /** The numbers behind the verdict. */
  readonly details: Record<string, number | string>;
}

/** Options of `detectPathologies`. */
export interface PathologyOptions {
  /** Overrides of `DEFAULT_THRESHOLDS`. */
  readonly thresholds?: Partial<Thresholds>;
  /** With a learning rate, the update/weight ratio lr·‖∂L/∂W‖/‖W‖ of every layer is judged too. */
  readonly learningRate?: number;
  /** A gradient-check result: layers with failing entries get a `gradcheck-failed` warning. */
  readonly gradCheck?: GradCheckResult;
  /**
   * Dead and saturated units already counted over all of `data` (fed by the forward pass that made
   * `result`, see `UnitActivity`); without it the detectors make their own forward pass.
   */
  readonly unitActivity?: UnitActivity;
}

/**
 * Per unit, over the samples seen: how many gave a relu unit a non-zero output, and how many put a
 * tanh or sigmoid unit into saturation. Fed chunk by chunk with a forward pass's workspace, so an
 * analysis counts them during the pass it makes anyway.
 */
export class UnitActivity {
  readonly alive: (Int32Array | undefined)[];
  readonly saturated: (Int32Array | undefined)[];
  private readonly th: Thresholds;
  /** Samples counted so far. */
  samples = 0;

  constructor(readonly network: Network, thresholds?: Partial<Thresholds>) {
    this.th = resolveThresholds(thresholds);
    this.alive = network.layers.map((l) => (l.code === ACT_RELU ? new Int32Array(l.units) : undefined));
    this.saturated = network.layers.map((l) => (l.code === ACT_TANH || l.code === ACT_SIGMOID ? new Int32Array(l.units) : undefined));
  }

  /** Counts the first `n` samples of a forward pass's outputs (`ws.out`). */
  add(ws: Workspace, n: number): void {
    const layers = this.network.layers, th = this.th;
    for (let l = 0; l < layers.length; l++) {
      const units = layers[l].units, out = ws.out[l];
      const a = this.alive[l], s = this.saturated[l];
      if (a) for (let i = 0; i < n * units; i++) if (out[i] !== 0) a[i % units]++;
      if (s) {
        const tanh = layers[l].code === ACT_TANH;
        for (let i = 0; i < n * units; i++) {
          const o = out[i];
          const sat = tanh
            ? Math.abs(o) > th.tanhSaturation
            : o < th.sigmoidSaturationMargin || o > 1 - th.sigmoidSaturationMargin;
          if (sat) s[i % units]++;
        }
      }
    }
    this.samples += n;
  }
}

/** Size statistics of a gradient, over weights and bias together. */
export interface GradientStats {
  /** L2 norm. */
  readonly gradNorm: number;
  /** Mean of |g|. */
  readonly gradMeanAbs: number;
  /** Largest |g|. */
  readonly gradMaxAbs: number;
}

/** L2 norm, mean |g| and max |g| over the given arrays together. */
export function gradientStats(...arrays: readonly Float64Array[]): GradientStats {
  let sq = 0, abs = 0, max = 0, n = 0;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = Math.abs(a[i]);
      sq += v * v;
      abs += v;
      if (!(v <= max)) max = v;
    }
    n += a.length;
  }
  return { gradNorm: Math.sqrt(sq), gradMeanAbs: n === 0 ? 0 : abs / n, gradMaxAbs: max };
}

/** The statistics of one layer's gradients (weights and bias together). */
export function layerGradientStats(g: LayerGradients): GradientStats {
  return gradientStats(g.weights, g.bias);
}

function fmt(x: number): string {
  return formatIn(x, WARNING);
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/**
 * Runs every detector on a network, its data and a back-propagation result of that data.
 * Dead and saturated units are counted over all of `data` (in `options.unitActivity`, or with a
 * forward pass of their own); gradient sizes come from `result`. Returns the warnings ordered by layer, input side first.
 */
export function detectPathologies(
  network: Network, data: DataSet, result: BackpropResult, options: PathologyOptions = {},
): PathologyWarning[] {
  assertDataFits(network, data);
  const th = resolveThresholds(options.thresholds);
  const warnings: PathologyWarning[] = [];
  const layers = network.layers;
  const L = layers.length;

  // --- non-finite -------------------------------------------------------------------------
  if (result.nonFinite) {
    const r = result.nonFinite;
    warnings.push({
      code: 'non-finite', severity: 'error', layer: r.layer, layerIndex: r.layerIndex,
      message: l10n.t('{0} Every value computed from it is broken too, so the loss and gradients cannot be trusted. Typical causes: a learning rate so high that weights blow up, ln of 0 in a loss, or inputs on a huge scale.', describeNonFinite(r)),
      details: { op: r.op, phase: r.phase, sample: r.sample, unit: r.unit, value: String(r.value) },
    });
  }

  // --- gradient sizes ---------------------------------------------------------------------
  const stats = result.gradients.layers.map(layerGradientStats);
  const outMean = stats[L - 1].gradMeanAbs;
  const outUsable = outMean > 0 && Number.isFinite(outMean);
  for (let l = 0; l < L; l++) {
    const m = stats[l].gradMeanAbs;
    if (!Number.isFinite(m)) continue; // reported as non-finite
    const ratio = outUsable ? m / outMean : NaN;
    const next = l + 1 < L ? stats[l + 1].gradMeanAbs : NaN;
    const details = {
      gradMeanAbs: m, gradMaxAbs: stats[l].gradMaxAbs, gradNorm: stats[l].gradNorm,
      ratioToOutputLayer: ratio, ratioToNextLayer: next > 0 ? m / next : NaN,
    };
    const name = layers[l].name;
    const absVanishing = l < L - 1 && m < th.vanishingMeanAbs && outMean >= th.vanishingMeanAbs;
    const ratioVanishing = l < L - 1 && ratio < th.vanishingRatio;
    if (absVanishing || ratioVanishing) {
      warnings.push({
        code: 'vanishing-gradient', severity: 'warning', layer: name, layerIndex: l,
        message: l10n.t('{0}. It shrinks on its way back through the layers, so this layer\'s weights will barely change while training. Sigmoid and tanh layers multiply the gradient by at most 0.25 and 1 each time; fewer layers, relu activations or a better initialisation help.',
          m === 0
            ? l10n.t('No gradient reaches layer \'{0}\' at all: every ∂L/∂w is exactly 0', name)
            : ratioVanishing
              ? l10n.t('The gradient reaching layer \'{0}\' is tiny (average size {1}, {2} times smaller than at the output layer)', name, fmt(m), fmt(1 / ratio))
              : l10n.t('The gradient reaching layer \'{0}\' is tiny (average size {1})', name, fmt(m))),
        details,
      });
    }
    const absExploding = m > th.explodingMeanAbs;
    const ratioExploding = l < L - 1 && ratio > th.explodingRatio;
    if (absExploding || ratioExploding) {
      warnings.push({
        code: 'exploding-gradient', severity: 'warning', layer: name, layerIndex: l,
        message: l10n.t('{0}. It grows on its way back through the layers, so one training step can throw the weights far off. Smaller initial weights, a smaller learning rate or fewer layers help.',
          ratioExploding
            ? l10n.t('The gradient of layer \'{0}\' is very large (average size {1}, {2} times larger than at the output layer)', name, fmt(m), fmt(ratio))
            : l10n.t('The gradient of layer \'{0}\' is very large (average size {1})', name, fmt(m))),
        details,
      });
    }
  }

  // --- dead and saturated units: counted over all samples -------------------------------
  const N = data.inputs.rows;
  let activity = options.unitActivity;
  if (!activity || activity.samples !== N) {
    activity = new UnitActivity(network, options.thresholds);
    const counter = activity;
    runBatch(network, workspaceFor(network, N), { X: data.inputs.data, T: data.targets.data, start: 0, count: N }, result.lossKind, {
      check: false,
      onChunk: (ws, _first, n) => counter.add(ws, n),
    });
  }
  const { alive, saturated } = activity;
  for (let l = 0; l < L; l++) {
    const layer = layers[l];
    const a = alive[l];
    if (a) {
      const dead: number[] = [];
      a.forEach((count, u) => { if (count === 0) dead.push(u); });
      const fraction = dead.length / layer.units;
      const details = { deadUnits: dead.length, units: layer.units, fraction, deadUnitIndices: dead.join(', ') };
      if (fraction > th.deadReluLayerFraction) {
        warnings.push({
          code: 'dead-relu', severity: 'warning', layer: layer.name, layerIndex: l,
          message: l10n.t('{0} of the {1} relu units of layer \'{2}\' are dead: they output 0 for every sample, so no gradient flows through them and they can never recover. A large negative bias, a too-high learning rate or an unlucky initialisation does this; leaky-relu or smaller steps help.',
            dead.length, layer.units, layer.name),
          details,
        });
      } else if (dead.length > 0 && fraction >= th.deadReluInfoFraction) {
        warnings.push({
          code: 'dead-relu', severity: 'info', layer: layer.name, layerIndex: l,
          message: l10n.t('{0} of the {1} relu units of layer \'{2}\' ({3}) output 0 for every sample and get no gradient. Some dead units are normal; many mean wasted capacity.',
            dead.length, layer.units, layer.name, pct(fraction)),
          details,
        });
      }
    }
    const s = saturated[l];
    if (s) {
      // With cross-entropy after softmax/sigmoid the output signal is o − t: saturation does not stall it.
      if (l === L - 1 && isCombined(result.lossKind, layer.code)) continue;
      let count = 0;
      s.forEach((c) => { if (c > th.saturatedSampleFraction * N) count++; });
      const fraction = count / layer.units;
      if (count > 0 && fraction >= th.saturatedUnitFraction) {
        const kind = layer.code === ACT_TANH ? 'tanh' : 'sigmoid';
        const edge = kind === 'tanh' ? l10n.t('beyond ±{0}', th.tanhSaturation) : l10n.t('within {0} of 0 or 1', th.sigmoidSaturationMargin);
        warnings.push({
          code: 'saturated', severity: 'warning', layer: layer.name, layerIndex: l,
          message: l10n.t('{0} of the {1} {2} units of layer \'{3}\' are saturated: for most samples their output is {4}, where the curve is flat and its slope is almost 0, so almost no gradient gets through. Inputs on a large scale or large weights cause this; normalise the inputs or start from smaller weights.',
            count, layer.units, kind, layer.name, edge),
          details: { saturatedUnits: count, units: layer.units, fraction },
        });
      }
    }
  }

  // --- update / weight ratio --------------------------------------------------------------
  const lr = options.learningRate;
  if (lr !== undefined && lr > 0) {
    for (let l = 0; l < L; l++) {
      const layer = layers[l];
      let wNorm = 0, gNorm = 0;
      const g = result.gradients.layers[l].weights;
      for (let i = 0; i < g.length; i++) { wNorm += layer.weights[i] ** 2; gNorm += g[i] ** 2; }
      wNorm = Math.sqrt(wNorm);
      gNorm = Math.sqrt(gNorm);
      // No gradient at all is a vanishing or dead-unit problem, reported as such.
      if (!(wNorm > 0) || !(gNorm > 0) || !Number.isFinite(gNorm)) continue;
      const ratio = (lr * gNorm) / wNorm;
      const details = { ratio, learningRate: lr, weightNorm: wNorm, gradNorm: gNorm, healthy: th.updateRatioHealthy };
      if (ratio > th.updateRatioHigh) {
        warnings.push({
          code: 'update-ratio', severity: 'warning', layer: layer.name, layerIndex: l,
          message: l10n.t('One step would change the weights of layer \'{0}\' by {1} of their size (around {2} is healthy). The learning rate is probably too high: training may jump around or blow up.',
            layer.name, fmt(ratio), fmt(th.updateRatioHealthy)),
          details,
        });
      } else if (ratio < th.updateRatioLow) {
        warnings.push({
          code: 'update-ratio', severity: 'info', layer: layer.name, layerIndex: l,
          message: l10n.t('One step would change the weights of layer \'{0}\' by only {1} of their size (around {2} is healthy). The learning rate is probably too low: training will be slow.',
            layer.name, fmt(ratio), fmt(th.updateRatioHealthy)),
          details,
        });
      }
    }
  }

  // --- gradient check ---------------------------------------------------------------------
  // Once a value is NaN or infinite, both sides of the check are too ("it gives NaN but nudging says
  // NaN"): the non-finite warning above names where it started, and the check adds nothing but noise
  // (and advice about a df the layers may not have).
  const gc = result.nonFinite ? undefined : options.gradCheck;
  if (gc) {
    const failingOf = (l: number) => gc.entries.filter((e) => e.layerIndex === l && !e.kink && !(e.relError <= th.gradCheckFail));
    // Deltas flow backwards: a wrong derivative in layer h spoils the gradients of layers 0 … h.
    // The failing layer nearest the output is where the error most likely starts.
    let source = -1;
    for (let l = 0; l < L; l++) if (failingOf(l).length > 0) source = l;
    for (let l = 0; l < L; l++) {
      const failing = failingOf(l);
      if (failing.length === 0) continue;
      const worst = failing.reduce((a, b) => (!(b.relError <= a.relError) ? b : a));
      const origin = layers[source];
      const custom = origin.custom;
      const hint = custom
        ? source === l
          ? l10n.t('Check the derivative df = "{0}" of activation \'{1}\': it must be the derivative of f = "{2}".', custom.dfText, custom.name, custom.fText)
          : l10n.t('Check the derivative df = "{0}" of activation \'{1}\' in layer \'{2}\': it must be the derivative of f = "{3}".', custom.dfText, custom.name, origin.name, custom.fText)
        : source === l
          ? l10n.t('The backward computation of this layer does not match its forward computation.')
          : l10n.t('Gradients flow backwards, so the error probably starts in layer \'{0}\'.', origin.name);
      warnings.push({
        code: 'gradcheck-failed', severity: 'error', layer: layers[l].name, layerIndex: l,
        message: l10n.t('Back-propagation disagrees with the numerical gradient in layer \'{0}\': for {1} it gives {2} but nudging that parameter says {3} (relative error {4}). {5}',
          layers[l].name, parameterName(layers[l].name, worst.param, worst.index), fmt(worst.analytic), fmt(worst.numeric), fmt(worst.relError), hint),
        details: {
          failingEntries: failing.length, param: worst.param, index: worst.index.join(', '),
          analytic: worst.analytic, numeric: worst.numeric, relError: worst.relError, likelySourceLayer: origin.name,
        },
      });
    }
  }

  // A layer whose relu units are all dead has no gradient because of that: the dead-relu warning
  // says why, so a zero-gradient "vanishing" warning on the same layer would only repeat it. And a
  // layer whose gradient vanishes takes tiny steps because of that, not because the learning rate
  // is too low: the low update/weight ratio is left to the vanishing-gradient warning.
  const deadLayers = new Set(warnings.filter((w) => w.code === 'dead-relu' && w.severity === 'warning').map((w) => w.layerIndex));
  const vanishingLayers = new Set(warnings.filter((w) => w.code === 'vanishing-gradient').map((w) => w.layerIndex));
  return warnings
    .filter((w) => !(w.code === 'vanishing-gradient' && deadLayers.has(w.layerIndex) && w.details.gradMeanAbs === 0))
    .filter((w) => !(w.code === 'update-ratio' && w.severity === 'info' && vanishingLayers.has(w.layerIndex)))
    .sort((a, b) => a.layerIndex - b.layerIndex);
}
