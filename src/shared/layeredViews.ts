/**
 * What the panel's image views of a layered model (model file 1.1) need beyond the per-layer analysis:
 * plain, structured-cloneable data computed by the engine in the worker (src/analysis/layeredViews.ts),
 * never recomputed in the webview. Sample rows are the analysis' recorded samples (the first min(N, 32)),
 * in the same order as `Analysis.sampleInputs`; flat per sample (C-major, row-major), as `LayerAnalysis.out`.
 */

/** One layer's additions, at the layer's index. */
export interface LayeredLayerView {
  /**
   * Max pooling: per recorded sample, per output value, the flat index (within the sample's input to the
   * pool) of the input that was the window's maximum, i.e. the one input that receives the gradient.
   */
  readonly routing?: number[][];
  /**
   * Layers with weights, once training has taken a step: the weights at the session's initial parameters,
   * rows as `LayerAnalysis.weights.value` (a conv weight's row f holds filter f's C·kh·kw weights).
   */
  readonly initialWeights?: number[][];
}

/**
 * A conv layer's gradients of one recorded sample's own loss Lₙ (the engine's δ row n is ∂Lₙ/∂net),
 * which the panel's "Convolution step by step" card asks for (`convGradients`, src/shared/protocol.ts)
 * and the worker computes from the document's last analysis (src/worker/teaching/convSampleGradients.ts):
 * no analysis carries them. The batch's ∂L/∂W is their mean over all N samples, (1/N) Σₙ ∂Lₙ/∂W.
 */
export interface ConvSampleGradients {
  /** The conv layer's index, the recorded sample and the analysis' step they belong to. */
  readonly layer: number;
  readonly sample: number;
  readonly step: number;
  /**
   * ∂Lₙ/∂W of the sample, flat F·C·kh·kw (filter-major, as the weight's rows one after the other);
   * absent when F·C·kh·kw is over {@link MAX_SAMPLE_WEIGHT_GRADIENTS} (too much to send).
   */
  readonly weights?: number[];
  /** ∂Lₙ/∂x of the sample: what the layer passes back to its input, flat C·H·W. */
  readonly input: number[];
}

/** The most numbers of one sample's weight gradients the answer carries for one conv layer. */
export const MAX_SAMPLE_WEIGHT_GRADIENTS = 100_000;

export interface LayeredViews {
  /**
   * ∂Lₙ/∂x: the gradient of each recorded sample's own loss with respect to its input (the saliency map
   * of an image), flat like `Analysis.sampleInputs` (the engine's N·∂L/∂x of the training-mode pass).
   */
  readonly inputGradient: number[][];
  /** One entry per layer, in layer order. */
  readonly layers: readonly LayeredLayerView[];
}
