/**
 * Squared error versus cross-entropy on a layered network (model file 1.1), the same comparison as
 * ./lossComparison.ts with the layered engine:
 * - both losses' passes run on two fresh copies of the network in training mode, as the analysis'
 *   own pass does (the same dropout masks in both, batch norm on the batch's statistics): the engine's
 *   loss, output signals δ = ∂Lₙ/∂net and every parameter's gradient under each loss;
 * - the output signals beside their formulas (`outputSignals`, shared with the dense comparison);
 * - training curves: two copies of the initial network trained by `LayeredTrainer` from the same seed,
 *   one under each loss, measured in evaluation mode at the same steps.
 * The work budget counts one sample's forward multiply-adds (a convolution reuses each weight at
 * every output position), not its parameters. No `vscode` import.
 */
import { ACT_SIGMOID, ACT_SOFTMAX } from '../../engine/activations';
import {
  Conv2dLayer, EVALUATION, isClassification, layeredBackprop, LayeredTrainer, layeredWorkspaceFor,
  runLayeredBatch, type DataSet, type LayeredNetwork, type LossKind, type TrainSpec,
} from '../../engine';
import { errorMeasures } from '../../teaching/errorMeasures';
import type { CurvePoint, ErrorMeasures, TrainingCurves } from '../../shared/lossCurves';
import {
  crossEntropyFor, nested, norm, outputSignals, planCurve, rows,
  type CompareOptions, type CurveOptions, type CurvePlan, type LayerGradientComparison, type LossComparison, type OutputKind,
} from './lossComparison';

/** An exact copy of a network (the session's `copy`: parameters and running statistics, fresh dropout streams). */
export type CopyNetwork = (network: LayeredNetwork) => LayeredNetwork;

/** The output layer's activation as a comparison kind, or undefined when cross-entropy does not fit it. */
export function layeredComparisonOutputKind(network: LayeredNetwork): OutputKind | undefined {
  const code = network.layers[network.layers.length - 1].code;
  return code === ACT_SOFTMAX ? 'softmax' : code === ACT_SIGMOID ? 'sigmoid' : undefined;
}

/** Multiply-adds of one sample's forward pass: a conv weight once per output position, a dense weight once, other layers once per value. */
export function layeredForwardCost(network: LayeredNetwork): number {
  return network.layers.reduce((sum, layer) => {
    const weights = layer.params[0]?.values.length ?? 0;
    if (layer instanceof Conv2dLayer) return sum + weights * (layer.outShape[1] * layer.outShape[2]) + layer.outSize;
    return sum + (weights > 0 ? weights : 0) + layer.outSize;
  }, 0);
}

/**
 * Output signals and gradients of `network` (not changed: each loss runs on its own copy) on `data`
 * under squared error and under cross-entropy. @throws Error when the output layer is neither sigmoid nor softmax.
 */
export function compareLayeredLosses(network: LayeredNetwork, data: DataSet, copy: CopyNetwork, options: CompareOptions = {}): LossComparison {
  const kind = layeredComparisonOutputKind(network);
  const last = network.layers.length - 1;
  if (!kind) throw new Error(`cross-entropy compares probabilities: the output layer '${network.layers[last].name}' is neither sigmoid nor softmax`);
  const ceKind = crossEntropyFor(kind);
  const N = data.inputs.rows, K = network.outputs;
  const R = Math.min(N, Math.max(1, Math.floor(options.recordSamples ?? 64)));
  const sq = layeredBackprop(copy(network), data, 'squared');
  const ce = layeredBackprop(copy(network), data, ceKind);
  const maxEntries = options.maxGradientEntries ?? 256;
  const layers = network.layers.flatMap((layer, i): LayerGradientComparison[] => {
    if (layer.params.length === 0) return [];
    const [gsW, gsB] = sq.gradients[i], [gcW, gcB] = ce.gradients[i];
    const w = layer.params[0];
    const small = w.values.length <= maxEntries;
    const rowsOfW = w.shape[0], cols = w.values.length / w.shape[0];
    const empty = new Float64Array(0);
    return [{
      name: layer.name, index: i,
      squaredWeightNorm: norm(gsW), squaredBiasNorm: norm(gsB ?? empty),
      crossEntropyWeightNorm: norm(gcW), crossEntropyBiasNorm: norm(gcB ?? empty),
      squaredWeights: small ? nested(gsW, rowsOfW, cols) : [],
      crossEntropyWeights: small ? nested(gcW, rowsOfW, cols) : [],
    }];
  });
  return {
    outputKind: kind,
    crossEntropyLoss: ceKind,
    samples: N,
    outputs: K,
    squaredLoss: sq.loss,
    crossEntropyLossValue: ce.loss,
    measures: errorMeasures(rows({ rows: N, cols: K, data: sq.outputs }), rows(data.targets)),
    ...outputSignals(kind, sq.out[last], sq.delta[last], ce.delta[last], data.targets.data, R, K),
    recordedSamples: R,
    layers,
  };
}

/** McCaffrey's measures of the network's outputs in evaluation mode. */
function measuresOf(network: LayeredNetwork, data: DataSet): ErrorMeasures {
  const N = data.inputs.rows, K = network.outputs;
  const ws = layeredWorkspaceFor(network, N);
  runLayeredBatch(network, ws, data.inputs.data, data.targets.data, N, 'squared', { mode: EVALUATION, check: false });
  return errorMeasures(rows({ rows: N, cols: K, data: ws.out[network.layers.length - 1] }), rows(data.targets));
}

async function runCurve(
  initial: LayeredNetwork, data: DataSet, loss: LossKind, train: TrainSpec, plan: CurvePlan, copy: CopyNetwork, options: CurveOptions, clock: { lastYield: number },
): Promise<{ points: CurvePoint[]; cancelled: boolean }> {
  const network = copy(initial);
  const trainer = new LayeredTrainer(network, data, loss, train, { seed: options.seed ?? initial.seed });
  const points: CurvePoint[] = [{ step: 0, loss: trainer.evaluateLoss(), measures: measuresOf(network, data) }];
  const yieldEvery = options.yieldEveryMs ?? 15;
  for (let s = 1; s <= plan.steps; s++) {
    if (options.signal?.aborted) return { points, cancelled: true };
    trainer.step();
    if (s % plan.every === 0 || s === plan.steps) points.push({ step: s, loss: trainer.evaluateLoss(), measures: measuresOf(network, data) });
    if (options.yieldToEventLoop && Date.now() - clock.lastYield >= yieldEvery) {
      await options.yieldToEventLoop();
      clock.lastYield = Date.now();
    }
  }
  return { points, cancelled: false };
}

/**
 * Multiply-adds per curve by default: five times the dense default, because every point measures the
 * whole training set and a conv network costs far more per sample than its parameters (the digits CNN:
 * about 27,000 multiply-adds per sample for 3,818 parameters); with 2e8 it would train 16 steps
 * between 2 points. The work yields and can be cancelled like the dense curves.
 */
export const LAYERED_CURVE_WORK = 1e9;

function planOf(initial: LayeredNetwork, data: DataSet, train: TrainSpec, options: CurveOptions): CurvePlan {
  return planCurve({ parameterCount: layeredForwardCost(initial) }, data, train, { maxWork: LAYERED_CURVE_WORK, ...options });
}

/**
 * Trains two copies of `initial` (not changed) with `train`'s settings and the same seed, one under
 * squared error and one under cross-entropy, and records both at the same steps.
 */
export async function layeredTrainingCurves(initial: LayeredNetwork, data: DataSet, train: TrainSpec, copy: CopyNetwork, options: CurveOptions = {}): Promise<TrainingCurves> {
  const kind = layeredComparisonOutputKind(initial);
  if (!kind) throw new Error('cross-entropy compares probabilities: the output layer must be sigmoid or softmax');
  const plan = planOf(initial, data, train, options);
  const clock = { lastYield: Date.now() };
  const squared = await runCurve(initial, data, 'squared', train, plan, copy, options, clock);
  const crossEntropy = squared.cancelled ? { points: [], cancelled: true } : await runCurve(initial, data, crossEntropyFor(kind), train, plan, copy, options, clock);
  return {
    steps: plan.steps, fileSteps: plan.fileSteps, ...(plan.note ? { note: plan.note } : {}),
    squared: squared.points, crossEntropy: crossEntropy.points,
    classification: isClassification(data.targets), cancelled: squared.cancelled || crossEntropy.cancelled,
  };
}

/** One loss curve of a copy of `initial` trained under `loss` with `train`'s settings, in bounded steps. */
export async function layeredLossCurve(initial: LayeredNetwork, data: DataSet, loss: LossKind, train: TrainSpec, copy: CopyNetwork, options: CurveOptions = {}): Promise<{ points: CurvePoint[]; steps: number; fileSteps: number; note?: string; cancelled: boolean }> {
  const plan = planOf(initial, data, train, options);
  const run = await runCurve(initial, data, loss, train, plan, copy, options, { lastYield: Date.now() });
  return { points: run.points, steps: plan.steps, fileSteps: plan.fileSteps, ...(plan.note ? { note: plan.note } : {}), cancelled: run.cancelled };
}
