/**
 * The teaching requests, answered in the worker with the sessions of the store (no `vscode`):
 *
 * - step-through: one recorder per document (records and cursor), training its own copy of the
 *   model from the initial parameters; answers the stop on screen as numbers (`PhaseNumbers`) with the
 *   source ranges it concerns;
 * - the loss comparison and both training curves, at the parameters of the document's last analysis
 *   (dense or layered: ./teaching/lossComparison.ts, ./teaching/layeredLossComparison.ts);
 * - Explain Gradient, on the last analysis and the network it was made of;
 * - the conv step card's per-sample conv gradients, at the document's last analysis;
 * - the handout's derivations, comparison and curve; for a layered model one conv (or batch-norm)
 *   derivation, its pictures coming from the analysis; for a model (dense or layered) of two inputs its decision boundary;
 * - the panel's decision boundary, dense or layered.
 *
 * Long work (training curves) yields to the event loop every few milliseconds, says it is alive at
 * most once a second, and stops early when the host cancels it.
 */
import * as l10n from '@vscode/l10n';
import { Network } from '../engine/network';
import type { ModelFile, SourceRange } from '../model/types';
import { analysisHoldsAllSamples, explainGradient } from './teaching/chainRule';
import { handoutTargets } from '../teaching/handout';
import { compareLosses, comparisonOutputKind, lossCurve, trainingCurves } from './teaching/lossComparison';
import type { AnyPhaseNumbers } from '../teaching/phaseNumbers';
import { StepRecorder } from './teaching/stepThrough';
import { LayeredStepRecorder } from './teaching/layeredStepThrough';
import { decisionBoundary, type BoundaryNetwork } from './teaching/decisionBoundary';
import { layeredLossSlice, lossSlice } from './teaching/lossSlice';
import { layeredLossContour, lossContour } from './teaching/lossContour';
import { convSampleGradients } from './teaching/convSampleGradients';
import type { ConvSampleGradients } from '../shared/layeredViews';
import type { BoundaryGrid, BoundaryOptions, ContourAxes, LossContour, LossSlice, SliceTarget } from '../shared/teachingViews';
import { parseRunVariant, type RunComparison } from '../shared/runComparison';
import { compareRuns, VariantRefused } from './teaching/runComparison';
import type { SessionStore } from './sessionStore';
import type { ModelSession } from '../analysis/modelSession';
import type { Analysis } from '../analysis/types';
import { explainLayeredGradient, type ExplainTarget } from './teaching/layeredExplanation';
import { compareLayeredLosses, layeredComparisonOutputKind, layeredLossCurve, layeredTrainingCurves } from './teaching/layeredLossComparison';
import { layeredHandoutTarget } from '../teaching/handoutLayered';
import { LayeredNetwork } from '../engine/layers/network';
import type {
  ExplanationAnswer, HandoutAnswer, LayeredExplanationAnswer, LossComparisonAnswer, StepThroughAnswer, StepThroughMove, TeachingProblem, WorkerDocument,
} from './workerProtocol';

/** The source ranges a stop concerns: its layer, the `loss` line, or every layer's weights. */
export function phaseRanges(model: ModelFile, view: AnyPhaseNumbers): SourceRange[] {
  if (view.layerIndex !== undefined) return [model.layers[view.layerIndex].source.range];
  if (view.phase === 'loss') return [model.source.loss ?? model.source.root];
  return model.layers.map((l) => l.source.weightsRange ?? l.source.range);
}

const INVALID: TeachingProblem = { problem: 'the model file has problems to fix first; see the Problems panel.' };

/** Why squared error and cross-entropy cannot be compared on this model (its output is no probability). */
function noCrossEntropy(analysis: Analysis): TeachingProblem {
  const last = analysis.layers[analysis.layers.length - 1];
  return { problem: `cross-entropy compares probabilities, so the output layer must be sigmoid or softmax; "${last.name}" is ${last.activation}.` };
}

/** The handout's decision boundary: for a model (dense or layered) of exactly two inputs, over both, at the analysed parameters. */
function handoutBoundary(network: BoundaryNetwork, model: ModelFile, step: number): BoundaryGrid | undefined {
  if (network.inputs !== 2 || (network instanceof LayeredNetwork && network.inputShape.length !== 1)) return undefined;
  return decisionBoundary(network, {
    train: model.data.train,
    ...(model.data.test ? { test: model.data.test } : {}),
    ...(model.data.featureNames ? { featureNames: model.data.featureNames } : {}),
  }, { xFeature: 0, yFeature: 1, hold: { kind: 'mean' } }, { step, source: 'session' });
}

/** What long work needs: a cancel flag, and a way to yield that also tells the host it is alive. */
export interface LongWork {
  readonly signal: { readonly aborted: boolean };
  yieldToEventLoop(): Promise<void>;
}

interface StepRun {
  readonly text: string;
  readonly settings: string;
  readonly model: ModelFile;
  readonly recorder: StepRecorder | LayeredStepRecorder;
}

export class TeachingRequests {
  private readonly runs = new Map<string, StepRun>();

  constructor(private readonly store: SessionStore) {}

  stepThrough(document: WorkerDocument, move: StepThroughMove): StepThroughAnswer | TeachingProblem {
    const uri = document.uri;
    const settings = JSON.stringify(document.settings);
    let run = this.runs.get(uri);
    if (run && (run.text !== document.text || run.settings !== settings || move.kind === 'end')) {
      this.runs.delete(uri);
      run = undefined;
    }
    if (move.kind === 'end') return { ranges: [], started: false, running: false };
    let started = false;
    if (!run) {
      if (move.kind !== 'next') return { ranges: [], started: false, running: false };
      const session = this.store.get(document).session;
      if (!session) return INVALID;
      const model = session.model;
      try {
        const initial = session.initialAnyNetwork();
        const recorder = initial instanceof LayeredNetwork
          ? new LayeredStepRecorder(initial, model.data.train, model.loss, model.train, { seed: model.seed, copy: (n) => session.copy(n) as LayeredNetwork })
          : new StepRecorder(initial, model.data.train, model.loss, model.train, { seed: model.seed });
        run = { text: document.text, settings, model, recorder };
      } catch (error) {
        return { problem: `cannot step through this model: ${(error as Error).message}` };
      }
      this.runs.set(uri, run);
      started = true;
    }
    const r = run.recorder;
    const view = move.kind === 'next' ? r.nextPhase()
      : move.kind === 'previous' ? r.previousPhase()
        : move.kind === 'stepBack' ? r.stepBack()
          : move.kind === 'stepForward' ? r.stepForward()
            : move.kind === 'seek' ? r.seek(move.step, move.stop)
              : r.view();
    return { ...(view ? { view } : {}), ranges: view ? phaseRanges(run.model, view) : [], started, running: true, timeline: r.timelineState() };
  }

  async compareLosses(document: WorkerDocument, work: LongWork): Promise<LossComparisonAnswer | TeachingProblem> {
    const session = this.store.get(document).session;
    const analysed = this.store.analysed(document);
    if (!session || !analysed) return INVALID;
    if (analysed.network instanceof LayeredNetwork) return this.compareLayeredLosses(session, analysed.network, analysed.analysis, work);
    const current = analysed.network;
    if (!comparisonOutputKind(current)) return noCrossEntropy(analysed.analysis);
    const model = session.model;
    const comparison = compareLosses(current, model.data.train);
    const curves = await trainingCurves(session.initialNetwork(), model.data.train, model.train, { ...work, seed: model.seed });
    return { comparison, curves, modelName: analysed.analysis.modelName, step: analysed.analysis.step };
  }

  /**
   * Compare Runs: the file's model and the variant (validated here again) trained from the file's seed
   * for the same bounded steps, from the initial parameters (the session's training does not matter).
   */
  async compareRuns(document: WorkerDocument, variant: unknown, work: LongWork): Promise<RunComparison | TeachingProblem> {
    const session = this.store.get(document).session;
    if (!session) return INVALID;
    const checked = parseRunVariant(variant);
    if (!checked) return { problem: l10n.t('the comparison asked for is not one GradLens knows (a setting and a value it accepts).') };
    try {
      return await compareRuns(session.model, checked, work);
    } catch (error) {
      if (error instanceof VariantRefused) return { problem: error.message };
      throw error;
    }
  }

  /** The comparison on a layered model: the layered engine's passes and trainer, from the same seed. */
  private async compareLayeredLosses(session: ModelSession, network: LayeredNetwork, analysis: Analysis, work: LongWork): Promise<LossComparisonAnswer | TeachingProblem> {
    if (!layeredComparisonOutputKind(network)) return noCrossEntropy(analysis);
    const model = session.model;
    const copy = (n: LayeredNetwork) => session.copy(n) as LayeredNetwork;
    const comparison = compareLayeredLosses(network, model.data.train, copy);
    const curves = await layeredTrainingCurves(session.initialAnyNetwork() as LayeredNetwork, model.data.train, model.train, copy, { ...work, seed: model.seed });
    return { comparison, curves, modelName: analysis.modelName, step: analysis.step };
  }

  explainGradient(document: WorkerDocument, target: ExplainTarget): ExplanationAnswer | LayeredExplanationAnswer | TeachingProblem {
    const session = this.store.get(document).session;
    const analysed = this.store.analysed(document);
    if (!session || !analysed) return INVALID;
    const model = session.model;
    if (model.layered && analysed.network instanceof LayeredNetwork) {
      try {
        return { layered: explainLayeredGradient({ analysis: analysed.analysis, network: analysed.network, spec: model.layered.spec, data: model.data.train, loss: model.loss }, target) };
      } catch (error) {
        return { problem: `${(error as Error).message}.` };
      }
    }
    const network = analysed.network;
    if (network instanceof LayeredNetwork) return INVALID;
    if (target.param === 'window') return { problem: 'A dense model has no max-pool windows.' };
    try {
      const explanation = explainGradient(analysed.analysis, target, {
        network,
        ...(analysisHoldsAllSamples(analysed.analysis) ? {} : { data: model.data.train }),
        ...(model.data.featureNames ? { featureNames: model.data.featureNames } : {}),
      });
      return { explanation, train: model.train };
    } catch (error) {
      return { problem: `This parameter is not in the model as it is now (${(error as Error).message}).` };
    }
  }

  async handout(document: WorkerDocument, work: LongWork): Promise<HandoutAnswer | TeachingProblem> {
    const session = this.store.get(document).session;
    const analysed = this.store.analysed(document);
    if (!session || !analysed) return INVALID;
    const { analysis } = analysed;
    if (analysed.network instanceof LayeredNetwork) return this.layeredHandout(session, analysed.network, analysis, work);
    const network = analysed.network;
    const model = session.model;
    const data = model.data.train;
    const explanations = handoutTargets(analysis).map((t) => explainGradient(analysis, t, {
      network, ...(analysisHoldsAllSamples(analysis) ? {} : { data }), ...(model.data.featureNames ? { featureNames: model.data.featureNames } : {}),
    }));
    const initial: Network = session.initialNetwork();
    const options = { ...work, seed: model.seed, maxSteps: 500 };
    let extraCurve;
    if (analysis.history.length < 2) {
      const curve = await lossCurve(initial, data, model.loss, model.train, options);
      extraCurve = { points: curve.points, note: `A training run of ${curve.steps} steps from the initial weights, made for this handout${curve.note ? ` (${curve.note})` : ''}.` };
    }
    const comparison = comparisonOutputKind(network)
      ? { comparison: compareLosses(network, data), curves: await trainingCurves(initial, data, model.train, options) }
      : undefined;
    const boundary = handoutBoundary(network, model, analysis.step);
    return { explanations, train: model.train, ...(comparison ? { comparison } : {}), ...(extraCurve ? { extraCurve } : {}), ...(boundary ? { boundary } : {}), cancelled: work.signal.aborted };
  }

  /**
   * The handout of a layered model: the derivation of one weight of its first conv layer (none
   * without one), its loss curve when the session has not trained, the loss comparison when the
   * output layer allows it (else the sentence why), and for two inputs the decision boundary (the
   * layered forward pass in evaluation mode). The pictures of the maps are the analysis' own.
   */
  private async layeredHandout(session: ModelSession, network: LayeredNetwork, analysis: Analysis, work: LongWork): Promise<HandoutAnswer> {
    const model = session.model;
    const data = model.data.train;
    const target = layeredHandoutTarget(analysis);
    const layeredExplanation = target && model.layered
      ? explainLayeredGradient({ analysis, network, spec: model.layered.spec, data, loss: model.loss }, target)
      : undefined;
    const copy = (n: LayeredNetwork) => session.copy(n) as LayeredNetwork;
    const initial = session.initialAnyNetwork() as LayeredNetwork;
    const options = { ...work, seed: model.seed, maxSteps: 500 };
    let extraCurve;
    if (analysis.history.length < 2) {
      const curve = await layeredLossCurve(initial, data, model.loss, model.train, copy, options);
      extraCurve = { points: curve.points, note: `A training run of ${curve.steps} steps from the initial weights, made for this handout${curve.note ? ` (${curve.note})` : ''}.` };
    }
    const comparable = layeredComparisonOutputKind(network) !== undefined;
    const comparison = comparable && !work.signal.aborted
      ? { comparison: compareLayeredLosses(network, data, copy), curves: await layeredTrainingCurves(initial, data, model.train, copy, options) }
      : undefined;
    const boundary = handoutBoundary(copy(network), model, analysis.step); // the forward pass writes the layers' scratch state
    return {
      explanations: [], train: model.train,
      ...(layeredExplanation ? { layeredExplanation } : {}),
      ...(comparison ? { comparison } : {}),
      ...(comparable ? {} : { comparisonProblem: noCrossEntropy(analysis).problem }),
      ...(extraCurve ? { extraCurve } : {}),
      ...(boundary ? { boundary } : {}),
      cancelled: work.signal.aborted,
    };
  }

  /**
   * The decision boundary at the parameters on screen: the step-through's stop while one runs on
   * this text, else the session's current parameters (live while it trains, in its own lane).
   */
  boundary(document: WorkerDocument, options: BoundaryOptions): BoundaryGrid | TeachingProblem {
    const session = this.store.get(document).session;
    if (!session) return INVALID;
    const model = session.model;
    const run = this.runs.get(document.uri);
    const atStop = run && run.text === document.text && run.recorder instanceof StepRecorder ? run.recorder.parametersAtCursor() : undefined;
    const shown = atStop?.network ?? session.anyNetwork;
    // The layered forward pass writes the layers' scratch state (dropout, batch norm): draw on a copy.
    const network = shown instanceof LayeredNetwork ? session.copy(shown) as LayeredNetwork : shown;
    try {
      return decisionBoundary(network, {
        train: model.data.train,
        ...(model.data.test ? { test: model.data.test } : {}),
        ...(model.data.featureNames ? { featureNames: model.data.featureNames } : {}),
      }, options, atStop ? { step: atStop.step, source: 'stepThrough' } : { step: session.step, source: 'session' });
    } catch (error) {
      return { problem: (error as Error).message };
    }
  }

  /**
   * The loss slice of one parameter at the session's current parameters, and with `contour` the loss
   * over that plane (a contour that cannot be made is a `contourProblem` beside a good slice).
   */
  lossSlice(document: WorkerDocument, target: SliceTarget, contour?: ContourAxes): LossSlice | TeachingProblem {
    const session = this.store.get(document).session;
    if (!session) return INVALID;
    const model = session.model;
    const network = session.anyNetwork;
    const { train: data } = model.data;
    const options = { epsilon: document.settings.gradCheckEpsilon, step: session.step };
    let slice: LossSlice;
    try {
      slice = network instanceof LayeredNetwork
        ? layeredLossSlice(network, model.layered!.spec, data, model.loss, model.train, target, options)
        : lossSlice(network, data, model.loss, model.train, target, options);
    } catch (error) {
      return { problem: `cannot slice this parameter: ${(error as Error).message}` };
    }
    if (!contour) return slice;
    let plane: LossContour;
    try {
      const planeOptions = { seed: model.seed, recent: session.recentParameters() };
      plane = network instanceof LayeredNetwork
        ? layeredLossContour(network, model.layered!.spec, data, model.loss, model.train, target, contour, planeOptions)
        : lossContour(network, data, model.loss, model.train, target, contour, planeOptions);
    } catch (error) {
      return { ...slice, contourProblem: `cannot draw this contour: ${(error as Error).message}` };
    }
    return { ...slice, contour: plane };
  }

  /**
   * One recorded sample's own gradients of a conv layer at the document's last analysis (the one the
   * panel shows), made on a copy of that analysis' network: asked for only while the card shows them.
   */
  convGradients(document: WorkerDocument, layer: number, sample: number): ConvSampleGradients | TeachingProblem {
    const session = this.store.get(document).session;
    const analysed = session && this.store.analysed(document);
    if (!session || !analysed) return INVALID;
    if (!(analysed.network instanceof LayeredNetwork)) return { problem: l10n.t('only a model with conv layers has conv gradients.') };
    return convSampleGradients(session.copy(analysed.network) as LayeredNetwork, analysed.analysis, layer, sample);
  }

  close(uri: string): void {
    this.runs.delete(uri);
  }
}
