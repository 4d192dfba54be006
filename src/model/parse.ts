/**
 * Reading a model file (`*.nn.json`, docs/spec/model-file-v1.md): parse with comments, validate,
 * report every problem at once with its exact range, and build a {@link ModelFile} when there are no
 * errors. Never throws: an internal surprise becomes an `internal-error` diagnostic.
 */
import { parseTree, stripComments, type Node } from 'jsonc-parser';
import type { ActivationSpec, BuiltinActivation, InitSpec, LossKind, OptimizerKind, TrainSpec } from '../engine/spec';
import type { TrainableSpec } from '../engine/layers/spec';
import { BUILTIN_ACTIVATIONS, readCustomActivation } from './activation';
import { LOSS_KINDS } from '../shared/kinds';
import * as C from './codes';
import { readData, rowsHint, type DataResult } from './data';
import {
  describe, items, missingKeyAt, plural, readBoolean, readChoice, readInteger, readNumber, readObject, readString,
  propertyRanges, renameFix, Reporter, suggestChoice, valueOf, type Prop,
} from './report';
import { closest, ownEntry } from './suggest';
import { checkSyntax, MAX_NESTING, tooDeepAt, type SyntaxSummary } from './syntax';
import { isLayeredFile, LayeredReader } from './layers/layeredReader';
import { readSchedule, readTrainable } from './layers/trainingKeys';
import type {
  DataFileReader, LayerSource, ModelDiagnostic, ModelFile, ModelLayer, ParseResult, SourceRange,
} from './types';

export const TOP_LEVEL_KEYS = ['$schema', 'name', 'seed', 'inputs', 'layers', 'init', 'loss', 'data', 'train'] as const;
export const LAYER_KEYS = ['name', 'type', 'units', 'activation', 'weights', 'bias', 'init', 'trainable'] as const;
export const TRAIN_KEYS = ['optimizer', 'learningRate', 'momentum', 'weightDecay', 'batchSize', 'epochs', 'shuffle', 'schedule'] as const;
export const LOSSES: readonly LossKind[] = LOSS_KINDS;
export const OPTIMIZERS: readonly OptimizerKind[] = ['sgd', 'momentum', 'adam'];
export const INIT_NAMES = ['xavier', 'he', 'zeros'] as const;
export const INIT_KINDS = ['uniform', 'normal'] as const;
export const LAYER_TYPES = ['dense'] as const;

/** Names other libraries and textbooks use, for "did you mean" (compared without case and separators). */
export const LOSS_ALIASES: Readonly<Record<string, LossKind>> = {
  categoricalcrossentropy: 'cross-entropy', crossentropy: 'cross-entropy', ce: 'cross-entropy', nll: 'cross-entropy',
  softmaxcrossentropy: 'cross-entropy', logloss: 'binary-cross-entropy', bce: 'binary-cross-entropy',
  binarycrossentropy: 'binary-cross-entropy', binary: 'binary-cross-entropy', meansquarederror: 'mse', l2: 'squared',
  sse: 'squared', sumofsquares: 'squared', quadratic: 'squared', squarederror: 'squared',
};
export const ACTIVATION_ALIASES: Readonly<Record<string, BuiltinActivation>> = {
  logistic: 'sigmoid', sigma: 'sigmoid', identity: 'linear', none: 'linear', lrelu: 'leaky-relu', leaky: 'leaky-relu',
  rectifier: 'relu', hyperbolictangent: 'tanh',
};
export const OPTIMIZER_ALIASES: Readonly<Record<string, OptimizerKind>> = {
  gd: 'sgd', gradientdescent: 'sgd', nesterov: 'momentum', adamw: 'adam',
};

/** The defaults of the spec, for `train`. */
export const DEFAULT_TRAIN: TrainSpec = Object.freeze({
  optimizer: 'sgd', learningRate: 0.01, momentum: 0.9, weightDecay: 0, epochs: 1, shuffle: true,
});
export const DEFAULT_SEED = 1;

/**
 * Implementation limits, far above any teaching model, that keep a mistyped size (`"units": 1e9`)
 * from exhausting memory: `inputs` and `units` at most {@link MAX_UNITS}, and at most
 * {@link MAX_PARAMETERS} weights and biases in all. Reported as `invalid-value`.
 */
export const MAX_UNITS = 10_000;
export const MAX_PARAMETERS = 5_000_000;
/** The most epochs a file may ask for: the command line's `--epochs` cap. Reported as `invalid-value`. */
export const MAX_EPOCHS = 10_000_000;
export const DEFAULT_INIT: InitSpec = 'xavier';

export interface ParseModelOptions {
  /** The model file's name or path; the default model name is its base name without `.nn.json`. */
  readonly fileName: string;
  /** How CSV files named in the model are read; without it, CSV data is reported as unreadable. */
  readonly dataFiles?: DataFileReader;
}

/** Codes that a syntax error easily causes further on (a truncated array, a lost key): dropped when the text has syntax errors. */
const CASCADE_CODES = new Set<string>([C.MISSING_KEY, C.SHAPE_MISMATCH, C.EMPTY_DATA]);

/** An integer in 1..MAX_UNITS. */
function readSize(r: Reporter, node: Node, what: string): number | undefined {
  const v = readInteger(r, node, what, 1);
  if (v !== undefined && v > MAX_UNITS) {
    r.error(node, C.INVALID_VALUE, `${what} is ${v}; at most ${MAX_UNITS.toLocaleString('en-US')} are supported`);
    return undefined;
  }
  return v;
}

/** `examples/iris.nn.json` → `iris`. */
export function defaultModelName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  if (/\.nn\.json$/i.test(base)) return base.slice(0, -'.nn.json'.length);
  if (/\.jsonc?$/i.test(base)) return base.replace(/\.jsonc?$/i, '');
  return base;
}

export function parseModelText(text: string, options: ParseModelOptions): ParseResult {
  let r: Reporter;
  try {
    const source = typeof text === 'string' ? text : String(text);
    // A UTF-8 byte order mark is accepted: read as a space, so every offset still indexes the text given.
    // (VS Code drops it from the document, and so does the CLI, so their positions agree.)
    r = new Reporter(source.charCodeAt(0) === 0xfeff ? ` ${source.slice(1)}` : source);
  } catch {
    r = new Reporter('');
  }
  try {
    const reader = new ModelReader(r, options);
    const model = reader.read();
    const diagnostics = sortDiagnostics(r.diagnostics, reader.damagedFrom);
    const hasErrors = diagnostics.some((d) => d.severity === 'error');
    return hasErrors || !model ? { diagnostics } : { model, diagnostics };
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    r.error(r.lines.range(0, 0), C.INTERNAL_ERROR, `internal error while reading the model file (please report it): ${detail}`);
    return { diagnostics: sortDiagnostics(r.diagnostics, Infinity) };
  }
}

/**
 * Sorted by position. When the text has syntax errors, drops what they easily cause: the
 * {@link CASCADE_CODES}, and any other finding after the point where the structure is damaged.
 */
function sortDiagnostics(ds: readonly ModelDiagnostic[], damagedFrom: number): ModelDiagnostic[] {
  const hasSyntax = ds.some((d) => d.code === C.SYNTAX_ERROR);
  const kept = hasSyntax
    ? ds.filter((d) => d.code === C.SYNTAX_ERROR || d.code === C.TRAILING_COMMA
      || (!CASCADE_CODES.has(d.code) && d.range.startOffset < damagedFrom))
    : [...ds];
  return kept
    .map((d, i) => ({ d, i }))
    .sort((a, b) => a.d.range.startOffset - b.d.range.startOffset || a.i - b.i)
    .map((x) => x.d);
}

interface LayerDraft {
  readonly ok: boolean;
  readonly name: string;
  readonly units?: number;
  readonly activation?: ActivationSpec;
  readonly init?: InitSpec;
  readonly weights?: number[][];
  readonly bias?: number | number[];
  readonly trainable?: TrainableSpec;
  readonly source: LayerSource;
}

interface TrainDraft {
  readonly spec: TrainSpec;
  readonly props: Map<string, Prop>;
}

class ModelReader {
  /** See {@link SyntaxSummary.damagedFrom}. */
  damagedFrom = Infinity;

  constructor(private readonly r: Reporter, private readonly options: ParseModelOptions) {}

  read(): ModelFile | undefined {
    const r = this.r;
    const text = r.text;
    if (stripComments(text).trim() === '') {
      r.error(r.lines.range(0, 0), C.SYNTAX_ERROR, 'the file is empty: a model file is one JSON object { "inputs": ..., "layers": [...], ... }');
      return undefined;
    }
    const deep = tooDeepAt(text);
    if (deep !== undefined) {
      r.error(r.lines.range(deep, 1), C.SYNTAX_ERROR,
        `brackets are nested more than ${MAX_NESTING} levels deep here; a model file needs only a few (is a closing ] or } missing?)`);
      return undefined;
    }
    this.damagedFrom = checkSyntax(r).damagedFrom;
    const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
    if (!root) return undefined;
    if (root.type !== 'object') {
      r.error(root, C.WRONG_TYPE, `a model file is one JSON object { ... }, not ${describe(root)}`);
      return undefined;
    }
    const props = readObject(r, root, TOP_LEVEL_KEYS, 'the model');
    const required: [string, string][] = [
      ['inputs', 'the number of input features'],
      ['layers', 'the list of layers'],
      ['loss', '"squared", "mse", "cross-entropy" or "binary-cross-entropy"'],
      ['data', 'the training data'],
    ];
    for (const [key, what] of required) {
      if (!props.has(key)) r.error(missingKeyAt(r, root), C.MISSING_KEY, `the model needs "${key}": ${what}`);
    }

    let ok = true;
    const schemaNode = valueOf(props, '$schema');
    if (schemaNode && readString(r, schemaNode, '$schema') === undefined) ok = false;
    // name
    let name = defaultModelName(this.options.fileName ?? '');
    const nameNode = valueOf(props, 'name');
    if (nameNode) {
      const v = readString(r, nameNode, 'name');
      if (v === undefined) ok = false;
      else if (v.trim() === '') {
        r.error(nameNode, C.INVALID_VALUE, 'name is empty: remove it to use the file name, or write a name');
        ok = false;
      } else name = v;
    }
    // seed
    let seed = DEFAULT_SEED;
    const seedNode = valueOf(props, 'seed');
    if (seedNode) {
      const v = readInteger(r, seedNode, 'seed');
      if (v === undefined) ok = false;
      else seed = v;
    }
    // inputs (model file 1.1's images and layer types are read by src/model/layers/)
    const inputsNode = valueOf(props, 'inputs');
    const layered = isLayeredFile(inputsNode, valueOf(props, 'layers')) ? new LayeredReader(r, {
      readInit: (n, what) => this.readInit(n, what), activationAliases: ACTIVATION_ALIASES, maxParameters: MAX_PARAMETERS, maxUnits: MAX_UNITS,
    }) : undefined;
    const inputs = inputsNode ? (layered ? layered.readInputs(inputsNode) : readSize(r, inputsNode, 'inputs')) : undefined;
    if (inputs === undefined) ok = false;
    // init
    let init: InitSpec = DEFAULT_INIT;
    const initNode = valueOf(props, 'init');
    if (initNode) {
      const v = this.readInit(initNode, 'init');
      if (v === undefined) ok = false;
      else init = v;
    }
    // layers
    const layersNode = valueOf(props, 'layers');
    let layers = layersNode ? (layered ? layered.readLayers(layersNode) : this.readLayers(layersNode, inputs)) : undefined;
    if (!layers) ok = false;
    if (!layered && layers && layersNode && inputs !== undefined && layers.every((l) => l.units !== undefined)) {
      let params = 0;
      let fanIn = inputs;
      for (const l of layers) {
        params += l.units! * (fanIn + 1);
        fanIn = l.units!;
      }
      if (params > MAX_PARAMETERS) {
        r.error(layersNode, C.INVALID_VALUE,
          `this network has ${params.toLocaleString('en-US')} weights and biases; at most ${MAX_PARAMETERS.toLocaleString('en-US')} are supported`);
        ok = false;
        layers = undefined;
      }
    }
    // loss
    const lossNode = valueOf(props, 'loss');
    const loss = lossNode ? readChoice(r, lossNode, 'loss', LOSSES, C.UNKNOWN_LOSS, LOSS_ALIASES) : undefined;
    if (loss === undefined) ok = false;
    // data
    const lastUnits = layers && layers.length > 0 ? layers[layers.length - 1]!.units : undefined;
    const dataNode = valueOf(props, 'data');
    const data = dataNode
      ? readData(r, dataNode, {
        ...(inputs !== undefined ? { inputs } : {}),
        ...(lastUnits !== undefined ? { outputs: lastUnits } : {}),
        seed,
        ...(this.options.dataFiles ? { dataFiles: this.options.dataFiles } : {}),
      })
      : undefined;
    if (!data) ok = false;
    // train
    let train: TrainDraft | undefined = { spec: { ...DEFAULT_TRAIN }, props: new Map() };
    const trainNode = valueOf(props, 'train');
    if (trainNode) {
      train = this.readTrain(trainNode);
      if (!train) ok = false;
    }

    this.advise({ layers, loss, lossNode, data, train, init });

    if (!ok || inputs === undefined || !layers || loss === undefined || !data || !train) return undefined;
    if (layers.some((l) => !l.ok || l.units === undefined || !l.activation)) return undefined;
    const layeredModel = layered?.model(seed, init);
    if (layered && !layeredModel) return undefined;
    const modelLayers: ModelLayer[] = layers.map((l, index) => ({
      index,
      name: l.name,
      units: l.units!,
      fanIn: index === 0 ? inputs : layers[index - 1]!.units!,
      activation: l.activation!,
      ...(l.weights ? { weights: l.weights } : {}),
      bias: l.bias ?? 0,
      init: l.init ?? init,
      ...(l.trainable !== undefined ? { trainable: l.trainable } : {}),
      source: l.source,
    }));
    const range = (n: Node | undefined): SourceRange | undefined => (n ? r.range(n) : undefined);
    const source: ModelFile['source'] = {
      root: r.range(root),
      ...(lossNode ? { loss: range(lossNode)! } : {}),
      ...(dataNode ? { data: range(dataNode)! } : {}),
      ...(trainNode ? { train: range(trainNode)! } : {}),
      ...(layersNode ? { layers: range(layersNode)! } : {}),
      properties: propertyRanges(r, props),
      ...(data.properties ? { dataProperties: data.properties } : {}),
      ...(trainNode ? { trainProperties: propertyRanges(r, train.props) } : {}),
    };
    return {
      name,
      fileName: this.options.fileName,
      seed,
      inputs,
      layers: modelLayers,
      loss,
      data: data.data,
      train: train.spec,
      source,
      ...(layeredModel ? { layered: layeredModel } : {}),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Initialisers

  private readInit(node: Node, what: string): InitSpec | undefined {
    const r = this.r;
    const usage = 'use "xavier", "he", "zeros", {"uniform": [lo, hi]} or {"normal": [mean, std]}';
    if (node.type === 'string') {
      const s = String(node.value);
      if ((INIT_NAMES as readonly string[]).includes(s)) return s as InitSpec;
      if (s === 'uniform' || s === 'normal') {
        const example = s === 'uniform' ? '{"uniform": [-0.5, 0.5]}' : '{"normal": [0, 0.1]}';
        r.error(node, C.UNKNOWN_INIT, `"${s}" needs its parameters: write ${example}`, { text: example, title: `Write ${example}` });
        return undefined;
      }
      const aliases: Record<string, string> = {
        glorot: 'xavier', 'glorot-uniform': 'xavier', glorotuniform: 'xavier', 'xavier-uniform': 'xavier',
        kaiming: 'he', 'kaiming-normal': 'he', 'he-normal': 'he', henormal: 'he', zero: 'zeros',
      };
      const near = ownEntry(aliases, s.toLowerCase().replace(/_/g, '-')) ?? closest(s, INIT_NAMES);
      r.error(node, C.UNKNOWN_INIT,
        `unknown ${what} '${s}'${near === undefined ? '' : ` (did you mean '${near}'?)`}: ${usage}`, renameFix(near));
      return undefined;
    }
    if (node.type === 'object') {
      const propsList = (node.children ?? []).filter((p) => p.type === 'property' && p.children?.[0]);
      if (propsList.length === 0) {
        r.error(node, C.UNKNOWN_INIT, `an empty object is not an initialiser: ${usage}`);
        return undefined;
      }
      let result: InitSpec | undefined;
      let ok = true;
      propsList.forEach((p, i) => {
        const keyNode = p.children![0]!;
        const key = String(keyNode.value);
        const value = p.children![1];
        if (i > 0) {
          r.error(keyNode, C.INVALID_VALUE, `an initialiser object has exactly one key, "uniform" or "normal": remove '${key}'`);
          ok = false;
          return;
        }
        if (key !== 'uniform' && key !== 'normal') {
          const near = suggestChoice(key, INIT_KINDS, { gaussian: 'normal', gauss: 'normal', randn: 'normal', rand: 'uniform' });
          r.error(keyNode, C.UNKNOWN_INIT,
            `unknown initialiser '${key}'${near === undefined ? '' : ` (did you mean '${near}'?)`}: ${usage}`, renameFix(near));
          ok = false;
          return;
        }
        if (!value) {
          ok = false;
          return;
        }
        const pair = key === 'uniform' ? '[lo, hi]' : '[mean, std]';
        if (value.type !== 'array') {
          r.error(value, C.WRONG_TYPE, `"${key}" takes two numbers ${pair}, not ${describe(value)}`);
          ok = false;
          return;
        }
        const nums = items(value).map((n, k) => readNumber(r, n, `${key}[${k}]`));
        if (nums.length !== 2) {
          r.error(value, C.INVALID_VALUE, `"${key}" takes exactly two numbers ${pair}, not ${nums.length}`);
          ok = false;
          return;
        }
        const [a, b] = nums;
        if (a === undefined || b === undefined) {
          ok = false;
          return;
        }
        if (key === 'uniform' && a > b) {
          r.error(value, C.INVALID_VALUE, `"uniform": [lo, hi] needs lo ≤ hi, but ${a} > ${b}`);
          ok = false;
          return;
        }
        if (key === 'normal' && b < 0) {
          r.error(items(value)[1]!, C.INVALID_VALUE, `"normal": [mean, std] needs std ≥ 0, not ${b}`);
          ok = false;
          return;
        }
        result = key === 'uniform' ? { uniform: [a, b] } : { normal: [a, b] };
      });
      return ok ? result : undefined;
    }
    r.error(node, C.WRONG_TYPE, `${what} must be a string or an object (${usage.slice(4)}), not ${describe(node)}`);
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Layers

  private readLayers(node: Node, inputs: number | undefined): LayerDraft[] | undefined {
    const r = this.r;
    if (node.type !== 'array') {
      r.error(node, C.WRONG_TYPE, `layers must be an array of layer objects, e.g. [{ "units": 2, "activation": "sigmoid" }], not ${describe(node)}`);
      return undefined;
    }
    const layerNodes = items(node);
    if (layerNodes.length === 0) {
      r.error(node, C.INVALID_VALUE, 'layers is empty: give at least one layer, e.g. [{ "units": 1 }]');
      return undefined;
    }
    const drafts: LayerDraft[] = [];
    const seenNames = new Map<string, number>();
    let fanIn = inputs;
    let fanInWhy = `"inputs" is ${inputs}`;
    let ok = true;
    layerNodes.forEach((layerNode, index) => {
      const draft = this.readLayer(layerNode, index, fanIn, fanInWhy, seenNames);
      if (!draft) {
        ok = false;
        fanIn = undefined;
        return;
      }
      drafts.push(draft);
      if (!draft.ok) ok = false;
      fanIn = draft.units;
      fanInWhy = `the previous layer '${draft.name}' has ${plural(draft.units ?? 0, 'unit')}`;
    });
    return ok ? drafts : drafts.length === layerNodes.length ? drafts : undefined;
  }

  private readLayer(
    node: Node, index: number, fanIn: number | undefined, fanInWhy: string,
    seenNames: Map<string, number>,
  ): LayerDraft | undefined {
    const r = this.r;
    if (node.type !== 'object') {
      r.error(node, C.WRONG_TYPE, `layer ${index + 1} must be an object such as { "units": 2, "activation": "sigmoid" }, not ${describe(node)}`);
      return undefined;
    }
    const props = readObject(r, node, LAYER_KEYS, `layer ${index + 1}`);
    let ok = true;
    let name = `layer${index + 1}`;
    const nameNode = valueOf(props, 'name');
    if (nameNode) {
      const v = readString(r, nameNode, 'the layer name');
      if (v === undefined) ok = false;
      else if (v.trim() === '') {
        r.error(nameNode, C.INVALID_VALUE, `the name of layer ${index + 1} is empty`);
        ok = false;
      } else name = v;
    }
    const earlier = seenNames.get(name);
    if (earlier !== undefined) {
      r.error(nameNode ?? r.lines.range(node.offset, 1), C.INVALID_VALUE,
        `two layers are called '${name}' (layers ${earlier + 1} and ${index + 1}): layer names must be unique`);
      ok = false;
    } else seenNames.set(name, index);
    const label = nameNode ? `layer '${name}'` : `layer ${index + 1}`;

    const typeNode = valueOf(props, 'type');
    if (typeNode && readChoice(r, typeNode, 'layer type', LAYER_TYPES, C.INVALID_VALUE) === undefined) ok = false;

    const unitsNode = valueOf(props, 'units');
    if (!props.has('units')) {
      r.error(missingKeyAt(r, node), C.MISSING_KEY, `${label} needs "units": its number of neurons`);
      ok = false;
    }
    const units = unitsNode ? readSize(r, unitsNode, `"units" of ${label}`) : undefined;
    if (units === undefined) ok = false;

    let activation: ActivationSpec | undefined = 'linear';
    let fRange: SourceRange | undefined;
    let dfRange: SourceRange | undefined;
    let dfDerived: boolean | undefined;
    const actNode = valueOf(props, 'activation');
    if (actNode) {
      if (actNode.type === 'string') {
        activation = readChoice(r, actNode, 'activation', BUILTIN_ACTIVATIONS, C.UNKNOWN_ACTIVATION, ACTIVATION_ALIASES);
      } else if (actNode.type === 'object') {
        const custom = readCustomActivation(r, actNode, label);
        activation = custom?.activation;
        fRange = custom?.fRange;
        dfRange = custom?.dfRange;
        dfDerived = custom?.dfDerived;
      } else {
        r.error(actNode, C.WRONG_TYPE,
          `activation must be a name such as "sigmoid", or an object { "name", "f", "df" }, not ${describe(actNode)}`);
        activation = undefined;
      }
      if (activation === undefined) ok = false;
    }

    let init: InitSpec | undefined;
    const initNode = valueOf(props, 'init');
    if (initNode) {
      init = this.readInit(initNode, `init of ${label}`);
      if (init === undefined) ok = false;
    }

    const weightsNode = valueOf(props, 'weights');
    let weights: { values: number[][]; ranges: SourceRange[][] } | undefined;
    if (weightsNode) {
      weights = this.readWeights(weightsNode, label, units, fanIn, fanInWhy);
      if (!weights) ok = false;
    }

    const biasNode = valueOf(props, 'bias');
    let bias: { value: number | number[]; ranges?: SourceRange[] } | undefined;
    if (biasNode) {
      bias = this.readBias(biasNode, label, units);
      if (!bias) ok = false;
    }

    const trainableNode = valueOf(props, 'trainable');
    const trainable = trainableNode ? readTrainable(r, trainableNode, label) : undefined;
    if (trainableNode && trainable === undefined) ok = false;

    if (weightsNode && initNode && weights) {
      r.info(initNode, C.ADVICE, `${label} gives its weights explicitly, so its "init" is not used`);
    }

    const range = (n: Node | undefined): SourceRange | undefined => (n ? r.range(n) : undefined);
    const source: LayerSource = {
      range: r.range(node),
      ...(nameNode ? { nameRange: range(nameNode)! } : {}),
      ...(actNode ? { activationRange: range(actNode)! } : {}),
      ...(fRange ? { fRange } : {}),
      ...(dfRange ? { dfRange } : {}),
      ...(dfDerived !== undefined ? { dfDerived } : {}),
      ...(weightsNode ? { weightsRange: range(weightsNode)! } : {}),
      ...(weights ? { weightRanges: weights.ranges } : {}),
      ...(biasNode ? { biasRange: range(biasNode)! } : {}),
      ...(bias?.ranges ? { biasRanges: bias.ranges } : {}),
      ...(unitsNode ? { unitsRange: range(unitsNode)! } : {}),
      ...(initNode ? { initRange: range(initNode)! } : {}),
      properties: propertyRanges(r, props),
    };
    return {
      ok,
      name,
      ...(units !== undefined ? { units } : {}),
      ...(activation !== undefined ? { activation } : {}),
      ...(init !== undefined ? { init } : {}),
      ...(weights ? { weights: weights.values } : {}),
      ...(bias ? { bias: bias.value } : {}),
      ...(trainable !== undefined ? { trainable } : {}),
      source,
    };
  }

  private readWeights(
    node: Node, label: string, units: number | undefined, fanIn: number | undefined, fanInWhy: string,
  ): { values: number[][]; ranges: SourceRange[][] } | undefined {
    const r = this.r;
    if (node.type !== 'array') {
      r.error(node, C.WRONG_TYPE,
        `weights must be an array of rows, one row of incoming weights per unit, e.g. [[0.1, 0.2], [0.3, 0.4]], not ${describe(node)}`);
      return undefined;
    }
    const rowNodes = items(node);
    if (rowNodes.length > 0 && rowNodes.every((n) => n.type === 'number')) {
      const hint = rowsHint(rowNodes.map((n) => Number(n.value)), fanIn);
      r.error(node, C.WRONG_TYPE,
        `the weights of ${label} must be rows, one row of incoming weights per unit, not a flat list of numbers${hint ? `: write ${hint}` : ''}`,
        hint === undefined ? undefined : { text: hint, title: 'Write one row per unit' });
      return undefined;
    }
    let ok = true;
    const values: number[][] = [];
    const ranges: SourceRange[][] = [];
    rowNodes.forEach((rowNode, i) => {
      if (rowNode.type !== 'array') {
        r.error(rowNode, C.WRONG_TYPE,
          `row ${i + 1} of the weights of ${label} must be an array of numbers (the incoming weights of unit ${i + 1}), not ${describe(rowNode)}`);
        ok = false;
        return;
      }
      const row: number[] = [];
      const rowRanges: SourceRange[] = [];
      for (const cell of items(rowNode)) {
        const v = readNumber(r, cell, 'a weight');
        if (v === undefined) ok = false;
        else {
          row.push(v);
          rowRanges.push(r.range(cell));
        }
      }
      values.push(row);
      ranges.push(rowRanges);
    });
    if (!ok) return undefined;
    const rows = values.length;
    const transposed = units !== undefined && fanIn !== undefined && units !== fanIn && rows === fanIn
      && rows > 0 && values.every((row) => row.length === units);
    if (transposed) {
      r.error(node, C.SHAPE_MISMATCH,
        `the weights of ${label} are ${rows}×${units} but must be ${units}×${fanIn} (units × fan-in): they look transposed. Row r holds the incoming weights of unit r, as in PyTorch's nn.Linear`);
      return undefined;
    }
    if (units !== undefined && rows !== units) {
      r.error(node, C.SHAPE_MISMATCH,
        `the weights of ${label} have ${plural(rows, 'row')} but the layer has ${plural(units, 'unit')}: row r holds the incoming weights of unit r`);
      ok = false;
    }
    if (fanIn !== undefined) {
      values.forEach((row, i) => {
        if (row.length !== fanIn) {
          r.error(rowNodes[i]!, C.SHAPE_MISMATCH,
            `row ${i + 1} of the weights of ${label} has ${plural(row.length, 'number')}, expected ${fanIn}: one weight per incoming value (${fanInWhy})`);
          ok = false;
        }
      });
    }
    return ok && units !== undefined && fanIn !== undefined ? { values, ranges } : undefined;
  }

  private readBias(node: Node, label: string, units: number | undefined): { value: number | number[]; ranges?: SourceRange[] } | undefined {
    const r = this.r;
    if (node.type === 'number') {
      const v = readNumber(r, node, 'bias');
      return v === undefined ? undefined : { value: v };
    }
    if (node.type !== 'array') {
      r.error(node, C.WRONG_TYPE, `bias must be a number (used for every unit) or an array with one number per unit, not ${describe(node)}`);
      return undefined;
    }
    let ok = true;
    const values: number[] = [];
    const ranges: SourceRange[] = [];
    for (const cell of items(node)) {
      const v = readNumber(r, cell, 'a bias');
      if (v === undefined) ok = false;
      else {
        values.push(v);
        ranges.push(r.range(cell));
      }
    }
    const n = items(node).length;
    if (units !== undefined && n !== units) {
      r.error(node, C.SHAPE_MISMATCH,
        `the bias of ${label} has ${plural(n, 'number')} but the layer has ${plural(units, 'unit')}: one bias per unit, or a single number for all`);
      ok = false;
    }
    return ok ? { value: values, ranges } : undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Training

  private readTrain(node: Node): TrainDraft | undefined {
    const r = this.r;
    if (node.type !== 'object') {
      r.error(node, C.WRONG_TYPE, `train must be an object such as { "optimizer": "sgd", "learningRate": 0.1 }, not ${describe(node)}`);
      return undefined;
    }
    const props = readObject(r, node, TRAIN_KEYS, 'train');
    let ok = true;
    const spec: { -readonly [K in keyof TrainSpec]: TrainSpec[K] } = { ...DEFAULT_TRAIN };
    const v = (key: string): Node | undefined => valueOf(props, key);

    const opt = v('optimizer');
    if (opt) {
      const o = readChoice(r, opt, 'optimizer', OPTIMIZERS, C.UNKNOWN_OPTIMIZER, OPTIMIZER_ALIASES);
      if (o === undefined) ok = false;
      else spec.optimizer = o;
    }
    const lr = v('learningRate');
    if (lr) {
      const x = readNumber(r, lr, 'learningRate');
      if (x === undefined) ok = false;
      else if (!(x > 0)) {
        r.error(lr, C.INVALID_VALUE, `learningRate must be greater than 0, not ${x}`);
        ok = false;
      } else spec.learningRate = x;
    }
    const mom = v('momentum');
    if (mom) {
      const x = readNumber(r, mom, 'momentum');
      if (x === undefined) ok = false;
      else if (!(x >= 0 && x < 1)) {
        r.error(mom, C.INVALID_VALUE, `momentum must be at least 0 and less than 1, not ${x}`);
        ok = false;
      } else spec.momentum = x;
    }
    const wd = v('weightDecay');
    if (wd) {
      const x = readNumber(r, wd, 'weightDecay');
      if (x === undefined) ok = false;
      else if (!(x >= 0)) {
        r.error(wd, C.INVALID_VALUE, `weightDecay must be 0 or more, not ${x}`);
        ok = false;
      } else spec.weightDecay = x;
    }
    const bs = v('batchSize');
    if (bs) {
      const x = readInteger(r, bs, 'batchSize', 1);
      if (x === undefined) ok = false;
      else spec.batchSize = x;
    }
    const ep = v('epochs');
    if (ep) {
      const x = readInteger(r, ep, 'epochs', 0);
      if (x === undefined) ok = false;
      else if (x > MAX_EPOCHS) {
        // As the command line's --epochs: a run no machine finishes is refused, not started.
        r.error(ep, C.INVALID_VALUE, `epochs is ${x}; at most ${MAX_EPOCHS.toLocaleString('en-US')} are supported`);
        ok = false;
      } else spec.epochs = x;
    }
    const sched = v('schedule');
    if (sched) {
      const x = readSchedule(r, sched, spec.learningRate);
      if (x === undefined) ok = false;
      else spec.schedule = x;
    }
    const sh = v('shuffle');
    if (sh) {
      const x = readBoolean(r, sh, 'shuffle');
      if (x === undefined) ok = false;
      else spec.shuffle = x;
    }
    return ok ? { spec, props } : undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Advice: not errors, but things a teacher would point out.

  private advise(p: {
    layers: LayerDraft[] | undefined; loss: LossKind | undefined; lossNode: Node | undefined;
    data: DataResult | undefined; train: TrainDraft | undefined; init: InitSpec;
  }): void {
    const r = this.r;
    const { layers, loss, lossNode, data, train } = p;
    const topInit = p.init;
    if (layers) {
      for (const l of layers) {
        if (l.activation === 'softmax' && l.units === 1) {
          r.warning(l.source.activationRange ?? l.source.range, C.ADVICE,
            'a softmax layer of one unit always outputs 1 and passes back no gradient: use "sigmoid" for one output');
        }
        const reluish = l.activation === 'relu' || l.activation === 'leaky-relu';
        if (reluish && !l.weights && (l.init ?? topInit) === 'xavier') {
          const message = `He initialisation suits ReLU: a ${l.activation} unit passes on only about half of its input, and He's larger weights (variance 2 / fan-in) keep the signal from shrinking layer by layer; try "init": "he"`;
          if (l.source.initRange) {
            r.info(l.source.initRange, C.ADVICE, message, { text: '"he"', title: 'Use He initialisation for this layer' });
          } else {
            const at = l.source.activationRange ?? l.source.range;
            const end = r.lines.range(at.endOffset, 0);
            r.info(at, C.ADVICE, message, l.source.activationRange
              ? { text: ', "init": "he"', range: end, title: 'Use He initialisation for this layer' }
              : undefined);
          }
        }
      }
    }
    const last = layers && layers.length > 0 ? layers[layers.length - 1] : undefined;
    const act = last?.activation;
    if (loss !== undefined && lossNode && typeof act === 'string') {
      if (act === 'softmax' && (loss === 'squared' || loss === 'mse')) {
        r.warning(lossNode, C.ADVICE,
          `a softmax output with the "${loss}" loss learns slowly when it is confidently wrong: use "cross-entropy"`, renameFix('cross-entropy'));
      } else if (loss === 'cross-entropy' && act !== 'softmax') {
        r.warning(lossNode, C.ADVICE, act === 'sigmoid'
          ? 'cross-entropy is meant for a softmax output layer: with sigmoid outputs use "binary-cross-entropy", or make the output layer "softmax"'
          : `cross-entropy takes ln of the outputs, which must be probabilities: a ${act} output layer gives values that are not; use a "softmax" output layer`,
        act === 'sigmoid' ? renameFix('binary-cross-entropy') : undefined);
      } else if (loss === 'binary-cross-entropy' && act === 'softmax') {
        r.warning(lossNode, C.ADVICE,
          'softmax outputs sum to 1, but binary-cross-entropy treats each output as a separate yes/no probability: use "sigmoid" outputs, or the "cross-entropy" loss',
          renameFix('cross-entropy'));
      } else if (loss === 'binary-cross-entropy' && act !== 'sigmoid') {
        r.warning(lossNode, C.ADVICE,
          `binary-cross-entropy takes ln(o) and ln(1 − o): ${act} outputs can leave (0, 1); use a "sigmoid" output layer`);
      }
    }
    if (data && loss !== undefined) this.adviseTargets(data, loss);
    if (train && data) {
      const bsNode = valueOf(train.props, 'batchSize');
      const n = data.data.train.inputs.rows;
      if (bsNode && train.spec.batchSize !== undefined && train.spec.batchSize > n) {
        r.info(bsNode, C.ADVICE, `batchSize ${train.spec.batchSize} is more than the ${plural(n, 'training sample')}: every step uses the whole training set`);
      }
    }
    if (train) {
      const momKey = train.props.get('momentum');
      if (momKey && train.spec.optimizer !== 'momentum') {
        r.info(momKey.keyNode, C.ADVICE, `momentum is only used by the "momentum" optimizer (this file uses "${train.spec.optimizer}")`);
      }
    }
  }

  private adviseTargets(data: DataResult, loss: LossKind): void {
    if (loss !== 'cross-entropy' && loss !== 'binary-cross-entropy') return;
    const r = this.r;
    const t = data.data.train.targets;
    const bad: number[] = [];
    let example = '';
    for (let i = 0; i < t.rows; i++) {
      let sum = 0;
      let outside: number | undefined;
      for (let k = 0; k < t.cols; k++) {
        const v = t.data[i * t.cols + k]!;
        sum += v;
        if ((v < 0 || v > 1) && outside === undefined) outside = v;
      }
      if (loss === 'binary-cross-entropy' && outside !== undefined) {
        if (bad.length === 0) example = `row ${i + 1} has ${outside}`;
        bad.push(i);
      } else if (loss === 'cross-entropy' && (outside !== undefined || Math.abs(sum - 1) > 1e-6 * Math.max(1, t.cols))) {
        if (bad.length === 0) example = outside !== undefined ? `row ${i + 1} has ${outside}` : `row ${i + 1} sums to ${+sum.toPrecision(6)}`;
        bad.push(i);
      }
    }
    if (bad.length === 0) return;
    const first = bad[0]!;
    const at = data.targetRowNodes?.[first] ? r.range(data.targetRowNodes[first]!) : data.targetsAt;
    const more = bad.length > 1 ? ` (and ${plural(bad.length - 1, 'more row')})` : '';
    if (loss === 'binary-cross-entropy') {
      r.warning(at, C.ADVICE, `binary-cross-entropy needs targets between 0 and 1: ${example}${more}`);
    } else {
      r.warning(at, C.ADVICE,
        `cross-entropy targets should be probabilities that sum to 1 (one-hot for classes): ${example}${more}`);
    }
  }
}
