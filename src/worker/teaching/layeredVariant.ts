/**
 * Compare Runs' layer variants on a layered model (model file 1.1): the layered spec with one layer's
 * setting replaced, as a file with that setting written would read.
 *
 *   activation  on a layer whose type carries one (dense, conv2d, batchnorm, activation):
 *               spec.layers[i].activation = a (softmax only on the last layer, and only on a flat output)
 *   init        on every layer whose weights are drawn (dense and conv2d without weights, inline or
 *               from a weights file): spec.layers[i].init = init; each layer draws from its own seeded
 *               stream `init:<i>`, so the other layers start exactly as in the file
 *   freeze      on a layer with parameters (dense, conv2d, batchnorm): spec.layers[i].trainable = false,
 *               the spec's own `"trainable": false` (the layered trainer's optimiser skips the layer's
 *               parameters; their gradients are still computed)
 *
 * The model's `layers` entries follow the spec (activation, init, trainable), so labels and the loss
 * check read the variant. No `vscode` import.
 */
import * as l10n from '@vscode/l10n';
import { activationName, type ActivationSpec, type BuiltinActivation, type InitSpec, type LayerSpec } from '../../engine';
import type { LayeredModel, ModelFile, ModelLayer } from '../../model/types';
import { checkLossFits, refuse } from './variantChecks';

type ActivationLayer = Extract<LayerSpec, { readonly activation?: ActivationSpec }>;
type DrawnLayer = Extract<LayerSpec, { readonly type: 'dense' | 'conv2d' }>;

const WITH_ACTIVATION: readonly LayerSpec['type'][] = ['dense', 'conv2d', 'batchnorm', 'activation'];
const WITH_PARAMETERS: readonly LayerSpec['type'][] = ['dense', 'conv2d', 'batchnorm'];

function specOf(layered: LayeredModel, layer: ModelLayer): LayerSpec {
  return layered.spec.layers[layer.index];
}

function hasActivation(spec: LayerSpec): spec is ActivationLayer {
  return WITH_ACTIVATION.includes(spec.type);
}

function drawsWeights(spec: LayerSpec): spec is DrawnLayer {
  return (spec.type === 'dense' || spec.type === 'conv2d') && spec.weights === undefined;
}

/** Every parameter of the layer frozen (`"trainable": false`, or both of its parameters false). */
function fullyFrozen(spec: LayerSpec): boolean {
  const t = spec.trainable;
  return t === false || (typeof t === 'object' && t.weights === false && t.bias === false);
}

/** The model with spec layer `index` and its `layers` entry replaced. */
function withSpecLayer(model: ModelFile, layered: LayeredModel, index: number, spec: LayerSpec, entry: Partial<ModelLayer>): ModelFile {
  return {
    ...model,
    layers: model.layers.map((l) => (l.index === index ? { ...l, ...entry } : l)),
    layered: { ...layered, spec: { ...layered.spec, layers: layered.spec.layers.map((s, i) => (i === index ? spec : s)) } },
  };
}

/** The activation a layered layer applies, for labels (`linear` when its type has none). */
export function layeredActivationName(layered: LayeredModel, layer: ModelLayer): string {
  const spec = specOf(layered, layer);
  return hasActivation(spec) ? activationName(spec.activation ?? 'linear') : 'linear';
}

/** The initialisations of the layers that draw their weights. */
export function drawnLayerInits(layered: LayeredModel): InitSpec[] {
  return layered.spec.layers.filter(drawsWeights).map((s) => s.init);
}

/** True when an optimiser changes none of the layer's parameters (a layer without parameters counts as frozen). */
export function isLayerFrozen(layered: LayeredModel, layer: ModelLayer): boolean {
  const spec = specOf(layered, layer);
  return !WITH_PARAMETERS.includes(spec.type) || fullyFrozen(spec);
}

/** @throws VariantRefused on a type without an activation, the same activation, or softmax where it cannot go. */
export function layeredActivationVariant(model: ModelFile, layered: LayeredModel, layer: ModelLayer, activation: BuiltinActivation): ModelFile {
  const spec = specOf(layered, layer);
  if (!hasActivation(spec)) {
    refuse(l10n.t('layer "{0}" ({1}) applies no activation; choose a dense, conv2d, batchnorm or activation layer.', layer.name, spec.type));
  }
  if (activationName(spec.activation ?? 'linear') === activation) refuse(l10n.t('layer "{0}" already uses {1}; choose another activation.', layer.name, activation));
  const isLast = layer.index === layered.spec.layers.length - 1;
  if (activation === 'softmax' && !isLast) refuse(l10n.t('softmax belongs on the output layer; "{0}" is a hidden layer.', layer.name));
  const outShape = layered.layers[layer.index].outShape;
  if (activation === 'softmax' && outShape.length !== 1) {
    refuse(l10n.t('softmax needs a flat output, but "{0}" gives an image [{1}]; flatten first.', layer.name, outShape.join(', ')));
  }
  if (isLast) checkLossFits(model.loss, { name: layer.name, activation });
  return withSpecLayer(model, layered, layer.index, { ...spec, activation } as LayerSpec, { activation });
}

/** @throws VariantRefused when no layer draws its weights, or every one already draws them so. */
export function layeredInitVariant(model: ModelFile, layered: LayeredModel, init: InitSpec & string): ModelFile {
  const drawn = layered.spec.layers.filter(drawsWeights);
  if (drawn.length === 0) refuse(l10n.t('every conv and dense layer\'s weights are given (in the file or its weights file), so an initialisation changes nothing.'));
  if (drawn.every((s) => s.init === init)) refuse(l10n.t('the model already initialises its weights with {0}; choose another initialisation.', init));
  return {
    ...model,
    layers: model.layers.map((l) => (drawsWeights(specOf(layered, l)) ? { ...l, init } : l)),
    layered: { ...layered, spec: { ...layered.spec, layers: layered.spec.layers.map((s) => (drawsWeights(s) ? { ...s, init } : s)) } },
  };
}

/** @throws VariantRefused on a layer without parameters, one already frozen, or the last trainable one. */
export function layeredFreezeVariant(model: ModelFile, layered: LayeredModel, layer: ModelLayer): ModelFile {
  const spec = specOf(layered, layer);
  if (!WITH_PARAMETERS.includes(spec.type)) {
    refuse(l10n.t('layer "{0}" ({1}) has no parameters to freeze; choose a dense, conv2d or batchnorm layer.', layer.name, spec.type));
  }
  if (fullyFrozen(spec)) refuse(l10n.t('layer "{0}" is already frozen.', layer.name));
  if (model.layers.every((l) => l === layer || isLayerFrozen(layered, l))) refuse(l10n.t('freezing "{0}" would leave nothing to train.', layer.name));
  return withSpecLayer(model, layered, layer.index, { ...spec, trainable: false }, { trainable: false });
}
