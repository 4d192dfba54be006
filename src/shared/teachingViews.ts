/**
 * The data shapes of the panel's teaching views (issue 17): the decision boundary and the loss slice
 * ("nudge one weight"). Plain, structured-cloneable data computed by the engine in the worker
 * (src/worker/teaching/decisionBoundary.ts, lossSlice.ts); the webview only draws them.
 */

/** The other inputs' values while two are drawn: their training means, or one training sample's. */
export type HoldInputs = { readonly kind: 'mean' } | { readonly kind: 'sample'; readonly sample: number };

/** Which plane the boundary view draws: two input features (0-based), the others held. */
export interface BoundaryOptions {
  readonly xFeature: number;
  readonly yFeature: number;
  readonly hold: HoldInputs;
}

/** How the output is coloured: one sigmoid probability, the winning class of several, or a value. */
export type BoundaryKind = 'binary' | 'classes' | 'regression';

/** A data sample on the plane. `label`: the target (binary and regression) or its class index. */
export interface BoundaryPoint {
  readonly x: number;
  readonly y: number;
  readonly label: number;
  /** The network's answer at the sample itself (all its inputs): same kind as `label`. */
  readonly output: number;
  readonly set: 'train' | 'test';
}

/**
 * A first-layer unit on the plane: its net input is `wx·x + wy·y + c` (c = bias plus the held
 * inputs' contribution), its line is where that is 0, and `values` is its output on a grid of
 * `unitResolution²` cells (row-major, y from bottom, x from left).
 */
export interface BoundaryUnit {
  readonly unit: number;
  readonly wx: number;
  readonly wy: number;
  readonly c: number;
  readonly values: readonly number[];
  /** Smallest and largest of `values`. */
  readonly range: readonly [number, number];
}

/**
 * The network's output over a grid of `resolution²` cell centres, row-major: cell (i, j) is
 * x = xRange[0] + (j + ½)·Δx, y = yRange[0] + (i + ½)·Δy (row 0 at the bottom).
 */
export interface BoundaryGrid {
  readonly options: BoundaryOptions;
  readonly xName: string;
  readonly yName: string;
  readonly xRange: readonly [number, number];
  readonly yRange: readonly [number, number];
  readonly resolution: number;
  readonly kind: BoundaryKind;
  /** Output units of the network. */
  readonly outputs: number;
  /** binary: the output probability; classes: the winning class index; regression: the first output. */
  readonly values: readonly number[];
  /** classes: the winning output's value (how sure); otherwise absent. */
  readonly strength?: readonly number[];
  /** Smallest and largest of `values`. */
  readonly range: readonly [number, number];
  readonly points: readonly BoundaryPoint[];
  /** The first layer's name and its units (none when the first layer is the output layer). */
  readonly layerName: string;
  readonly units: readonly BoundaryUnit[];
  readonly unitResolution: number;
  /** Every input's value at which the plane is cut (the drawn two vary). */
  readonly held: readonly number[];
  /** Optimiser steps behind the parameters drawn, and whether they are a step-through's. */
  readonly step: number;
  readonly source: 'session' | 'stepThrough';
  /** A layered network's grid: its forward pass in evaluation mode (dropout passes everything, batch norm uses its running statistics). */
  readonly evaluationMode?: true;
}

/**
 * One weight or bias, 0-based: [unit, input] for dense weights, [unit] for a bias; in a layered model
 * also a conv weight [filter, channel, row, column] and batch norm's γ (`weights`) or β (`bias`) [channel].
 */
export interface SliceTarget {
  readonly layerIndex: number;
  readonly param: 'weights' | 'bias';
  readonly index: readonly number[];
}

/** What a layered model's slice holds fixed (see `LossSlice.trainingMode`). */
export interface TrainingMode {
  /** Samples J runs on: all `of` the training samples, or a seeded subset of them (a large model or data set). */
  readonly samples: number;
  readonly of: number;
  readonly batchNorm: boolean;
  readonly dropout: boolean;
}

/**
 * The objective training minimises as one parameter moves, all numbers the engine's: J = L + (λ/2)·Σw²
 * (the data loss plus the file's weight decay λ on every layer's weights; J = L when λ is 0), the curve
 * J(value) over a range around `value` (`loss` fields hold J), the gradient ∂J/∂value the optimiser
 * receives (the tangent's slope; coupled L2: ∂L/∂w + λ·w), the central difference (J(v+h) − J(v−h)) / 2h
 * with the gradient check's h, and where one step of the engine's trainer goes.
 */
export interface LossSlice {
  readonly target: SliceTarget;
  /** For people, e.g. `output.weights[1, 1]` (1-based, as the explanations' titles). */
  readonly label: string;
  readonly value: number;
  readonly loss: number;
  readonly gradient: number;
  readonly numericSlope: number;
  readonly epsilon: number;
  readonly curve: readonly { readonly value: number; readonly loss: number }[];
  readonly afterStep: { readonly value: number; readonly loss: number; readonly optimizer: string; readonly learningRate: number };
  readonly step: number;
  /** λ, the file's weight decay (0: the curve is the data loss alone). */
  readonly weightDecay: number;
  /**
   * A layered model's (model file 1.1) loss is its training-mode loss, made one function of the
   * parameters: the whole training set as one batch (batch norm on that batch's statistics), dropout
   * with one fixed set of masks (the first full-batch step's); for a large model or data set a seeded
   * subset of the samples. Says on how many samples, and whether the model has batch norm and dropout
   * (rate > 0), so the panel can say so; absent for a dense network.
   */
  readonly trainingMode?: TrainingMode;
  /** The two-parameter contour, when it was asked for (depth Derive). */
  readonly contour?: LossContour;
  /** Why the contour could not be made, when it was asked for and failed. */
  readonly contourProblem?: string;
}

/**
 * The plane a loss contour is drawn over: the slice's parameter and a second one, or two random
 * directions d₁, d₂ (seeded; filter-normalised as in Li et al. 2018: each dense unit's row, or conv
 * filter, of a direction scaled to the norm of that unit's or filter's weights; bias and batch-norm
 * directions 0).
 */
export type ContourAxes =
  | { readonly kind: 'parameters'; readonly second: SliceTarget }
  | { readonly kind: 'directions'; readonly seed: number };

/**
 * The objective J (as `LossSlice`) over a plane of two coordinates (x, y): for two parameters their
 * values, for two directions θ + x·d₁ + y·d₂. All numbers the engine's.
 */
export interface LossContour {
  readonly axes: ContourAxes;
  /** `output.weights[1, 1]` or `direction 1` (the panel localises the directions' names). */
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xRange: readonly [number, number];
  readonly yRange: readonly [number, number];
  /**
   * Points a side (odd, so the current parameters are the middle point), chosen by a cost model:
   * n² · N · (multiply-adds of one forward pass) stays under a budget.
   */
  readonly resolution: number;
  /** J at n × n points, row-major: point (i, j) is x = xRange[0] + j·Δx, y = yRange[0] + i·Δy, Δ = range / (n − 1). */
  readonly values: readonly number[];
  readonly range: readonly [number, number];
  /** The current parameters on the plane, and J there. */
  readonly centre: readonly [number, number];
  readonly loss: number;
  /** The gradient on the plane: (∂J/∂p₁, ∂J/∂p₂), or (⟨∇J, d₁⟩, ⟨∇J, d₂⟩) for directions. */
  readonly arrow: readonly [number, number];
  /**
   * The parameters after each of the next optimiser steps of the engine's trainer from a copy of the
   * current ones (the file's settings, a fresh optimiser), on the plane (directions: least-squares
   * projection onto d₁, d₂); starts at the centre.
   */
  readonly path: readonly (readonly [number, number])[];
  /**
   * The parameters after each of the session's last (up to 12) training steps, oldest first, on the
   * plane the same way (the last is the centre when no step came since); empty when the session kept
   * none (no training yet; a run paused before the recent steps were ever drawn; more than 6M parameters).
   */
  readonly recent?: readonly (readonly [number, number])[];
  readonly weightDecay: number;
}
