/**
 * What the step recorder keeps of one optimiser step (src/worker/teaching/stepThrough.ts records it,
 * src/worker/teaching/stepDerivation.ts writes it out): the batch, its losses, and per layer the
 * activations, error signals, gradients and parameters before and after the update. Types only.
 */

/** One layer's part of a recorded step. Per-sample arrays are `recorded × units`, row-major. */
export interface LayerStepRecord {
  readonly name: string;
  readonly index: number;
  readonly units: number;
  readonly fanIn: number;
  readonly activation: string;
  readonly net: Float64Array;
  readonly out: Float64Array;
  /** δ = ∂Lₙ/∂net per sample (no 1/B factor). */
  readonly delta: Float64Array;
  readonly weightsBefore: Float64Array;
  readonly biasBefore: Float64Array;
  /** The gradient of the batch loss the optimiser received (weight decay included). */
  readonly gradWeights: Float64Array;
  readonly gradBias: Float64Array;
  readonly weightsAfter: Float64Array;
  readonly biasAfter: Float64Array;
}

export interface StepRecord {
  /** The step number this record took (1 for the first). */
  readonly step: number;
  readonly epoch: number;
  readonly batch: number;
  /** Sample indices of the batch, in the order the trainer used them. */
  readonly rows: Int32Array;
  /** Samples whose per-sample values are kept: the batch's first `recorded`. */
  readonly recorded: number;
  /** Their inputs and targets, `recorded × inputs` and `recorded × K`. */
  readonly inputs: Float64Array;
  readonly targets: Float64Array;
  /** The batch loss before the update, from the engine's back-propagation of the batch. */
  readonly loss: number;
  /** The loss the trainer reported for its step (equal to `loss`). */
  readonly trainerLoss: number;
  /**
   * The loss over the whole training set before and after this step's update: the quantity the
   * session's loss curve plots at each step (`evaluateLoss`), so the two curves can be drawn together.
   */
  readonly trainLossBefore: number;
  readonly trainLossAfter: number;
  readonly endOfEpoch: boolean;
  readonly layers: readonly LayerStepRecord[];
  /** Approximate memory held by this record. */
  readonly bytes: number;
}
