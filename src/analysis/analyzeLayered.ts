/**
 * The analysis of a layered model (model file 1.1) at its current parameters, in the same `Analysis`
 * shape as a dense one (analyze.ts), with each layer's type and shapes in `layered`:
 * - one training-mode pass over the whole training set as one batch (dropout draws one mask per sample
 *   from the seeded stream of a fresh copy, batch norm uses the set's statistics) gives the loss, every
 *   gradient, net/out/δ, the masks and batch statistics;
 * - the gradient check holds those masks, on a seeded subset of at most {@link LAYERED_GRADCHECK_SAMPLES}
 *   samples for a large set (its own batch statistics then);
 * - accuracy, test loss and test accuracy are in evaluation mode;
 * - the per-type detectors (engine/layers/pathologies.ts) and failing gradient-check entries give the warnings;
 * - `layeredViews` (layeredViews.ts): the input gradient, max-pool routing and, with `initial`, the first weights.
 */
import * as l10n from '@vscode/l10n';
import {
  BatchNormLayer, createRng, detectLayerPathologies, DropoutLayer, isClassification, layeredBackprop, layeredGradientCheck,
  matrix, type Matrix, type DataSet, type GradCheckResult, type LayeredNetwork, type PathologyWarning,
} from '../engine';
import type { LayeredNetworkSpec } from '../engine/layers/spec';
import type { ModelFile, SourceRange } from '../model/types';
import type { TrainingState } from './analyze';
import { cloneLayered, evaluateLayered } from './layeredNetworks';
import { activationStats, gradientStats, toRows } from './layerStats';
import { layeredViews } from './layeredViews';
import { layerSummaries } from './layerSummaries';
import { layeredQuickFix } from './layeredQuickFixes';
import type { AnalysisSettings } from './settings';
import type { Analysis, AnalysisWarning, LayerAnalysis } from './types';
import { gradCheckEntries, runSummary, trainingAndSamples } from './analysisParts';
import { warningText } from './warningText';
import { parameterName } from '../shared/names';

/** Samples whose net/out/δ are kept (as for dense models). */
const RECORDED_SAMPLES = 32;
/** Dropout masks of all samples up to this many, else of the first {@link RECORDED_SAMPLES} (the spec's rule). */
const ALL_MASKS_UP_TO = 256;
/** The gradient check differentiates the loss of at most this many samples (a seeded subset). */
export const LAYERED_GRADCHECK_SAMPLES = 64;

function line(range: SourceRange): number {
  return range.start.line + 1;
}

/** A seeded subset of `count` of N samples, ascending; all of them when count ≥ N. */
function subsetOf(N: number, count: number, seed: number): number[] | undefined {
  if (count >= N) return undefined;
  const order = new Int32Array(N);
  for (let i = 0; i < N; i++) order[i] = i;
  createRng(seed, 'gradcheck-samples').shuffle(order);
  return Array.from(order.subarray(0, count)).sort((a, b) => a - b);
}

function rowsOf(data: DataSet, rows: readonly number[]): DataSet {
  const pick = (m: Matrix): Matrix => {
    const out = new Float64Array(rows.length * m.cols);
    rows.forEach((r, i) => out.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), i * m.cols));
    return matrix(rows.length, m.cols, out);
  };
  return { inputs: pick(data.inputs), targets: pick(data.targets) };
}

function gradcheckWarnings(network: LayeredNetwork, check: GradCheckResult, failAbove: number): PathologyWarning[] {
  const out: PathologyWarning[] = [];
  network.layers.forEach((layer, l) => {
    const failing = check.entries.filter((e) => e.layerIndex === l && !e.kink && !(e.relError <= failAbove));
    if (failing.length === 0) return;
    const worst = failing.reduce((a, b) => (!(b.relError <= a.relError) ? b : a));
    out.push({
      code: 'gradcheck-failed', severity: 'error', layer: layer.name, layerIndex: l,
      message: l10n.t('Back-propagation disagrees with the numerical gradient in {0} layer \'{1}\': for {2} it gives {3} but nudging that parameter says {4} (relative error {5}).',
        layer.type, layer.name, parameterName(layer.name, worst.param, worst.index), worst.analytic.toPrecision(4), worst.numeric.toPrecision(4), worst.relError.toExponential(1)),
      details: { param: worst.param, index: worst.index.join(', '), analytic: worst.analytic, numeric: worst.numeric, relError: worst.relError, failing: failing.length },
    });
  });
  return out;
}

function toWarning(model: ModelFile, spec: LayeredNetworkSpec, w: PathologyWarning): AnalysisWarning {
  const range = model.layers[w.layerIndex]?.source.range ?? model.source.root;
  const text = warningText(w.code);
  const quickFix = layeredQuickFix(model, spec, w.code, w.layerIndex);
  return {
    code: w.code, severity: w.severity, layer: w.layer, layerIndex: w.layerIndex, line: line(range), range,
    message: w.message, explanation: text.explanation, fix: text.fix, details: w.details,
    ...(quickFix ? { quickFix } : {}),
  };
}

/** A parameter as rows of its first axis (a vector such as batch norm's γ: one number per row, as dense views expect rows). */
function paramRows(values: Float64Array, shape: readonly number[]): number[][] {
  return toRows(values, shape[0], values.length / shape[0]);
}

/**
 * Analyses a layered model at `network`'s parameters. `network` itself is not changed (the passes run
 * on a copy), so the session's training continues exactly as without the analysis.
 */
export function analyzeLayered(
  model: ModelFile, spec: LayeredNetworkSpec, network: LayeredNetwork, settings: AnalysisSettings, training: TrainingState,
  initial?: LayeredNetwork,
): Analysis {
  const train = model.data.train;
  const test = model.data.test;
  const N = train.inputs.rows;
  const probe = cloneLayered(network, spec);
  const result = layeredBackprop(probe, train, model.loss);
  const recorded = Math.min(N, RECORDED_SAMPLES);
  const masks = N <= ALL_MASKS_UP_TO ? N : RECORDED_SAMPLES;
  const layered = probe.layers.map((layer) => ({
    mask: layer instanceof DropoutLayer && layer.applied ? toRows(layer.mask, masks, layer.outSize) : undefined,
    batchMean: layer instanceof BatchNormLayer ? Array.from(layer.batchMean) : undefined,
    batchVar: layer instanceof BatchNormLayer ? Array.from(layer.batchVar) : undefined,
  }));
  // The panel's image views read what this pass left in the probe, so before anything else runs on it.
  const views = layeredViews(probe, train.inputs.data, result, recorded, training.step > 0 ? initial : undefined);
  const subset = subsetOf(N, LAYERED_GRADCHECK_SAMPLES, model.seed);
  const checked = cloneLayered(network, spec);
  const check = result.nonFinite ? undefined : layeredGradientCheck(checked, subset ? rowsOf(train, subset) : train, model.loss, {
    eps: settings.gradCheckEpsilon,
    maxEntriesPerTensor: settings.gradCheckMaxEntriesPerTensor,
    thresholds: { pass: settings.gradCheckWarnThreshold, fail: settings.gradCheckFailThreshold },
    seed: model.seed,
  });
  const thresholds = { gradCheckPass: settings.gradCheckWarnThreshold, gradCheckFail: settings.gradCheckFailThreshold };
  const warnings = [
    ...detectLayerPathologies(probe, result, { thresholds, ...(model.train.batchSize !== undefined ? { batchSize: Math.min(model.train.batchSize, N) } : {}) }),
    ...(check ? gradcheckWarnings(probe, check, settings.gradCheckFailThreshold) : []),
  ].sort((a, b) => a.layerIndex - b.layerIndex);
  const classification = isClassification(train.targets);
  const onTrain = classification ? evaluateLayered(network, train, model.loss, true) : undefined;
  const onTest = test ? evaluateLayered(network, test, model.loss, classification && isClassification(test.targets)) : undefined;
  const layers: LayerAnalysis[] = probe.layers.map((layer, l) => {
    const source = model.layers[l]!.source;
    const grads = result.gradients[l];
    const w = layer.params.find((p) => p.name === 'weights');
    const b = layer.params.find((p) => p.name === 'bias');
    const gw = w ? grads[layer.params.indexOf(w)] : new Float64Array(0);
    const gb = b ? grads[layer.params.indexOf(b)] : new Float64Array(0);
    const entries = check ? check.entries.filter((e) => e.layerIndex === l) : [];
    const worst = entries.reduce((m, e) => (e.kink ? m : Math.max(m, e.relError)), 0);
    const status = entries.some((e) => !e.kink && e.status === 'fail') ? 'fail' : entries.some((e) => !e.kink && e.status === 'warn') ? 'warn' : 'pass';
    const custom = typeof layer.activation === 'object' ? { f: layer.activation.fText, df: layer.activation.dfText } : undefined;
    const statsRows = Math.min(N, 1024);
    const extra = layered[l]!;
    return {
      name: layer.name,
      index: l,
      line: line(source.range),
      range: source.range,
      source,
      activation: layer.activation === undefined ? 'linear' : typeof layer.activation === 'object' ? layer.activation.name : layer.activation,
      ...(custom ? { custom } : {}),
      units: layer.outSize,
      fanIn: layer.inSize,
      weights: w ? { shape: w.shape, value: paramRows(w.values, w.shape), grad: paramRows(gw, w.shape) } : { shape: [0], value: [], grad: [] },
      bias: b ? { shape: b.shape, value: Array.from(b.values), grad: Array.from(gb) } : { shape: [0], value: [], grad: [] },
      net: toRows(result.net[l], recorded, layer.outSize),
      out: toRows(result.out[l], recorded, layer.outSize),
      delta: toRows(result.delta[l], recorded, layer.outSize),
      stats: gradientStats(gw, gb),
      weightStats: gradientStats(gw),
      biasStats: gradientStats(gb),
      activationStats: activationStats(result.out[l].subarray(0, statsRows * layer.outSize)),
      ...(entries.length > 0 ? { gradcheck: { status, maxRelError: worst, checked: entries.length } } : {}),
      layered: {
        type: layer.type,
        inputShape: [...layer.inShape],
        outputShape: [...layer.outShape],
        hasActivation: layer.activation !== undefined,
        params: layer.params.map((p) => ({ name: p.name, shape: [...p.shape], trainable: p.trainable })),
        ...(extra.mask ? { mask: extra.mask } : {}),
        ...(extra.batchMean ? { batchMean: extra.batchMean, batchVar: extra.batchVar! } : {}),
        ...(layer instanceof BatchNormLayer ? { runningMean: Array.from((network.layers[l] as BatchNormLayer).runningMean), runningVar: Array.from((network.layers[l] as BatchNormLayer).runningVar) } : {}),
      },
    };
  });
  const summaries = result.nonFinite ? undefined : layerSummaries(probe, result, train);
  return {
    ...runSummary(model, result.loss, training, onTrain?.accuracy, onTest),
    classification,
    inputs: network.inputs,
    inputShape: [...network.inputShape],
    layers,
    gradcheck: check ? {
      status: check.status,
      maxRelError: check.maxRelError,
      checked: check.checked,
      eps: check.eps,
      entries: gradCheckEntries(check.entries),
      samples: subset ? subset.length : N,
      ...(subset ? { sampleIndices: subset } : {}),
    } : { status: 'fail', maxRelError: NaN, checked: 0, eps: settings.gradCheckEpsilon, entries: [], samples: N },
    warnings: warnings.map((w) => toWarning(model, spec, w)),
    ...trainingAndSamples(model, training, recorded),
    layeredViews: views,
    ...(summaries ? { layerSummaries: summaries } : {}),
  };
}
