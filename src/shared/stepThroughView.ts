/**
 * What the panel shows of a step-through stop: plain data (numbers, arrays, sentences), sent to the
 * panel as it is. The worker's step recorder (src/worker/teaching/stepThrough.ts) answers its numbers;
 * the host adds the sentences (src/teaching/phaseText.ts).
 */
import type { LossKind } from './kinds';

export type StepPhase = 'forward' | 'loss' | 'backward' | 'update';

/** One stop of a step: a phase, and for forward and backward the layer it is at. */
export interface PhaseStop {
  readonly phase: StepPhase;
  readonly layerIndex?: number;
}

/** What the timeline holds, for a scrubber. */
export interface TimelineState {
  /** Step numbers of the oldest and newest records kept (0 and 0 before the first step). */
  readonly oldestStep: number;
  readonly newestStep: number;
  /** The step the cursor is on. */
  readonly currentStep: number;
  readonly records: number;
  readonly capacity: number;
  /** Steps dropped from the front to stay within the bounds. */
  readonly dropped: number;
}

/** A stop of a recorded step, with what changed there: plain data (the panel can receive it as is). */
export interface PhaseView {
  readonly step: number;
  readonly epoch: number;
  readonly batch: number;
  readonly batchSize: number;
  /** The batch's first sample indices (at most 16). */
  readonly batchRows: readonly number[];
  readonly phase: StepPhase;
  readonly layerIndex?: number;
  readonly layerName?: string;
  /** Position of this stop within the step, 0-based, of `stopsPerStep`. */
  readonly stopIndex: number;
  readonly stopsPerStep: number;
  /** `Step 3 · backward · layer "hidden"`. */
  readonly title: string;
  /** One sentence with the numbers. */
  readonly detail: string;
  /** The same at depth 1 (Drive), which shows no derivative: the backward pass and the update named, not computed. */
  readonly driveDetail: string;
  /** What depth 3 (Repair) adds: every weight's gradient or update, rows of the first units. */
  readonly repairLines: readonly string[];
  /** What depth 4 (Derive) adds: this stop's computation written out for unit 1 of the batch's first sample. */
  readonly deriveLines: readonly string[];
  /** The sample (index in the data) whose values are shown. */
  readonly sample: number;
  /** forward: the layer's input, net and out for `sample`, and the mean of out over the recorded samples. */
  readonly forward?: { readonly input: number[]; readonly net: number[]; readonly out: number[]; readonly meanOut: number[] };
  /** loss: the batch loss, and `sample`'s outputs and targets. */
  readonly loss?: { readonly value: number; readonly kind: LossKind; readonly outputs: number[]; readonly targets: number[] };
  /** backward: `sample`'s δ and the batch gradient of the layer. */
  readonly backward?: {
    readonly delta: number[];
    readonly gradWeightsNorm: number;
    readonly gradBiasNorm: number;
    /** [unit][input], empty when the layer has more than `maxViewEntries` weights. */
    readonly gradWeights: number[][];
    readonly gradBias: number[];
  };
  /** update: per layer, how the parameters moved. */
  readonly update?: {
    readonly optimizer: string;
    readonly learningRate: number;
    readonly layers: readonly {
      readonly name: string;
      readonly index: number;
      /** The largest |Δw| over the weights (biases apart: `maxAbsBiasChange`). */
      readonly maxAbsChange: number;
      readonly maxAbsBiasChange: number;
      readonly changeNorm: number;
      readonly weightNorm: number;
      /** ‖Δw‖ / ‖w‖ (healthy around 1e-3). */
      readonly ratio: number;
      /** [unit][input], empty for large layers. */
      readonly weightChange: number[][];
      readonly biasChange: number[];
    }[];
  };
  readonly timeline: TimelineState;
  /**
   * The step-through run's own loss curve: the training-set loss after each recorded step, led by the
   * loss before the oldest one (at its step − 1; step 0 when nothing was dropped). The panel's loss
   * chart draws it and marks this step on it, from (step − 1, before) to (step, after).
   */
  readonly runLoss: readonly RunLossPoint[];
  /** This step's training-set loss before and after its update (on `runLoss`). */
  readonly trainLossBefore: number;
  readonly trainLossAfter: number;
}

/** One point of the step-through run's loss curve. */
export interface RunLossPoint {
  readonly step: number;
  readonly loss: number;
}
