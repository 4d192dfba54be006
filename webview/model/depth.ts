/**
 * The four depth levels of GradLens and what each one shows. Level 1 never shows a derivative:
 * every renderer asks `visibility(depth)` before it draws anything gradient-related.
 */
import type { DepthLevel } from '../../src/protocol/panelMessages';

export interface DepthInfo {
  readonly level: DepthLevel;
  readonly name: string;
  /** What this level adds, in one line (free of derivative symbols, so level 1 can show it). */
  readonly adds: string;
}

export const DEPTHS: readonly DepthInfo[] = [
  { level: 1, name: 'Drive', adds: 'what the network computes: activations, outputs and loss' },
  { level: 2, name: 'Service', adds: 'error signals per unit, gradient size per layer, warnings' },
  { level: 3, name: 'Repair', adds: 'the gradient of every weight and the gradient check' },
  { level: 4, name: 'Derive', adds: 'the chain rule behind every number' },
];

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

export function isDepthLevel(value: unknown): value is DepthLevel {
  return value === 1 || value === 2 || value === 3 || value === 4;
}
