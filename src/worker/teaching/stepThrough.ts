/**
 * Step-through training: one optimiser step split into the phases a lecture walks through,
 *
 *   forward (layer 1 … L) → loss → backward (layer L … 1) → update,
 *
 * each with what it changed (activations, the loss, the error signals δ and gradients, the weight
 * updates), and a bounded timeline of recorded steps to scrub back and forth.
 *
 * Honesty: a step is taken by the engine's own `Trainer` (same batches, same shuffling, same
 * optimiser); the recorder only looks. Before the step it runs the engine's `backprop` on the very
 * batch the trainer is about to use (for the activations, δ and gradients of the phases), copies the
 * parameters before and after, and keeps the trainer's reported loss beside its own, so a test can
 * check that the phases show exactly what the step did. It answers numbers only (`PhaseNumbers`); the
 * sentences are written on the host (src/teaching/phaseText.ts). Pure: no `vscode`.
 */
import type { PhaseNumbers } from '../../teaching/phaseNumbers';
import { stopNumbers } from './stepDerivation';
import { isClassicShape } from '../../shared/names';
import {
  Trainer, backprop, evaluateLoss, matrix, type DataSet, type LossKind, type Network, type StepResult, type TrainSpec,
} from '../../engine';
import type { PhaseStop, PhaseView, RunLossPoint, StepPhase, TimelineState } from '../../shared/stepThroughView';
import type { LayerStepRecord, StepRecord } from './stepRecord';
import { RecordCursor } from './recordCursor';

export type { LayerStepRecord, PhaseStop, PhaseView, RunLossPoint, StepPhase, StepRecord, TimelineState };

/** The stops of one step of a network with `layers` layers: L forward, loss, L backward, update. */
export function phaseStops(layers: number): PhaseStop[] {
  const stops: PhaseStop[] = [];
  for (let l = 0; l < layers; l++) stops.push({ phase: 'forward', layerIndex: l });
  stops.push({ phase: 'loss' });
  for (let l = layers - 1; l >= 0; l--) stops.push({ phase: 'backward', layerIndex: l });
  stops.push({ phase: 'update' });
  return stops;
}

export interface StepRecorderOptions {
  /** Seed of the shuffling (default: the network's). */
  readonly seed?: number;
  /** At most this many steps are kept (default 300); older ones are dropped. */
  readonly maxRecords?: number;
  /** …and at most about this much memory (default 32 MiB). */
  readonly maxBytes?: number;
  /** Samples of each batch whose activations and δ are kept (default 4). */
  readonly recordSamples?: number;
  /** Gradient and update matrices with more entries are summarised by norms only in views (default 64). */
  readonly maxViewEntries?: number;
}

function copy(a: Float64Array): Float64Array {
  return a.slice();
}

function norm(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

function row(a: Float64Array, r: number, cols: number): number[] {
  return Array.from(a.subarray(r * cols, (r + 1) * cols));
}

function nested(a: ArrayLike<number>, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => a[r * cols + c]));
}

/**
 * Records training steps of its own copy of a network, phase by phase, with a cursor to step
 * through them and scrub back and forth (recordCursor.ts).
 */
export class StepRecorder extends RecordCursor<StepRecord, PhaseNumbers> {
  readonly network: Network;
  /** Most records kept at once (from `maxRecords` and `maxBytes`). */
  readonly capacity: number;
  private readonly trainer: Trainer;
  private readonly recordSamples: number;
  private readonly maxViewEntries: number;
  /** Training-set loss of the network as it stands (after the newest step). */
  private trainLoss: number;

  constructor(
    network: Network,
    readonly data: DataSet,
    readonly loss: LossKind,
    readonly train: TrainSpec,
    options: StepRecorderOptions = {},
  ) {
    super(phaseStops(network.layers.length));
    this.network = network.clone();
    this.trainer = new Trainer(this.network, data, loss, train, { seed: options.seed ?? network.seed });
    this.recordSamples = Math.max(1, Math.floor(options.recordSamples ?? 4));
    this.maxViewEntries = options.maxViewEntries ?? 64;
    const maxRecords = Math.max(1, Math.floor(options.maxRecords ?? 300));
    const maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
    this.trainLoss = evaluateLoss(this.network, data, loss);
    this.capacity = Math.max(1, Math.min(maxRecords, Math.floor(maxBytes / this.recordBytes(Math.min(this.recordSamples, this.trainer.batchSize), this.trainer.batchSize))));
  }

  /** Steps taken so far. */
  get steps(): number {
    return this.trainer.steps;
  }

  private recordBytes(recorded: number, batch: number): number {
    const net = this.network;
    let values = recorded * (net.inputs + net.outputs);
    for (const l of net.layers) values += 3 * recorded * l.units + 6 * (l.weights.length + l.units);
    return 8 * values + 4 * batch + 256;
  }

  /** Takes one training step with the engine's trainer and makes its record (`takeStep` keeps it). */
  protected record(): StepRecord {
    const t = this.trainer;
    const N = this.data.inputs.rows;
    const batchIndex = t.steps % t.stepsPerEpoch;
    const start = batchIndex * t.batchSize;
    const rows = t.currentOrder().slice(start, Math.min(N, start + t.batchSize));
    const B = rows.length, I = this.data.inputs.cols, K = this.data.targets.cols;
    const X = new Float64Array(B * I), T = new Float64Array(B * K);
    rows.forEach((r, i) => {
      X.set(this.data.inputs.data.subarray(r * I, (r + 1) * I), i * I);
      T.set(this.data.targets.data.subarray(r * K, (r + 1) * K), i * K);
    });
    const R = Math.min(B, this.recordSamples);
    const batch: DataSet = { inputs: matrix(B, I, X), targets: matrix(B, K, T) };
    const before = this.network.layers.map((l) => ({ w: copy(l.weights), b: copy(l.bias) }));
    const result = backprop(this.network, batch, this.loss, { recordSamples: R, weightDecay: this.train.weightDecay });
    const step: StepResult = t.step();
    const trainLossBefore = this.trainLoss;
    this.trainLoss = evaluateLoss(this.network, this.data, this.loss);
    const layers = this.network.layers.map((l, i): LayerStepRecord => {
      const trace = result.traces![i];
      const g = result.gradients.layers[i];
      return {
        name: l.name, index: i, units: l.units, fanIn: l.fanIn, activation: l.activationName,
        net: copy(trace.net.data), out: copy(trace.out.data), delta: copy(trace.delta.data),
        weightsBefore: before[i].w, biasBefore: before[i].b,
        gradWeights: copy(g.weights), gradBias: copy(g.bias),
        weightsAfter: copy(l.weights), biasAfter: copy(l.bias),
      };
    });
    const record: StepRecord = {
      step: step.step, epoch: step.epoch, batch: step.batch, rows, recorded: R,
      inputs: X.slice(0, R * I), targets: T.slice(0, R * K),
      loss: result.loss, trainerLoss: step.loss, trainLossBefore, trainLossAfter: this.trainLoss, endOfEpoch: step.endOfEpoch, layers,
      bytes: this.recordBytes(R, B),
    };
    return record;
  }

  /**
   * The parameters the stop on screen shows: the step's before its update stop, after it at the
   * update (a copy; the recorder's own network is the newest step's). Undefined before the first step.
   */
  parametersAtCursor(): { network: Network; step: number } | undefined {
    const c = this.cursor;
    if (!c) return undefined;
    const record = this.timeline[c.record];
    const updated = this.stops[c.stop].phase === 'update';
    const network = this.network.clone();
    network.layers.forEach((l, i) => {
      const r = record.layers[i];
      l.weights.set(updated ? r.weightsAfter : r.weightsBefore);
      l.bias.set(updated ? r.biasAfter : r.biasBefore);
    });
    return { network, step: updated ? record.step : record.step - 1 };
  }

  /** The run's loss curve over the records kept (see `PhaseView.runLoss`). */
  runLoss(): RunLossPoint[] {
    const first = this.timeline[0];
    if (!first) return [];
    return [{ step: first.step - 1, loss: first.trainLossBefore }, ...this.timeline.map((r) => ({ step: r.step, loss: r.trainLossAfter }))];
  }

  protected viewAt(recordIndex: number, stopIndex: number): PhaseNumbers {
    const rec = this.timeline[recordIndex];
    const stop = this.stops[stopIndex];
    const layer = stop.layerIndex !== undefined ? rec.layers[stop.layerIndex] : undefined;
    const sample = rec.rows[0];
    const I = this.network.inputs, K = this.network.outputs;
    const base = {
      derivation: stopNumbers(rec, stop, { network: this.network, loss: this.loss, train: this.train }),
      ...(isClassicShape(this.network) ? { classicShape: true as const } : {}),
      step: rec.step, epoch: rec.epoch, batch: rec.batch, batchSize: rec.rows.length,
      batchRows: Array.from(rec.rows.subarray(0, 16)),
      phase: stop.phase,
      ...(stop.layerIndex !== undefined ? { layerIndex: stop.layerIndex, layerName: layer!.name } : {}),
      stopIndex, stopsPerStep: this.stops.length, sample,
      timeline: { ...this.timelineState(), currentStep: rec.step },
      runLoss: this.runLoss(),
      trainLossBefore: rec.trainLossBefore,
      trainLossAfter: rec.trainLossAfter,
    };
    switch (stop.phase) {
      case 'forward': {
        const l = layer!;
        const input = stop.layerIndex === 0 ? row(rec.inputs, 0, I) : row(rec.layers[stop.layerIndex! - 1].out, 0, rec.layers[stop.layerIndex! - 1].units);
        const out = row(l.out, 0, l.units);
        const meanOut = Array.from({ length: l.units }, (_, u) => {
          let s = 0;
          for (let r = 0; r < rec.recorded; r++) s += l.out[r * l.units + u];
          return s / rec.recorded;
        });
        return { ...base, forward: { input, net: row(l.net, 0, l.units), out, meanOut } };
      }
      case 'loss': {
        const last = rec.layers[rec.layers.length - 1];
        return { ...base, loss: { value: rec.loss, kind: this.loss, outputs: row(last.out, 0, K), targets: row(rec.targets, 0, K) } };
      }
      case 'backward': {
        const l = layer!;
        return {
          ...base,
          backward: {
            delta: row(l.delta, 0, l.units), gradWeightsNorm: norm(l.gradWeights), gradBiasNorm: norm(l.gradBias),
            gradWeights: l.gradWeights.length <= this.maxViewEntries ? nested(l.gradWeights, l.units, l.fanIn) : [],
            gradBias: Array.from(l.gradBias),
          },
        };
      }
      case 'update':
      default: {
        const layers = rec.layers.map((l) => {
          const dw = new Float64Array(l.weightsAfter.length);
          let maxAbs = 0, maxAbsBias = 0;
          for (let i = 0; i < dw.length; i++) { dw[i] = l.weightsAfter[i] - l.weightsBefore[i]; maxAbs = Math.max(maxAbs, Math.abs(dw[i])); }
          const db = Array.from(l.biasAfter, (b, u) => b - l.biasBefore[u]);
          for (const d of db) maxAbsBias = Math.max(maxAbsBias, Math.abs(d));
          const changeNorm = norm(dw), weightNorm = norm(l.weightsBefore);
          return {
            name: l.name, index: l.index, maxAbsChange: maxAbs, maxAbsBiasChange: maxAbsBias, changeNorm, weightNorm,
            ratio: weightNorm === 0 ? Infinity : changeNorm / weightNorm,
            weightChange: dw.length <= this.maxViewEntries ? nested(dw, l.units, l.fanIn) : [],
            biasChange: db,
          };
        });
        return { ...base, update: { optimizer: this.train.optimizer, learningRate: this.train.learningRate, layers } };
      }
    }
  }
}
