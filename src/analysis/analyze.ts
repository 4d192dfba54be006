/**
 * Runs the engine on a parsed model at the network's current parameters and returns an `Analysis`:
 * the loss, every layer's gradients and teaching records, the gradient check and the pathology
 * warnings, each pointed at the line of the model file it concerns.
 */
import * as l10n from '@vscode/l10n';
import {
  affordableGradCheckSamples, backprop, countCorrect, detectPathologies, evaluate, gradientCheck, isClassification,
  UnitActivity, type Network, type PathologyWarning, type GradCheckResult,
} from '../engine';
import { differentiate, formatExpression, parseExpression } from '../expr';
import type { ModelFile, SourceRange } from '../model/types';
import type { AnalysisSettings } from './settings';
import type { Analysis, AnalysisWarning, LayerAnalysis } from './types';
import { activationStats, gradientStats, toRows } from './layerStats';
import { gradCheckEntries, runSummary, trainingAndSamples, type TrainingState } from './analysisParts';
import { warningText } from './warningText';

export type { TrainingState } from './analysisParts';

/** How many samples' net/out/delta are kept for the report and the panel. */
export const RECORDED_SAMPLES = 32;
/** How many samples the activation statistics look at, at most. */
const STATS_SAMPLES = 1024;

function line(range: SourceRange): number {
  return range.start.line + 1;
}

/**
 * The symbolic derivative of a custom activation's `f`, as the JSON string literal of a quick fix; only
 * when the expression language accepts it back (a long product's derivative can exceed the length limit,
 * and a fix must never turn a wrong file into a broken one).
 */
function derivativeFix(fText: string): string | undefined {
  const parsed = parseExpression(fText);
  if (!parsed.ok) return undefined;
  const derivative = differentiate(parsed.ast);
  if (!derivative) return undefined;
  const text = formatExpression(derivative);
  return parseExpression(text).ok ? JSON.stringify(text) : undefined;
}

function toWarning(model: ModelFile, w: PathologyWarning): AnalysisWarning {
  const layer = model.layers[w.layerIndex];
  const text = warningText(w.code);
  let range = layer?.source.range ?? model.source.root;
  let quickFix: AnalysisWarning['quickFix'];
  if (w.code === 'gradcheck-failed') {
    // A wrong hand-written derivative is reported on its own `df` line, with the symbolic one as the fix.
    const sourceName = w.details.likelySourceLayer;
    const origin = model.layers.find((l) => l.name === sourceName) ?? layer;
    if (origin === layer && typeof layer.activation === 'object' && layer.source.dfRange) {
      range = layer.source.dfRange;
      const fix = derivativeFix(layer.activation.fText);
      if (fix) quickFix = { title: l10n.t('Use the symbolic derivative {0}', fix), range: layer.source.dfRange, newText: fix };
    }
  }
  return {
    code: w.code, severity: w.severity, layer: w.layer, layerIndex: w.layerIndex,
    line: line(range), range, message: w.message,
    explanation: text.explanation, fix: text.fix, details: w.details, quickFix,
  };
}

function layerAnalysis(
  model: ModelFile, network: Network, index: number, result: ReturnType<typeof backprop>, check: GradCheckResult, statsOut: Float64Array,
): LayerAnalysis {
  const layer = network.layers[index];
  const source = model.layers[index].source;
  const g = result.gradients.layers[index];
  const trace = result.traces![index];
  const recorded = Math.min(trace.net.rows, RECORDED_SAMPLES);
  const entries = check.entries.filter((e) => e.layerIndex === index);
  const worst = entries.reduce((m, e) => (e.kink ? m : Math.max(m, e.relError)), 0);
  const status = entries.some((e) => !e.kink && e.status === 'fail') ? 'fail' : entries.some((e) => !e.kink && e.status === 'warn') ? 'warn' : 'pass';
  const custom = typeof layer.activation === 'object' ? { f: layer.activation.fText, df: layer.activation.dfText } : undefined;
  return {
    name: layer.name,
    index,
    line: line(source.range),
    range: source.range,
    source,
    activation: layer.activationName,
    ...(custom ? { custom } : {}),
    units: layer.units,
    fanIn: layer.fanIn,
    weights: { shape: [layer.units, layer.fanIn], value: layer.weightRows(), grad: toRows(g.weights, layer.units, layer.fanIn), ...(layer.trainable.weights ? {} : { trainable: false as const }) },
    bias: { shape: [layer.units], value: Array.from(layer.bias), grad: Array.from(g.bias), ...(layer.trainable.bias ? {} : { trainable: false as const }) },
    net: toRows(trace.net.data, recorded, layer.units),
    out: toRows(trace.out.data, recorded, layer.units),
    delta: toRows(trace.delta.data, recorded, layer.units),
    stats: gradientStats(g.weights, g.bias),
    weightStats: gradientStats(g.weights),
    biasStats: gradientStats(g.bias),
    activationStats: activationStats(statsOut),
    gradcheck: { status, maxRelError: worst, checked: entries.length },
  };
}

/**
 * Analyses `network` (the model's network at its current parameters) on the model's training data.
 * Gradients are of the training loss as one batch, without weight decay (as the report defines).
 *
 * Cost: one forward-and-backward pass over the training set gives the loss, the gradients, the
 * traces, the outputs (hence the accuracy) and the detectors' unit counts; one forward pass over the
 * test set gives its loss and accuracy; the gradient check works on as many samples as it can afford
 * within half a full pass (all of them for small models, see `affordableGradCheckSamples`).
 */
export function analyzeNetwork(model: ModelFile, network: Network, settings: AnalysisSettings, training: TrainingState): Analysis {
  const train = model.data.train;
  const test = model.data.test;
  const N = train.inputs.rows;
  const thresholds = { gradCheckPass: settings.gradCheckWarnThreshold, gradCheckFail: settings.gradCheckFailThreshold };
  const activity = new UnitActivity(network, thresholds);
  // Activations of the first STATS_SAMPLES samples for the statistics (net and δ only of those shown).
  const statsRows = Math.min(N, STATS_SAMPLES);
  const statsOut = network.layers.map((l) => new Float64Array(statsRows * l.units));
  const result = backprop(network, train, model.loss, {
    recordSamples: Math.min(N, RECORDED_SAMPLES),
    onChunk: (ws, first, n) => {
      activity.add(ws, n);
      if (first < statsRows) {
        const rows = Math.min(n, statsRows - first);
        network.layers.forEach((l, i) => statsOut[i].set(ws.out[i].subarray(0, rows * l.units), first * l.units));
      }
    },
  });
  const check = gradientCheck(network, train, model.loss, {
    eps: settings.gradCheckEpsilon,
    maxEntriesPerTensor: settings.gradCheckMaxEntriesPerTensor,
    thresholds: { pass: settings.gradCheckWarnThreshold, fail: settings.gradCheckFailThreshold },
    seed: model.seed,
    samples: affordableGradCheckSamples(network, N, settings.gradCheckMaxEntriesPerTensor),
  });
  const pathologies = detectPathologies(network, train, result, {
    learningRate: training.learningRate ?? model.train.learningRate,
    gradCheck: check,
    thresholds,
    unitActivity: activity,
  });
  const classification = isClassification(train.targets);
  const recorded = Math.min(N, RECORDED_SAMPLES);
  const onTest = test ? evaluate(network, test, model.loss, classification && isClassification(test.targets)) : undefined;
  const K = train.targets.cols;
  return {
    ...runSummary(model, result.loss, training, classification ? countCorrect(result.outputs.data, train.targets.data, N, K) / N : undefined, onTest),
    classification,
    inputs: model.inputs,
    layers: network.layers.map((_, i) => layerAnalysis(model, network, i, result, check, statsOut[i])),
    gradcheck: {
      status: check.status,
      maxRelError: check.maxRelError,
      checked: check.checked,
      eps: check.eps,
      entries: gradCheckEntries(check.entries),
      samples: check.samples,
      ...(check.sampleIndices ? { sampleIndices: check.sampleIndices } : {}),
    },
    warnings: pathologies.map((w) => toWarning(model, w)),
    ...trainingAndSamples(model, training, recorded),
  };
}
