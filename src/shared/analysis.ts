/**
 * The wire shape of an analysis of a model file: plain, structured-cloneable data (numbers, arrays, strings),
 * so it can cross from the worker thread to the extension host and on to the webview unchanged.
 * Every value carries its provenance: the layer it belongs to and the source range it came from.
 */
import type { LayeredViews } from './layeredViews';
import type { LayerSource, SourceRange } from './sourceRange';
import type { LayerSummary } from './layerSummaries';

export type GradCheckStatus = 'pass' | 'warn' | 'fail';
export type WarningSeverity = 'error' | 'warning' | 'info';

/** A parameter tensor (weights: [units, fanIn], row r = unit r's incoming weights; bias: [units]). */
export interface ParameterAnalysis {
  readonly shape: readonly number[];
  /** Values, nested as the shape says. */
  readonly value: number[][] | number[];
  /** ∂L/∂value of the training-set loss, same nesting. */
  readonly grad: number[][] | number[];
  /** Present (false) only for a frozen parameter (`"trainable": false`, model file 1.1): training leaves it as it is. */
  readonly trainable?: false;
}

export interface GradientStats {
  readonly gradNorm: number;
  readonly gradMeanAbs: number;
  readonly gradMaxAbs: number;
}

export interface LayerAnalysis {
  readonly name: string;
  readonly index: number;
  /** 1-based line where the layer object starts (as in the report JSON). */
  readonly line: number;
  readonly range: SourceRange;
  /** Where the layer's parts (activation, f/df, each literal weight and bias) are written. */
  readonly source: LayerSource;
  /** `"sigmoid"`, …, or a custom activation's name. */
  readonly activation: string;
  readonly custom?: { readonly f: string; readonly df: string };
  readonly units: number;
  readonly fanIn: number;
  readonly weights: ParameterAnalysis;
  readonly bias: ParameterAnalysis;
  /** Per-sample values of the first min(N, 32) training samples, [sample][unit]. */
  readonly net: number[][];
  readonly out: number[][];
  readonly delta: number[][];
  /** Over weights and bias together. */
  readonly stats: GradientStats;
  /** Weight and bias gradient stats separately, for hovers and the explorer. */
  readonly weightStats: GradientStats;
  readonly biasStats: GradientStats;
  /** Activation statistics over all training samples. */
  readonly activationStats: { readonly mean: number; readonly std: number; readonly min: number; readonly max: number; readonly fractionZero: number };
  /** Worst gradient-check entry of this layer. */
  readonly gradcheck?: { readonly status: GradCheckStatus; readonly maxRelError: number; readonly checked: number };
  /**
   * Model file 1.1 (layered models only): the layer's type and shapes. `units` is then the numbers per
   * sample out of the layer, `fanIn` the numbers in; `net`, `out` and `delta` rows are flat
   * (C-major, row-major) per sample; a parameter's rows are its first axis (a conv weight's row f holds
   * filter f's C·kh·kw weights). A layer without parameters has `weights` and `bias` of shape [0].
   */
  readonly layered?: LayeredLayerAnalysis;
}

/** What a layered model adds to a layer's analysis (docs/spec/model-file-v1.1-layers.md, report JSON additions). */
export interface LayeredLayerAnalysis {
  readonly type: string;
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  /** Whether the layer applies an activation (layers without one report no `net`). */
  readonly hasActivation: boolean;
  /** Parameter names of this layer, in report order (none for pooling, flatten, dropout, activation). */
  readonly params: readonly { readonly name: 'weights' | 'bias'; readonly shape: readonly number[]; readonly trainable: boolean }[];
  /** Dropout: the multipliers of the report's pass, flat per sample (all samples when N ≤ 256, else the first 32). */
  readonly mask?: number[][];
  /** Batch norm: the batch's mean and biased variance per feature or channel, and the running statistics. */
  readonly batchMean?: number[];
  readonly batchVar?: number[];
  readonly runningMean?: number[];
  readonly runningVar?: number[];
}

export interface GradCheckEntryAnalysis {
  readonly layer: string;
  readonly layerIndex: number;
  readonly param: 'weights' | 'bias';
  readonly index: number[];
  readonly analytic: number;
  readonly numeric: number;
  readonly relError: number;
  readonly kink: boolean;
}

export interface GradCheckAnalysis {
  readonly status: GradCheckStatus;
  readonly maxRelError: number;
  readonly checked: number;
  readonly eps: number;
  readonly entries: GradCheckEntryAnalysis[];
  /**
   * Training samples whose loss the check differentiated: all N, or for a large model a seeded
   * subset (analytic and numeric gradients then both of that subset's mean loss).
   */
  readonly samples: number;
  /** When a subset: its samples, 0-based, ascending. */
  readonly sampleIndices?: number[];
}

/** A warning from a detector, the gradient check or validation, pointed at its line. */
export interface AnalysisWarning {
  readonly code: string;
  readonly severity: WarningSeverity;
  readonly layer?: string;
  readonly layerIndex?: number;
  /** 1-based line. */
  readonly line: number;
  readonly range: SourceRange;
  readonly message: string;
  /** What it means and what usually fixes it (one line each), for hovers and the panel. */
  readonly explanation?: string;
  readonly fix?: string;
  readonly details?: Record<string, number | string>;
  /**
   * An obvious fix: replace the text at `range` with `newText` (e.g. the symbolic derivative for a wrong
   * `df`), and the text at each of `moreEdits` (ranges that do not overlap) in the same edit.
   */
  readonly quickFix?: {
    readonly title: string; readonly range: SourceRange; readonly newText: string;
    readonly moreEdits?: readonly { readonly range: SourceRange; readonly newText: string }[];
  };
}

export interface TrainingPoint {
  readonly step: number;
  readonly epoch: number;
  readonly loss: number;
  readonly testLoss?: number;
  readonly accuracy?: number;
  readonly testAccuracy?: number;
}

export interface Analysis {
  readonly modelName: string;
  readonly fileName: string;
  readonly samples: number;
  readonly testSamples: number;
  readonly lossKind: string;
  readonly loss: number;
  /** Loss and accuracy at the initial parameters (before any training in this session). */
  readonly initialLoss: number;
  readonly accuracy?: number;
  readonly testLoss?: number;
  readonly testAccuracy?: number;
  /** True when targets are one-hot classes (or 0/1 with one output). */
  readonly classification: boolean;
  readonly inputs: number;
  readonly layers: LayerAnalysis[];
  readonly gradcheck: GradCheckAnalysis;
  readonly warnings: AnalysisWarning[];
  /** Ranges of the top-level `loss`, `data` and `train` values. */
  readonly source: { readonly loss?: SourceRange; readonly data?: SourceRange; readonly train?: SourceRange };
  /** Optimiser steps taken so far in this session (0 = initial parameters). */
  readonly step: number;
  readonly history: TrainingPoint[];
  /** Sample inputs and targets of the first min(N, 32) samples, for the panel's sample selector. */
  readonly sampleInputs: number[][];
  readonly sampleTargets: number[][];
  readonly classLabels?: readonly string[];
  /** Model file 1.1: the input shape ([F] or [C, H, W]) of a layered model; absent for dense-only models. */
  readonly inputShape?: readonly number[];
  /** Model file 1.1: what the panel's image views need (input gradient, max-pool routing, initial weights); absent for dense-only models. */
  readonly layeredViews?: LayeredViews;
  /** Model file 1.1 only: the editor's per-layer summaries (gradient passing through, windows, filters), one per layer. */
  readonly layerSummaries?: readonly LayerSummary[];
}
