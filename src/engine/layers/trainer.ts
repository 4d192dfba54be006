/**
 * Training a layered network: the dense trainer's contract for model file 1.1. The epochs, batches,
 * shuffling, schedule and run loop are miniBatchTrainer.ts's (shared with the dense trainer, so
 * batch b of an epoch and the rate of every epoch are the same); this file trains one batch.
 * A step copies the batch's rows, runs them in training mode (fresh dropout masks from each layer's
 * stream, batch norm on the batch's statistics, running statistics updated), adds λ·w for weight
 * decay, and applies the optimiser to every trainable parameter.
 * Losses and accuracies of whole data sets are measured in evaluation mode.
 */
import { isClassification } from '../backprop';
import { MiniBatchTrainer, type BatchOutcome, type ForwardObserver, type StepResult, type TrainerOptions } from '../miniBatchTrainer';
import { createParamOptimizer, type ParamOptimizer } from '../optimizers';
import type { DataSet, LossKind, TrainSpec } from '../spec';
import { EVALUATION, TRAINING } from './layer';
import type { LayeredNetwork } from './network';
import { assertLayeredDataFits, layeredEvaluateLoss, LayeredWorkspace, layeredWorkspaceFor, runLayeredBatch } from './pass';

/** What one step of a layered network did: the dense trainer's step result (its loss in training mode). */
export type LayeredStepResult = StepResult;

export class LayeredTrainer extends MiniBatchTrainer {
  readonly optimizer: ParamOptimizer;
  private readonly ws: LayeredWorkspace;
  private readonly grads: Float64Array[][];
  private readonly values: Float64Array[];
  private readonly X: Float64Array;
  private readonly T: Float64Array;
  private lastCount = 0;

  constructor(
    readonly network: LayeredNetwork, readonly data: DataSet, readonly loss: LossKind, train: TrainSpec,
    options: TrainerOptions = {},
  ) {
    assertLayeredDataFits(network, data);
    super(data.inputs.rows, train, options.seed ?? network.seed);
    const refs = network.parameters;
    this.optimizer = createParamOptimizer(train, refs.map((r) => ({ size: r.param.values.length, trainable: r.param.trainable })));
    this.values = refs.map((r) => r.param.values);
    this.ws = new LayeredWorkspace(network, this.batchSize);
    this.grads = network.allocGrads();
    this.X = new Float64Array(this.batchSize * network.inputs);
    this.T = new Float64Array(this.batchSize * network.outputs);
  }

  /** `observe` sees the whole batch at once, as the training-mode pass computed it (dropout applied). */
  protected trainBatch(start: number, count: number, observe?: ForwardObserver): BatchOutcome {
    const F = this.network.inputs, K = this.network.outputs;
    for (let i = 0; i < count; i++) {
      const r = this.order[start + i];
      this.X.set(this.data.inputs.data.subarray(r * F, (r + 1) * F), i * F);
      this.T.set(this.data.targets.data.subarray(r * K, (r + 1) * K), i * K);
    }
    const res = runLayeredBatch(this.network, this.ws, this.X, this.T, count, this.loss, {
      mode: TRAINING, grads: this.grads, weightDecay: this.train.weightDecay,
    });
    this.lastCount = count;
    observe?.(this.ws.out[this.network.layers.length - 1], this.T, count);
    this.optimizer.step(this.values, this.grads.flat());
    return res;
  }

  /**
   * What the last step's pass left behind, before the optimiser moved the parameters: the batch it
   * ran on (its first `count` rows of X and T), every layer's net, out and δ = N·∂L/∂net, and the
   * gradients the optimiser received. Live buffers (the next step overwrites them): copy what you keep.
   * The step-through recorder reads it, so that its stops show the step's own numbers (no second pass).
   */
  lastBatch(): { readonly count: number; readonly inputs: Float64Array; readonly targets: Float64Array; readonly net: readonly Float64Array[]; readonly out: readonly Float64Array[]; readonly delta: readonly Float64Array[]; readonly grads: readonly (readonly Float64Array[])[] } {
    return { count: this.lastCount, inputs: this.X, targets: this.T, net: this.ws.net, out: this.ws.out, delta: this.ws.delta, grads: this.grads };
  }

  /** The loss of a data set in evaluation mode. */
  evaluateLoss(data: DataSet = this.data): number {
    return layeredEvaluateLoss(this.network, data, this.loss);
  }

  /** Accuracy in evaluation mode (arg-max for K > 1, threshold 0.5 for K = 1); undefined unless targets are classes. */
  accuracy(data: DataSet = this.data): number | undefined {
    return layeredAccuracy(this.network, data);
  }
}

/** Fraction of samples classified correctly, in evaluation mode; undefined unless the targets look like classes. */
export function layeredAccuracy(network: LayeredNetwork, data: DataSet): number | undefined {
  assertLayeredDataFits(network, data);
  if (!isClassification(data.targets)) return undefined;
  const N = data.inputs.rows, K = network.outputs;
  const ws = layeredWorkspaceFor(network, N);
  runLayeredBatch(network, ws, data.inputs.data, data.targets.data, N, 'squared', { mode: EVALUATION, check: false });
  const O = ws.out[network.layers.length - 1], T = data.targets.data;
  let correct = 0;
  for (let r = 0; r < N; r++) {
    const off = r * K;
    if (K === 1) { if ((O[off] >= 0.5 ? 1 : 0) === T[off]) correct++; continue; }
    let best = 0;
    for (let k = 1; k < K; k++) if (O[off + k] > O[off + best]) best = k;
    if (T[off + best] === 1) correct++;
  }
  return correct / N;
}
