/**
 * Step-through training of a layered network (model file 1.1): one optimiser step split into the
 * stops a lecture walks through,
 *
 *   forward (layer 1 … L: conv, pool, flatten, dropout, batch norm, activation, dense) → loss →
 *   backward (layer L … 1) → update,
 *
 * each with the numbers a student needs there: forward, the layer's output shape and the statistics
 * and first values of its output; backward, ‖∂L/∂out‖ = ‖δ‖/B passing through the layer (δ = B·∂L/∂net,
 * the pass's convention; for a layer with its own activation this is ∂L/∂net, after the slope) and,
 * for layers with parameters, ‖∂L/∂θ‖, max |∂L/∂θ| and the first entries of every parameter's
 * gradient, with a central-difference check of a few entries; the loss and the update as for dense
 * networks.
 *
 * Honesty: a step is taken by the engine's own `LayeredTrainer` (same batches, shuffling, dropout
 * masks, batch statistics, optimiser); the recorder reads what that very step's pass left in the
 * trainer's buffers (`lastBatch`: activations, δ, gradients) and copies the parameters before and
 * after, so the stops show exactly what the step did, with no pass of its own. It answers numbers
 * only (`LayeredPhaseNumbers`); the sentences are written on the host (src/teaching/layeredPhaseText.ts).
 * Pure: no `vscode`.
 */
import {
  layeredEvaluateLoss, layeredGradientCheck, LayeredTrainer, matrix, type DataSet, type LayeredNetwork, type LossKind, type TrainSpec,
} from '../../engine';
import type { Layer } from '../../engine/layers/layer';
import { MaxPool2dLayer } from '../../engine/layers/pool2d';
import type {
  LayeredParamGradient, LayeredStopCheck, LayeredStopView, RunLossPoint, ValueStats,
} from '../../shared/stepThroughView';
import type { LayeredPhaseNumbers } from '../../teaching/phaseNumbers';
import { RecordCursor } from './recordCursor';
import { phaseStops } from './stepThrough';

/** One layer's part of a recorded step of a layered network. */
export interface LayeredLayerRecord {
  readonly name: string;
  readonly index: number;
  /** out and δ/B (= ∂L/∂net of the batch loss) of the batch's first `recorded` samples, `recorded × outSize`. */
  readonly out: Float64Array;
  readonly gradOut: Float64Array;
  /** Statistics of out over the whole batch. */
  readonly batchStats: ValueStats;
  /** ‖∂L/∂net‖ over the batch, and the fraction of its entries that are 0. */
  readonly gradOutNorm: number;
  readonly gradZeroFraction: number;
  /** max-pool: fraction of the first sample's inputs some window routed its gradient to. */
  readonly routedFraction?: number;
  /** Per parameter (weights, bias): its values before and after the update and the gradient the optimiser received. */
  readonly before: readonly Float64Array[];
  readonly grads: readonly Float64Array[];
  readonly after: readonly Float64Array[];
}

export interface LayeredStepRecord {
  readonly step: number;
  readonly epoch: number;
  readonly batch: number;
  /** Sample indices of the batch, in the order the trainer used them. */
  readonly rows: Int32Array;
  readonly recorded: number;
  /** The whole batch's inputs and targets (for the check), `B × inputs` and `B × K`. */
  readonly inputs: Float64Array;
  readonly targets: Float64Array;
  /** The batch loss the trainer's pass computed, before the update. */
  readonly loss: number;
  readonly trainLossBefore: number;
  readonly trainLossAfter: number;
  readonly layers: readonly LayeredLayerRecord[];
  readonly bytes: number;
}

export interface LayeredStepRecorderOptions {
  readonly seed?: number;
  /** At most this many steps are kept (default 300), and about this much memory (default 32 MiB). */
  readonly maxRecords?: number;
  readonly maxBytes?: number;
  /** Samples of each batch whose outputs and gradients are kept (default 2). */
  readonly recordSamples?: number;
  /** An exact copy of a network of this model (for the check at the step's parameters); without it no check is made. */
  readonly copy?: (network: LayeredNetwork) => LayeredNetwork;
}

/** Entries listed of a tensor, and filters whose gradient norms are listed. */
const FIRST = 8;
const FILTERS = 16;
/** Entries of each parameter tensor the check compares. */
const CHECKED_PER_TENSOR = 2;

function norm(a: ArrayLike<number>, length = a.length): number {
  let s = 0;
  for (let i = 0; i < length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** min, max, mean and the fraction of zeros of a[0 … length). */
export function valueStats(a: ArrayLike<number>, length = a.length): ValueStats {
  let min = Infinity, max = -Infinity, sum = 0, zeros = 0;
  for (let i = 0; i < length; i++) {
    const v = a[i];
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    if (v === 0) zeros++;
  }
  return length === 0 ? { min: 0, max: 0, mean: 0, zeroFraction: 0 } : { min, max, mean: sum / length, zeroFraction: zeros / length };
}

/** The share of a max-pool's inputs (of sample 0) that the last pass's windows picked as their maximum. */
function routedFraction(layer: MaxPool2dLayer): number {
  const picked = new Set<number>();
  for (let i = 0; i < layer.outSize; i++) picked.add(layer.argmax[i]);
  return picked.size / layer.inSize;
}

/** The name of a layer's own activation, undefined when it has none (or it is linear). */
function activationOf(layer: Layer): string | undefined {
  const a = layer.activation;
  if (a === undefined || a === 'linear') return undefined;
  return typeof a === 'string' ? a : 'custom';
}

/** The settings a sentence names, per layer type. */
function settingsOf(layer: Layer): Record<string, number> {
  const l = layer as unknown as Record<string, unknown>;
  const w = l.window as { kh: number; kw: number; sh: number; ph: number } | undefined;
  switch (layer.type) {
    case 'conv2d': return { filters: layer.outShape[0], kernelH: w!.kh, kernelW: w!.kw, stride: w!.sh, padding: w!.ph };
    case 'maxpool2d': case 'avgpool2d': return { sizeH: w!.kh, sizeW: w!.kw, stride: w!.sh };
    case 'dropout': return { rate: l.rate as number };
    case 'dense': return { units: layer.outSize };
    case 'batchnorm': return { features: l.groups as number, epsilon: l.epsilon as number };
    default: return {};
  }
}

/** What a sentence calls a layer's parameter. */
function symbolOf(layer: Layer, param: 'weights' | 'bias'): string {
  if (layer.type === 'batchnorm') return param === 'weights' ? 'γ' : 'β';
  return param === 'weights' ? 'W' : 'b';
}

/**
 * Records training steps of its own copy of a layered network, stop by stop, with a cursor to step
 * through them and scrub back and forth (recordCursor.ts).
 */
export class LayeredStepRecorder extends RecordCursor<LayeredStepRecord, LayeredPhaseNumbers> {
  readonly capacity: number;
  private readonly trainer: LayeredTrainer;
  private readonly recordSamples: number;
  private readonly copyNetwork?: (network: LayeredNetwork) => LayeredNetwork;
  private readonly checks = new WeakMap<LayeredStepRecord, readonly (readonly LayeredStopCheck[])[]>();
  private trainLoss: number;

  /** `network` is trained as it is (pass a copy); `options.copy` makes the check's copies. */
  constructor(
    readonly network: LayeredNetwork, readonly data: DataSet, readonly loss: LossKind, readonly train: TrainSpec,
    options: LayeredStepRecorderOptions = {},
  ) {
    super(phaseStops(network.layers.length));
    this.trainer = new LayeredTrainer(network, data, loss, train, { seed: options.seed ?? network.seed });
    this.recordSamples = Math.max(1, Math.floor(options.recordSamples ?? 2));
    if (options.copy) this.copyNetwork = options.copy;
    this.trainLoss = layeredEvaluateLoss(network, data, loss);
    const maxRecords = Math.max(1, Math.floor(options.maxRecords ?? 300));
    const maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
    this.capacity = Math.max(1, Math.min(maxRecords, Math.floor(maxBytes / this.recordBytes(this.trainer.batchSize))));
  }

  /** Steps taken so far. */
  get steps(): number {
    return this.trainer.steps;
  }

  private recordBytes(batch: number): number {
    const net = this.network;
    const R = Math.min(batch, this.recordSamples);
    let values = batch * (net.inputs + net.outputs);
    for (const l of net.layers) values += 2 * R * l.outSize + 3 * l.params.reduce((s, p) => s + p.values.length, 0);
    return 8 * values + 4 * batch + 512;
  }

  protected record(): LayeredStepRecord {
    const t = this.trainer;
    const N = this.data.inputs.rows;
    const start = (t.steps % t.stepsPerEpoch) * t.batchSize;
    const rows = t.currentOrder().slice(start, Math.min(N, start + t.batchSize));
    const before = this.network.layers.map((l) => l.params.map((p) => p.values.slice()));
    const step = t.step();
    const pass = t.lastBatch();
    const B = pass.count, R = Math.min(B, this.recordSamples);
    const layers = this.network.layers.map((layer, l): LayeredLayerRecord => {
      const size = layer.outSize;
      const delta = pass.delta[l];
      const gradOut = delta.slice(0, R * size).map((d) => d / B);
      return {
        name: layer.name, index: l,
        out: pass.out[l].slice(0, R * size), gradOut,
        batchStats: valueStats(pass.out[l], B * size),
        gradOutNorm: norm(delta, B * size) / B,
        gradZeroFraction: valueStats(delta, B * size).zeroFraction,
        ...(layer instanceof MaxPool2dLayer ? { routedFraction: routedFraction(layer) } : {}),
        before: before[l], grads: pass.grads[l].map((g) => g.slice()), after: layer.params.map((p) => p.values.slice()),
      };
    });
    const trainLossBefore = this.trainLoss;
    this.trainLoss = layeredEvaluateLoss(this.network, this.data, this.loss);
    return {
      step: step.step, epoch: step.epoch, batch: step.batch, rows, recorded: R,
      inputs: pass.inputs.slice(0, B * this.network.inputs), targets: pass.targets.slice(0, B * this.network.outputs),
      loss: step.loss, trainLossBefore, trainLossAfter: this.trainLoss, layers, bytes: this.recordBytes(B),
    };
  }

  /** The run's loss curve over the records kept (see `PhaseView.runLoss`). */
  runLoss(): RunLossPoint[] {
    const first = this.timeline[0];
    if (!first) return [];
    return [{ step: first.step - 1, loss: first.trainLossBefore }, ...this.timeline.map((r) => ({ step: r.step, loss: r.trainLossAfter }))];
  }

  /**
   * The central-difference check of the first entries of every parameter tensor, at the parameters
   * before the step and on its batch (per layer; made once per record, when first asked).
   */
  checksOf(record: LayeredStepRecord): readonly (readonly LayeredStopCheck[])[] | undefined {
    if (!this.copyNetwork) return undefined;
    let found = this.checks.get(record);
    if (!found) {
      const probe = this.copyNetwork(this.network);
      probe.layers.forEach((layer, l) => layer.params.forEach((p, k) => p.values.set(record.layers[l].before[k])));
      const B = record.rows.length;
      const batch: DataSet = { inputs: matrix(B, this.network.inputs, record.inputs), targets: matrix(B, this.network.outputs, record.targets) };
      const result = layeredGradientCheck(probe, batch, this.loss, { maxEntriesPerTensor: CHECKED_PER_TENSOR, seed: this.network.seed });
      found = this.network.layers.map((layer, l) => result.entries.filter((e) => e.layerIndex === l).map((e): LayeredStopCheck => ({
        param: e.param, symbol: symbolOf(layer, e.param), index: e.index, analytic: e.analytic, numeric: e.numeric,
        relativeError: e.relError, status: e.kink ? 'kink' : e.status,
      })));
      this.checks.set(record, found);
    }
    return found;
  }

  protected viewAt(recordIndex: number, stopIndex: number): LayeredPhaseNumbers {
    const rec = this.timeline[recordIndex];
    const stop = this.stops[stopIndex];
    const L = this.network.layers.length;
    const layer = this.network.layers[stop.layerIndex ?? L - 1];
    const lr = rec.layers[layer.index];
    const size = layer.outSize;
    const base = {
      step: rec.step, epoch: rec.epoch, batch: rec.batch, batchSize: rec.rows.length,
      batchRows: Array.from(rec.rows.subarray(0, 16)),
      phase: stop.phase,
      ...(stop.layerIndex !== undefined ? { layerIndex: stop.layerIndex, layerName: layer.name } : {}),
      stopIndex, stopsPerStep: this.stops.length, sample: rec.rows[0],
      timeline: { ...this.timelineState(), currentStep: rec.step },
      runLoss: this.runLoss(),
      trainLossBefore: rec.trainLossBefore,
      trainLossAfter: rec.trainLossAfter,
    };
    const activation = activationOf(layer);
    const shape: Omit<LayeredStopView, 'forward' | 'backward'> = {
      layerType: layer.type, inShape: [...layer.inShape], outShape: [...layer.outShape],
      ...(activation ? { activation } : {}), settings: settingsOf(layer),
    };
    switch (stop.phase) {
      case 'forward': {
        const sampleOut = lr.out.subarray(0, size);
        const channels = layer.outShape.length === 3 ? layer.outShape[0] : 0;
        const spatial = channels > 0 ? size / channels : 0;
        const channelMeans = channels > 0
          ? Array.from({ length: Math.min(channels, FILTERS) }, (_, c) => valueStats(sampleOut.subarray(c * spatial, (c + 1) * spatial)).mean)
          : undefined;
        return {
          ...base,
          layered: {
            ...shape,
            forward: {
              sampleStats: valueStats(sampleOut), first: Array.from(sampleOut.subarray(0, FIRST)),
              ...(channelMeans ? { channelMeans } : {}), batchStats: lr.batchStats,
            },
          },
        };
      }
      case 'loss': {
        const K = this.network.outputs;
        return {
          ...base, layered: shape,
          loss: { value: rec.loss, kind: this.loss, outputs: Array.from(lr.out.subarray(0, K)), targets: Array.from(rec.targets.subarray(0, K)) },
        };
      }
      case 'backward': {
        const params = layer.params.map((p, k): LayeredParamGradient => {
          const g = lr.grads[k];
          const F = p.shape[0];
          const perFilter = layer.type === 'conv2d' && p.name === 'weights'
            ? Array.from({ length: Math.min(F, FILTERS) }, (_, f) => norm(g.subarray(f * (g.length / F), (f + 1) * (g.length / F))))
            : undefined;
          return {
            param: p.name, symbol: symbolOf(layer, p.name), shape: [...p.shape], norm: norm(g), maxAbs: maxAbs(g),
            first: Array.from(g.subarray(0, FIRST)), ...(perFilter ? { perFilter } : {}),
          };
        });
        const checks = params.length > 0 ? this.checksOf(rec)?.[layer.index] : undefined;
        return {
          ...base,
          layered: {
            ...shape,
            backward: {
              gradOutNorm: lr.gradOutNorm, afterActivation: activation !== undefined,
              first: Array.from(lr.gradOut.subarray(0, FIRST)), zeroFraction: lr.gradZeroFraction,
              ...(lr.routedFraction !== undefined ? { routedFraction: lr.routedFraction } : {}),
              params, ...(checks ? { checks } : {}),
            },
          },
        };
      }
      case 'update':
      default: {
        const layers = rec.layers.filter((l) => l.before.length > 0).map((l) => {
          const change = (k: number) => Array.from(l.after[k], (v, i) => v - l.before[k][i]);
          const dw = change(0), db = l.before.length > 1 ? change(1) : [];
          const changeNorm = norm(dw), weightNorm = norm(l.before[0]);
          return {
            name: l.name, index: l.index, maxAbsChange: maxAbs(dw), maxAbsBiasChange: maxAbs(db), changeNorm, weightNorm,
            ratio: weightNorm === 0 ? Infinity : changeNorm / weightNorm, weightChange: [], biasChange: db.slice(0, FILTERS),
          };
        });
        return { ...base, layered: shape, update: { optimizer: this.train.optimizer, learningRate: this.train.learningRate, layers } };
      }
    }
  }
}
