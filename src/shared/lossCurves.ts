/**
 * Squared error versus cross-entropy as the panel draws it: two training curves from the same initial
 * weights, each point with McCaffrey's two error measures. Plain data; the worker's loss comparison
 * (src/worker/teaching/lossComparison.ts) produces it.
 */

/** McCaffrey's two measures of one set of outputs against targets (rows of K numbers). */
export interface ErrorMeasures {
  readonly items: number;
  /** Mean over items of −Σₖ tₖ · ln oₖ. */
  readonly meanCrossEntropy: number;
  /** Mean over items of Σₖ (tₖ − oₖ)². */
  readonly meanSquaredError: number;
  /** Items whose largest output sits where the target's largest value is. */
  readonly correct: number;
}

export interface CurvePoint {
  readonly step: number;
  /** The loss the clone is trained on. */
  readonly loss: number;
  readonly measures: ErrorMeasures;
}

export interface TrainingCurves {
  readonly steps: number;
  /** Steps the file's settings ask for (epochs × steps per epoch). */
  readonly fileSteps: number;
  /** Why the number of steps differs from the file's, if it does. */
  readonly note?: string;
  readonly squared: readonly CurvePoint[];
  readonly crossEntropy: readonly CurvePoint[];
  readonly classification: boolean;
  /** True when a signal stopped the runs early. */
  readonly cancelled: boolean;
}
