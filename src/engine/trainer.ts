/**
 * Training: one optimiser step per mini-batch, epoch after epoch, with seeded shuffling.
 *
 * Order of samples: at the start of every epoch the order is reset to 0 … N−1 and, when `shuffle`
 * is on, shuffled (Fisher–Yates, see rng.ts) with the trainer's own stream
 * `createRng(seed, 'shuffle')`, which continues from epoch to epoch. Batch b of an epoch is
 * order[b·B … min(N, (b+1)·B)); the last batch may be smaller; `batchSize` undefined means B = N.
 * A step computes the gradient of that batch's loss (plus λ·w for weight decay) and applies the
 * optimiser. Nothing is allocated per step beyond a small result object.
 * At the end of each epoch a learning-rate schedule, if any, sets the rate of the next epoch
 * (schedules.ts; e epochs done → lr_e).
 */
import { accuracy as accuracyOf, assertDataFits, evaluateLoss as evaluateLossOf } from './backprop';
import { allocGrads, runBatch, Workspace, CHUNK_ROWS, type GradBuffers, type NonFiniteReport } from './fused';
import type { Network } from './network';
import { createOptimizer, type Optimizer, type ParameterGradients } from './optimizers';
import { createRng, type Rng } from './rng';
import { scheduledLearningRate } from './schedules';
import type { DataSet, LossKind, TrainSpec } from './spec';

/** What one optimiser step did. */
export interface StepResult {
  /** Steps taken so far, including this one (1 for the first). */
  readonly step: number;
  /** 0-based epoch this step belongs to. */
  readonly epoch: number;
  /** 0-based batch number within the epoch. */
  readonly batch: number;
  /** Samples in this batch. */
  readonly batchSize: number;
  /** The batch loss before the update (no weight-decay term). */
  readonly loss: number;
  /** True when this step finished its epoch. */
  readonly endOfEpoch: boolean;
  /** Where the first NaN/Infinity of this step appeared, if one did (the update was still applied). */
  readonly nonFinite?: NonFiniteReport;
}

/**
 * Sees a step's forward pass before the update, a chunk of the batch at a time: the last layer's
 * outputs (rows × outputs) and the targets of the same rows, in the batch's order.
 */
export type ForwardObserver = (outputs: Float64Array, targets: Float64Array, rows: number) => void;

/** Options of `Trainer.run`: a per-step callback and ways to stop. */
export interface RunOptions {
  /** Called after every step; return `false` to stop. */
  readonly onStep?: (result: StepResult) => boolean | void;
  /** Stops before the next step once `aborted` is true (an AbortSignal works). */
  readonly signal?: { readonly aborted: boolean };
  /** Stop when a step meets a non-finite value (default true). */
  readonly stopOnNonFinite?: boolean;
}

/** Options of `Trainer.runAsync`. */
export interface AsyncRunOptions extends RunOptions {
  /** Yield to the event loop after this many milliseconds of work (default 15). */
  readonly yieldEveryMs?: number;
}

/** How a run ended. */
export interface RunResult {
  /** Steps taken by this run. */
  readonly steps: number;
  /** Why it stopped. */
  readonly reason: 'done' | 'cancelled' | 'non-finite';
  /** The last step's result, if any step was taken. */
  readonly last?: StepResult;
}

/** Options of the `Trainer` constructor. */
export interface TrainerOptions {
  /** Seed of the shuffling stream (default: the network's seed). */
  readonly seed?: number;
}

/** Trains one network on one data set with one optimiser, a mini-batch at a time. */
export class Trainer {
  readonly optimizer: Optimizer;
  /** Samples per batch (the whole set when `batchSize` is undefined). */
  readonly batchSize: number;
  /** Batches in one epoch: ceil(N / batchSize). */
  readonly stepsPerEpoch: number;
  private readonly order: Int32Array;
  private readonly rng: Rng;
  private readonly ws: Workspace;
  private readonly grads: GradBuffers;
  private readonly gradView: ParameterGradients;
  private stepCount = 0;
  private epochIndex = 0;
  private batchIndex = 0;

  constructor(
    /** Trained in place. */
    readonly network: Network,
    readonly data: DataSet,
    readonly loss: LossKind,
    readonly train: TrainSpec,
    options: TrainerOptions = {},
  ) {
    assertDataFits(network, data);
    const N = data.inputs.rows;
    const requested = train.batchSize ?? N;
    if (!Number.isInteger(requested) || requested < 1) throw new Error(`batchSize must be a positive integer, got ${requested}`);
    this.batchSize = Math.min(requested, N);
    this.stepsPerEpoch = Math.ceil(N / this.batchSize);
    this.optimizer = createOptimizer(train, network);
    this.rng = createRng(options.seed ?? network.seed, 'shuffle');
    this.order = new Int32Array(N);
    this.ws = new Workspace(network, Math.min(this.batchSize, CHUNK_ROWS));
    this.grads = allocGrads(network);
    this.gradView = { layers: this.grads.weights.map((w, i) => ({ weights: w, bias: this.grads.bias[i] })) };
    this.startEpoch();
  }

  /** Optimiser steps taken so far. */
  get steps(): number {
    return this.stepCount;
  }

  /** Epochs completed so far. */
  get epochsDone(): number {
    return this.epochIndex;
  }

  /** The sample order of the current epoch (a copy). */
  currentOrder(): Int32Array {
    return this.order.slice();
  }

  private startEpoch(): void {
    const order = this.order;
    for (let i = 0; i < order.length; i++) order[i] = i;
    if (this.train.shuffle) this.rng.shuffle(order);
  }

  /**
   * True when the next step's forward pass is the whole training set in file order (one batch per
   * epoch, no shuffling): the very pass, bit for bit, that evaluating the training set at the current
   * parameters makes, so a caller can take that evaluation from the step (see `step`'s `observe`).
   */
  get nextStepSeesTrainingSetInOrder(): boolean {
    return this.stepsPerEpoch === 1 && !this.train.shuffle;
  }

  /**
   * One optimiser step on the next mini-batch. `observe`, when given, sees the step's forward pass
   * (before the update), chunk by chunk.
   */
  step(observe?: ForwardObserver): StepResult {
    const N = this.order.length;
    const start = this.batchIndex * this.batchSize;
    const count = Math.min(this.batchSize, N - start);
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
    this.stepCount++;
    const epoch = this.epochIndex, batch = this.batchIndex;
    const endOfEpoch = batch + 1 === this.stepsPerEpoch;
    if (endOfEpoch) {
      this.epochIndex++;
      this.batchIndex = 0;
      if (this.train.schedule) {
        this.optimizer.learningRate = scheduledLearningRate(this.train.schedule, this.train.learningRate, this.epochIndex, this.train.epochs);
      }
      this.startEpoch();
    } else {
      this.batchIndex++;
    }
    const result: StepResult = { step: this.stepCount, epoch, batch, batchSize: count, loss: res.loss, endOfEpoch };
    return res.nonFinite ? { ...result, nonFinite: res.nonFinite } : result;
  }

  /** Runs up to `steps` steps synchronously; stops early when asked to or on a non-finite value. */
  run(steps: number, options: RunOptions = {}): RunResult {
    let last: StepResult | undefined;
    for (let i = 0; i < steps; i++) {
      if (options.signal?.aborted) return { steps: i, reason: 'cancelled', last };
      last = this.step();
      if (last.nonFinite && options.stopOnNonFinite !== false) return { steps: i + 1, reason: 'non-finite', last };
      if (options.onStep?.(last) === false) return { steps: i + 1, reason: 'cancelled', last };
    }
    return { steps, reason: 'done', last };
  }

  /** Like `run`, but yields to the event loop regularly so a signal from outside can cancel it. */
  async runAsync(steps: number, options: AsyncRunOptions = {}): Promise<RunResult> {
    const slice = options.yieldEveryMs ?? 15;
    let last: StepResult | undefined;
    let since = Date.now();
    for (let i = 0; i < steps; i++) {
      if (Date.now() - since >= slice) {
        await new Promise<void>((resolve) => setTimeout(resolve, 0));
        since = Date.now();
      }
      if (options.signal?.aborted) return { steps: i, reason: 'cancelled', last };
      last = this.step();
      if (last.nonFinite && options.stopOnNonFinite !== false) return { steps: i + 1, reason: 'non-finite', last };
      if (options.onStep?.(last) === false) return { steps: i + 1, reason: 'cancelled', last };
    }
    return { steps, reason: 'done', last };
  }

  /** Trains for `epochs` whole epochs (default: the train spec's `epochs`) from the current position. */
  runEpochs(epochs: number = this.train.epochs, options: RunOptions = {}): RunResult {
    const remainingInEpoch = this.stepsPerEpoch - this.batchIndex;
    const steps = epochs <= 0 ? 0 : remainingInEpoch + (epochs - 1) * this.stepsPerEpoch;
    return this.run(steps, options);
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
