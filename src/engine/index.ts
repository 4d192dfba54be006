/**
 * GradLens's back-propagation engine: plain TypeScript on Float64Array, no `vscode`, no DOM, so it
 * runs alike in the extension host, a worker thread, the command-line tool and the tests.
 *
 * Two independent implementations live here:
 * - the fused dense path (`Network`, `backprop`, `Trainer`, `gradientCheck`, `detectPathologies`):
 *   whole-batch forward and backward passes on preallocated buffers, the one the product runs;
 * - a general reverse-mode autodiff (`autodiff`): tensors, ops with backward rules, a recorded graph,
 *   the reference the fused path is tested against and the engine behind teaching expressions.
 *
 * Typical use:
 * ```ts
 * const network = Network.fromSpec(spec);
 * const result = backprop(network, data, 'squared', { recordSamples: 32 });
 * const check = gradientCheck(network, data, 'squared');
 * const warnings = detectPathologies(network, data, result, { learningRate: 0.5, gradCheck: check });
 * new Trainer(network, data, 'squared', train).runEpochs();
 * ```
 */

// Plain-data input types (the contract with src/model).
export type {
  ActivationSpec, BuiltinActivation, CustomActivation, DataSet, DenseLayerSpec, InitSpec, LossKind, Matrix,
  NetworkSpec, OptimizerKind, TrainSpec,
} from './spec';

// Networks.
/** A dense layer (live weights/bias arrays) and a network built from a `NetworkSpec`. */
export { DenseLayer, Network } from './network';

// Back-propagation, loss, prediction.
/**
 * `backprop(network, data, loss, {recordSamples, weightDecay})`: loss, outputs, gradients and
 * teaching traces; `evaluateLoss`, `predict`, `accuracy`, `evaluate` (loss and accuracy in one pass),
 * `isClassification`; small matrix helpers.
 */
export {
  accuracy, assertDataFits, backprop, countCorrect, dataSet, evaluate, evaluateLoss, isClassification, matrix, matrixFromRows, matrixToRows, predict,
} from './backprop';
export type { BackpropOptions, BackpropResult, Evaluation, LayerGradients, LayerTrace } from './backprop';
/** Where the first NaN/Infinity appeared, and a plain-English description of it. */
export { describeNonFinite } from './fused';
export type { NonFiniteReport } from './fused';
/** The loss kinds in model-file order; one sample's loss; whether a loss and output activation combine to o − t. */
export { LOSS_KINDS, isCombined, sampleLoss } from './losses';
/** The activation names, leaky-relu's slope, and f′ of one unit (for teaching views). */
export { LEAKY_SLOPE, activationName, activationSlope } from './activations';

// Random numbers and initialisation.
/** `createRng(seed, stream)`: xoshiro128** seeded by a hash of seed and stream name. */
export { createRng } from './rng';
export type { Rng } from './rng';
/** `initWeights(init, units, fanIn, seed, layerIndex)` and the name of each layer's stream. */
export { initStreamName, initWeights } from './init';

// Optimisation and training.
/** `createOptimizer({optimizer, learningRate, momentum}, network)`: sgd, momentum, adam. */
export { ADAM, createOptimizer } from './optimizers';
export type { Optimizer, OptimizerSettings, ParameterGradients } from './optimizers';
/** Mini-batch training over epochs with seeded shuffling, cancellable runs. */
export { Trainer, type ForwardObserver } from './trainer';
export type { AsyncRunOptions, RunOptions, RunResult, StepResult, TrainerOptions } from './trainer';

// Checking and diagnosing.
/** `gradientCheck(network, data, loss, options)`: analytic vs central differences, with kinks and sampling. */
export {
  DEFAULT_GRADCHECK_EPS, DEFAULT_GRADCHECK_THRESHOLDS, DEFAULT_MAX_ENTRIES_PER_TENSOR, affordableGradCheckSamples, gradCheckVerdict, gradientCheck, relError, sampleIndices,
} from './gradcheck';
export type { GradCheckEntry, GradCheckOptions, GradCheckResult, GradCheckStatus, GradCheckThresholds } from './gradcheck';
/** `detectPathologies(network, data, backpropResult, options)` and gradient statistics. */
export { UnitActivity, detectPathologies, gradientStats, layerGradientStats } from './pathologies';
export type { GradientStats, PathologyOptions, PathologyWarning, WarningSeverity } from './pathologies';
/** Every threshold in one overridable object. */
export { DEFAULT_THRESHOLDS, resolveThresholds } from './thresholds';
export type { Thresholds } from './thresholds';

// Layered networks (model file 1.1): conv2d, pooling, flatten, dropout, batch norm, activation, dense.
/** Plain-data specs of layered networks. */
export type {
  ActivationLayerSpec, BatchNormSpec, Conv2dSpec, DenseSpec, DropoutSpec, FlattenSpec, LayerSpec, LayerType,
  LayeredNetworkSpec, Pair, Pool2dSpec, SampleShape, TrainableSpec,
} from './layers/spec';
/** The `Layer` contract, pass modes (training / evaluation / the gradient check's frozen training). */
export { EVALUATION, FROZEN_TRAINING, TRAINING, shapeText, sizeOf } from './layers/layer';
export type { Layer, Param, PassMode } from './layers/layer';
export { BatchNormLayer } from './layers/batchnorm';
export { Conv2dLayer } from './layers/conv2d';
export { DenseLayerOp } from './layers/dense';
export { AvgPool2dLayer, MaxPool2dLayer } from './layers/pool2d';
export { ActivationLayer, DropoutLayer, FlattenLayer } from './layers/shape-layers';
export { resolveWindow, windowOutput } from './layers/geometry';
export type { Window } from './layers/geometry';
/** `LayeredNetwork.fromSpec(spec)`: shapes flow from the inputs; errors name the layer and the numbers. */
export { LayeredNetwork } from './layers/network';
export type { ParamRef } from './layers/network';
/** Forward, loss, backward of a batch; `layeredBackprop` over a data set with net/out/delta of every layer. */
export {
  assertLayeredDataFits, layeredBackprop, layeredEvaluateLoss, layeredForward, layeredWorkspaceFor, LayeredWorkspace, runLayeredBatch,
} from './layers/pass';
export type { LayeredBackpropResult, LayeredBatchOptions, LayeredBatchResult } from './layers/pass';
export { LayeredTrainer, layeredAccuracy } from './layers/trainer';
export type { LayeredStepResult } from './layers/trainer';
/** Gradient check of every parameter of every type (dropout masks held, max-pool kinks). */
export { layeredGradientCheck } from './layers/gradcheck';
/** Per-type detectors: dead conv filters, saturation, vanishing/exploding through conv stacks, dropout ≥ 0.9, batch norm over one value. */
export { detectLayerPathologies, HIGH_DROPOUT_RATE } from './layers/pathologies';
export type { LayerPathologyOptions } from './layers/pathologies';
/** Frozen parameters and learning-rate schedules. */
export { createParamOptimizer } from './optimizers';
export type { ParamOptimizer, ParamSlot } from './optimizers';
export { scheduledLearningRate } from './schedules';
export type { ScheduleSpec } from './schedules';
export { ALL_TRAINABLE } from './network';
export type { DenseTrainable } from './network';

// The general autodiff.
/** Tensors, ops with backward rules, the autodiff gradient check and the reference network. */
export * as autodiff from './autodiff/index';
