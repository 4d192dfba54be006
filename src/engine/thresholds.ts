/**
 * Every threshold the engine judges by, in one place, with the values of the oracles notes
 * (TFCheck / DeepDiagnosis defaults, CS231n) and docs/spec/report-json-v1.md. Callers override any
 * of them (e.g. from settings) by passing a partial object; nothing is hard-coded elsewhere.
 */
export interface Thresholds {
  /** Vanishing: a layer's mean |gradient| below this (absolute). */
  readonly vanishingMeanAbs: number;
  /** Vanishing: a layer's mean |gradient| divided by the output layer's below this (orders of magnitude smaller). */
  readonly vanishingRatio: number;
  /** Exploding: a layer's mean |gradient| above this (absolute). */
  readonly explodingMeanAbs: number;
  /** Exploding: a layer's mean |gradient| divided by the output layer's above this. */
  readonly explodingRatio: number;
  /** Dead relu: a layer is flagged (warning) when more than this fraction of its units are dead. */
  readonly deadReluLayerFraction: number;
  /** Dead relu: at least this fraction of dead units gives an informational note. */
  readonly deadReluInfoFraction: number;
  /** Saturated tanh: |out| above this. */
  readonly tanhSaturation: number;
  /** Saturated sigmoid: out within this of 0 or 1. */
  readonly sigmoidSaturationMargin: number;
  /** A unit is saturated when it is so for more than this fraction of the samples ("most"). */
  readonly saturatedSampleFraction: number;
  /** A layer is flagged when at least this fraction of its units are saturated. */
  readonly saturatedUnitFraction: number;
  /** Update/weight ratio lr·‖g‖/‖w‖: ≈ this is healthy (for messages). */
  readonly updateRatioHealthy: number;
  /** Below this: the learning rate is probably too low (info). */
  readonly updateRatioLow: number;
  /** Above this: the learning rate is probably too high (warning). */
  readonly updateRatioHigh: number;
  /** Gradient check: relative error at or below this is excellent. */
  readonly gradCheckExcellent: number;
  /** Gradient check: at or below this passes, above it warns. */
  readonly gradCheckPass: number;
  /** Gradient check: above this fails. */
  readonly gradCheckFail: number;
}

/** The default thresholds (frozen); override any of them with `resolveThresholds` or a detector's options. */
export const DEFAULT_THRESHOLDS: Thresholds = Object.freeze({
  vanishingMeanAbs: 1e-7,
  vanishingRatio: 1e-3,
  explodingMeanAbs: 1e6,
  explodingRatio: 1e3,
  deadReluLayerFraction: 0.95,
  deadReluInfoFraction: 0.4,
  tanhSaturation: 0.99,
  sigmoidSaturationMargin: 0.01,
  saturatedSampleFraction: 0.5,
  saturatedUnitFraction: 0.5,
  updateRatioHealthy: 1e-3,
  updateRatioLow: 1e-5,
  updateRatioHigh: 1e-1,
  gradCheckExcellent: 1e-7,
  gradCheckPass: 1e-5,
  gradCheckFail: 1e-2,
});

/** The defaults with the given overrides applied. */
export function resolveThresholds(overrides: Partial<Thresholds> = {}): Thresholds {
  return { ...DEFAULT_THRESHOLDS, ...overrides };
}
