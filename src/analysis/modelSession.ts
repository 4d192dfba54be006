/**
 * One model file's life in GradLens: parsed once, its network at the initial parameters, and a
 * training run that can step, run epochs, pause and reset. Used by the worker thread (one session per
 * open document) and by the command-line tool. No `vscode` import.
 */
import * as l10n from '@vscode/l10n';
import {
  LayeredNetwork, LayeredTrainer, Network, Trainer, countCorrect, evaluate, evaluateLoss, isClassification, describeNonFinite, layeredEvaluateLoss,
  type ForwardObserver, type Matrix,
} from '../engine';
import { parseModelText } from '../model';
import { toNetworkSpec, type DataFileReader, type ModelDiagnostic, type ModelFile } from '../model/types';
import { analyzeNetwork } from './analyze';
import { analyzeLayered } from './analyzeLayered';
import { cloneLayered, evaluateLayered, PROBE_TRAINING } from './layeredNetworks';
import type { AnalysisSettings } from './settings';
import type { AnalysisOutcome, TrainingPoint } from './types';
import { RecentParameters, type ParameterSnapshot } from './recentParameters';

/** A data set's loss and accuracy (when the targets are classes) at some parameters. */
interface SetEvaluation {
  readonly loss: number;
  readonly accuracy?: number;
}

/** A history point's numbers from its training-set and test-set evaluations. */
function pointNumbers(onTrain: SetEvaluation, onTest: SetEvaluation | undefined): Omit<TrainingPoint, 'step' | 'epoch'> {
  return {
    loss: onTrain.loss,
    ...(onTest ? { testLoss: onTest.loss } : {}),
    ...(onTrain.accuracy !== undefined ? { accuracy: onTrain.accuracy } : {}),
    ...(onTest?.accuracy !== undefined ? { testAccuracy: onTest.accuracy } : {}),
  };
}

/** Keeps the training history bounded: past this many points, every other old point is dropped. */
const MAX_HISTORY = 2000;

function tooLarge(model: ModelFile, settings: AnalysisSettings): ModelDiagnostic[] {
  const problems: ModelDiagnostic[] = [];
  const parameters = parameterCount(model);
  const samples = model.data.train.inputs.rows + (model.data.test?.inputs.rows ?? 0);
  const at = model.source.layers ?? model.source.root;
  if (model.layers.length > settings.maxLayers) {
    problems.push({ code: 'model-too-large', severity: 'error', range: at, message: l10n.t('The model has {0} layers; GradLens analyses at most {1} (setting gradlens.limits.maxLayers).', model.layers.length, settings.maxLayers) });
  }
  if (parameters > settings.maxParameters) {
    problems.push({ code: 'model-too-large', severity: 'error', range: at, message: l10n.t('The model has {0} weights and biases; GradLens analyses at most {1} (setting gradlens.limits.maxParameters).', parameters.toLocaleString('en'), settings.maxParameters.toLocaleString('en')) });
  }
  if (samples > settings.maxSamples) {
    problems.push({ code: 'model-too-large', severity: 'error', range: model.source.data ?? model.source.root, message: l10n.t('The data has {0} samples; GradLens analyses at most {1} (setting gradlens.limits.maxSamples).', samples.toLocaleString('en'), settings.maxSamples.toLocaleString('en')) });
  }
  return problems;
}

/** Weights and biases (γ and β for batch norm) of the model's network. */
export function parameterCount(model: ModelFile): number {
  return model.layered ? model.layered.parameters : model.layers.reduce((n, l) => n + l.units * (l.fanIn + 1), 0);
}

/** A dense network (version 1 files) or a layered one (model file 1.1: images and layer types other than dense). */
export type SessionNetwork = Network | LayeredNetwork;

/** What a session needs of a trainer: the dense and the layered trainer both fit. */
interface SessionTrainer {
  readonly steps: number;
  readonly stepsPerEpoch: number;
  readonly epochsDone: number;
  step(): { readonly nonFinite?: Parameters<typeof describeNonFinite>[0]; readonly endOfEpoch: boolean; readonly epoch: number; readonly loss: number };
}

/** The diagnostic marker of a CSV file refused by {@link limitedDataFiles}: the setting's id, kept as it is in every language. */
const SAMPLES_SETTING = 'gradlens.limits.maxSamples';

/**
 * Data records of a CSV text (header included), counted as src/model/csv.ts reads them: line breaks
 * inside double quotes do not end a record, blank lines are not records. Cheap: no strings are made.
 */
function csvRecords(text: string): number {
  let records = 0;
  let inQuotes = false;
  let blank = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) { inQuotes = !inQuotes; blank = false; continue; }
    if (!inQuotes && (c === 10 || c === 13)) {
      if (!blank) records++;
      blank = true;
    } else if (blank && c !== 32 && c !== 9 && c !== 0xfeff) {
      blank = false;
    }
  }
  return blank ? records : records + 1;
}

/**
 * Refuses a CSV file with more data rows than `maxSamples` before it is parsed: a file of millions of
 * rows would otherwise be read into memory (hundreds of MB) only to be refused by the size check.
 */
function limitedDataFiles(dataFiles: DataFileReader | undefined, settings: AnalysisSettings): DataFileReader | undefined {
  if (!dataFiles) return undefined;
  return {
    ...(dataFiles.readBytes ? { readBytes: (relativePath: string) => dataFiles.readBytes!(relativePath) } : {}),
    readText(relativePath: string) {
      const read = dataFiles.readText(relativePath);
      if (!('text' in read)) return read;
      const rows = csvRecords(read.text) - 1;
      if (rows <= settings.maxSamples) return read;
      return { error: l10n.t('it has {0} data rows; GradLens analyses at most {1} samples (setting {2})', rows.toLocaleString('en'), settings.maxSamples.toLocaleString('en'), SAMPLES_SETTING) };
    },
  };
}

/**
 * Which training-history points a run evaluates. Each point costs one forward pass over the training
 * (and test) set, as much as a third of an epoch of training, so they are rationed:
 * - `'budget'` (default, the panel): a point is due at every epoch end, and inside a long epoch once
 *   `historyEveryMs` of training passed since the last point; a due point is evaluated only while the
 *   time spent evaluating stays within `historyShare` of the time spent training (5 %: half the 10 % a
 *   run may spend on its curve, the rest is for the clock, the last point and measurement noise);
 * - `'epochs'`: every epoch end (the command-line tool prints one line per epoch);
 * - `'none'`: no points.
 * Whatever the policy (but `'none'`), the last step a run takes is always recorded. When every step is
 * one batch of the whole training set in file order (dense networks), a point takes its training-set
 * loss and accuracy from the next step's forward pass, which is the same pass bit for bit; only its
 * test set is evaluated on its own.
 */
export type HistoryPolicy = 'budget' | 'epochs' | 'none';

/** Default share of the training time that evaluating history points may add. */
export const HISTORY_SHARE = 0.05;
/** Default longest stretch of training without a due history point, inside a long epoch. */
export const HISTORY_EVERY_MS = 500;

export interface TrainOptions {
  /** Optimiser steps to take; default: `epochs` epochs. */
  readonly steps?: number;
  /** Epochs to run; default: the file's `train.epochs`. */
  readonly epochs?: number;
  /** Overrides the file's learning rate for this session from now on. */
  readonly learningRate?: number;
  /** Called every `progressEveryMs` with the history points recorded since (maybe none), and at the end. */
  readonly onProgress?: (points: TrainingPoint[], step: number, totalSteps: number) => void;
  readonly progressEveryMs?: number;
  /** Checked between steps; when true the run stops. */
  readonly shouldStop?: () => boolean;
  /** Awaited every `yieldEveryMs` so messages (pause, cancel) can arrive. */
  readonly yieldToEventLoop?: () => Promise<void>;
  readonly yieldEveryMs?: number;
  /** Which history points to evaluate (default `'budget'`). */
  readonly history?: HistoryPolicy;
  /** `'budget'`: the share of training time evaluation may add (default 0.05). */
  readonly historyShare?: number;
  /** `'budget'`: a point is due inside an epoch after this much training (default 500 ms). */
  readonly historyEveryMs?: number;
  /** The clock in ms (default `performance.now`); tests inject one to stay independent of speed. */
  readonly now?: () => number;
}

export interface TrainResult {
  readonly stepsTaken: number;
  readonly stopped: 'done' | 'paused' | 'non-finite';
  readonly message?: string;
}

export class ModelSession {
  private network: SessionNetwork;
  private trainer: SessionTrainer | undefined;
  private history: TrainingPoint[] = [];
  /** The parameters after each of the last 12 training steps (recorded only when they can be shown). */
  private readonly recent = new RecentParameters();
  private learningRate: number;
  private initialLoss: number | undefined;

  private constructor(
    readonly model: ModelFile,
    readonly diagnostics: readonly ModelDiagnostic[],
    private readonly initial: SessionNetwork,
    private readonly settings: AnalysisSettings,
  ) {
    this.network = this.copy(initial);
    this.learningRate = model.train.learningRate;
  }

  /**
   * Parses a model file's text. Returns a session when the file is valid (and within the size
   * limits), and the diagnostics either way. Never throws.
   */
  static open(text: string, fileName: string, settings: AnalysisSettings, dataFiles?: DataFileReader): { session?: ModelSession; diagnostics: readonly ModelDiagnostic[] } {
    const parsed = parseModelText(text, { fileName, dataFiles: limitedDataFiles(dataFiles, settings) });
    if (!parsed.model) {
      // A CSV file refused for its size is a size-limit problem like the others.
      return { diagnostics: parsed.diagnostics.map((d) => (d.code === 'csv-error' && d.message.includes(SAMPLES_SETTING) ? { ...d, code: 'model-too-large' } : d)) };
    }
    const limits = tooLarge(parsed.model, settings);
    if (limits.length > 0) return { diagnostics: [...parsed.diagnostics, ...limits] };
    let network: SessionNetwork;
    try {
      network = parsed.model.layered ? LayeredNetwork.fromSpec(parsed.model.layered.spec) : Network.fromSpec(toNetworkSpec(parsed.model));
    } catch (error) {
      // The reader checks every shape first; this is a last line of defence, never a stack trace.
      const problem: ModelDiagnostic = {
        code: 'invalid-value', severity: 'error', range: parsed.model.source.layers ?? parsed.model.source.root,
        message: l10n.t('the network cannot be built: {0}', (error as Error).message),
      };
      return { diagnostics: [...parsed.diagnostics, problem] };
    }
    return { session: new ModelSession(parsed.model, parsed.diagnostics, network, settings), diagnostics: parsed.diagnostics };
  }

  /** Optimiser steps taken since the initial parameters. */
  get step(): number {
    return this.stepOffset + (this.trainer?.steps ?? 0);
  }

  /** The network at its current parameters (live: do not modify): a `LayeredNetwork` when `model.layered`. */
  get anyNetwork(): SessionNetwork {
    return this.network;
  }

  /**
   * The dense network at its current parameters (live: do not modify).
   * @throws Error for a layered model (`model.layered`): callers check first, or use {@link anyNetwork}.
   */
  get currentNetwork(): Network {
    return this.dense(this.network);
  }

  /** A copy of the dense network at its initial parameters (the file's). @throws Error for a layered model, as {@link currentNetwork}. */
  initialNetwork(): Network {
    return this.dense(this.initial).clone();
  }

  /** A copy of the network at its initial parameters (the file's), dense or layered. */
  initialAnyNetwork(): SessionNetwork {
    return this.copy(this.initial);
  }

  private dense(network: SessionNetwork): Network {
    if (network instanceof LayeredNetwork) throw new Error('this view works on networks of dense layers only; this model has image inputs or other layer types');
    return network;
  }

  /** An exact copy of a network of this session (a layered copy's dropout streams start afresh). */
  copy(network: SessionNetwork): SessionNetwork {
    return network instanceof LayeredNetwork ? cloneLayered(network, this.model.layered!.spec) : network.clone();
  }

  /** The analysis at the current parameters. */
  analyse(): AnalysisOutcome {
    const state = { step: this.step, initialLoss: this.initialLoss, history: this.history, learningRate: this.learningRate };
    const analysis = this.network instanceof LayeredNetwork
      ? analyzeLayered(this.model, this.model.layered!.spec, this.network, this.settings, state, this.initial as LayeredNetwork)
      : analyzeNetwork(this.model, this.network, this.settings, state);
    return { analysis, diagnostics: this.diagnostics };
  }

  /** Back to the initial parameters; the history starts over. */
  reset(): void {
    this.network = this.copy(this.initial);
    this.trainer = undefined;
    this.stepOffset = 0;
    this.history = [];
    this.recent.clear();
    this.initialLoss = undefined;
    this.learningRate = this.model.train.learningRate;
  }

  /**
   * The parameters after each of the last (up to 12) training steps, oldest first, flat in
   * `parameterTensors` order, dense or layered (fewer steps past 500,000 parameters, none past 6M:
   * src/analysis/recentParameters.ts). Asking means someone looks: from then on every step is kept.
   */
  recentParameters(): readonly ParameterSnapshot[] {
    this.recent.watch();
    return this.recent.list(this.step);
  }

  /** Number of optimiser steps `epochs` epochs take from the current position. */
  stepsForEpochs(epochs: number): number {
    const trainer = this.ensureTrainer();
    const done = trainer.steps % trainer.stepsPerEpoch;
    return epochs <= 0 ? 0 : (trainer.stepsPerEpoch - done) + (epochs - 1) * trainer.stepsPerEpoch;
  }

  /**
   * Trains `steps` steps (or `epochs` epochs) from the current position, recording history points as
   * `options.history` says (see {@link HistoryPolicy}); the last step taken is always recorded.
   */
  async train(options: TrainOptions = {}): Promise<TrainResult> {
    if (options.learningRate !== undefined && options.learningRate !== this.learningRate) {
      this.learningRate = options.learningRate;
      this.stepOffset = this.step;
      this.trainer = undefined; // a new optimiser with the new rate, from the current parameters
    }
    const trainer = this.ensureTrainer();
    const total = options.steps ?? this.stepsForEpochs(options.epochs ?? this.model.train.epochs);
    const now = options.now ?? (() => performance.now());
    const policy = options.history ?? 'budget';
    const share = options.historyShare ?? HISTORY_SHARE;
    const everyMs = options.historyEveryMs ?? HISTORY_EVERY_MS;
    const progressEvery = options.progressEveryMs ?? 33;
    const yieldEvery = options.yieldEveryMs ?? 15;
    let pending: TrainingPoint[] = [];
    const started = now();
    let lastProgress = started, lastYield = started, lastPoint = started;
    // Time spent evaluating points in this run, and the last evaluation's (the estimate of the next).
    let evalMs = 0, lastEvalMs = 0;
    let recordedLast = true;
    const timed = <T>(evaluation: () => T): T => {
      const t0 = now();
      const value = evaluation();
      const t1 = now();
      lastEvalMs = t1 - t0;
      evalMs += lastEvalMs;
      lastPoint = t1;
      recordedLast = true;
      return value;
    };
    const recordNow = (epoch: number): void => { pending.push(timed(() => this.record(epoch))); };
    // A due point whose test set is evaluated, and whose training-set numbers the next step's forward
    // pass will give (see `deferrable`).
    let deferred: { epoch: number; step: number; onTest?: SetEvaluation } | undefined;
    let taken = 0;
    for (; taken < total; taken++) {
      if (options.shouldStop?.()) break;
      // Copy the parameters after this step only if the contour's recent steps can still show them.
      const keepParameters = this.recent.wants(this.network, total - taken - 1);
      const watch = deferred ? this.watchTrainingSet() : undefined;
      const result = watch && trainer instanceof Trainer ? trainer.step(watch.observer) : trainer.step();
      if (deferred && watch) {
        const earlier = { ...deferred, onTrain: watch.evaluation(result.loss) };
        pending.push(this.record(deferred.epoch, earlier));
        deferred = undefined;
      }
      recordedLast = false;
      if (!result.nonFinite && keepParameters) this.recent.record(this.network, this.step);
      if (result.nonFinite) {
        if (policy !== 'none') recordNow(result.epoch + (result.endOfEpoch ? 1 : 0));
        options.onProgress?.(pending, taken + 1, total);
        return {
          stepsTaken: taken + 1,
          stopped: 'non-finite',
          message: l10n.t('Training stopped at step {0}: a value became NaN or infinite. {1}', this.step, describeNonFinite(result.nonFinite)),
        };
      }
      let t = now();
      if (policy !== 'none') {
        const lastStep = taken === total - 1;
        let record = lastStep;
        if (!record && policy === 'epochs') record = result.endOfEpoch;
        if (!record && policy === 'budget' && (result.endOfEpoch || t - lastPoint >= everyMs)) {
          // Within budget when this evaluation (estimated as the last one) keeps the total in its share.
          record = evalMs + lastEvalMs <= share * (t - started - evalMs);
        }
        if (record && !lastStep && this.deferrable(trainer)) {
          const at = { epoch: trainer.epochsDone, step: this.step };
          deferred = timed(() => ({ ...at, onTest: this.measureTestSet() }));
          t = lastPoint;
        } else if (record) {
          recordNow(trainer.epochsDone);
          t = lastPoint;
        }
      }
      // Progress goes out on time even without new points: it is also the sign of life the worker's
      // watchdog waits for.
      if (options.onProgress && t - lastProgress >= progressEvery) {
        options.onProgress(pending, taken + 1, total);
        pending = [];
        lastProgress = t;
      }
      if (options.yieldToEventLoop && t - lastYield >= yieldEvery) {
        await options.yieldToEventLoop();
        lastYield = now();
      }
    }
    // A paused run ends with a point too: the chart shows where it stopped. A deferred point is at
    // these parameters (no step came after it), so it is evaluated now.
    if (deferred) recordNow(deferred.epoch);
    else if (!recordedLast && policy !== 'none') recordNow(trainer.epochsDone);
    if (pending.length > 0) options.onProgress?.(pending, taken, total);
    return { stepsTaken: taken, stopped: taken < total ? 'paused' : 'done' };
  }

  /**
   * Loss and accuracy (when the targets are classes) on the training and test sets at the current
   * parameters, one forward pass per set: what a history point holds, without recording one.
   */
  evaluate(): Omit<TrainingPoint, 'step' | 'epoch'> {
    return pointNumbers(this.measure(this.model.data.train), this.measureTestSet());
  }

  /** Loss and accuracy (when the targets are classes) of one data set at the current parameters: one forward pass. */
  private measure(data: ModelFile['data']['train']): SetEvaluation {
    const network = this.network, c = this.classification(data.targets);
    return network instanceof LayeredNetwork ? evaluateLayered(network, data, this.model.loss, c) : evaluate(network, data, this.model.loss, c);
  }

  private measureTestSet(): SetEvaluation | undefined {
    return this.model.data.test ? this.measure(this.model.data.test) : undefined;
  }

  /**
   * Whether a history point due now can take its training-set loss and accuracy from the next step's
   * forward pass instead of a pass of its own: only when that step's batch is the whole training set
   * in file order (dense networks; a layered network's training-mode pass differs from evaluation).
   * The numbers are then the same bit for bit; only the test set needs its own pass.
   */
  private deferrable(trainer: SessionTrainer): boolean {
    return trainer instanceof Trainer && trainer.nextStepSeesTrainingSetInOrder;
  }

  /**
   * Counts right answers in a step's forward pass (when the targets are classes) and turns the step's
   * loss into the training-set evaluation of the parameters before that step.
   */
  private watchTrainingSet(): { observer: ForwardObserver; evaluation(loss: number): SetEvaluation } {
    const targets = this.model.data.train.targets;
    const classification = this.classification(targets);
    const K = targets.cols;
    let correct = 0;
    return {
      observer: (outputs, T, rows) => { if (classification) correct += countCorrect(outputs, T, rows, K); },
      evaluation: (loss) => (classification ? { loss, accuracy: correct / targets.rows } : { loss }),
    };
  }

  private readonly classes = new Map<Matrix, boolean>();
  /** Whether a set's targets are classes (scanned once per session); the test set's only if the training set's are. */
  private classification(targets: Matrix): boolean {
    let known = this.classes.get(targets);
    if (known === undefined) {
      known = isClassification(targets) && (targets === this.model.data.train.targets || this.classification(this.model.data.train.targets));
      this.classes.set(targets, known);
    }
    return known;
  }

  private ensureTrainer(): SessionTrainer {
    if (!this.trainer) {
      const { data, loss, seed } = { data: this.model.data.train, loss: this.model.loss, seed: this.model.seed };
      const train = { ...this.model.train, learningRate: this.learningRate };
      const network = this.network;
      if (network instanceof LayeredNetwork) {
        // The loss the analysis reports: training mode, on a copy (its masks leave the training's alone).
        if (this.initialLoss === undefined) this.initialLoss = layeredEvaluateLoss(this.copy(network) as LayeredNetwork, data, loss, PROBE_TRAINING);
        this.trainer = new LayeredTrainer(network, data, loss, train, { seed });
      } else {
        if (this.initialLoss === undefined) this.initialLoss = evaluateLoss(network, data, loss);
        this.trainer = new Trainer(network, data, loss, train, { seed });
      }
    }
    return this.trainer;
  }

  /** Steps taken by earlier trainers of this session (a learning-rate change starts a new one). */
  private stepOffset = 0;

  /**
   * Records a history point at the current parameters, or at an earlier step's when `earlier` holds
   * that step's numbers (its training set's from the next step's forward pass, see `deferrable`).
   */
  private record(epoch: number, earlier?: { step: number; onTrain: SetEvaluation; onTest?: SetEvaluation }): TrainingPoint {
    const point: TrainingPoint = earlier
      ? { step: earlier.step, epoch, ...pointNumbers(earlier.onTrain, earlier.onTest) }
      : { step: this.step, epoch, ...this.evaluate() };
    this.history.push(point);
    if (this.history.length > MAX_HISTORY) {
      this.history = this.history.filter((_, i) => i % 2 === 0 || i >= this.history.length - MAX_HISTORY / 2);
    }
    return point;
  }
}
