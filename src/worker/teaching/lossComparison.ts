/**
 * Squared error versus cross-entropy, on the same network and data:
 * - the two error measures of McCaffrey (2013), computed from outputs and targets;
 * - the output signals δ = ∂Lₙ/∂net of the output layer under each loss: o(1 − o)(o − t) for sigmoid
 *   with squared error (softmax: the full Jacobian product), against o − t with cross-entropy; both
 *   from the engine, beside the formula multiplied out here;
 * - every layer's gradient under each loss;
 * - training curves of two clones trained under each loss with the file's settings, in bounded steps.
 * Cross-entropy means `cross-entropy` for a softmax output layer and `binary-cross-entropy` for a
 * sigmoid one, the pairings whose signal is o − t. No `vscode` import.
 */
import { errorMeasures, isRight } from '../../teaching/errorMeasures';
import {
  Trainer, backprop, predict, isClassification, type DataSet, type LossKind, type Network, type TrainSpec,
} from '../../engine';
import type { CurvePoint, ErrorMeasures, TrainingCurves } from '../../shared/lossCurves';
import { relativeError } from '../../shared/relativeError';

export { errorMeasures } from '../../teaching/errorMeasures';
export type { CurvePoint, ErrorMeasures, TrainingCurves };

export type OutputKind = 'sigmoid' | 'softmax';

/** The output signals of one output unit of one sample under both losses. */
export interface OutputSignal {
  readonly sample: number;
  readonly unit: number;
  readonly out: number;
  readonly target: number;
  /** δ under squared error, from the engine. */
  readonly squared: number;
  /** o(1 − o)(o − t) (sigmoid) or o_j((o_j − t_j) − Σₖ (oₖ − tₖ)oₖ) (softmax), multiplied out here. */
  readonly squaredFormula: number;
  /** δ under cross-entropy, from the engine. */
  readonly crossEntropy: number;
  /** o − t (times Σt for softmax targets that do not sum to 1), multiplied out here. */
  readonly crossEntropyFormula: number;
}

export interface LayerGradientComparison {
  readonly name: string;
  readonly index: number;
  /** ‖∂L/∂W‖ and ‖∂L/∂b‖ under each loss. */
  readonly squaredWeightNorm: number;
  readonly squaredBiasNorm: number;
  readonly crossEntropyWeightNorm: number;
  readonly crossEntropyBiasNorm: number;
  /** ∂L/∂W under each loss, [unit][input] (for small layers; empty past `maxGradientEntries`). */
  readonly squaredWeights: number[][];
  readonly crossEntropyWeights: number[][];
}

export interface SignalSummary {
  /** Output units compared (samples × K). */
  readonly count: number;
  readonly meanAbsSquared: number;
  readonly meanAbsCrossEntropy: number;
  /** Outputs with |o − t| > 0.5: wrong, and the more confidently the closer o is to 0 or 1. */
  readonly wrong: number;
  readonly wrongMeanAbsSquared: number;
  readonly wrongMeanAbsCrossEntropy: number;
  /**
   * Where the two verdicts disagree (over the recorded samples): samples counted right (largest
   * output at the target's largest) that still have an output more than 0.5 from its target, and
   * how many such outputs they have; samples counted wrong with every output within 0.5.
   */
  readonly rightButFar: number;
  readonly farOutputsOfRight: number;
  readonly wrongButClose: number;
}

export interface LossComparison {
  readonly outputKind: OutputKind;
  readonly crossEntropyLoss: Extract<LossKind, 'cross-entropy' | 'binary-cross-entropy'>;
  readonly samples: number;
  readonly outputs: number;
  /** The losses as the engine defines them (squared: mean of ½Σ(t − o)²). */
  readonly squaredLoss: number;
  readonly crossEntropyLossValue: number;
  /** McCaffrey's measures of the network's outputs over all samples. */
  readonly measures: ErrorMeasures;
  /** Signals of the first `recordedSamples` samples, sample-major. */
  readonly signals: readonly OutputSignal[];
  readonly recordedSamples: number;
  readonly summary: SignalSummary;
  /** The largest |engine − formula| / max(|engine|, |formula|) over the signals (should be ~1e-16). */
  readonly maxFormulaRelDiff: number;
  readonly layers: readonly LayerGradientComparison[];
}

/** The output layer's activation as a comparison kind, or undefined when cross-entropy does not fit it. */
export function comparisonOutputKind(network: Network): OutputKind | undefined {
  const a = network.layers[network.layers.length - 1].activation;
  return a === 'sigmoid' || a === 'softmax' ? a : undefined;
}

export function crossEntropyFor(kind: OutputKind): 'cross-entropy' | 'binary-cross-entropy' {
  return kind === 'softmax' ? 'cross-entropy' : 'binary-cross-entropy';
}

export function rows(m: { rows: number; cols: number; data: Float64Array }, count = m.rows): Float64Array[] {
  const out: Float64Array[] = [];
  for (let r = 0; r < Math.min(count, m.rows); r++) out.push(m.data.subarray(r * m.cols, (r + 1) * m.cols));
  return out;
}

export function norm(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

export function nested(a: Float64Array, r: number, c: number): number[][] {
  return Array.from({ length: r }, (_, i) => Array.from(a.subarray(i * c, (i + 1) * c)));
}

function rel(a: number, b: number): number {
  return relativeError(a, b, 0);
}

export interface CompareOptions {
  /** Samples whose signals are kept (default 64). */
  readonly recordSamples?: number;
  /** Layers with more weights than this keep only their norms (default 256). */
  readonly maxGradientEntries?: number;
}

/**
 * The output signals of the first R samples under both losses (the engine's δ of the output layer,
 * `out`, `sqDelta`, `ceDelta`: N × K rows), each beside its formula multiplied out here, and their summary.
 */
export function outputSignals(
  kind: OutputKind, out: Float64Array, sqDelta: Float64Array, ceDelta: Float64Array, T: Float64Array, R: number, K: number,
): Pick<LossComparison, 'signals' | 'summary' | 'maxFormulaRelDiff'> {
  const signals: OutputSignal[] = [];
  let maxRel = 0;
  let absSq = 0, absCe = 0, wrong = 0, wrongSq = 0, wrongCe = 0;
  let rightButFar = 0, farOutputsOfRight = 0, wrongButClose = 0;
  for (let n = 0; n < R; n++) {
    const off = n * K;
    const right = isRight(out.subarray(off, off + K), T.subarray(off, off + K));
    let far = 0;
    let dot = 0, tsum = 0;
    for (let k = 0; k < K; k++) { dot += (out[off + k] - T[off + k]) * out[off + k]; tsum += T[off + k]; }
    for (let k = 0; k < K; k++) {
      const o = out[off + k], t = T[off + k];
      const squaredFormula = kind === 'sigmoid' ? o * (1 - o) * (o - t) : o * ((o - t) - dot);
      const crossEntropyFormula = kind === 'sigmoid' ? o - t : o * tsum - t;
      const s = { sample: n, unit: k, out: o, target: t, squared: sqDelta[off + k], squaredFormula, crossEntropy: ceDelta[off + k], crossEntropyFormula };
      signals.push(s);
      maxRel = Math.max(maxRel, rel(s.squared, squaredFormula), rel(s.crossEntropy, crossEntropyFormula));
      absSq += Math.abs(s.squared);
      absCe += Math.abs(s.crossEntropy);
      if (Math.abs(o - t) > 0.5) { wrong++; far++; wrongSq += Math.abs(s.squared); wrongCe += Math.abs(s.crossEntropy); }
    }
    if (right && far > 0) { rightButFar++; farOutputsOfRight += far; }
    if (!right && far === 0) wrongButClose++;
  }
  const count = R * K;
  return {
    signals,
    summary: {
      count,
      meanAbsSquared: absSq / count,
      meanAbsCrossEntropy: absCe / count,
      wrong,
      wrongMeanAbsSquared: wrong ? wrongSq / wrong : 0,
      wrongMeanAbsCrossEntropy: wrong ? wrongCe / wrong : 0,
      rightButFar, farOutputsOfRight, wrongButClose,
    },
    maxFormulaRelDiff: maxRel,
  };
}

/**
 * Output signals and gradients of `network` (not changed) on `data` under squared error and under
 * cross-entropy. @throws Error when the output layer is neither sigmoid nor softmax.
 */
export function compareLosses(network: Network, data: DataSet, options: CompareOptions = {}): LossComparison {
  const kind = comparisonOutputKind(network);
  if (!kind) {
    const last = network.layers[network.layers.length - 1];
    throw new Error(`cross-entropy compares probabilities: the output layer '${last.name}' is ${last.activationName}, not sigmoid or softmax`);
  }
  const ceKind = crossEntropyFor(kind);
  const N = data.inputs.rows, K = network.outputs;
  const R = Math.min(N, Math.max(1, Math.floor(options.recordSamples ?? 64)));
  const sq = backprop(network, data, 'squared', { recordSamples: R });
  const ce = backprop(network, data, ceKind, { recordSamples: R });
  const last = network.layers.length - 1;
  const signals = outputSignals(kind, sq.traces![last].out.data, sq.traces![last].delta.data, ce.traces![last].delta.data, data.targets.data, R, K);
  const maxEntries = options.maxGradientEntries ?? 256;
  const layers = network.layers.map((l, i): LayerGradientComparison => {
    const gs = sq.gradients.layers[i], gc = ce.gradients.layers[i];
    const small = l.weights.length <= maxEntries;
    return {
      name: l.name, index: i,
      squaredWeightNorm: norm(gs.weights), squaredBiasNorm: norm(gs.bias),
      crossEntropyWeightNorm: norm(gc.weights), crossEntropyBiasNorm: norm(gc.bias),
      squaredWeights: small ? nested(gs.weights, l.units, l.fanIn) : [],
      crossEntropyWeights: small ? nested(gc.weights, l.units, l.fanIn) : [],
    };
  });
  return {
    outputKind: kind,
    crossEntropyLoss: ceKind,
    samples: N,
    outputs: K,
    squaredLoss: sq.loss,
    crossEntropyLossValue: ce.loss,
    measures: errorMeasures(rows(sq.outputs), rows(data.targets)),
    ...signals,
    recordedSamples: R,
    layers,
  };
}

export interface CurveOptions {
  /** At most this many steps per loss (default 2000). */
  readonly maxSteps?: number;
  /** At least this many steps, when the file asks for fewer (default 100, capped by maxSteps). */
  readonly minSteps?: number;
  /** Points per curve, the first at step 0 (default 41). */
  readonly points?: number;
  /**
   * A budget of multiply-adds per loss (training and measuring together, default 2e8): big models and
   * data sets get fewer steps rather than a frozen editor.
   */
  readonly maxWork?: number;
  /** Seed of the shuffling (default: the network's). */
  readonly seed?: number;
  /** Checked between steps. */
  readonly signal?: { readonly aborted: boolean };
  /** Awaited about every `yieldEveryMs` of work, so the host stays responsive. */
  readonly yieldToEventLoop?: () => Promise<void>;
  readonly yieldEveryMs?: number;
}

function measuresOf(network: Network, data: DataSet): ErrorMeasures {
  return errorMeasures(rows(predict(network, data.inputs)), rows(data.targets));
}

/** How many steps a bounded training run takes, and every how many steps it records a point. */
export interface CurvePlan {
  readonly steps: number;
  readonly fileSteps: number;
  readonly every: number;
  readonly note?: string;
}

/**
 * How many steps a curve runs: the file's, at least `minSteps`, at most `maxSteps` and the work budget.
 * `initial.parameterCount` stands for the multiply-adds of one sample's forward pass (a dense
 * network's; a layered one passes its own count, convolutions reusing each weight at every position).
 */
export function planCurve(initial: { readonly parameterCount: number }, data: DataSet, train: TrainSpec, options: CurveOptions): CurvePlan {
  const N = data.inputs.rows;
  const batch = Math.min(train.batchSize ?? N, N);
  const stepsPerEpoch = Math.ceil(N / batch);
  const fileSteps = Math.max(0, train.epochs) * stepsPerEpoch;
  const maxSteps = Math.max(1, Math.floor(options.maxSteps ?? 2000));
  const minSteps = Math.min(maxSteps, Math.max(1, Math.floor(options.minSteps ?? 100)));
  const params = initial.parameterCount;
  const maxWork = options.maxWork ?? 2e8;
  // Each point measures all samples twice (its loss, then the outputs): at most half the budget.
  const pointsWanted = Math.max(2, Math.min(Math.floor(options.points ?? 41), Math.floor(maxWork / 2 / (2 * N * params))));
  const measureWork = 2 * pointsWanted * N * params;
  // Training costs about 3 multiply-adds per parameter and sample of a batch.
  const byWork = Math.max(1, Math.floor((maxWork - measureWork) / (3 * batch * params)));
  let steps = Math.min(maxSteps, Math.max(minSteps, fileSteps));
  let note: string | undefined;
  if (fileSteps < steps) note = `the file trains ${fileSteps} step${fileSteps === 1 ? '' : 's'}; ${steps} are run here to show the curve`;
  if (byWork < steps) {
    steps = byWork;
    note = `bounded to ${steps} steps to keep the editor responsive (the file asks for ${fileSteps})`;
  } else if (fileSteps > steps) {
    note = `bounded to ${steps} steps (the file asks for ${fileSteps})`;
  }
  return { steps, fileSteps, every: Math.max(1, Math.ceil(steps / (pointsWanted - 1))), ...(note ? { note } : {}) };
}

/**
 * Steps `trainer` along `plan`, recording `point(step)` at step 0, every `plan.every` steps and at the
 * last; yields to the event loop about every `yieldEveryMs`; `cancelled` when the signal stopped it.
 * Shared by the loss comparison and Compare Runs (src/worker/teaching/runComparison.ts).
 */
export async function recordTraining<P>(
  trainer: { step(): unknown }, plan: CurvePlan, options: CurveOptions, clock: { lastYield: number }, point: (step: number) => P,
): Promise<{ points: P[]; cancelled: boolean }> {
  const points: P[] = [point(0)];
  const yieldEvery = options.yieldEveryMs ?? 15;
  for (let s = 1; s <= plan.steps; s++) {
    if (options.signal?.aborted) return { points, cancelled: true };
    trainer.step();
    if (s % plan.every === 0 || s === plan.steps) points.push(point(s));
    if (options.yieldToEventLoop && Date.now() - clock.lastYield >= yieldEvery) {
      await options.yieldToEventLoop();
      clock.lastYield = Date.now();
    }
  }
  return { points, cancelled: false };
}

/** Trains a clone of `initial` under `loss` along `plan`, recording points; `cancelled` when the signal stopped it. */
function runCurve(
  initial: Network, data: DataSet, loss: LossKind, train: TrainSpec, plan: CurvePlan, options: CurveOptions, clock: { lastYield: number },
): Promise<{ points: CurvePoint[]; cancelled: boolean }> {
  const network = initial.clone();
  const trainer = new Trainer(network, data, loss, train, { seed: options.seed ?? initial.seed });
  return recordTraining(trainer, plan, options, clock, (step) => ({ step, loss: trainer.evaluateLoss(), measures: measuresOf(network, data) }));
}

/**
 * Trains two clones of `initial` (not changed) on `data` with `train`'s settings, one under squared
 * error and one under cross-entropy, and records both curves at the same steps: each clone's own loss
 * and McCaffrey's two measures, so the curves can be compared on one scale.
 */
export async function trainingCurves(initial: Network, data: DataSet, train: TrainSpec, options: CurveOptions = {}): Promise<TrainingCurves> {
  const kind = comparisonOutputKind(initial);
  if (!kind) throw new Error('cross-entropy compares probabilities: the output layer must be sigmoid or softmax');
  const plan = planCurve(initial, data, train, options);
  const clock = { lastYield: Date.now() };
  const squared = await runCurve(initial, data, 'squared', train, plan, options, clock);
  const crossEntropy = squared.cancelled ? { points: [], cancelled: true } : await runCurve(initial, data, crossEntropyFor(kind), train, plan, options, clock);
  return {
    steps: plan.steps, fileSteps: plan.fileSteps, ...(plan.note ? { note: plan.note } : {}),
    squared: squared.points, crossEntropy: crossEntropy.points,
    classification: isClassification(data.targets), cancelled: squared.cancelled || crossEntropy.cancelled,
  };
}

/** One loss curve of a clone of `initial` trained under `loss` with `train`'s settings, in bounded steps. */
export async function lossCurve(initial: Network, data: DataSet, loss: LossKind, train: TrainSpec, options: CurveOptions = {}): Promise<{ points: CurvePoint[]; steps: number; fileSteps: number; note?: string; cancelled: boolean }> {
  const plan = planCurve(initial, data, train, options);
  const run = await runCurve(initial, data, loss, train, plan, options, { lastYield: Date.now() });
  return { points: run.points, steps: plan.steps, fileSteps: plan.fileSteps, ...(plan.note ? { note: plan.note } : {}), cancelled: run.cancelled };
}
