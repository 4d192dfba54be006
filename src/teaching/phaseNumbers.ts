/**
 * A step-through stop as numbers only: what the worker's recorder answers (src/worker/teaching/stepThrough.ts)
 * and the host turns into sentences per depth (src/teaching/phaseText.ts). Plain data, no imports of
 * code: the worker builds no sentence, the host computes no number.
 */
import type { LossKind, OptimizerKind } from '../engine/spec';
import type { PhaseView } from '../shared/stepThroughView';

/** The first rows and columns of a units × fanIn matrix (what the text lists), with its full size. */
export interface MatrixHead {
  readonly rows: readonly (readonly number[])[];
  readonly units: number;
  readonly fanIn: number;
}

/** The numbers a stop's derivation (depth 4) and listing (depth 3) write out, for unit 1 of the batch's first sample. */
export type StopNumbers =
  | {
    readonly phase: 'forward';
    readonly layerIndex: number;
    readonly activation: string;
    /** w₁ᵢ and the inputs aᵢ (xᵢ in the first layer) of unit 1, the first few, of `fanIn`. */
    readonly weights: readonly number[];
    readonly inputs: readonly number[];
    readonly fanIn: number;
    readonly bias: number;
    readonly net: number;
    readonly out: number;
  }
  | {
    readonly phase: 'loss';
    readonly kind: LossKind;
    readonly outputs: readonly number[];
    readonly targets: readonly number[];
    /** Lₙ of the batch's first sample, and L of the batch. */
    readonly sampleLoss: number;
    readonly batchLoss: number;
    readonly batch: number;
    /** 1-based row of the batch's first sample in the data. */
    readonly sampleNumber: number;
  }
  | {
    readonly phase: 'backward';
    readonly layerIndex: number;
    readonly layerName: string;
    readonly activation: string;
    readonly isOutput: boolean;
    readonly kind: LossKind;
    /** True when the loss and the output activation cancel to δ = o − t. */
    readonly combined: boolean;
    readonly delta: number;
    /** f′(net₁), undefined for softmax (a Jacobian). */
    readonly slope?: number;
    readonly out: number;
    readonly target: number;
    /** For a hidden layer: the next layer's weights w_k1 and δ_k (the first few, of `units`) and Σₖ wₖ₁·δₖ over all. */
    readonly next?: { readonly name: string; readonly units: number; readonly column: readonly number[]; readonly downstream: readonly number[]; readonly sum: number };
    /** The input a₁ the first weight multiplies, that weight's gradient and value, the weight decay. */
    readonly input: number;
    readonly grad: number;
    readonly weight: number;
    readonly weightDecay: number;
    readonly batch: number;
    readonly sampleNumber: number;
    readonly gradWeights: MatrixHead;
    /** The first biases' gradients, of `units`. */
    readonly gradBias: readonly number[];
    readonly units: number;
  }
  | {
    readonly phase: 'update';
    readonly optimizer: OptimizerKind;
    readonly learningRate: number;
    readonly firstStep: boolean;
    readonly changes: readonly { readonly name: string; readonly weightChange: MatrixHead }[];
    /** The output layer's first weight before and after, and its gradient. */
    readonly output: { readonly name: string; readonly before: number; readonly after: number; readonly grad: number };
  };

/** The sentences of a stop, which the host writes (src/teaching/phaseText.ts). */
export type PhaseSentences = Pick<PhaseView, 'title' | 'detail' | 'driveDetail' | 'repairLines' | 'deriveLines' | 'deriveMath'>;

/** A stop as the worker answers it: the panel's view without its sentences, and the derivation's numbers. */
export type PhaseNumbers = Omit<PhaseView, keyof PhaseSentences> & {
  readonly derivation: StopNumbers;
  /**
   * The network has the classic walkthrough's 2-2-2 shape (src/shared/names.ts `isClassicShape`): under the
   * `gradlens.classicNames` setting the host writes the derivation in Mazur's names (src/teaching/classicSymbols.ts).
   */
  readonly classicShape?: true;
};

/**
 * A stop of a layered network (model file 1.1) as the worker answers it
 * (src/worker/teaching/layeredStepThrough.ts): the panel's view without its sentences, with `layered`
 * holding the layer's numbers; the host writes its sentences (src/teaching/layeredPhaseText.ts).
 */
export type LayeredPhaseNumbers = Omit<PhaseView, keyof PhaseSentences | 'layered'> & { readonly layered: NonNullable<PhaseView['layered']> };

/** What the worker's step-through answers: a dense stop or a layered one. */
export type AnyPhaseNumbers = PhaseNumbers | LayeredPhaseNumbers;
