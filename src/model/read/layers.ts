/**
 * The `layers` section: an array of layer objects, each read in order with the fan-in its predecessor
 * gives it. A layer is a {@link LayerDraft} until the whole file is known to be valid.
 */
import * as l10n from '@vscode/l10n';
import type { Node } from 'jsonc-parser';
import type { ActivationSpec, InitSpec } from '../../engine/spec';
import { BUILTIN_ACTIVATIONS, readCustomActivation } from '../activation';
import * as C from '../codes';
import {
  count, describe, items, missingKeyAt, propertyRanges, readChoice, readObject, valueOf, type Prop, type Reporter,
} from '../report';
import type { LayerSource, SourceRange } from '../types';
import type { TrainableSpec } from '../../engine/layers/spec';
import { readTrainable } from '../layers/trainingKeys';
import { readInit } from './init';
import { aChoice, aString, nonEmpty, readScalar, readScalars, SIZE, type ScalarTable } from './scalars';
import { ACTIVATION_ALIASES, LAYER_KEYS, LAYER_TYPES } from './vocabulary';
import { readBias, readWeights, type ReadBias, type ReadWeights } from './weights';

/** A layer as read: `ok` is false when it has errors (reported); its fields are what could be read. */
export interface LayerDraft {
  readonly ok: boolean;
  readonly name: string;
  readonly units?: number;
  readonly activation?: ActivationSpec;
  readonly init?: InitSpec;
  readonly weights?: number[][];
  readonly bias?: number | number[];
  /** Model file 1.1: frozen parameters. */
  readonly trainable?: TrainableSpec;
  readonly source: LayerSource;
}

/**
 * Reads the `layers` array. Undefined when it is not a non-empty array, or when a layer is not an
 * object; otherwise every layer's draft (some of them perhaps not `ok`).
 */
export function readLayers(r: Reporter, node: Node, inputs: number | undefined): LayerDraft[] | undefined {
  if (node.type !== 'array') {
    r.error(node, C.WRONG_TYPE, l10n.t('layers must be an array of layer objects, e.g. {0}, not {1}', '[{ "units": 2, "activation": "sigmoid" }]', describe(node)));
    return undefined;
  }
  const layerNodes = items(node);
  if (layerNodes.length === 0) {
    r.error(node, C.INVALID_VALUE, l10n.t('layers is empty: give at least one layer, e.g. {0}', '[{ "units": 1 }]'));
    return undefined;
  }
  const drafts: LayerDraft[] = [];
  const seenNames = new Map<string, number>();
  let fanIn = inputs;
  let fanInWhy = l10n.t('"inputs" is {0}', String(inputs));
  let ok = true;
  layerNodes.forEach((layerNode, index) => {
    const draft = readLayer(r, layerNode, index, fanIn, fanInWhy, seenNames);
    if (!draft) {
      ok = false;
      fanIn = undefined;
      return;
    }
    drafts.push(draft);
    if (!draft.ok) ok = false;
    fanIn = draft.units;
    fanInWhy = l10n.t("the previous layer '{0}' has {1}", draft.name, count.unit(draft.units ?? 0));
  });
  return ok ? drafts : drafts.length === layerNodes.length ? drafts : undefined;
}

/** One layer object; `seenNames` (name → index) keeps names unique. Undefined when it is not an object. */
function readLayer(
  r: Reporter, node: Node, index: number, fanIn: number | undefined, fanInWhy: string,
  seenNames: Map<string, number>,
): LayerDraft | undefined {
  if (node.type !== 'object') {
    r.error(node, C.WRONG_TYPE, l10n.t('layer {0} must be an object such as {1}, not {2}', index + 1, '{ "units": 2, "activation": "sigmoid" }', describe(node)));
    return undefined;
  }
  const props = readObject(r, node, LAYER_KEYS, l10n.t('layer {0}', index + 1));
  const { name, label, ok: nameOk } = readLayerName(r, node, props, index, seenNames);
  let ok = nameOk;
  if (!props.has('units')) {
    r.error(missingKeyAt(r, node), C.MISSING_KEY, l10n.t('{0} needs "units": its number of neurons', label));
    ok = false;
  }
  const unitsNode = valueOf(props, 'units');
  const units = unitsNode ? readScalar(r, unitsNode, SIZE, l10n.t('"units" of {0}', label)) : undefined;
  if (units === undefined) ok = false;

  const activation = readLayerActivation(r, props, label);
  if (activation.activation === undefined) ok = false;

  let init: InitSpec | undefined;
  const initNode = valueOf(props, 'init');
  if (initNode) {
    init = readInit(r, initNode, l10n.t('init of {0}', label));
    if (init === undefined) ok = false;
  }
  const params = readLayerParameters(r, props, label, units, fanIn, fanInWhy);
  if (!params.ok) ok = false;
  const trainableNode = valueOf(props, 'trainable');
  const trainable = trainableNode ? readTrainable(r, trainableNode, label) : undefined;
  if (trainableNode && trainable === undefined) ok = false;
  const { weights, bias } = params;
  const source = layerSource(r, node, props, activation, weights, bias);
  return {
    ok,
    name,
    ...(units !== undefined ? { units } : {}),
    ...(activation.activation !== undefined ? { activation: activation.activation } : {}),
    ...(init !== undefined ? { init } : {}),
    ...(weights ? { weights: weights.values } : {}),
    ...(bias ? { bias: bias.value } : {}),
    ...(trainable !== undefined ? { trainable } : {}),
    source,
  };
}

/** Each scalar key of a layer but `units` (whose messages name the layer by its name). */
function layerScalars(index: number): ScalarTable<{ name: string; type: (typeof LAYER_TYPES)[number] }> {
  return {
    name: {
      kind: aString, what: l10n.t('the layer name'), valid: nonEmpty, message: () => l10n.t('the name of layer {0} is empty', index + 1),
      default: `layer${index + 1}`,
    },
    type: { kind: aChoice(LAYER_TYPES, C.INVALID_VALUE), what: l10n.t('layer type') },
  };
}

/**
 * The layer's name (default `layer<n>`), unique among the layers, and its type; `label` is how
 * messages call the layer.
 */
function readLayerName(
  r: Reporter, node: Node, props: Map<string, Prop>, index: number, seenNames: Map<string, number>,
): { name: string; label: string; ok: boolean } {
  const { values, ok: scalarsOk } = readScalars(r, props, layerScalars(index));
  let ok = scalarsOk;
  const name = values.name!;
  const nameNode = valueOf(props, 'name');
  const earlier = seenNames.get(name);
  if (earlier !== undefined) {
    r.error(nameNode ?? r.lines.range(node.offset, 1), C.INVALID_VALUE,
      l10n.t("two layers are called '{0}' (layers {1} and {2}): layer names must be unique", name, earlier + 1, index + 1));
    ok = false;
  } else seenNames.set(name, index);
  const label = nameNode ? l10n.t("layer '{0}'", name) : l10n.t('layer {0}', index + 1);
  return { name, label, ok };
}

export interface LayerActivation {
  /** Undefined when the activation has errors (reported); "linear" when none is written. */
  readonly activation: ActivationSpec | undefined;
  readonly fRange?: SourceRange;
  readonly dfRange?: SourceRange;
  readonly dfDerived?: boolean;
}

/** `activation`: a built-in name, or a custom `{ "name", "f", "df" }`. */
export function readLayerActivation(r: Reporter, props: Map<string, Prop>, label: string): LayerActivation {
  const actNode = valueOf(props, 'activation');
  if (!actNode) return { activation: 'linear' };
  if (actNode.type === 'string') {
    return { activation: readChoice(r, actNode, 'activation', BUILTIN_ACTIVATIONS, C.UNKNOWN_ACTIVATION, ACTIVATION_ALIASES) };
  }
  if (actNode.type === 'object') {
    const custom = readCustomActivation(r, actNode, label);
    return { activation: custom?.activation, fRange: custom?.fRange, dfRange: custom?.dfRange, dfDerived: custom?.dfDerived };
  }
  r.error(actNode, C.WRONG_TYPE,
    l10n.t('activation must be a name such as {0}, or an object {1}, not {2}', '"sigmoid"', '{ "name", "f", "df" }', describe(actNode)));
  return { activation: undefined };
}

/** `weights` and `bias`, with the note that explicit weights make the layer's `init` unused. */
function readLayerParameters(
  r: Reporter, props: Map<string, Prop>, label: string, units: number | undefined, fanIn: number | undefined, fanInWhy: string,
): { weights?: ReadWeights; bias?: ReadBias; ok: boolean } {
  let ok = true;
  const weightsNode = valueOf(props, 'weights');
  let weights: ReadWeights | undefined;
  if (weightsNode) {
    weights = readWeights(r, weightsNode, label, units, fanIn, fanInWhy);
    if (!weights) ok = false;
  }
  const biasNode = valueOf(props, 'bias');
  let bias: ReadBias | undefined;
  if (biasNode) {
    bias = readBias(r, biasNode, label, units);
    if (!bias) ok = false;
  }
  const initNode = valueOf(props, 'init');
  if (weightsNode && initNode && weights) {
    r.info(initNode, C.ADVICE, l10n.t('{0} gives its weights explicitly, so its "init" is not used', label));
  }
  return { ...(weights ? { weights } : {}), ...(bias ? { bias } : {}), ok };
}

/** Where the layer and each of its parts are written. */
function layerSource(
  r: Reporter, node: Node, props: Map<string, Prop>, activation: LayerActivation,
  weights: ReadWeights | undefined, bias: ReadBias | undefined,
): LayerSource {
  const range = (key: string): SourceRange | undefined => {
    const n = valueOf(props, key);
    return n ? r.range(n) : undefined;
  };
  const nameRange = range('name');
  const activationRange = range('activation');
  const weightsRange = range('weights');
  const biasRange = range('bias');
  const unitsRange = range('units');
  const initRange = range('init');
  const { fRange, dfRange, dfDerived } = activation;
  return {
    range: r.range(node),
    ...(nameRange ? { nameRange } : {}),
    ...(activationRange ? { activationRange } : {}),
    ...(fRange ? { fRange } : {}),
    ...(dfRange ? { dfRange } : {}),
    ...(dfDerived !== undefined ? { dfDerived } : {}),
    ...(weightsRange ? { weightsRange } : {}),
    ...(weights ? { weightRanges: weights.ranges } : {}),
    ...(biasRange ? { biasRange } : {}),
    ...(bias?.ranges ? { biasRanges: bias.ranges } : {}),
    ...(unitsRange ? { unitsRange } : {}),
    ...(initRange ? { initRange } : {}),
    properties: propertyRanges(r, props),
  };
}
