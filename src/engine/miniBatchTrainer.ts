/**
 * The run loop every trainer shares (the dense `Trainer`, trainer.ts, and the layered
 * `LayeredTrainer`, layers/trainer.ts): one optimiser step per mini-batch, epoch after epoch, with
 * seeded shuffling. A trainer supplies only what one batch does (forward, backward, optimiser).
 *
 * Order of samples: at the start of every epoch the order is reset to 0 … N−1 and, when `shuffle`
 * is on, shuffled (Fisher–Yates, see rng.ts) with the trainer's own stream
 * `createRng(seed, 'shuffle')`, which continues from epoch to epoch. Batch b of an epoch is
 * order[b·B … min(N, (b+1)·B)); the last batch may be smaller; `batchSize` undefined means B = N.
 * At the end of each epoch a learning-rate schedule, if any, sets the rate of the next epoch
 * (schedules.ts; e epochs done → lr_e). Nothing is allocated per step beyond a small result object.
 */
import type { NonFiniteReport } from './fused';
import { createRng, type Rng } from './rng';
import { scheduledLearningRate } from './schedules';
import type { TrainSpec } from './spec';

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
  /** The batch loss before the update (no weight-decay term; a layered network's in training mode). */
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

/** Options of `run`: a per-step callback and ways to stop. */
export interface RunOptions {
  /** Called after every step; return `false` to stop. */
  readonly onStep?: (result: StepResult) => boolean | void;
  /** Stops before the next step once `aborted` is true (an AbortSignal works). */
  readonly signal?: { readonly aborted: boolean };
  /** Stop when a step meets a non-finite value (default true). */
  readonly stopOnNonFinite?: boolean;
}

/** Options of `runAsync`. */
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

/** Options of a trainer's constructor. */
export interface TrainerOptions {
  /** Seed of the shuffling stream (default: the network's seed). */
  readonly seed?: number;
}

/** What one batch of a concrete trainer reports: its loss and where a non-finite value appeared. */
export interface BatchOutcome {
  readonly loss: number;
  readonly nonFinite?: NonFiniteReport;
}

/** Epochs, batches, shuffling, the schedule and the run loop; subclasses train one batch. */
export abstract class MiniBatchTrainer {
  /** Samples per batch (the whole set when `batchSize` is undefined). */
  readonly batchSize: number;
  /** Batches in one epoch: ceil(N / batchSize). */
  readonly stepsPerEpoch: number;
  /** The sample order of the current epoch: batch b is order[b·B … min(N, (b+1)·B)). */
  protected readonly order: Int32Array;
  private readonly rng: Rng;
  private stepCount = 0;
  private epochIndex = 0;
  private batchIndex = 0;
  /** The optimiser whose rate the schedule sets (a subclass creates it). */
  abstract readonly optimizer: { learningRate: number };

  /** `samples`: N, the training rows; `seed`: of the shuffling stream. Throws on a bad `batchSize`. */
  protected constructor(samples: number, readonly train: TrainSpec, seed: number) {
    const requested = train.batchSize ?? samples;
    if (!Number.isInteger(requested) || requested < 1) throw new Error(`batchSize must be a positive integer, got ${requested}`);
    this.batchSize = Math.min(requested, samples);
    this.stepsPerEpoch = Math.ceil(samples / this.batchSize);
    this.rng = createRng(seed, 'shuffle');
    this.order = new Int32Array(samples);
    this.startEpoch();
  }

  /**
   * Trains on rows order[start … start + count): gradient of the batch loss (plus λ·w for weight
   * decay), then one optimiser step; `observe`, when given, sees the forward pass before the update.
   */
  protected abstract trainBatch(start: number, count: number, observe?: ForwardObserver): BatchOutcome;

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
   * One optimiser step on the next mini-batch. `observe`, when given, sees the step's forward pass
   * (before the update), chunk by chunk.
   */
  step(observe?: ForwardObserver): StepResult {
    const N = this.order.length;
    const start = this.batchIndex * this.batchSize;
    const count = Math.min(this.batchSize, N - start);
    const res = this.trainBatch(start, count, observe);
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
      const stop = this.stepUnless(options, i, last);
      if (stop.result) return stop.result;
      last = stop.last;
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
      const stop = this.stepUnless(options, i, last);
      if (stop.result) return stop.result;
      last = stop.last;
    }
    return { steps, reason: 'done', last };
  }

  /**
   * Step i + 1 of a run, unless the signal says stop first; `result` is set when the run ends here
   * (cancelled before or after the step, or a non-finite value).
   */
  private stepUnless(options: RunOptions, i: number, previous?: StepResult): { last?: StepResult; result?: RunResult } {
    if (options.signal?.aborted) return { result: { steps: i, reason: 'cancelled', last: previous } };
    const last = this.step();
    if (last.nonFinite && options.stopOnNonFinite !== false) return { last, result: { steps: i + 1, reason: 'non-finite', last } };
    if (options.onStep?.(last) === false) return { last, result: { steps: i + 1, reason: 'cancelled', last } };
    return { last };
  }

  /** Trains for `epochs` whole epochs (default: the train spec's `epochs`) from the current position. */
  runEpochs(epochs: number = this.train.epochs, options: RunOptions = {}): RunResult {
    const remainingInEpoch = this.stepsPerEpoch - this.batchIndex;
    const steps = epochs <= 0 ? 0 : remainingInEpoch + (epochs - 1) * this.stepsPerEpoch;
    return this.run(steps, options);
  }
}
