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

/** A formula of the derivation for the panel's KaTeX: TeX and its screen-reader words (src/teaching/formulas.ts). */
export interface DerivationMath {
  readonly tex: string;
  readonly speech: string;
  /** Words that follow the formula, in the loaded language (a layered network's rule: `formula: note`). */
  readonly note?: string;
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
  /** The derivation lines that are formulas, as TeX for KaTeX and words for screen readers (null: a sentence, shown as text). */
  readonly deriveMath?: readonly (DerivationMath | null)[];
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
  /**
   * A layered network's stop (model file 1.1): the layer's type and shapes, and what the student
   * needs there (forward: the output's statistics; backward: the gradient passing through and each
   * parameter's gradient). Absent for networks of dense layers (`forward` and `backward` then).
   */
  readonly layered?: LayeredStopView;
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

/** Summary statistics of one tensor: over the batch, or one sample's. */
export interface ValueStats {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Fraction of entries that are exactly 0. */
  readonly zeroFraction: number;
}

/** One parameter tensor's gradient at a backward stop of a layered network. */
export interface LayeredParamGradient {
  /** `weights` or `bias` (batch norm: γ and β). */
  readonly param: 'weights' | 'bias';
  /** `W`, `b`, `γ`, `β`: what the sentences call it. */
  readonly symbol: string;
  readonly shape: readonly number[];
  /** ‖∂L/∂θ‖ and max |∂L/∂θ| over the tensor. */
  readonly norm: number;
  readonly maxAbs: number;
  /** Its first entries (at most 8, row-major), of `shape`'s product. */
  readonly first: readonly number[];
  /** conv weights: ‖∂L/∂W[f]‖ per filter (at most 16). */
  readonly perFilter?: readonly number[];
}

/** The central-difference check of one parameter entry at the step's parameters, on its batch. */
export interface LayeredStopCheck {
  readonly param: 'weights' | 'bias';
  readonly symbol: string;
  /** The entry's index ([filter, channel, row, column], [unit, input], [unit] …). */
  readonly index: readonly number[];
  readonly analytic: number;
  readonly numeric: number;
  readonly relativeError: number;
  readonly status: string;
}

/** What a stop of a layered network shows of its layer (see `PhaseView.layered`). */
export interface LayeredStopView {
  /** `conv2d`, `maxpool2d`, `avgpool2d`, `flatten`, `activation`, `dropout`, `batchnorm`, `dense` (the layer of the stop; the last layer at the loss and the update). */
  readonly layerType: string;
  readonly inShape: readonly number[];
  readonly outShape: readonly number[];
  /** The layer's own activation, when it has one (`relu`, `softmax` …). */
  readonly activation?: string;
  /** The layer's settings a sentence names: filters, kernel, stride, padding, pool size, dropout rate, units. */
  readonly settings: Readonly<Record<string, number>>;
  readonly forward?: {
    /** The output of the batch's first sample (`sample`): statistics, and its first values. */
    readonly sampleStats: ValueStats;
    readonly first: readonly number[];
    /** Image outputs: the mean of each channel (feature map) of that sample (at most 16). */
    readonly channelMeans?: readonly number[];
    /** Statistics of the output over the whole batch. */
    readonly batchStats: ValueStats;
  };
  readonly backward?: {
    /**
     * ‖∂L/∂out‖ over the batch: the gradient of the batch loss reaching this layer's output (for a
     * layer with its own activation, after the activation's slope: ∂L/∂net, and `afterActivation`).
     */
    readonly gradOutNorm: number;
    readonly afterActivation: boolean;
    /** The first values of ∂L/∂out of the batch's first sample. */
    readonly first: readonly number[];
    /** Fraction of the gradient's entries that are exactly 0 over the batch. */
    readonly zeroFraction: number;
    /** max-pool: the fraction of the first sample's inputs that receive a gradient (the windows' maxima). */
    readonly routedFraction?: number;
    /** Every parameter tensor's gradient (empty for layers without parameters). */
    readonly params: readonly LayeredParamGradient[];
    /** The check of the first entries of each parameter tensor (absent for layers without parameters). */
    readonly checks?: readonly LayeredStopCheck[];
  };
}
