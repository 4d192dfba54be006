/**
 * The parts of an `Analysis` that the dense analysis (analyze.ts) and the layered one
 * (analyzeLayered.ts) build the same way: what the run was on and its losses, the gradient check's
 * entries as plain data, and the training state with the panel's sample rows.
 */
import type { GradCheckEntry } from '../engine/gradcheck';
import type { ModelFile } from '../model/types';
import { toRows } from './layerStats';
import type { Analysis, GradCheckEntryAnalysis, TrainingPoint } from './types';

/** Where the parameters are in a session's training. */
export interface TrainingState {
  /** Optimiser steps taken so far (0: initial parameters). */
  readonly step: number;
  readonly initialLoss?: number;
  readonly history: readonly TrainingPoint[];
  readonly learningRate?: number;
}

/** A loss (and accuracy, for classification) on a set of samples. */
export interface Evaluated {
  readonly loss: number;
  readonly accuracy?: number;
}

/** Model, sample counts, losses and accuracies: the opening fields of an analysis, in their order. */
export function runSummary(model: ModelFile, loss: number, training: TrainingState, accuracy: number | undefined, onTest: Evaluated | undefined) {
  return {
    modelName: model.name,
    fileName: model.fileName,
    samples: model.data.train.inputs.rows,
    testSamples: model.data.test?.inputs.rows ?? 0,
    lossKind: model.loss,
    loss,
    initialLoss: training.initialLoss ?? loss,
    ...(accuracy !== undefined ? { accuracy } : {}),
    ...(onTest ? { testLoss: onTest.loss } : {}),
    ...(onTest?.accuracy !== undefined ? { testAccuracy: onTest.accuracy } : {}),
  } satisfies Partial<Analysis>;
}

/** The gradient check's entries as the plain data the panel and the report receive. */
export function gradCheckEntries(entries: readonly GradCheckEntry[]): GradCheckEntryAnalysis[] {
  return entries.map((e) => ({
    layer: e.layer, layerIndex: e.layerIndex, param: e.param, index: [...e.index],
    analytic: e.analytic, numeric: e.numeric, relError: e.relError, kink: e.kink,
  }));
}

/** Source ranges, training state and the first `recorded` samples' rows: the closing fields of an analysis. */
export function trainingAndSamples(model: ModelFile, training: TrainingState, recorded: number) {
  const train = model.data.train;
  return {
    source: { loss: model.source.loss, data: model.source.data, train: model.source.train },
    step: training.step,
    history: [...training.history],
    sampleInputs: toRows(train.inputs.data, recorded, train.inputs.cols),
    sampleTargets: toRows(train.targets.data, recorded, train.targets.cols),
    ...(model.data.classLabels ? { classLabels: model.data.classLabels } : {}),
  } satisfies Partial<Analysis>;
}
