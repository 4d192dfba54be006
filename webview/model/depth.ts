/**
 * What each of the four depth levels shows in the panel (names and descriptions: src/shared/depth.ts). Level 1 never shows a derivative:
 * every renderer asks `visibility(depth)` before it draws anything gradient-related.
 */
import type { DepthLevel } from '../../src/shared/depth';

export { DEPTHS, isDepthLevel, type DepthInfo } from '../../src/shared/depth';

export interface Visibility {
  /** Error signals δ = ∂L/∂net per unit. */
  readonly deltas: boolean;
  /** Gradient-flow chart and gradient size over training (one number per layer). */
  readonly layerGradients: boolean;
  readonly warnings: boolean;
  /** ∂L/∂w of single weights: edge widths, gradient histograms, the inspector. */
  readonly weightGradients: boolean;
  readonly gradientCheck: boolean;
  /** Chain-rule products, net inputs and per-sample contributions. */
  readonly derivation: boolean;
}

export function visibility(depth: DepthLevel): Visibility {
  return {
    deltas: depth >= 2,
    layerGradients: depth >= 2,
    warnings: depth >= 2,
    weightGradients: depth >= 3,
    gradientCheck: depth >= 3,
    derivation: depth >= 4,
  };
}
