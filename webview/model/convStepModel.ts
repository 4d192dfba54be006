/**
 * The convolution step by step, for one conv layer, one filter f and the selected sample, from the
 * engine's numbers in the analysis (nothing here is a second engine: the sums are multiplied out from
 * the values the worker sent, and each is set beside the engine's own):
 *   forward, window at output (y, x):
 *     net[f, y, x] = Σ_c Σ_i Σ_j w[f, c, i, j]·x[c, y·s_h − p_h + i, x·s_w − p_w + j] + b[f]   (x = 0 in the padding)
 *     out[f, y, x] = act(net[f, y, x])  — the feature map's value;
 *   backward, kernel weight w[f, c, i, j], over every output position of the sample:
 *     ∂Lₙ/∂w[f, c, i, j] = Σ_y Σ_x δ[f, y, x]·x[c, y·s_h − p_h + i, x·s_w − p_w + j],   δ = ∂Lₙ/∂net,
 *     and the batch's ∂L/∂w = (1/N) Σₙ ∂Lₙ/∂w, the mean over the N training samples;
 *   backward to the input, window at (y, x): each input under it receives δ[f, y, x]·w[f, c, i, j]
 *     (the engine's ∂Lₙ/∂x of an input is the sum of these over every filter and window that read it).
 * The tap arithmetic is src/shared/convWindow.ts, the same as Explain Gradient's.
 */
import type { Analysis, LayerAnalysis } from '../../src/shared/analysis';
import { convTap, mapIndex, type ConvGeometry } from '../../src/shared/convWindow';
import { l10n } from '../../src/shared/l10n';
import type { ConvSampleGradients } from '../../src/shared/layeredViews';
import type { WindowGeometry } from '../../src/shared/layerSummaries';

/** Terms of the weight's sum written out one by one (the one at the window's position is always shown too). */
export const SHOWN_TERMS = 6;

/** Which layer, filter, output position (y·W′ + x) and kernel tap (c·kh·kw + i·kw + j) the card shows. */
export interface ConvStepChoice {
  readonly layer: number;
  readonly filter: number;
  readonly position: number;
  readonly tap: number;
}

export interface ConvLayerOption {
  readonly layer: number;
  readonly name: string;
  readonly filters: number;
}

/** One product of the forward dot product: w[f, c, i, j]·x[c, row, col]. */
export interface ForwardTerm {
  readonly tap: readonly [number, number, number];
  readonly weight: number;
  /** Where the tap reads the input; undefined in the padding (input 0). */
  readonly inputAt?: readonly [number, number];
  readonly input: number;
  readonly product: number;
}

export interface ConvForward {
  readonly terms: readonly ForwardTerm[];
  /** Σ of the products, the bias, and their sum: the pre-activation value. */
  readonly sum: number;
  readonly bias: number;
  readonly net: number;
  /** The engine's pre-activation value at this position (its `net`, or `out` for a conv without activation). */
  readonly engineNet: number;
  /** The activation applied after it (`linear` when none) and the feature map's value the panel shows. */
  readonly activation: string;
  readonly out: number;
}

/** One term δ[f, y, x]·x of a weight's sum. */
export interface WeightTerm {
  readonly position: readonly [number, number];
  readonly delta: number;
  readonly inputAt?: readonly [number, number];
  readonly input: number;
  readonly product: number;
}

export interface ConvWeightSum {
  readonly tap: readonly [number, number, number];
  readonly weight: number;
  /** H′·W′ terms, of which `paddingTerms` read the padding (0). */
  readonly termCount: number;
  readonly paddingTerms: number;
  /** Terms that are exactly 0 (δ = 0, e.g. behind a ReLU or where no max-pool routed the gradient, or x = 0). */
  readonly zeroTerms: number;
  /** The first {@link SHOWN_TERMS} terms that add something (δ·x ≠ 0) in order, and the term at the window's position. */
  readonly shown: readonly WeightTerm[];
  readonly current: WeightTerm;
  /** Σ of the terms not in `shown`, and Σ of all: ∂Lₙ/∂w of the sample. */
  readonly restSum: number;
  readonly sum: number;
  /** The engine's ∂Lₙ/∂w of this sample (absent until the worker's answer is on screen, or for a layer too large to send). */
  readonly engineSample?: number;
  /** True when the worker's answer is on screen without ∂Lₙ/∂W (a layer too large to send it). */
  readonly engineSampleWithheld?: boolean;
  /** The engine's ∂L/∂w of the batch: the mean of ∂Lₙ/∂w over the N training samples. */
  readonly engineBatch: number;
  readonly samples: number;
}

/** What the window at (y, x) sends back to one input under it: δ[f, y, x]·w[f, c, i, j]. */
export interface InputGradientTerm {
  readonly tap: readonly [number, number, number];
  readonly inputAt?: readonly [number, number];
  readonly weight: number;
  readonly product: number;
  /** The engine's whole ∂Lₙ/∂x of that input (every filter and window that read it); absent in the padding. */
  readonly engineTotal?: number;
}

export interface ConvBackward {
  /** δ[f, y, x] = ∂Lₙ/∂net at the window's position. */
  readonly delta: number;
  /** Filter f's δ map (H′·W′). */
  readonly deltaMap: readonly number[];
  readonly weightSum: ConvWeightSum;
  readonly inputWindow: readonly InputGradientTerm[];
}

export interface ConvStepView {
  readonly layer: number;
  readonly name: string;
  /** Where the layer's input comes from: the model's input or the previous layer's name. */
  readonly inputName: string;
  readonly filter: number;
  readonly filters: number;
  readonly channels: number;
  readonly geometry: ConvGeometry & { readonly output: readonly [number, number] };
  readonly sample: number;
  /** The window's output position and the chosen kernel tap, clamped to the layer. */
  readonly position: readonly [number, number];
  readonly positionIndex: number;
  readonly tap: readonly [number, number, number];
  readonly tapIndex: number;
  /** The sample's input to the layer (C·H·W), filter f's kernel (C·kh·kw) and its output map (H′·W′, the engine's). */
  readonly input: readonly number[];
  readonly kernel: readonly number[];
  readonly output: readonly number[];
  readonly forward: ConvForward;
  /** Absent when the analysis carries no δ for the layer. */
  readonly backward?: ConvBackward;
}

function isConv(layer: LayerAnalysis): boolean {
  return layer.layered?.type === 'conv2d' && layer.weights.shape.length === 4;
}

/** The conv layers the card can show (those with their window geometry in the analysis). */
export function convLayerOptions(analysis: Analysis | undefined): ConvLayerOption[] {
  if (!analysis) return [];
  return analysis.layers.flatMap((layer, l) => (isConv(layer) && analysis.layerSummaries?.[l]?.window
    ? [{ layer: l, name: layer.name, filters: layer.weights.shape[0] }] : []));
}

/** The card's layer: `wanted` when it is a conv layer the card can show, else the first such layer. */
export function chosenConvLayer(analysis: Analysis | undefined, wanted: number | undefined): number | undefined {
  const options = convLayerOptions(analysis);
  return options.find((o) => o.layer === wanted)?.layer ?? options[0]?.layer;
}

const clamp = (v: number, n: number) => Math.max(0, Math.min(n - 1, Math.floor(Number.isFinite(v) ? v : 0)));

/**
 * The view of `choice` (clamped to the layer: a filter, position or tap past the end is the last one)
 * for recorded sample `sample`, or undefined when the analysis has no such conv layer or sample.
 * `grads`: the engine's own gradients of that sample and layer (the worker's answer to the card's
 * request), set beside the written sums; without them (or for another layer or sample) the sums stand alone.
 */
export function buildConvStep(analysis: Analysis, sample: number, choice: ConvStepChoice, grads?: ConvSampleGradients): ConvStepView | undefined {
  const la = analysis.layers[choice.layer];
  const window: WindowGeometry | undefined = analysis.layerSummaries?.[choice.layer]?.window;
  if (!la || !isConv(la) || !window) return undefined;
  const input = choice.layer === 0 ? analysis.sampleInputs[sample] : analysis.layers[choice.layer - 1].out[sample];
  const out = la.out[sample];
  if (!input || !out) return undefined;
  const [F, C, kh, kw] = la.weights.shape;
  const [Ho, Wo] = window.output;
  const P = Ho * Wo;
  const g = { kernel: window.kernel, stride: window.stride, padding: window.padding, input: window.input, output: window.output } as const;
  const f = clamp(choice.filter, F);
  const positionIndex = clamp(choice.position, P), tapIndex = clamp(choice.tap, C * kh * kw);
  const y = Math.floor(positionIndex / Wo), x = positionIndex % Wo;
  const c0 = Math.floor(tapIndex / (kh * kw)), i0 = Math.floor((tapIndex % (kh * kw)) / kw), j0 = tapIndex % kw;
  const kernel = (la.weights.value as number[][])[f];
  const bias = (la.bias.value as number[])[f];
  const inputAt = (yy: number, xx: number, c: number, i: number, j: number) => {
    const t = convTap(g, yy, xx, i, j);
    return t.inside ? { inputAt: [t.row, t.col] as const, input: input[mapIndex(g, c, t.row, t.col)] } : { input: 0 };
  };

  const terms: ForwardTerm[] = [];
  let sum = 0;
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const weight = kernel[(c * kh + i) * kw + j];
        const at = inputAt(y, x, c, i, j);
        const product = weight * at.input;
        sum += product;
        terms.push({ tap: [c, i, j], weight, ...at, product });
      }
    }
  }
  const activates = !!la.layered?.hasActivation && la.activation !== 'linear';
  const at = f * P + positionIndex;
  const forward: ConvForward = {
    terms, sum, bias, net: sum + bias,
    engineNet: activates && la.net[sample] ? la.net[sample][at] : out[at],
    activation: activates ? la.activation : 'linear', out: out[at],
  };

  const view: Omit<ConvStepView, 'backward'> = {
    layer: choice.layer, name: la.name,
    inputName: choice.layer === 0 ? l10n.t('input image') : analysis.layers[choice.layer - 1].name,
    filter: f, filters: F, channels: C, geometry: g, sample,
    position: [y, x], positionIndex, tap: [c0, i0, j0], tapIndex,
    input, kernel, output: out.slice(f * P, (f + 1) * P), forward,
  };
  const delta = la.delta[sample];
  if (!delta || delta.length < out.length) return view;

  const engine = grads && grads.layer === choice.layer && grads.sample === sample ? grads : undefined;
  const deltaMap = delta.slice(f * P, (f + 1) * P);
  const shown: WeightTerm[] = [];
  let total = 0, shownSum = 0, paddingTerms = 0, zeroTerms = 0, written = 0;
  let current: WeightTerm | undefined;
  for (let p = 0; p < P; p++) {
    const yy = Math.floor(p / Wo), xx = p % Wo;
    const a = inputAt(yy, xx, c0, i0, j0);
    if (!a.inputAt) paddingTerms++;
    const term: WeightTerm = { position: [yy, xx], delta: deltaMap[p], ...a, product: deltaMap[p] * a.input };
    total += term.product;
    if (term.product === 0) zeroTerms++;
    if (p === positionIndex) current = term;
    const first = written < SHOWN_TERMS && term.product !== 0;
    if (first || p === positionIndex) {
      if (first) written++;
      shown.push(term);
      shownSum += term.product;
    }
  }
  const Q = C * kh * kw;
  const weightSum: ConvWeightSum = {
    tap: [c0, i0, j0], weight: kernel[tapIndex], termCount: P, paddingTerms, zeroTerms, shown, current: current!,
    restSum: total - shownSum, sum: total,
    ...(engine?.weights ? { engineSample: engine.weights[f * Q + tapIndex] } : engine ? { engineSampleWithheld: true } : {}),
    engineBatch: (la.weights.grad as number[][])[f][tapIndex], samples: analysis.samples,
  };
  const engineInput = engine?.input;
  const d = deltaMap[positionIndex];
  const inputWindow: InputGradientTerm[] = terms.map((t) => ({
    tap: t.tap, weight: t.weight, product: d * t.weight,
    ...(t.inputAt ? { inputAt: t.inputAt, ...(engineInput ? { engineTotal: engineInput[mapIndex(g, t.tap[0], t.inputAt[0], t.inputAt[1])] } : {}) } : {}),
  }));
  return { ...view, backward: { delta: d, deltaMap, weightSum, inputWindow } };
}
