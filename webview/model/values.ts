/** Small helpers over the nested arrays of an `Analysis`. */
import type { Analysis, LayerAnalysis } from '../../src/shared/analysis';
import { unitName } from '../../src/shared/names';

export function flat(values: number[][] | number[]): number[] {
  const out: number[] = [];
  for (const v of values as (number | number[])[]) {
    if (Array.isArray(v)) out.push(...v); else out.push(v);
  }
  return out;
}

/** Entry [unit, input] of a weights tensor, or [unit] of a bias; undefined when out of range. */
export function entryAt(values: number[][] | number[], index: readonly number[]): number | undefined {
  let v: unknown = values;
  for (const i of index) v = Array.isArray(v) ? v[i] : undefined;
  return typeof v === 'number' ? v : undefined;
}

/** Activations of one layer for every sample shown, flattened. */
export function layerOutputs(layer: LayerAnalysis): number[] {
  return layer.out.flat();
}

/** All gradients (weights, then bias) of one layer, flattened. */
export function layerGradients(layer: LayerAnalysis): number[] {
  return [...flat(layer.weights.grad), ...flat(layer.bias.grad)];
}

/** Samples the panel can show (the analysis keeps the first ≤ 32). */
export function sampleCount(analysis: Analysis): number {
  return Math.max(analysis.sampleInputs.length, analysis.layers[0]?.out.length ?? 0);
}

export function clampSample(analysis: Analysis | undefined, sample: number): number {
  if (!analysis) return Math.max(0, sample);
  const n = sampleCount(analysis);
  return n === 0 ? 0 : Math.min(Math.max(0, sample), n - 1);
}

/** Name of the unit that feeds input `i` of layer `layer` (an input feature or the previous layer's unit). */
export function sourceName(analysis: Analysis, layer: number, input: number): string {
  return layer === 0 ? `x${input + 1}` : unitName(analysis.layers[layer - 1].name, input);
}

/** A layer of a layered model without parameters (pooling, flatten, dropout, activation): it only passes the gradient on. */
export function hasNoParameters(layer: LayerAnalysis): boolean {
  return layer.layered !== undefined && layer.layered.params.length === 0;
}

/** The error signals δ = ∂Lₙ/∂net of the samples shown, flattened: the gradient that passes through a layer. */
export function layerDeltas(layer: LayerAnalysis): number[] {
  return layer.delta.flat();
}
