/**
 * Explain Gradient: the chain-rule derivation of one weight's or bias's gradient, with the real
 * numbers of the model at its current step.
 *
 *   ∂L/∂w = (1/N) Σₙ ∂Lₙ/∂outⱼ · ∂outⱼ/∂netⱼ · ∂netⱼ/∂w
 *
 * - ∂Lₙ/∂outⱼ: for an output unit, the loss's derivative (squared: out − t; mse: (2/K)(out − t);
 *   cross-entropy: −t/out; binary cross-entropy: −t/out + (1 − t)/(1 − out)); for a hidden unit, the sum
 *   over the downstream units Σₖ δₖ · wₖⱼ, with the engine's own δₖ of the next layer.
 * - ∂outⱼ/∂netⱼ: the activation's derivative (a custom activation's `df` exactly as the student wrote
 *   it); softmax has a Jacobian instead, δⱼ = Σₖ ∂Lₙ/∂outₖ · outₖ([k = j] − outⱼ); softmax with
 *   cross-entropy and sigmoid with binary cross-entropy collapse to δ = out − t, as the engine computes.
 * - ∂netⱼ/∂w: the input the weight multiplies (1 for a bias).
 *
 * Every forward value (net, out) and every downstream δ is the engine's: from the analysis's
 * per-sample records when it holds all the samples, else from the engine re-run on the analysis's
 * parameters (the network the analysis was made of) over the training data, a slice at a time. The factors are then multiplied here,
 * independently of the engine's backward pass, and the mean is set beside the engine's gradient.
 * No `vscode` import.
 */
import { backprop, matrix, type DataSet, type LossKind, type Network } from '../../engine';
import { relativeError } from '../../shared/relativeError';
import { LEAKY_SLOPE } from '../../engine';
import type { Analysis, LayerAnalysis } from '../../analysis/types';
import { AGREEMENT_TOLERANCE } from '../../teaching/agreement';
import { analysisLoss, layerActivation } from './analysisNetwork';

export type ParamKind = 'weights' | 'bias';

/** One weight ([unit, input]) or bias ([unit]) of one layer; indices 0-based. */
export interface GradientTarget {
  readonly layerIndex: number;
  readonly param: ParamKind;
  readonly index: readonly number[];
}

export type ActivationRule = 'linear' | 'sigmoid' | 'tanh' | 'relu' | 'leaky-relu' | 'softmax' | 'custom';

/** A loss and output activation whose derivatives cancel to δ = out − t. */
export type CombinedRule = 'softmax-cross-entropy' | 'sigmoid-binary-cross-entropy';

/** One term δₖ · wₖⱼ of a hidden unit's ∂Lₙ/∂outⱼ. */
export interface DownstreamTerm {
  readonly unit: number;
  readonly delta: number;
  readonly weight: number;
  readonly product: number;
}

/** One term ∂Lₙ/∂outₖ · ∂outₖ/∂netⱼ of a softmax unit's δⱼ. */
export interface SoftmaxTerm {
  readonly unit: number;
  readonly dLdOut: number;
  readonly dOutdNet: number;
  readonly product: number;
}

/** The chain for one sample n. */
export interface ChainRuleRow {
  /** 0-based sample number in the training data. */
  readonly sample: number;
  readonly net: number;
  readonly out: number;
  /** The target tⱼ, for an output unit. */
  readonly target?: number;
  /** ∂Lₙ/∂outⱼ. */
  readonly dLdOut: number;
  /** ∂outⱼ/∂netⱼ = f′(netⱼ), for an elementwise activation (and sigmoid with binary cross-entropy). */
  readonly dOutdNet?: number;
  /** For a softmax unit (not combined with cross-entropy): the Jacobian terms. */
  readonly softmax?: readonly SoftmaxTerm[];
  /** δⱼ = ∂Lₙ/∂netⱼ as multiplied out here. */
  readonly delta: number;
  /** The engine's δⱼ for this sample. */
  readonly engineDelta: number;
  /** ∂netⱼ/∂w: the input the weight multiplies, or 1 for a bias. */
  readonly dNetdParam: number;
  /** ∂Lₙ/∂w = δⱼ · ∂netⱼ/∂w. */
  readonly product: number;
  /** For a hidden unit: the terms of ∂Lₙ/∂outⱼ = Σₖ δₖ · wₖⱼ. */
  readonly downstream?: readonly DownstreamTerm[];
}

/** Where the input a weight multiplies comes from. */
export type InputSource =
  | { readonly kind: 'input'; readonly index: number; readonly name?: string }
  | { readonly kind: 'unit'; readonly layerName: string; readonly layerIndex: number; readonly unit: number }
  | { readonly kind: 'bias' };

export interface GradientExplanation {
  readonly modelName: string;
  readonly fileName: string;
  /** Optimiser steps taken when the analysis was made (0: initial parameters). */
  readonly step: number;
  readonly lossKind: LossKind;
  /** N, the training samples the loss averages over. */
  readonly samples: number;
  /** K, the network's outputs. */
  readonly outputs: number;
  readonly target: GradientTarget;
  readonly layerName: string;
  readonly layerCount: number;
  readonly isOutputLayer: boolean;
  readonly unit: number;
  /** The parameter's current value. */
  readonly paramValue: number;
  /** The layer's activation name (a custom activation's own name). */
  readonly activation: string;
  readonly rule: ActivationRule;
  readonly custom?: { readonly f: string; readonly df: string };
  readonly combined?: CombinedRule;
  readonly inputSource: InputSource;
  /** For a hidden layer: the next layer, whose δ flows back. */
  readonly downstreamLayer?: { readonly name: string; readonly index: number; readonly units: number };
  /** The chain for the first `maxRows` samples. */
  readonly rows: readonly ChainRuleRow[];
  /** Σₙ ∂Lₙ/∂w over all N samples, and Σₙ |∂Lₙ/∂w|. */
  readonly sum: number;
  readonly sumAbs: number;
  /** ∂L/∂w = (1/N) Σₙ ∂Lₙ/∂w: the chain rule's answer. */
  readonly mean: number;
  /** The engine's gradient (the analysis's ∂L/∂w of the training loss, no weight decay). */
  readonly engine: number;
  readonly absDiff: number;
  /** |mean − engine| / max(|mean|, |engine|), 0 when both are 0. */
  readonly relDiff: number;
  /** relDiff ≤ {@link AGREEMENT_TOLERANCE}. */
  readonly agrees: boolean;
  /** The largest relative difference between this derivation's δⱼ and the engine's, over all samples. */
  readonly maxDeltaRelDiff: number;
  /** True when the samples came from re-running the engine (the analysis holds only the first ones). */
  readonly recomputed: boolean;
}

export { AGREEMENT_TOLERANCE } from '../../teaching/agreement';
/** Samples shown in the table by default. */
export const DEFAULT_TABLE_ROWS = 8;
/** Samples per engine run when the data are recomputed. */
const SLICE_ROWS = 256;

export interface ExplainOptions {
  /**
   * The training data, needed when the analysis holds per-sample records of only the first samples
   * (N > 32). Must be the data the analysis was made on.
   */
  readonly data?: DataSet;
  /** The network the analysis was made of (the worker's session store keeps it beside the analysis); needed with `data`. */
  readonly network?: Network;
  /** Samples shown in `rows` (default {@link DEFAULT_TABLE_ROWS}). */
  readonly maxRows?: number;
  /** Names of the input features, for the table's captions. */
  readonly featureNames?: readonly string[];
}

/** The engine's values of one sample. */
interface SampleView {
  readonly x: ArrayLike<number>;
  readonly t: ArrayLike<number>;
  net(layer: number): ArrayLike<number>;
  out(layer: number): ArrayLike<number>;
  delta(layer: number): ArrayLike<number>;
}

/** True when the analysis's per-sample records cover every training sample. */
export function analysisHoldsAllSamples(analysis: Analysis): boolean {
  return analysis.layers.every((l) => l.net.length >= analysis.samples) && analysis.sampleInputs.length >= analysis.samples;
}

function* analysisSamples(analysis: Analysis): Generator<SampleView> {
  for (let n = 0; n < analysis.samples; n++) {
    yield {
      x: analysis.sampleInputs[n],
      t: analysis.sampleTargets[n],
      net: (l) => analysis.layers[l].net[n],
      out: (l) => analysis.layers[l].out[n],
      delta: (l) => analysis.layers[l].delta[n],
    };
  }
}

function* engineSamples(network: Network, data: DataSet, loss: LossKind): Generator<SampleView> {
  const N = data.inputs.rows, I = data.inputs.cols, K = data.targets.cols;
  for (let first = 0; first < N; first += SLICE_ROWS) {
    const n = Math.min(SLICE_ROWS, N - first);
    const slice: DataSet = {
      inputs: matrix(n, I, data.inputs.data.subarray(first * I, (first + n) * I)),
      targets: matrix(n, K, data.targets.data.subarray(first * K, (first + n) * K)),
    };
    const traces = backprop(network, slice, loss, { recordSamples: n }).traces!;
    for (let s = 0; s < n; s++) {
      const row = (m: { cols: number; data: Float64Array }) => m.data.subarray(s * m.cols, (s + 1) * m.cols);
      yield {
        x: slice.inputs.data.subarray(s * I, (s + 1) * I),
        t: slice.targets.data.subarray(s * K, (s + 1) * K),
        net: (l) => row(traces[l].net),
        out: (l) => row(traces[l].out),
        delta: (l) => row(traces[l].delta),
      };
    }
  }
}

function ruleOf(layer: LayerAnalysis): ActivationRule {
  if (layer.custom) return 'custom';
  switch (layer.activation) {
    case 'linear': case 'sigmoid': case 'tanh': case 'relu': case 'leaky-relu': case 'softmax':
      return layer.activation;
    default:
      throw new Error(`layer '${layer.name}': unknown activation '${layer.activation}'`);
  }
}

/** ∂Lₙ/∂o for one output, as the engine computes it (model-file-v1's losses). */
export function lossDerivative(kind: LossKind, o: number, t: number, K: number): number {
  switch (kind) {
    case 'squared': return o - t;
    case 'mse': return (2 / K) * (o - t);
    case 'cross-entropy': return t === 0 ? 0 : -t / o;
    case 'binary-cross-entropy': return (t === 0 ? 0 : -t / o) + (t === 1 ? 0 : (1 - t) / (1 - o));
    default: throw new Error(`unknown loss '${String(kind)}'`);
  }
}

/** f′(net) of an elementwise activation, from net and out (custom: the student's df at net). */
function elementwiseDerivative(rule: ActivationRule, net: number, out: number, df?: (x: number) => number): number {
  switch (rule) {
    case 'linear': return 1;
    case 'sigmoid': return out * (1 - out);
    case 'tanh': return 1 - out * out;
    case 'relu': return net <= 0 ? 0 : 1;
    case 'leaky-relu': return net <= 0 ? LEAKY_SLOPE : 1;
    case 'custom': return (df as (x: number) => number)(net);
    default: throw new Error(`${rule} is not elementwise`);
  }
}

function checkTarget(analysis: Analysis, target: GradientTarget): LayerAnalysis {
  const { layerIndex, param, index } = target;
  const layer = analysis.layers[layerIndex];
  if (!Number.isInteger(layerIndex) || !layer) throw new RangeError(`there is no layer ${layerIndex + 1}; the model has ${analysis.layers.length}`);
  if (param !== 'weights' && param !== 'bias') throw new RangeError(`unknown parameter '${String(param)}'`);
  const [unit, input] = index;
  if (!Number.isInteger(unit) || unit < 0 || unit >= layer.units) throw new RangeError(`layer '${layer.name}' has no unit ${unit + 1}; it has ${layer.units}`);
  if (param === 'weights' && (!Number.isInteger(input) || input < 0 || input >= layer.fanIn)) {
    throw new RangeError(`unit ${unit + 1} of layer '${layer.name}' has no input ${input + 1}; it has ${layer.fanIn}`);
  }
  return layer;
}

function relativeDifference(a: number, b: number): number {
  return relativeError(a, b, 0);
}

/**
 * The derivation of ∂L/∂(target) with the analysis's numbers.
 * @throws RangeError for a target the model does not have; Error when the analysis holds only some
 * samples and `options.data` is missing or does not fit.
 */
export function explainGradient(analysis: Analysis, target: GradientTarget, options: ExplainOptions = {}): GradientExplanation {
  const layer = checkTarget(analysis, target);
  const loss = analysisLoss(analysis);
  const l = target.layerIndex;
  const L = analysis.layers.length;
  const isOutput = l === L - 1;
  const [j, i] = target.index;
  const isBias = target.param === 'bias';
  const rule = ruleOf(layer);
  const activation = layerActivation(layer);
  const df = typeof activation === 'object' ? activation.df : undefined;
  const K = analysis.layers[L - 1].units;
  const combined: CombinedRule | undefined = !isOutput ? undefined
    : loss === 'cross-entropy' && rule === 'softmax' ? 'softmax-cross-entropy'
      : loss === 'binary-cross-entropy' && rule === 'sigmoid' ? 'sigmoid-binary-cross-entropy' : undefined;
  const next = isOutput ? undefined : analysis.layers[l + 1];
  const nextWeights = next?.weights.value as number[][] | undefined;
  const maxRows = Math.max(0, Math.floor(options.maxRows ?? DEFAULT_TABLE_ROWS));

  const all = analysisHoldsAllSamples(analysis);
  let samples: Iterable<SampleView>;
  if (all) {
    samples = analysisSamples(analysis);
  } else {
    const data = options.data;
    if (!data) throw new Error(`the analysis keeps per-sample values of ${analysis.layers[0].net.length} of ${analysis.samples} samples; pass the training data to explain the gradient over all of them`);
    if (data.inputs.rows !== analysis.samples || data.inputs.cols !== analysis.inputs || data.targets.cols !== K) {
      throw new Error(`the data given (${data.inputs.rows} × ${data.inputs.cols} → ${data.targets.cols}) are not the data of the analysis (${analysis.samples} × ${analysis.inputs} → ${K})`);
    }
    if (!options.network) throw new Error('the analysis keeps per-sample values of only some samples; pass the network it was made of to explain the gradient over all of them');
    samples = engineSamples(options.network, data, loss);
  }

  /** ∂Lₙ/∂outₕ of unit h of layer l, with its downstream terms when asked. */
  const gradOut = (s: SampleView, h: number, terms?: DownstreamTerm[]): number => {
    if (isOutput) return lossDerivative(loss, s.out(l)[h], s.t[h], K);
    const d = s.delta(l + 1);
    const W = nextWeights as number[][];
    let g = 0;
    for (let k = 0; k < d.length; k++) {
      const p = d[k] * W[k][h];
      g += p;
      terms?.push({ unit: k, delta: d[k], weight: W[k][h], product: p });
    }
    return g;
  };

  const rows: ChainRuleRow[] = [];
  let sum = 0, sumAbs = 0, maxDeltaRelDiff = 0, n = 0;
  for (const s of samples) {
    const show = n < maxRows;
    const net = s.net(l), out = s.out(l);
    const o = out[j], t = isOutput ? s.t[j] : undefined;
    const terms: DownstreamTerm[] | undefined = show && !isOutput ? [] : undefined;
    const g = gradOut(s, j, terms);
    let delta: number;
    let dOutdNet: number | undefined;
    let softmax: SoftmaxTerm[] | undefined;
    if (combined === 'softmax-cross-entropy') {
      let tsum = 0;
      for (let k = 0; k < K; k++) tsum += s.t[k];
      delta = o * tsum - (t as number);
    } else if (combined === 'sigmoid-binary-cross-entropy') {
      dOutdNet = o * (1 - o);
      delta = o - (t as number);
    } else if (rule === 'softmax') {
      const gs: number[] = [];
      let dot = 0;
      for (let h = 0; h < out.length; h++) {
        const gh = h === j ? g : gradOut(s, h);
        gs.push(gh);
        dot += gh * out[h];
      }
      delta = o * (g - dot);
      if (show) {
        softmax = gs.map((gh, k) => {
          const dOk = out[k] * ((k === j ? 1 : 0) - o);
          return { unit: k, dLdOut: gh, dOutdNet: dOk, product: gh * dOk };
        });
      }
    } else {
      dOutdNet = elementwiseDerivative(rule, net[j], o, df);
      // The engine zeroes a relu's δ where net ≤ 0, whatever flows in (even ∞ or NaN).
      delta = rule === 'relu' && net[j] <= 0 ? 0 : g * dOutdNet;
    }
    const a = isBias ? 1 : (l === 0 ? s.x[i] : s.out(l - 1)[i]);
    const product = delta * a;
    const engineDelta = s.delta(l)[j];
    sum += product;
    sumAbs += Math.abs(product);
    const dr = relativeDifference(delta, engineDelta);
    if (dr > maxDeltaRelDiff || Number.isNaN(dr)) maxDeltaRelDiff = dr;
    if (show) {
      rows.push({
        sample: n, net: net[j], out: o, ...(t !== undefined ? { target: t } : {}),
        dLdOut: g, ...(dOutdNet !== undefined ? { dOutdNet } : {}), ...(softmax ? { softmax } : {}),
        delta, engineDelta, dNetdParam: a, product, ...(terms ? { downstream: terms } : {}),
      });
    }
    n++;
  }
  if (n !== analysis.samples) throw new Error(`expected ${analysis.samples} samples, saw ${n}`);
  const mean = sum / n;
  const engine = isBias ? (layer.bias.grad as number[])[j] : (layer.weights.grad as number[][])[j][i];
  const relDiff = relativeDifference(mean, engine);
  const paramValue = isBias ? (layer.bias.value as number[])[j] : (layer.weights.value as number[][])[j][i];
  const inputSource: InputSource = isBias ? { kind: 'bias' }
    : l === 0 ? { kind: 'input', index: i, ...(options.featureNames?.[i] !== undefined ? { name: options.featureNames[i] } : {}) }
      : { kind: 'unit', layerName: analysis.layers[l - 1].name, layerIndex: l - 1, unit: i };
  return {
    modelName: analysis.modelName,
    fileName: analysis.fileName,
    step: analysis.step,
    lossKind: loss,
    samples: n,
    outputs: K,
    target: { layerIndex: l, param: target.param, index: isBias ? [j] : [j, i] },
    layerName: layer.name,
    layerCount: L,
    isOutputLayer: isOutput,
    unit: j,
    paramValue,
    activation: layer.activation,
    rule,
    ...(layer.custom ? { custom: layer.custom } : {}),
    ...(combined ? { combined } : {}),
    inputSource,
    ...(next ? { downstreamLayer: { name: next.name, index: next.index, units: next.units } } : {}),
    rows,
    sum,
    sumAbs,
    mean,
    engine,
    absDiff: Math.abs(mean - engine),
    relDiff,
    agrees: relDiff <= AGREEMENT_TOLERANCE,
    maxDeltaRelDiff,
    recomputed: !all,
  };
}

/** Every weight and bias of a layer as targets, for pickers and handouts. */
export function layerTargets(layer: Pick<LayerAnalysis, 'index' | 'units' | 'fanIn'>): GradientTarget[] {
  const out: GradientTarget[] = [];
  for (let u = 0; u < layer.units; u++) {
    for (let c = 0; c < layer.fanIn; c++) out.push({ layerIndex: layer.index, param: 'weights', index: [u, c] });
  }
  for (let u = 0; u < layer.units; u++) out.push({ layerIndex: layer.index, param: 'bias', index: [u] });
  return out;
}
