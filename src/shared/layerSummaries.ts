/**
 * What the editor's views (lenses, hovers, hints, the Gradient Explorer, quick fixes) need of a
 * layered model's layer beyond `LayerAnalysis`: the gradient that passes through the layer, the window
 * arithmetic of a conv or pool layer with its receptive field, and per-filter gradient statistics.
 * Computed in the worker with the analysis (src/analysis/layerSummaries.ts); plain data.
 * Only layered models (model file 1.1) have them: `Analysis.layerSummaries[l]` is layer l's.
 * Imports nothing (src/shared/analysis.ts imports this file).
 */
/** Norm, largest entry and fraction of exact zeros of a gradient over every sample's values. */
export interface GradientFlowStats {
  readonly gradNorm: number;
  readonly gradMeanAbs: number;
  readonly gradMaxAbs: number;
  readonly fractionZero: number;
}

/** Kernel (or pool size), stride and padding resolved to numbers, with the input and output sizes. */
export interface WindowGeometry {
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number];
  /** Input height and width. */
  readonly input: readonly [number, number];
  /** Output height and width: H' = floor((H + 2·p − k)/s) + 1. */
  readonly output: readonly [number, number];
}

/** How much of the model's input one output value of the layer sees, and how far apart neighbours' windows are. */
export interface ReceptiveField {
  /** Rows × columns of the model's input image. */
  readonly size: readonly [number, number];
  /** Input pixels between neighbouring output positions (the product of the strides so far). */
  readonly jump: readonly [number, number];
}

/** One conv filter's gradient: its weights together, per input channel, and its bias. */
export interface FilterGradient {
  readonly filter: number;
  /** ‖∂L/∂W[f]‖ and its largest |entry| over all channels and taps. */
  readonly gradNorm: number;
  readonly gradMaxAbs: number;
  /** ‖∂L/∂W[f, c]‖ per input channel c. */
  readonly channelGradNorms: readonly number[];
  readonly biasGrad: number;
  /** Fraction of this filter's output values (after its activation, all samples, all positions) that are exactly 0. */
  readonly outputZeroFraction: number;
}

export interface LayerSummary {
  readonly layerIndex: number;
  readonly type: string;
  /** Numbers in the layer's parameters (weights and bias, γ and β). */
  readonly parameterCount: number;
  /**
   * ∂L/∂(the layer's output) of the training loss (the mean over samples), over all samples: what flows
   * back out of the layers after it. For the last layer ∂L/∂net (`outIsNet`), the loss's own start.
   */
  readonly outGrad: GradientFlowStats;
  readonly outIsNet?: true;
  /** ∂L/∂(the layer's input): what the layer passes back (a max-pool's zeros where no maximum was). */
  readonly inGrad: GradientFlowStats;
  /** Conv and pool layers. */
  readonly window?: WindowGeometry;
  /** Image layers up to the first flat one: receptive field on the model's input. */
  readonly receptiveField?: ReceptiveField;
  /** Conv layers: one entry per filter. */
  readonly filters?: readonly FilterGradient[];
  readonly dropoutRate?: number;
  readonly batchNorm?: { readonly epsilon: number; readonly momentum: number };
}
