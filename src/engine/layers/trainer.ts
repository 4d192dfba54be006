/**
 * Training a layered network: the dense trainer's contract (trainer.ts) for model file 1.1.
 * At the start of every epoch the order is reset to 0 … N−1 and, with `shuffle`, shuffled by the
 * stream `createRng(seed, 'shuffle')`; batch b is order[b·B … min(N, (b+1)·B)). A step runs the
 * batch in training mode (fresh dropout masks from each layer's stream, batch norm on the batch's
 * statistics, running statistics updated), adds λ·w for weight decay, and applies the optimiser to
 * every trainable parameter. At the end of each epoch the schedule sets the next epoch's rate.
 * Losses and accuracies of whole data sets are measured in evaluation mode.
 */
import { isClassification } from '../backprop';
import type { NonFiniteReport } from '../fused';
import { createParamOptimizer, type ParamOptimizer } from '../optimizers';
import { createRng, type Rng } from '../rng';
import { scheduledLearningRate } from '../schedules';
import type { DataSet, LossKind, TrainSpec } from '../spec';
import { EVALUATION, TRAINING } from './layer';
import type { LayeredNetwork } from './network';
import { assertLayeredDataFits, layeredEvaluateLoss, LayeredWorkspace, layeredWorkspaceFor, runLayeredBatch } from './pass';

export interface LayeredStepResult {
  readonly step: number;
  readonly epoch: number;
  readonly batch: number;
  readonly batchSize: number;
  /** The batch loss before the update (training mode, no weight-decay term). */
  readonly loss: number;
  readonly endOfEpoch: boolean;
  readonly nonFinite?: NonFiniteReport;
}

export class LayeredTrainer {
  readonly optimizer: ParamOptimizer;
  readonly batchSize: number;
  readonly stepsPerEpoch: number;
  private readonly order: Int32Array;
  private readonly rng: Rng;
  private readonly ws: LayeredWorkspace;
  private readonly grads: Float64Array[][];
  private readonly values: Float64Array[];
  private readonly X: Float64Array;
  private readonly T: Float64Array;
  private stepCount = 0;
  private epochIndex = 0;
  private batchIndex = 0;

  constructor(
    readonly network: LayeredNetwork, readonly data: DataSet, readonly loss: LossKind, readonly train: TrainSpec,
    options: { readonly seed?: number } = {},
  ) {
    assertLayeredDataFits(network, data);
    const N = data.inputs.rows;
    const requested = train.batchSize ?? N;
    if (!Number.isInteger(requested) || requested < 1) throw new Error(`batchSize must be a positive integer, got ${requested}`);
    this.batchSize = Math.min(requested, N);
    this.stepsPerEpoch = Math.ceil(N / this.batchSize);
    const refs = network.parameters;
    this.optimizer = createParamOptimizer(train, refs.map((r) => ({ size: r.param.values.length, trainable: r.param.trainable })));
    this.values = refs.map((r) => r.param.values);
    this.rng = createRng(options.seed ?? network.seed, 'shuffle');
    this.order = new Int32Array(N);
    this.ws = new LayeredWorkspace(network, this.batchSize);
    this.grads = network.allocGrads();
    this.X = new Float64Array(this.batchSize * network.inputs);
    this.T = new Float64Array(this.batchSize * network.outputs);
    this.startEpoch();
  }

  get steps(): number { return this.stepCount; }
  get epochsDone(): number { return this.epochIndex; }

  private startEpoch(): void {
    for (let i = 0; i < this.order.length; i++) this.order[i] = i;
    if (this.train.shuffle) this.rng.shuffle(this.order);
  }

  /** One optimiser step on the next mini-batch. */
  step(): LayeredStepResult {
    const N = this.order.length, F = this.network.inputs, K = this.network.outputs;
    const start = this.batchIndex * this.batchSize;
    const count = Math.min(this.batchSize, N - start);
    for (let i = 0; i < count; i++) {
      const r = this.order[start + i];
      this.X.set(this.data.inputs.data.subarray(r * F, (r + 1) * F), i * F);
      this.T.set(this.data.targets.data.subarray(r * K, (r + 1) * K), i * K);
    }
    const res = runLayeredBatch(this.network, this.ws, this.X, this.T, count, this.loss, {
      mode: TRAINING, grads: this.grads, weightDecay: this.train.weightDecay,
    });
    this.optimizer.step(this.values, this.grads.flat());
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
    const result: LayeredStepResult = { step: this.stepCount, epoch, batch, batchSize: count, loss: res.loss, endOfEpoch };
    return res.nonFinite ? { ...result, nonFinite: res.nonFinite } : result;
  }

  /** Up to `steps` steps; stops at the first non-finite value or when `onStep` returns false. */
  run(steps: number, onStep?: (r: LayeredStepResult) => boolean | void): { steps: number; reason: 'done' | 'cancelled' | 'non-finite' } {
    for (let i = 0; i < steps; i++) {
      const r = this.step();
      if (r.nonFinite) return { steps: i + 1, reason: 'non-finite' };
      if (onStep?.(r) === false) return { steps: i + 1, reason: 'cancelled' };
    }
    return { steps, reason: 'done' };
  }

  /** Whole epochs from the current position (default: the train spec's `epochs`). */
  runEpochs(epochs: number = this.train.epochs): { steps: number; reason: 'done' | 'cancelled' | 'non-finite' } {
    const steps = epochs <= 0 ? 0 : this.stepsPerEpoch - this.batchIndex + (epochs - 1) * this.stepsPerEpoch;
    return this.run(steps);
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
