/**
 * Training a dense network: one optimiser step per mini-batch, epoch after epoch, with seeded
 * shuffling. The epochs, batches, shuffling, schedule and run loop are miniBatchTrainer.ts's (shared
 * with the layered trainer); this file trains one batch.
 *
 * A step computes the gradient of the batch's loss (plus λ·w for weight decay; the fused engine,
 * fused.ts, reading the batch's rows through the order, no copy) and applies the optimiser.
 * Nothing is allocated per step beyond a small result object.
 */
import { accuracy as accuracyOf, assertDataFits, evaluateLoss as evaluateLossOf } from './backprop';
import { allocGrads, runBatch, Workspace, CHUNK_ROWS, type GradBuffers } from './fused';
import { MiniBatchTrainer, type BatchOutcome, type ForwardObserver, type TrainerOptions } from './miniBatchTrainer';
import type { Network } from './network';
import { createOptimizer, type Optimizer, type ParameterGradients } from './optimizers';
import type { DataSet, LossKind, TrainSpec } from './spec';

export type { AsyncRunOptions, ForwardObserver, RunOptions, RunResult, StepResult, TrainerOptions } from './miniBatchTrainer';

/** Trains one network on one data set with one optimiser, a mini-batch at a time. */
export class Trainer extends MiniBatchTrainer {
  readonly optimizer: Optimizer;
  private readonly ws: Workspace;
  private readonly grads: GradBuffers;
  private readonly gradView: ParameterGradients;

  constructor(
    /** Trained in place. */
    readonly network: Network,
    readonly data: DataSet,
    readonly loss: LossKind,
    train: TrainSpec,
    options: TrainerOptions = {},
  ) {
    assertDataFits(network, data);
    super(data.inputs.rows, train, options.seed ?? network.seed);
    this.optimizer = createOptimizer(train, network);
    this.ws = new Workspace(network, Math.min(this.batchSize, CHUNK_ROWS));
    this.grads = allocGrads(network);
    this.gradView = { layers: this.grads.weights.map((w, i) => ({ weights: w, bias: this.grads.bias[i] })) };
  }

  /**
   * True when the next step's forward pass is the whole training set in file order (one batch per
   * epoch, no shuffling): the very pass, bit for bit, that evaluating the training set at the current
   * parameters makes, so a caller can take that evaluation from the step (see `step`'s `observe`).
   */
  get nextStepSeesTrainingSetInOrder(): boolean {
    return this.stepsPerEpoch === 1 && !this.train.shuffle;
  }

  protected trainBatch(start: number, count: number, observe?: ForwardObserver): BatchOutcome {
    const lastLayer = this.network.layers.length - 1;
    const res = runBatch(
      this.network, this.ws,
      { X: this.data.inputs.data, T: this.data.targets.data, rows: this.order, start, count },
      this.loss, {
        grads: this.grads, weightDecay: this.train.weightDecay,
        onChunk: observe ? (w, _first, n, _A0, T0) => observe(w.out[lastLayer], T0, n) : undefined,
      },
    );
    this.optimizer.step(this.network, this.gradView);
    return res;
  }

  /** The loss of a whole data set (default: the training data) at the current parameters. */
  evaluateLoss(data: DataSet = this.data): number {
    return evaluateLossOf(this.network, data, this.loss);
  }

  /** Accuracy on a data set (default: the training data); undefined unless targets look like classes. */
  accuracy(data: DataSet = this.data): number | undefined {
    return accuracyOf(this.network, data);
  }
}
