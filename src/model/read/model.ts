/**
 * The whole model file: its root object, the top-level keys, then each section (layers, loss, data,
 * train) read by its own reader, the advice, and the {@link ModelFile} when nothing had errors.
 */
import * as l10n from '@vscode/l10n';
import { parseTree, stripComments, type Node } from 'jsonc-parser';
import type { InitSpec, LossKind } from '../../engine/spec';
import * as C from '../codes';
import { readData, type DataResult } from '../data';
import { describe, listOfNames, missingKeyAt, propertyRanges, readObject, valueOf, type Prop, type Reporter } from '../report';
import { checkSyntax, MAX_NESTING, tooDeepAt } from '../syntax';
import type { DataFileReader, ModelFile, ModelLayer, SourceRange } from '../types';
import { advise } from './advice';
import { readInit } from './init';
import { isLayeredFile, LayeredReader, type LayeredModel } from '../layers/layeredReader';
import { fillFromWeightsFile } from './fillFromWeightsFile';
import { readLayers, type LayerDraft } from './layers';
import { aChoice, aString, aWholeNumber, nonEmpty, readScalars, SIZE, type ScalarTable } from './scalars';
import { readTrain, type TrainDraft } from './train';
import {
  DEFAULT_INIT, DEFAULT_SEED, DEFAULT_TRAIN, defaultModelName, LOSS_ALIASES, LOSSES, MAX_PARAMETERS, TOP_LEVEL_KEYS,
} from './vocabulary';

export interface ReadModelOptions {
  /** The model file's name or path; the default model name is its base name without `.nn.json`. */
  readonly fileName: string;
  /** How CSV files (and the `weightsFile`) named in the model are read; without it, they are reported as unreadable. */
  readonly dataFiles?: DataFileReader;
}

/** The model when the file has no errors, and where its structure is damaged (see {@link SyntaxSummary.damagedFrom}). */
export interface ModelReading {
  readonly model: ModelFile | undefined;
  readonly damagedFrom: number;
}

/** Reads the whole text of `r`, reporting every problem to `r`. */
export function readModel(r: Reporter, options: ReadModelOptions): ModelReading {
  const rooted = readRoot(r);
  if (!rooted.root) return { model: undefined, damagedFrom: rooted.damagedFrom };
  return { model: readSections(r, rooted.root, options), damagedFrom: rooted.damagedFrom };
}

/** The root object: not empty, not nested too deep, syntax checked. */
function readRoot(r: Reporter): { root?: Node; damagedFrom: number } {
  const text = r.text;
  if (stripComments(text).trim() === '') {
    r.error(r.lines.range(0, 0), C.SYNTAX_ERROR, l10n.t('the file is empty: a model file is one JSON object {0}', '{ "inputs": ..., "layers": [...], ... }'));
    return { damagedFrom: Infinity };
  }
  const deep = tooDeepAt(text);
  if (deep !== undefined) {
    r.error(r.lines.range(deep, 1), C.SYNTAX_ERROR,
      l10n.t('brackets are nested more than {0} levels deep here; a model file needs only a few (is a closing {1} or {2} missing?)', MAX_NESTING, ']', '}'));
    return { damagedFrom: Infinity };
  }
  const damagedFrom = checkSyntax(r).damagedFrom;
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (!root) return { damagedFrom };
  if (root.type !== 'object') {
    r.error(root, C.WRONG_TYPE, l10n.t('a model file is one JSON object {0}, not {1}', '{ ... }', describe(root)));
    return { damagedFrom };
  }
  return { root, damagedFrom };
}

/** The top-level scalars as read; `ok` is false when one of them has errors. */
interface TopLevel {
  readonly props: Map<string, Prop>;
  readonly ok: boolean;
  readonly name: string;
  readonly seed: number;
  readonly inputs: number | undefined;
  readonly init: InitSpec;
  readonly loss: LossKind | undefined;
}

function readSections(r: Reporter, root: Node, options: ReadModelOptions): ModelFile | undefined {
  // Model file 1.1's image inputs and layer types are read by ../layers/ (dense-only files as before).
  const layered = isLayeredFile(root) ? new LayeredReader(r) : undefined;
  const top = readTopLevel(r, root, options, layered);
  const { props, inputs } = top;
  let ok = top.ok;
  const layersNode = valueOf(props, 'layers');
  let layers = !layersNode ? undefined : layered ? layered.readLayers(layersNode) : readLayersWithinLimit(r, layersNode, inputs);
  const weightsFileNode = valueOf(props, 'weightsFile');
  if (layers && weightsFileNode) layers = fillFromWeightsFile(r, weightsFileNode, layers, inputs, layered, options.dataFiles);
  if (!layers) ok = false;
  const lossNode = valueOf(props, 'loss');
  const { loss } = top;
  if (loss === undefined) ok = false;
  const lastUnits = layers && layers.length > 0 ? layers[layers.length - 1]!.units : undefined;
  const dataNode = valueOf(props, 'data');
  const data = dataNode
    ? readData(r, dataNode, {
      ...(inputs !== undefined ? { inputs } : {}),
      ...(lastUnits !== undefined ? { outputs: lastUnits } : {}),
      seed: top.seed,
      ...(options.dataFiles ? { dataFiles: options.dataFiles } : {}),
    })
    : undefined;
  if (!data) ok = false;
  let train: TrainDraft | undefined = { spec: { ...DEFAULT_TRAIN }, props: new Map() };
  const trainNode = valueOf(props, 'train');
  if (trainNode) {
    train = readTrain(r, trainNode);
    if (!train) ok = false;
  }
  advise(r, { layers, loss, lossNode, data, train, init: top.init });
  if (!ok || inputs === undefined || !layers || loss === undefined || !data || !train) return undefined;
  if (layers.some((l) => !l.ok || l.units === undefined || !l.activation)) return undefined;
  const layeredModel = layered?.model(top.seed, top.init);
  if (layered && !layeredModel) return undefined;
  return assemble(r, root, options, { ...top, inputs, loss }, layers, data, train, layeredModel);
}

type TopLevelScalars = {
  $schema: string; name: string; seed: number; inputs: number; init: InitSpec; loss: LossKind;
};

/** Each scalar key at the top level: its kind, the range it must lie in, and its default. */
function topLevelScalars(fileName: string, layered: LayeredReader | undefined): ScalarTable<TopLevelScalars> {
  return {
    $schema: { kind: aString },
    name: {
      kind: aString, valid: nonEmpty, message: () => l10n.t('name is empty: remove it to use the file name, or write a name'),
      default: defaultModelName(fileName),
    },
    seed: { kind: aWholeNumber(), default: DEFAULT_SEED },
    inputs: layered ? { kind: (_r, node) => layered.readInputs(node) } : SIZE,
    init: { kind: readInit, default: DEFAULT_INIT },
    loss: { kind: aChoice(LOSSES, C.UNKNOWN_LOSS, LOSS_ALIASES) },
  };
}

/** The keys the model needs, and the top-level scalars. */
function readTopLevel(r: Reporter, root: Node, options: ReadModelOptions, layered: LayeredReader | undefined): TopLevel {
  const props = readObject(r, root, TOP_LEVEL_KEYS, l10n.t('the model'));
  const required: [string, string][] = [
    ['inputs', l10n.t('the number of input features')],
    ['layers', l10n.t('the list of layers')],
    ['loss', listOfNames(['squared', 'mse', 'cross-entropy', 'binary-cross-entropy'])],
    ['data', l10n.t('the training data')],
  ];
  for (const [key, what] of required) {
    if (!props.has(key)) r.error(missingKeyAt(r, root), C.MISSING_KEY, l10n.t('the model needs "{0}": {1}', key, what));
  }
  const { values, ok } = readScalars(r, props, topLevelScalars(options.fileName ?? '', layered));
  return {
    props, ok, name: values.name!, seed: values.seed!, inputs: values.inputs, init: values.init!, loss: values.loss,
  };
}

/** The layers, unless together they have more than {@link MAX_PARAMETERS} weights and biases. */
function readLayersWithinLimit(r: Reporter, layersNode: Node, inputs: number | undefined): LayerDraft[] | undefined {
  const layers = readLayers(r, layersNode, inputs);
  if (layers && inputs !== undefined && layers.every((l) => l.units !== undefined)) {
    let params = 0;
    let fanIn = inputs;
    for (const l of layers) {
      params += l.units! * (fanIn + 1);
      fanIn = l.units!;
    }
    if (params > MAX_PARAMETERS) {
      r.error(layersNode, C.INVALID_VALUE,
        l10n.t('this network has {0} weights and biases; at most {1} are supported', params.toLocaleString('en-US'), MAX_PARAMETERS.toLocaleString('en-US')));
      return undefined;
    }
  }
  return layers;
}

/** The model file from sections that all read without errors. */
function assemble(
  r: Reporter, root: Node, options: ReadModelOptions, top: TopLevel & { inputs: number; loss: LossKind },
  layers: readonly LayerDraft[], data: DataResult, train: TrainDraft, layered: LayeredModel | undefined,
): ModelFile {
  const { props, inputs, loss } = top;
  const modelLayers: ModelLayer[] = layers.map((l, index) => ({
    index,
    name: l.name,
    units: l.units!,
    fanIn: index === 0 ? inputs : layers[index - 1]!.units!,
    activation: l.activation!,
    ...(l.weights ? { weights: l.weights } : {}),
    bias: l.bias ?? 0,
    init: l.init ?? top.init,
    ...(l.trainable !== undefined ? { trainable: l.trainable } : {}),
    source: l.source,
  }));
  const range = (key: string): SourceRange | undefined => {
    const n = valueOf(props, key);
    return n ? r.range(n) : undefined;
  };
  const [lossRange, dataRange, trainRange, layersRange] = [range('loss'), range('data'), range('train'), range('layers')];
  const source: ModelFile['source'] = {
    root: r.range(root),
    ...(lossRange ? { loss: lossRange } : {}),
    ...(dataRange ? { data: dataRange } : {}),
    ...(trainRange ? { train: trainRange } : {}),
    ...(layersRange ? { layers: layersRange } : {}),
    properties: propertyRanges(r, props),
    ...(data.properties ? { dataProperties: data.properties } : {}),
    ...(trainRange ? { trainProperties: propertyRanges(r, train.props) } : {}),
  };
  return {
    name: top.name, fileName: options.fileName, seed: top.seed, inputs, layers: modelLayers, loss,
    data: data.data, train: train.spec, source, ...(layered ? { layered } : {}),
  };
}
