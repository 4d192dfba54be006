/**
 * The plain-data description of a network, its loss and its training, as the engine consumes it.
 * `src/model/` builds these from a model file; tests and benchmarks build them directly.
 * Everything here is data: no functions except a custom activation's compiled f and df.
 */

/** A dense matrix of float64 values, row-major: element (r, c) is `data[r * cols + c]`. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

import type { BuiltinActivation, LossKind } from '../shared/kinds';
import type { ScheduleSpec } from './schedules';

export type { BuiltinActivation, LossKind };

/**
 * A student's own activation: `f` and `df` compiled from safe expressions in `x` (see `src/expr/`).
 * Back-propagation uses `df` exactly as written, even when it is wrong: the gradient check finds that.
 */
export interface CustomActivation {
  readonly kind: 'custom';
  readonly name: string;
  readonly f: (x: number) => number;
  readonly df: (x: number) => number;
  /** The source texts, for explanations and reports. */
  readonly fText: string;
  readonly dfText: string;
}

export type ActivationSpec = BuiltinActivation | CustomActivation;

export type InitSpec =
  | 'xavier'
  | 'he'
  | 'zeros'
  | { readonly uniform: readonly [number, number] }
  | { readonly normal: readonly [number, number] };

/** One dense layer: out = f(W·x + b), W has one row of `fanIn` incoming weights per unit. */
export interface DenseLayerSpec {
  readonly name: string;
  readonly units: number;
  readonly activation: ActivationSpec;
  /** Explicit weights, `units` rows of `fanIn` numbers; absent means initialise with `init`. */
  readonly weights?: readonly (readonly number[])[];
  /** Explicit bias: one number for every unit, or one per unit; absent means 0. */
  readonly bias?: number | readonly number[];
  readonly init: InitSpec;
  /** Model file 1.1: `false` freezes weights and bias, an object freezes one of them (default: all trainable). */
  readonly trainable?: boolean | { readonly weights?: boolean; readonly bias?: boolean };
}

export interface NetworkSpec {
  readonly inputs: number;
  readonly layers: readonly DenseLayerSpec[];
  /** Seeds weight initialisation (and, in training, shuffling). */
  readonly seed: number;
}

export type OptimizerKind = 'sgd' | 'momentum' | 'adam';

export interface TrainSpec {
  readonly optimizer: OptimizerKind;
  readonly learningRate: number;
  readonly momentum: number;
  readonly weightDecay: number;
  /** Samples per step; `undefined` means the whole training set (full batch). */
  readonly batchSize?: number;
  readonly epochs: number;
  readonly shuffle: boolean;
  /** Model file 1.1: the learning-rate schedule, applied at the end of each epoch (schedules.ts). */
  readonly schedule?: ScheduleSpec;
}

/** Training (and optional test) data: `inputs` N×inputs, `targets` N×K. */
export interface DataSet {
  readonly inputs: Matrix;
  readonly targets: Matrix;
}
