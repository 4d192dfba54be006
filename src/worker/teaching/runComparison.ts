/**
 * Compare runs: the model as its file has it, and a variant with one setting changed, trained from the
 * same seed for the same number of steps.
 *
 *   variant      = the parsed model (ModelFile) with one setting replaced; its network is built by
 *                  `Network.fromSpec(toNetworkSpec(variant))` (a layered model: `LayeredNetwork.fromSpec`
 *                  of its layered spec with that layer's setting replaced, ./layeredVariant.ts), exactly
 *                  as a file with that setting would be
 *   run          = `Trainer(network, train set, loss, train, { seed })`, `steps` steps (the file's
 *                  epochs × steps per epoch, bounded by planCurve), recording L and accuracy every `every` steps
 *   gradient flow = ‖∂L/∂W‖₂ and ‖∂L/∂b‖₂ of each layer over the whole training set, before the first
 *                  step and after the last (backprop)
 *   threshold    = 0.1 when a run's curve reaches 0.1, else min(2 · the smaller final loss,
 *                  the midpoint between the smaller starting loss and the smaller final loss)
 *   steps to threshold = the first recorded step whose loss ≤ threshold
 *
 * The person's file is never edited. No `vscode` import.
 */
import * as l10n from '@vscode/l10n';
import { LayeredNetwork, LayeredTrainer, Network, Trainer, backprop, isClassification, layeredBackprop, type DataSet, type LossKind } from '../../engine';
import { toNetworkSpec, type ModelFile, type ModelLayer } from '../../model/types';
import { activationName } from '../../engine';
import type { ComparedRun, LayerGradientFlow, RunComparison, RunPoint, RunVariant } from '../../shared/runComparison';
import { planCurve, recordTraining, type CurveOptions, type CurvePlan } from './lossComparison';
import {
  drawnLayerInits, isLayerFrozen, layeredActivationName, layeredActivationVariant, layeredFreezeVariant, layeredInitVariant,
} from './layeredVariant';
import { VariantRefused, checkLossFits, refuse } from './variantChecks';

export { VariantRefused };

function layerNamed(model: ModelFile, name: string): ModelLayer {
  const layer = model.layers.find((l) => l.name === name);
  if (!layer) refuse(l10n.t('the model has no layer named "{0}"; its layers are {1}.', name, model.layers.map((l) => `"${l.name}"`).join(', ')));
  return layer;
}

function isFrozen(layer: ModelLayer): boolean {
  return layer.trainable === false;
}

function withLayer(model: ModelFile, name: string, change: (layer: ModelLayer) => ModelLayer): ModelFile {
  return { ...model, layers: model.layers.map((l) => (l.name === name ? change(l) : l)) };
}

function effectiveBatch(model: ModelFile): number {
  const n = model.data.train.inputs.rows;
  return Math.min(model.train.batchSize ?? n, n);
}

/**
 * The model with the variant's one setting changed, built on the parsed model (the file is not touched).
 * A layered model's activation, initialisation and freeze variants change its layered spec (./layeredVariant.ts).
 * @throws VariantRefused when the variant does not apply (an unknown layer, the setting the model
 * already has, a loss its output layer does not fit, a layer type without that setting, …).
 */
export function variantModel(model: ModelFile, variant: RunVariant): ModelFile {
  const train = model.train;
  switch (variant.kind) {
    case 'optimizer':
      if (train.optimizer === variant.optimizer) refuse(l10n.t('the model already trains with {0}; choose another optimizer.', variant.optimizer));
      return { ...model, train: { ...train, optimizer: variant.optimizer } };
    case 'learningRate':
      if (train.learningRate === variant.learningRate) refuse(l10n.t('the model already trains with learning rate {0}; choose another.', variant.learningRate));
      return { ...model, train: { ...train, learningRate: variant.learningRate } };
    case 'activation': {
      const layer = layerNamed(model, variant.layer);
      if (model.layered) return layeredActivationVariant(model, model.layered, layer, variant.activation);
      if (activationName(layer.activation) === variant.activation) refuse(l10n.t('layer "{0}" already uses {1}; choose another activation.', layer.name, variant.activation));
      const last = model.layers[model.layers.length - 1];
      if (variant.activation === 'softmax' && layer !== last) refuse(l10n.t('softmax belongs on the output layer; "{0}" is a hidden layer.', layer.name));
      const changed = withLayer(model, layer.name, (l) => ({ ...l, activation: variant.activation }));
      if (layer === last) checkLossFits(model.loss, changed.layers[changed.layers.length - 1]);
      return changed;
    }
    case 'init': {
      if (model.layered) return layeredInitVariant(model, model.layered, variant.init);
      const drawn = model.layers.filter((l) => !l.weights);
      if (drawn.length === 0) refuse(l10n.t('every layer\'s weights are written in the file, so an initialisation changes nothing.'));
      if (drawn.every((l) => l.init === variant.init)) refuse(l10n.t('the model already initialises its weights with {0}; choose another initialisation.', variant.init));
      return { ...model, layers: model.layers.map((l) => (l.weights ? l : { ...l, init: variant.init })) };
    }
    case 'loss':
      if (model.loss === variant.loss) refuse(l10n.t('the model already trains on {0}; choose another loss.', variant.loss));
      checkLossFits(variant.loss, model.layers[model.layers.length - 1]);
      return { ...model, loss: variant.loss };
    case 'batchSize': {
      const n = model.data.train.inputs.rows;
      if (variant.batchSize > n) refuse(l10n.t('the training set has {0} samples; a batch holds at most that many.', n));
      if (variant.batchSize === effectiveBatch(model)) refuse(l10n.t('the model already trains in batches of {0}; choose another size.', variant.batchSize));
      return { ...model, train: { ...train, batchSize: variant.batchSize } };
    }
    case 'freeze': {
      const layer = layerNamed(model, variant.layer);
      if (model.layered) return layeredFreezeVariant(model, model.layered, layer);
      if (isFrozen(layer)) refuse(l10n.t('layer "{0}" is already frozen.', layer.name));
      if (model.layers.every((l) => l === layer || isFrozen(l))) refuse(l10n.t('freezing "{0}" would leave nothing to train.', layer.name));
      return withLayer(model, layer.name, (l) => ({ ...l, trainable: false }));
    }
  }
}

function initName(model: ModelFile): string {
  const inits = model.layered ? drawnLayerInits(model.layered) : model.layers.filter((l) => !l.weights).map((l) => l.init);
  const drawn = inits.map((init) => (typeof init === 'string' ? init : Object.keys(init)[0]));
  return [...new Set(drawn)].join(', ');
}

/** The varied setting's value in `model`, for people: `adam`, `learning rate 0.05`, `hidden: tanh`, … */
export function settingLabel(model: ModelFile, variant: RunVariant): string {
  switch (variant.kind) {
    case 'optimizer': return model.train.optimizer;
    case 'learningRate': return l10n.t('learning rate {0}', model.train.learningRate);
    case 'activation': return `${variant.layer}: ${model.layered ? layeredActivationName(model.layered, layerNamed(model, variant.layer)) : activationName(layerNamed(model, variant.layer).activation)}`;
    case 'init': return l10n.t('{0} initialisation', initName(model));
    case 'loss': return model.loss;
    case 'batchSize': return l10n.t('batch size {0}', effectiveBatch(model));
    case 'freeze': return (model.layered ? isLayerFrozen(model.layered, layerNamed(model, variant.layer)) : isFrozen(layerNamed(model, variant.layer))) ? l10n.t('"{0}" frozen', variant.layer) : l10n.t('"{0}" trained', variant.layer);
  }
}

function norm(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

type AnyNetwork = Network | LayeredNetwork;

/** The network a file with `model`'s settings would build: dense, or layered (model file 1.1). */
function buildNetwork(model: ModelFile): AnyNetwork {
  return model.layered ? LayeredNetwork.fromSpec(model.layered.spec) : Network.fromSpec(toNetworkSpec(model));
}

/** Each layer's gradient norms over the whole set: weights (γ for batch norm) and bias (β); 0 for a layer without. */
function gradientNorms(network: AnyNetwork, data: DataSet, loss: LossKind): { w: number; b: number }[] {
  if (network instanceof LayeredNetwork) {
    return layeredBackprop(network, data, loss).gradients.map((g) => ({ w: g[0] ? norm(g[0]) : 0, b: g[1] ? norm(g[1]) : 0 }));
  }
  return backprop(network, data, loss).gradients.layers.map((g) => ({ w: norm(g.weights), b: norm(g.bias) }));
}

/** The loss level the summary counts steps to (see the formulas above). */
export function comparisonThreshold(a: readonly RunPoint[], b: readonly RunPoint[]): number {
  const lowest = Math.min(...a.map((p) => p.loss), ...b.map((p) => p.loss));
  if (lowest <= 0.1) return 0.1;
  const smallerFinal = Math.min(a[a.length - 1].loss, b[b.length - 1].loss);
  const smallerStart = Math.min(a[0].loss, b[0].loss);
  return Math.min(2 * smallerFinal, (smallerStart + smallerFinal) / 2);
}

/** The first recorded step whose loss is at most `threshold`, or undefined. */
export function stepsToReach(points: readonly RunPoint[], threshold: number): number | undefined {
  return points.find((p) => p.loss <= threshold)?.step;
}

interface RunSetup {
  readonly model: ModelFile;
  readonly network: AnyNetwork;
}

async function trainRun(setup: RunSetup, plan: CurvePlan, options: CurveOptions, clock: { lastYield: number }): Promise<{ points: RunPoint[]; cancelled: boolean; start: { w: number; b: number }[]; end: { w: number; b: number }[] }> {
  const { model, network } = setup;
  const data = model.data.train;
  // On a copy of its own: a layered pass in training mode draws from the dropout streams.
  const start = gradientNorms(buildNetwork(model), data, model.loss);
  const trainer = network instanceof LayeredNetwork
    ? new LayeredTrainer(network, data, model.loss, model.train, { seed: model.seed })
    : new Trainer(network, data, model.loss, model.train, { seed: model.seed });
  const run = await recordTraining(trainer, plan, options, clock, (step): RunPoint => {
    const accuracy = trainer.accuracy();
    return { step, loss: trainer.evaluateLoss(), ...(accuracy !== undefined ? { accuracy } : {}) };
  });
  return { ...run, start, end: gradientNorms(network, data, model.loss) };
}

function compared(label: string, model: ModelFile, run: Awaited<ReturnType<typeof trainRun>>): Omit<ComparedRun, 'stepsToThreshold'> {
  const last = run.points[run.points.length - 1];
  const gradients: LayerGradientFlow[] = model.layers.map((l, i) => ({
    layer: l.name, index: i,
    startWeightNorm: run.start[i].w, startBiasNorm: run.start[i].b, endWeightNorm: run.end[i].w, endBiasNorm: run.end[i].b,
  }));
  return { label, points: run.points, gradients, finalLoss: last.loss, ...(last.accuracy !== undefined ? { finalAccuracy: last.accuracy } : {}) };
}

/** The bounded plan both runs follow: the base's steps, fewer if the variant's batches make it dearer. */
function sharedPlan(base: RunSetup, other: RunSetup, options: CurveOptions): CurvePlan {
  const data = base.model.data.train;
  const a = planCurve(base.network, data, base.model.train, options);
  const b = planCurve(other.network, data, other.model.train, options);
  return b.steps < a.steps ? { ...b, fileSteps: a.fileSteps } : a;
}

/**
 * Trains `model` and its variant (built here) from the same seed for the same steps.
 * @throws VariantRefused when the variant does not apply to this model.
 */
export async function compareRuns(model: ModelFile, variant: RunVariant, options: CurveOptions = {}): Promise<RunComparison> {
  const changed = variantModel(model, variant);
  const base: RunSetup = { model, network: buildNetwork(model) };
  const other: RunSetup = { model: changed, network: buildNetwork(changed) };
  // A layered pass costs far more than its parameter count says (a filter slides over the image): fewer steps and points.
  const plan = sharedPlan(base, other, model.layered ? { points: 41, maxSteps: 300, minSteps: 20, ...options } : { points: 201, ...options });
  const clock = { lastYield: Date.now() };
  const baseRun = await trainRun(base, plan, options, clock);
  const otherRun = baseRun.cancelled ? undefined : await trainRun(other, plan, options, clock);
  const baseResult = compared(settingLabel(model, variant), model, baseRun);
  const otherResult = otherRun ? compared(settingLabel(changed, variant), changed, otherRun) : { ...baseResult, label: settingLabel(changed, variant), points: [], gradients: [] };
  const threshold = otherRun ? comparisonThreshold(baseRun.points, otherRun.points) : comparisonThreshold(baseRun.points, baseRun.points);
  const reach = (points: readonly RunPoint[]) => {
    const s = stepsToReach(points, threshold);
    return s !== undefined ? { stepsToThreshold: s } : {};
  };
  return {
    modelName: model.name,
    variant,
    base: { ...baseResult, ...reach(baseRun.points) },
    other: { ...otherResult, ...(otherRun ? reach(otherRun.points) : {}) },
    steps: plan.steps, fileSteps: plan.fileSteps, every: plan.every, seed: model.seed,
    threshold,
    sameLoss: model.loss === changed.loss,
    classification: isClassification(model.data.train.targets),
    ...(plan.note ? { note: plan.note } : {}),
    cancelled: baseRun.cancelled || (otherRun?.cancelled ?? true),
  };
}


