/**
 * A network as the exporters (PyTorch, ONNX) write it: every layer's type, geometry and current
 * parameter values, already resolved (kernels, strides and paddings as numbers, batch norm's defaults
 * applied, initialised weights drawn). Built from the engine's network by src/analysis/exportNetwork.ts,
 * so what is exported is exactly what GradLens computes with.
 */
import type { ActivationSpec } from '../../engine/spec';
import type { SampleShape } from '../../engine/layers/spec';

/** Which parameters an optimiser may change. */
export interface ExportTrainable { readonly weights: boolean; readonly bias: boolean }

/** out = f(W·x + b); `weights` is units × fanIn, row-major (PyTorch's `Linear.weight`). */
export interface ExportDense {
  readonly type: 'dense'; readonly name: string; readonly fanIn: number; readonly units: number;
  readonly activation: ActivationSpec; readonly weights: Float64Array; readonly bias: Float64Array; readonly trainable: ExportTrainable;
}

/** PyTorch's Conv2d then f; `weights` F·C·kh·kw in `Conv2d.weight` order. */
export interface ExportConv2d {
  readonly type: 'conv2d'; readonly name: string; readonly channels: number; readonly filters: number;
  readonly kernel: readonly [number, number]; readonly stride: readonly [number, number]; readonly padding: readonly [number, number];
  readonly activation: ActivationSpec; readonly weights: Float64Array; readonly bias: Float64Array; readonly trainable: ExportTrainable;
}

export interface ExportPool2d {
  readonly type: 'maxpool2d' | 'avgpool2d'; readonly name: string;
  readonly kernel: readonly [number, number]; readonly stride: readonly [number, number]; readonly padding: readonly [number, number];
}

export interface ExportFlatten { readonly type: 'flatten'; readonly name: string }
export interface ExportDropout { readonly type: 'dropout'; readonly name: string; readonly rate: number }
export interface ExportActivation { readonly type: 'activation'; readonly name: string; readonly activation: ActivationSpec }

/** BatchNorm1d (flat input, `image` false) or BatchNorm2d, then f. γ is `scale`, β `shift`. */
export interface ExportBatchNorm {
  readonly type: 'batchnorm'; readonly name: string; readonly features: number; readonly image: boolean;
  readonly momentum: number; readonly epsilon: number; readonly activation: ActivationSpec;
  readonly scale: Float64Array; readonly shift: Float64Array; readonly runningMean: Float64Array; readonly runningVar: Float64Array;
  readonly trainable: ExportTrainable;
}

export type ExportLayer = ExportDense | ExportConv2d | ExportPool2d | ExportFlatten | ExportDropout | ExportActivation | ExportBatchNorm;

export interface ExportNetwork {
  /** [F] or [C, H, W]: one sample. */
  readonly inputShape: SampleShape;
  readonly layers: readonly ExportLayer[];
}
