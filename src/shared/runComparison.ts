/**
 * Compare runs (issue 17): the current model and one variant of it (one setting changed), trained
 * from the same seed for the same steps. The variant's vocabulary, its strict validation (the host
 * builds it from quick picks, the worker checks it again) and the plain data the worker answers,
 * which the panel draws and the handout prints (src/worker/teaching/runComparison.ts computes it).
 */
import { ACTIVATION_KINDS, LOSS_KINDS, type BuiltinActivation, type LossKind } from './kinds';
import { asRecord, isOneOf } from './wireChecks';

/** What a comparison may vary, in the order the quick pick offers them. */
export const VARIANT_KINDS = ['optimizer', 'learningRate', 'activation', 'init', 'loss', 'batchSize', 'freeze'] as const;
export type VariantKind = (typeof VARIANT_KINDS)[number];

export const VARIANT_OPTIMIZERS = ['sgd', 'momentum', 'adam'] as const;
/** Initialisations a variant may give every layer whose weights the file does not write. */
export const VARIANT_INITS = ['xavier', 'he', 'zeros'] as const;

/** One setting of the model changed: the file's training settings, its loss, or one layer's. */
export type RunVariant =
  | { readonly kind: 'optimizer'; readonly optimizer: (typeof VARIANT_OPTIMIZERS)[number] }
  | { readonly kind: 'learningRate'; readonly learningRate: number }
  | { readonly kind: 'activation'; readonly layer: string; readonly activation: BuiltinActivation }
  | { readonly kind: 'init'; readonly init: (typeof VARIANT_INITS)[number] }
  | { readonly kind: 'loss'; readonly loss: LossKind }
  | { readonly kind: 'batchSize'; readonly batchSize: number }
  | { readonly kind: 'freeze'; readonly layer: string };

/** The largest learning rate and batch size a variant may ask for (far beyond any sensible one). */
export const MAX_VARIANT_LEARNING_RATE = 1000;
export const MAX_VARIANT_BATCH = 1_000_000;

const LAYER_NAME = /^[^\u0000-\u001f]{1,200}$/;

/**
 * A validated copy of a variant (only its own fields), or undefined when anything does not match:
 * a learning rate in (0, 1000], a whole batch size of at least 1, known names.
 */
export function parseRunVariant(value: unknown): RunVariant | undefined {
  const v = asRecord(value);
  if (!v) return undefined;
  const layerOk = typeof v.layer === 'string' && LAYER_NAME.test(v.layer);
  switch (v.kind) {
    case 'optimizer': return isOneOf(VARIANT_OPTIMIZERS, v.optimizer) ? { kind: 'optimizer', optimizer: v.optimizer } : undefined;
    case 'learningRate':
      return typeof v.learningRate === 'number' && Number.isFinite(v.learningRate) && v.learningRate > 0 && v.learningRate <= MAX_VARIANT_LEARNING_RATE
        ? { kind: 'learningRate', learningRate: v.learningRate } : undefined;
    case 'activation':
      return layerOk && isOneOf(ACTIVATION_KINDS, v.activation) ? { kind: 'activation', layer: v.layer as string, activation: v.activation } : undefined;
    case 'init': return isOneOf(VARIANT_INITS, v.init) ? { kind: 'init', init: v.init } : undefined;
    case 'loss': return isOneOf(LOSS_KINDS, v.loss) ? { kind: 'loss', loss: v.loss } : undefined;
    case 'batchSize':
      return typeof v.batchSize === 'number' && Number.isInteger(v.batchSize) && v.batchSize >= 1 && v.batchSize <= MAX_VARIANT_BATCH
        ? { kind: 'batchSize', batchSize: v.batchSize } : undefined;
    case 'freeze': return layerOk ? { kind: 'freeze', layer: v.layer as string } : undefined;
    default: return undefined;
  }
}

/** One point of a run's curve: its training loss and, when the targets are classes, its accuracy. */
export interface RunPoint {
  readonly step: number;
  readonly loss: number;
  readonly accuracy?: number;
}

/** ‖∂L/∂W‖ and ‖∂L/∂b‖ of one layer over the whole training set, before the first step and after the last. */
export interface LayerGradientFlow {
  readonly layer: string;
  readonly index: number;
  readonly startWeightNorm: number;
  readonly startBiasNorm: number;
  readonly endWeightNorm: number;
  readonly endBiasNorm: number;
}

/** One of the two runs. */
export interface ComparedRun {
  /** For people: the setting that differs, e.g. `adam`, `learning rate 1`, `hidden: relu`. */
  readonly label: string;
  readonly points: readonly RunPoint[];
  readonly gradients: readonly LayerGradientFlow[];
  /** The first recorded step whose loss is at most the threshold; absent when the run never got there. */
  readonly stepsToThreshold?: number;
  readonly finalLoss: number;
  readonly finalAccuracy?: number;
}

export interface RunComparison {
  readonly modelName: string;
  readonly variant: RunVariant;
  /** The current model as the file has it. */
  readonly base: ComparedRun;
  readonly other: ComparedRun;
  /** Steps both runs took (the file's, bounded), and the file's own number. */
  readonly steps: number;
  readonly fileSteps: number;
  /** Points are recorded every `every` steps (and at the last): step counts are read at that resolution. */
  readonly every: number;
  readonly seed: number;
  /** The loss level the summary counts steps to (see `comparisonThreshold`). */
  readonly threshold: number;
  /** True when both runs train on a loss of the same kind, so their loss curves share one scale. */
  readonly sameLoss: boolean;
  readonly classification: boolean;
  readonly note?: string;
  readonly cancelled: boolean;
}
