/**
 * Explain Gradient for the layer types of model file 1.1, with the model's own numbers, in the worker
 * (the text is written on the host: src/teaching/layeredExplanationMarkdown.ts). The engine supplies
 * the forward values and δ = ∂Lₙ/∂net (its pass's δ, one row per sample); the sums are multiplied
 * out here, independently of the engine's backward pass, and set beside the engine's gradient.
 *
 * conv2d weight W[f, c, u, v] (stride s, padding p, output H′×W′):
 *   ∂L/∂W[f, c, u, v] = (1/N) Σₙ Σᵢ Σⱼ δ[n, f, i, j] · x[n, c, i·s_h − p_h + u, j·s_w − p_w + v]
 *   (x = 0 in the padding): one term per output position the weight touched, N·H′·W′ of them.
 * conv2d bias b[f]:  ∂L/∂b[f] = (1/N) Σₙ Σᵢ Σⱼ δ[n, f, i, j].
 * batch norm, group g (a channel of an image or a feature) of M = N·S values, s = 1/√(σ² + ε):
 *   ∂L/∂γ[g] = (1/N) Σ δₖ · x̂ₖ,   ∂L/∂β[g] = (1/N) Σ δₖ,   x̂ₖ = (xₖ − μ)·s
 *   and what flows back to an input, along three paths (directly, through μ, through σ²):
 *   ∂L/∂xₖ = (1/N)·γ·s·(δₖ − (1/M) Σⱼ δⱼ − x̂ₖ·(1/M) Σⱼ δⱼ·x̂ⱼ), set beside the engine's.
 * max-pool (no parameters): one window, only its maximum gets the gradient (./maxPoolExplanation.ts).
 * No `vscode` import.
 */
import { BatchNormLayer, Conv2dLayer, layeredBackprop, MaxPool2dLayer, type DataSet, type LayeredNetwork, type LossKind } from '../../engine';
import type { LayeredNetworkSpec } from '../../engine/layers/spec';
import type { Analysis } from '../../analysis/types';
import { cloneLayered } from '../../analysis/layeredNetworks';
import { convTap } from '../../shared/convWindow';
import { relativeError } from '../../shared/relativeError';
import { AGREEMENT_TOLERANCE } from '../../teaching/agreement';
import type { GradientTarget } from './chainRule';
import { explainMaxPool, type MaxPoolExplanation, type PoolWindowTarget } from './maxPoolExplanation';

export type { MaxPoolExplanation, PoolWindowTarget } from './maxPoolExplanation';

/** Terms written out one by one; the rest are summed. */
export const SHOWN_TERMS = 6;

/** One term δ · x of a conv weight's sum (or δ alone for a bias: input 1). */
export interface ConvTerm {
  readonly sample: number;
  /** Output position (i, j), 0-based. */
  readonly position: readonly [number, number];
  /** δ[n, f, i, j] = ∂Lₙ/∂net. */
  readonly delta: number;
  /** The input the weight multiplied there: its row and column, or undefined in the padding (value 0). */
  readonly inputAt?: readonly [number, number];
  readonly input: number;
  readonly product: number;
}

/** What every explanation of a layered model names. */
interface ExplanationBase {
  readonly modelName: string;
  readonly step: number;
  readonly samples: number;
  readonly layerName: string;
  readonly layerIndex: number;
  readonly target: GradientTarget;
  readonly paramValue: number;
  /** (1/N) Σ of every term: the sum's answer. */
  readonly mean: number;
  /** The engine's gradient (the analysis's). */
  readonly engine: number;
  readonly relDiff: number;
  readonly agrees: boolean;
}

export interface ConvExplanation extends ExplanationBase {
  readonly kind: 'conv2d';
  readonly param: 'weights' | 'bias';
  /** [f, c, u, v] for a weight, [f] for a bias. */
  readonly index: readonly number[];
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number];
  readonly kernel: readonly [number, number];
  readonly inputSize: readonly [number, number];
  readonly outputSize: readonly [number, number];
  /** Where x comes from: the model's input or the previous layer. */
  readonly inputName: string;
  /** N·H′·W′: the output positions the parameter touched over all samples. */
  readonly termCount: number;
  /** Terms whose input lies in the padding (0). */
  readonly paddingTerms: number;
  /** The first {@link SHOWN_TERMS} terms, in order (sample, row, column). */
  readonly shown: readonly ConvTerm[];
  /** Σ of the terms not shown, and Σ of all of them. */
  readonly restSum: number;
  readonly sum: number;
}

/** The three paths of ∂L/∂x for one value of one batch-norm group. */
export interface BatchNormPaths {
  readonly sample: number;
  /** Offset of the value within the group's sample (0 for a feature). */
  readonly position: number;
  readonly x: number;
  readonly xHat: number;
  readonly delta: number;
  readonly direct: number;
  readonly throughMean: number;
  readonly throughVariance: number;
  readonly total: number;
  /** The engine's ∂L/∂x of that value. */
  readonly engine: number;
}

export interface BatchNormExplanation extends ExplanationBase {
  readonly kind: 'batchnorm';
  readonly param: 'weights' | 'bias';
  readonly group: number;
  /** M = N·S values of the group. */
  readonly groupSize: number;
  readonly mean_: number;
  readonly variance: number;
  readonly epsilon: number;
  readonly gamma: number;
  /** The first terms δₖ·x̂ₖ (γ) or δₖ (β), and the sum of all of them. */
  readonly shown: readonly { readonly sample: number; readonly position: number; readonly delta: number; readonly xHat: number; readonly product: number }[];
  readonly restSum: number;
  readonly sum: number;
  readonly paths: BatchNormPaths;
}

export type LayeredExplanation = ConvExplanation | BatchNormExplanation | MaxPoolExplanation;

/** What Explain Gradient can be asked about: a parameter entry, or a max-pool window. */
export type ExplainTarget = GradientTarget | PoolWindowTarget;

interface Inputs {
  readonly analysis: Analysis;
  readonly network: LayeredNetwork;
  readonly spec: LayeredNetworkSpec;
  readonly data: DataSet;
  readonly loss: LossKind;
}

function base(inputs: Inputs, target: GradientTarget, paramValue: number, mean: number, engine: number): ExplanationBase {
  const layer = inputs.analysis.layers[target.layerIndex];
  const relDiff = relativeError(mean, engine);
  return {
    modelName: inputs.analysis.modelName, step: inputs.analysis.step, samples: inputs.data.inputs.rows,
    layerName: layer.name, layerIndex: target.layerIndex, target, paramValue, mean, engine, relDiff, agrees: relDiff <= AGREEMENT_TOLERANCE,
  };
}

function explainConv(inputs: Inputs, layer: Conv2dLayer, x: Float64Array, delta: Float64Array, target: GradientTarget): ConvExplanation {
  const { F, C, H, W, Ho, Wo, P, window: w } = layer;
  const N = inputs.data.inputs.rows;
  const weight = target.param === 'weights';
  const [f, c, u, v] = target.index;
  if (!(f < F) || (weight && (target.index.length !== 4 || !(c < C) || !(u < w.kh) || !(v < w.kw)))) {
    throw new Error(`${layer.name} has no ${target.param}[${target.index.join(', ')}]`);
  }
  const geometry = { kernel: [w.kh, w.kw], stride: [w.sh, w.sw], padding: [w.ph, w.pw], input: [H, W] } as const;
  const shown: ConvTerm[] = [];
  let sum = 0, shownSum = 0, paddingTerms = 0;
  for (let n = 0; n < N; n++) {
    for (let i = 0; i < Ho; i++) {
      for (let j = 0; j < Wo; j++) {
        const d = delta[n * layer.outSize + f * P + i * Wo + j];
        const { row, col, inside: within } = convTap(geometry, i, j, u, v);
        const inside = !weight || within;
        const input = !weight ? 1 : inside ? x[n * layer.inSize + c * H * W + row * W + col] : 0;
        if (!inside) paddingTerms++;
        const product = d * input;
        sum += product;
        if (shown.length < SHOWN_TERMS) {
          shown.push({ sample: n, position: [i, j], delta: d, input, product, ...(weight && inside ? { inputAt: [row, col] as const } : {}) });
          shownSum += product;
        }
      }
    }
  }
  const la = inputs.analysis.layers[target.layerIndex];
  const Q = C * w.kh * w.kw;
  const engine = weight ? (la.weights.grad as number[][])[f][c * w.kh * w.kw + u * w.kw + v] : (la.bias.grad as number[])[f];
  const paramValue = weight ? layer.weights[f * Q + c * w.kh * w.kw + u * w.kw + v] : layer.bias[f];
  return {
    ...base(inputs, target, paramValue, sum / N, engine),
    kind: 'conv2d', param: target.param, index: [...target.index],
    stride: [w.sh, w.sw], padding: [w.ph, w.pw], kernel: [w.kh, w.kw], inputSize: [H, W], outputSize: [Ho, Wo],
    inputName: target.layerIndex === 0 ? 'the input image' : inputs.analysis.layers[target.layerIndex - 1].name,
    termCount: N * P, paddingTerms, shown, restSum: sum - shownSum, sum,
  };
}

function explainBatchNorm(inputs: Inputs, layer: BatchNormLayer, x: Float64Array, delta: Float64Array, target: GradientTarget): BatchNormExplanation {
  const N = inputs.data.inputs.rows;
  const g = target.index[0];
  if (!(g >= 0 && g < layer.groups) || target.index.length !== 1) throw new Error(`${layer.name} has no ${target.param}[${target.index.join(', ')}]`);
  const S = layer.spatial, M = N * S;
  const mu = layer.batchMean[g], variance = layer.batchVar[g];
  const s = 1 / Math.sqrt(variance + layer.epsilon);
  const gamma = layer.gamma[g];
  const at = (n: number, k: number) => n * layer.inSize + g * S + k;
  const shown: BatchNormExplanation['shown'][number][] = [];
  let sum = 0, shownSum = 0, sumDelta = 0, sumDeltaXHat = 0;
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < S; k++) {
      const d = delta[at(n, k)], xHat = (x[at(n, k)] - mu) * s;
      const product = target.param === 'weights' ? d * xHat : d;
      sum += product;
      sumDelta += d;
      sumDeltaXHat += d * xHat;
      if (shown.length < SHOWN_TERMS) {
        shown.push({ sample: n, position: k, delta: d, xHat, product });
        shownSum += product;
      }
    }
  }
  // The three paths for the group's first value of sample 1, in ∂L/∂x units (δ is N·∂L/∂y).
  const d0 = delta[at(0, 0)], xHat0 = (x[at(0, 0)] - mu) * s;
  const direct = gamma * s * d0 / N;
  const throughMean = -gamma * s * (sumDelta / M) / N;
  const throughVariance = -gamma * s * xHat0 * (sumDeltaXHat / M) / N;
  const dx = new Float64Array(N * layer.inSize);
  layer.backward(x, N, delta.slice(), dx, layer.params.map((p) => new Float64Array(p.values.length)), 0);
  const la = inputs.analysis.layers[target.layerIndex];
  const engine = target.param === 'weights' ? (la.weights.grad as number[][])[g][0] : (la.bias.grad as number[])[g];
  return {
    ...base(inputs, target, target.param === 'weights' ? gamma : layer.beta[g], sum / N, engine),
    kind: 'batchnorm', param: target.param, group: g, groupSize: M, mean_: mu, variance, epsilon: layer.epsilon, gamma,
    shown, restSum: sum - shownSum, sum,
    paths: {
      sample: 0, position: 0, x: x[at(0, 0)], xHat: xHat0, delta: d0,
      direct, throughMean, throughVariance, total: direct + throughMean + throughVariance, engine: dx[at(0, 0)] / N,
    },
  };
}

/** The engine's own backward of a max-pool layer: ∂Lₙ/∂x of every input, from the pass's δ. */
function poolInputGradient(layer: MaxPool2dLayer, x: Float64Array, delta: Float64Array, N: number): Float64Array {
  const dx = new Float64Array(N * layer.inSize);
  layer.backward(x, N, delta, dx);
  return dx;
}

/**
 * The explanation of one parameter of a conv or batch-norm layer, or one window of a max-pool layer,
 * of a layered model, at the parameters of `network` (the network the analysis was made of), over the
 * training data as one batch (the analysis's own pass: same dropout masks from a fresh copy, the
 * batch's statistics).
 * @throws Error when the layer is of another type or the entry does not exist.
 */
export function explainLayeredGradient(inputs: Inputs, target: ExplainTarget): LayeredExplanation {
  const probe = cloneLayered(inputs.network, inputs.spec);
  const layer = probe.layers[target.layerIndex];
  const pool = layer instanceof MaxPool2dLayer;
  if (!(layer instanceof Conv2dLayer) && !(layer instanceof BatchNormLayer) && !pool) {
    throw new Error(`Explain Gradient explains conv2d and batchnorm parameters and max-pool windows of this model; '${layer?.name ?? target.layerIndex}' is ${layer ? `a ${layer.type} layer` : 'not a layer'}`);
  }
  if (pool !== (target.param === 'window')) {
    throw new Error(pool ? `${layer.name} is a max-pool layer: it has no parameters; ask for one of its windows` : `${layer.name} has no windows; ask for one of its parameters`);
  }
  const result = layeredBackprop(probe, inputs.data, inputs.loss);
  const x = target.layerIndex === 0 ? inputs.data.inputs.data : result.out[target.layerIndex - 1];
  const delta = result.delta[target.layerIndex];
  const N = inputs.data.inputs.rows;
  if (layer instanceof MaxPool2dLayer) {
    return explainMaxPool({ analysis: inputs.analysis, samples: N, x, delta, dx: poolInputGradient(layer, x, delta, N) }, layer, target as PoolWindowTarget);
  }
  const parameter = target as GradientTarget;
  return layer instanceof Conv2dLayer ? explainConv(inputs, layer, x, delta, parameter) : explainBatchNorm(inputs, layer as BatchNormLayer, x, delta, parameter);
}
