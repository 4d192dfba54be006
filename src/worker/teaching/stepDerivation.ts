/**
 * The numbers a step-through stop writes out at depth 3 (Repair) and depth 4 (Derive), taken from the
 * record of the step (what the engine computed): for unit 1 of the batch's first sample, the weighted
 * sum and the activation going forward, the loss, δ by the chain rule and ∂L/∂w = δ · a going back,
 * and w ← w − η · ∂L/∂w at the update; Repair's rows of every weight's gradient and update. The
 * activation's slope and the sample's loss come from the engine. The sentences are written on the
 * host (src/teaching/phaseText.ts). Pure: no `vscode`.
 */
import { activationSlope, isCombined, sampleLoss, type LossKind, type Network, type TrainSpec } from '../../engine';
import type { MatrixHead, StopNumbers } from '../../teaching/phaseNumbers';
import type { PhaseStop } from '../../shared/stepThroughView';
import type { StepRecord } from './stepRecord';

export interface DerivationContext {
  readonly network: Network;
  readonly loss: LossKind;
  readonly train: TrainSpec;
}

/** At most this many units' rows and this many entries per row are sent (the text lists that many). */
export const ROWS = 3;
export const COLUMNS = 4;

function row(values: ArrayLike<number>, from: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => values[from + i]);
}

function head(values: ArrayLike<number>, units: number, fanIn: number): MatrixHead {
  return { rows: Array.from({ length: Math.min(ROWS, units) }, (_, u) => row(values, u * fanIn, Math.min(COLUMNS, fanIn))), units, fanIn };
}

/** The numbers of one stop of a recorded step, for the batch's first sample (the one the step-through's other numbers show too). */
export function stopNumbers(record: StepRecord, stop: PhaseStop, context: DerivationContext): StopNumbers {
  const { network, loss, train } = context;
  const layers = record.layers;
  const L = layers.length;
  const batch = record.rows.length;
  const input = (l: number): number[] => (l === 0 ? row(record.inputs, 0, network.inputs) : row(layers[l - 1].out, 0, layers[l - 1].units));
  const sampleNumber = record.rows[0] + 1;

  if (stop.phase === 'forward') {
    const l = stop.layerIndex!;
    const rec = layers[l];
    return {
      phase: 'forward', layerIndex: l, activation: rec.activation,
      weights: row(rec.weightsBefore, 0, Math.min(COLUMNS, rec.fanIn)), inputs: input(l).slice(0, COLUMNS), fanIn: rec.fanIn,
      bias: rec.biasBefore[0], net: rec.net[0], out: rec.out[0],
    };
  }

  if (stop.phase === 'loss') {
    const last = layers[L - 1];
    const K = last.units;
    const o = row(last.out, 0, K), z = row(last.net, 0, K), t = row(record.targets, 0, K);
    return {
      phase: 'loss', kind: loss, outputs: o, targets: t, sampleLoss: sampleLoss(loss, network.layers[L - 1].code, z, o, t),
      batchLoss: record.loss, batch, sampleNumber,
    };
  }

  if (stop.phase === 'backward') {
    const l = stop.layerIndex!;
    const rec = layers[l];
    const layer = network.layers[l];
    const slope = activationSlope(layer.code, layer.custom, rec.net[0], rec.out[0]);
    let next: Extract<StopNumbers, { phase: 'backward' }>['next'];
    if (l < L - 1) {
      const n = layers[l + 1];
      const column = Array.from({ length: n.units }, (_, k) => n.weightsBefore[k * n.fanIn]);
      const downstream = row(n.delta, 0, n.units);
      const sum = column.reduce((s, w, k) => s + w * downstream[k], 0);
      next = { name: n.name, units: n.units, column: column.slice(0, COLUMNS), downstream: downstream.slice(0, COLUMNS), sum };
    }
    return {
      phase: 'backward', layerIndex: l, layerName: rec.name, activation: rec.activation, isOutput: l === L - 1, kind: loss,
      combined: isCombined(loss, layer.code), delta: rec.delta[0], ...(slope !== undefined ? { slope } : {}),
      out: rec.out[0], target: record.targets[0], ...(next ? { next } : {}),
      input: input(l)[0], grad: rec.gradWeights[0], weight: rec.weightsBefore[0], weightDecay: train.weightDecay ?? 0,
      batch, sampleNumber, gradWeights: head(rec.gradWeights, rec.units, rec.fanIn),
      gradBias: Array.from(rec.gradBias.subarray(0, COLUMNS)), units: rec.units,
    };
  }

  const out = layers[L - 1];
  return {
    phase: 'update', optimizer: train.optimizer, learningRate: train.learningRate, firstStep: record.step === 1,
    changes: layers.map((rec) => ({ name: rec.name, weightChange: head(Float64Array.from(rec.weightsAfter, (w, i) => w - rec.weightsBefore[i]), rec.units, rec.fanIn) })),
    output: { name: out.name, before: out.weightsBefore[0], after: out.weightsAfter[0], grad: out.gradWeights[0] },
  };
}
