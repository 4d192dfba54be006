/**
 * The model file's vocabulary (docs/spec/model-file-v1.md): the keys each object may hold, the names
 * a closed list allows with the aliases other libraries use, the defaults, and the implementation limits.
 */
import type { BuiltinActivation, InitSpec, LossKind, OptimizerKind, TrainSpec } from '../../engine/spec';
import { LOSS_KINDS } from '../../shared/kinds';

export const TOP_LEVEL_KEYS = ['$schema', 'name', 'seed', 'inputs', 'layers', 'init', 'loss', 'data', 'train', 'weightsFile'] as const;
/** A dense layer's keys (model file 1.1 adds `trainable`; the other layer types' keys are in ../layers/layerKeys.ts). */
export const LAYER_KEYS = ['name', 'type', 'units', 'activation', 'weights', 'bias', 'init', 'trainable'] as const;
export const TRAIN_KEYS = ['optimizer', 'learningRate', 'momentum', 'weightDecay', 'batchSize', 'epochs', 'shuffle', 'schedule'] as const;
export const LOSSES: readonly LossKind[] = LOSS_KINDS;
export const OPTIMIZERS: readonly OptimizerKind[] = ['sgd', 'momentum', 'adam'];
export const INIT_NAMES = ['xavier', 'he', 'zeros'] as const;
export const INIT_KINDS = ['uniform', 'normal'] as const;
export const LAYER_TYPES = ['dense'] as const;

/** Names other libraries and textbooks use, for "did you mean" (compared without case and separators). */
export const LOSS_ALIASES: Readonly<Record<string, LossKind>> = {
  categoricalcrossentropy: 'cross-entropy', crossentropy: 'cross-entropy', ce: 'cross-entropy', nll: 'cross-entropy',
  softmaxcrossentropy: 'cross-entropy', logloss: 'binary-cross-entropy', bce: 'binary-cross-entropy',
  binarycrossentropy: 'binary-cross-entropy', binary: 'binary-cross-entropy', meansquarederror: 'mse', l2: 'squared',
  sse: 'squared', sumofsquares: 'squared', quadratic: 'squared', squarederror: 'squared',
};
export const ACTIVATION_ALIASES: Readonly<Record<string, BuiltinActivation>> = {
  logistic: 'sigmoid', sigma: 'sigmoid', identity: 'linear', none: 'linear', lrelu: 'leaky-relu', leaky: 'leaky-relu',
  rectifier: 'relu', hyperbolictangent: 'tanh',
};
export const OPTIMIZER_ALIASES: Readonly<Record<string, OptimizerKind>> = {
  gd: 'sgd', gradientdescent: 'sgd', nesterov: 'momentum', adamw: 'adam',
};

/** The defaults of the spec, for `train`. */
export const DEFAULT_TRAIN: TrainSpec = Object.freeze({
  optimizer: 'sgd', learningRate: 0.01, momentum: 0.9, weightDecay: 0, epochs: 1, shuffle: true,
});
export const DEFAULT_SEED = 1;

/**
 * Implementation limits, far above any teaching model, that keep a mistyped size (`"units": 1e9`)
 * from exhausting memory: `inputs` and `units` at most {@link MAX_UNITS}, and at most
 * {@link MAX_PARAMETERS} weights and biases in all. Reported as `invalid-value`.
 */
export const MAX_UNITS = 10_000;
export const MAX_PARAMETERS = 5_000_000;
/** The most epochs a file may ask for: the command line's `--epochs` cap. Reported as `invalid-value`. */
export const MAX_EPOCHS = 10_000_000;
export const DEFAULT_INIT: InitSpec = 'xavier';

/** `examples/iris.nn.json` → `iris`. */
export function defaultModelName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  if (/\.nn\.json$/i.test(base)) return base.slice(0, -'.nn.json'.length);
  if (/\.jsonc?$/i.test(base)) return base.replace(/\.jsonc?$/i, '');
  return base;
}
