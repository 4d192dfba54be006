/**
 * Reading the layers of a model file 1.1 (docs/spec/model-file-v1.1-layers.md): image inputs
 * `[C, H, W]` and layers of every type, each shape following from the one before. Every problem is
 * reported on its own key or value; shape arithmetic names the layer and the numbers. A file whose
 * inputs are a number and whose layers are all dense is NOT read here (parse.ts keeps reading it as
 * version 1, so it gives exactly what it gave before).
 */
import * as l10n from '@vscode/l10n';
import { findNodeAtLocation, type Node } from 'jsonc-parser';
import type { LayerSpec, LayerType, Pair, SampleShape, TrainableSpec } from '../../engine/layers/spec';
import type { ActivationSpec, InitSpec } from '../../engine/spec';
import { readInit } from '../read/init';
import { readLayerActivation, type LayerDraft } from '../read/layers';
import { MAX_PARAMETERS, MAX_UNITS } from '../read/vocabulary';
import * as C from '../codes';
import {
  count, describe, items, missingKeyAt, propertyRanges, readChoice, readInteger, readNumber, readObject, readString, valueOf, type Prop, type Reporter,
} from '../report';
import type { LayerSource, SourceRange } from '../../shared/sourceRange';
import type { LayeredModel } from './layeredModel';

export type { LayeredModel };
import { ALL_LAYER_KEYS, hasParameters, KEYS_BY_TYPE, LAYER_TYPE_ALIASES, LAYER_TYPES_V1_1 } from './layerKeys';
import { readTensor, readVectorOrNumber } from './tensor';
import { readTrainable } from './trainingKeys';
import type { ParameterKey } from '../read/weightsFile';

/** Most numbers one sample may hold at any layer (C·H·W): far above any teaching model, it keeps a typo from exhausting memory. */
export const MAX_SAMPLE_VALUES = 1_000_000;

/** What the model reader needs to know of each layer: the dense reader's draft, read here for every type. */
export type LayeredDraft = LayerDraft;


/** True when the model (its root object) uses version 1.1's layers: image inputs, or a layer whose `type` is not `dense`. */
export function isLayeredFile(root: Node): boolean {
  const inputsNode = findNodeAtLocation(root, ['inputs']);
  const layersNode = findNodeAtLocation(root, ['layers']);
  if (inputsNode?.type === 'array') return true;
  if (layersNode?.type !== 'array') return false;
  return items(layersNode).some((layer) => layer.type === 'object' && (layer.children ?? []).some((p) => {
    const [key, value] = p.children ?? [];
    return key?.value === 'type' && value !== undefined && value.value !== 'dense';
  }));
}

/** `6×8×8` */
function dims(shape: SampleShape): string {
  return `[${shape.join(', ')}]`;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class LayeredReader {
  inputShape: number[] | undefined;
  private specs: (Omit<LayerSpec, 'init'> & { init?: InitSpec })[] | undefined;
  private shapes: { type: LayerType; inShape: SampleShape; outShape: SampleShape }[] = [];
  private parameters = 0;

  constructor(private readonly r: Reporter) {}

  /** `"inputs"`: a number F, or `[C, H, W]`. Returns the numbers per sample. */
  readInputs(node: Node): number | undefined {
    const r = this.r;
    if (node.type === 'number') {
      const v = readInteger(r, node, 'inputs', 1);
      if (v !== undefined && v > MAX_UNITS) {
        r.error(node, C.INVALID_VALUE, l10n.t('{0} is {1}; at most {2} are supported', 'inputs', v, MAX_UNITS.toLocaleString('en-US')));
        return undefined;
      }
      if (v !== undefined) this.inputShape = [v];
      return v;
    }
    if (node.type !== 'array') {
      r.error(node, C.WRONG_TYPE, l10n.t('inputs must be a number of features, or [channels, height, width] for images, e.g. [1, 8, 8], not {0}', describe(node)));
      return undefined;
    }
    const cells = items(node);
    if (cells.length !== 3) {
      r.error(node, C.WRONG_TYPE, l10n.t("inputs as an array is an image's [channels, height, width], e.g. [1, 8, 8]: it has {0}, not 3 (a flat input is one number)", count.number(cells.length)));
      return undefined;
    }
    const names = [l10n.t('the channels of inputs'), l10n.t('the height of inputs'), l10n.t('the width of inputs')];
    const shape: number[] = [];
    for (const [i, cell] of cells.entries()) {
      const v = readInteger(this.r, cell, names[i]!, 1);
      if (v === undefined) return undefined;
      shape.push(v);
    }
    const size = shape.reduce((a, b) => a * b, 1);
    if (size > MAX_SAMPLE_VALUES) {
      r.error(node, C.INVALID_VALUE, l10n.t('inputs {0} holds {1} numbers per sample; at most {2} are supported', dims(shape), size.toLocaleString('en-US'), MAX_SAMPLE_VALUES.toLocaleString('en-US')));
      return undefined;
    }
    this.inputShape = shape;
    return size;
  }

  /** `"layers"`: every layer, shapes flowing from the inputs (unknown after a layer that cannot be read). */
  readLayers(node: Node): LayeredDraft[] | undefined {
    const r = this.r;
    if (node.type !== 'array') {
      r.error(node, C.WRONG_TYPE, l10n.t('layers must be an array of layer objects, e.g. {0}, not {1}', '[{ "type": "conv2d", "filters": 4, "kernel": 3 }]', describe(node)));
      return undefined;
    }
    const layerNodes = items(node);
    if (layerNodes.length === 0) {
      r.error(node, C.INVALID_VALUE, l10n.t('layers is empty: give at least one layer, e.g. {0}', '[{ "units": 1 }]'));
      return undefined;
    }
    const drafts: LayeredDraft[] = [];
    const specs: (Omit<LayerSpec, 'init'> & { init?: InitSpec })[] = [];
    const seenNames = new Map<string, number>();
    let shape: SampleShape | undefined = this.inputShape;
    let from = this.inputShape ? l10n.t('the inputs') : '';
    let ok = true;
    for (const [index, layerNode] of layerNodes.entries()) {
      const read = this.readLayer(layerNode, index, shape, from, seenNames);
      if (!read) {
        ok = false;
        shape = undefined;
        continue;
      }
      drafts.push(read.draft);
      if (!read.draft.ok || !read.spec || !read.outShape) ok = false;
      else specs.push(read.spec);
      if (read.spec && read.outShape && shape) this.shapes.push({ type: read.spec.type, inShape: shape, outShape: read.outShape });
      shape = read.outShape;
      from = l10n.t("layer '{0}'", read.draft.name);
    }
    if (ok && this.parameters > MAX_PARAMETERS) {
      r.error(node, C.INVALID_VALUE,
        l10n.t('this network has {0} parameters; at most {1} are supported', this.parameters.toLocaleString('en-US'), MAX_PARAMETERS.toLocaleString('en-US')));
      ok = false;
    }
    if (ok) this.specs = specs;
    return drafts.length === layerNodes.length ? drafts : undefined;
  }

  /** The network, when the inputs and every layer were read without errors. */
  model(seed: number, defaultInit: InitSpec): LayeredModel | undefined {
    if (!this.specs || !this.inputShape || this.shapes.length !== this.specs.length) return undefined;
    const layers = this.specs.map((s) => ('init' in s || s.type === 'dense' || s.type === 'conv2d'
      ? { ...s, init: s.init ?? defaultInit } : s) as LayerSpec);
    return {
      spec: { inputs: [...this.inputShape], layers, seed },
      inputShape: [...this.inputShape],
      layers: this.shapes,
      parameters: this.parameters,
    };
  }

  /**
   * Each parameter a weights file may fill, with its shape (model file keys: ../read/weightsFile.ts);
   * empty unless every layer was read without errors.
   */
  parameterShapes(): { index: number; name: string; key: ParameterKey; shape: number[] }[] {
    if (!this.specs || this.shapes.length !== this.specs.length) return [];
    return this.specs.flatMap((written, index) => {
      const spec = written as LayerSpec;
      const inShape = this.shapes[index]!.inShape;
      const name = (spec as { name?: string }).name ?? `layer${index + 1}`;
      const at = (key: ParameterKey, shape: number[]) => ({ index, name, key, shape });
      if (spec.type === 'dense') return [at('weights', [spec.units, inShape[0]!]), at('bias', [spec.units])];
      if (spec.type === 'conv2d') {
        const [kh, kw] = typeof spec.kernel === 'number' ? [spec.kernel, spec.kernel] : spec.kernel;
        return [at('weights', [spec.filters, inShape[0]!, kh, kw]), at('bias', [spec.filters])];
      }
      if (spec.type === 'batchnorm') return (['scale', 'shift', 'runningMean', 'runningVar'] as const).map((key) => at(key, [inShape[0]!]));
      return [];
    });
  }

  /** Sets the parameters a weights file gave (`values(index, key)`), as if they were written inline. */
  fillParameters(values: (index: number, key: ParameterKey) => Float64Array | undefined): void {
    if (!this.specs) return;
    this.specs = this.specs.map((written, index) => {
      const spec = written as LayerSpec;
      const got = (key: ParameterKey): number[] | undefined => {
        const v = values(index, key);
        return v ? Array.from(v) : undefined;
      };
      const filled: Record<string, unknown> = { ...spec };
      if (spec.type === 'dense') {
        const w = got('weights');
        if (w) filled.weights = Array.from({ length: spec.units }, (_, i) => w.slice(i * (w.length / spec.units), (i + 1) * (w.length / spec.units)));
      }
      for (const key of ['weights', 'bias', 'scale', 'shift', 'runningMean', 'runningVar'] as const) {
        if (key === 'weights' && spec.type === 'dense') continue;
        const v = got(key);
        if (v) filled[key] = v;
      }
      return filled as typeof written;
    });
  }

  // -------------------------------------------------------------------------------------------

  private readLayer(
    node: Node, index: number, inShape: SampleShape | undefined, from: string, seenNames: Map<string, number>,
  ): { draft: LayeredDraft; spec?: Omit<LayerSpec, 'init'> & { init?: InitSpec }; outShape?: SampleShape } | undefined {
    const r = this.r;
    if (node.type !== 'object') {
      r.error(node, C.WRONG_TYPE, l10n.t('layer {0} must be an object such as {1}, not {2}', index + 1, '{ "type": "conv2d", "filters": 4, "kernel": 3 }', describe(node)));
      return undefined;
    }
    const props = readObject(r, node, ALL_LAYER_KEYS, l10n.t('layer {0}', index + 1));
    const head = this.readHead(node, props, index, seenNames);
    if (!head.type) return { draft: { ok: false, name: head.name, source: this.source(node, props, {}) } };
    const { name, label, type } = head;
    let ok = head.ok && this.keysFitType(props, type, label);
    const trainable = this.readTrainableOf(props, type, label);
    if (trainable === null) ok = false;
    const ctx: LayerContext = { node, props, name, label, type, inShape, from };
    const read = this.readTyped(ctx);
    ok = ok && read.ok;
    return this.finishLayer(ctx, read, ok, trainable ?? undefined);
  }

  /** The layer's name (unique) and type; `type` undefined when it is not a known type (reported). */
  private readHead(node: Node, props: Map<string, Prop>, index: number, seenNames: Map<string, number>): { ok: boolean; name: string; label: string; type?: LayerType } {
    const r = this.r;
    let ok = true;
    let name = `layer${index + 1}`;
    const nameNode = valueOf(props, 'name');
    if (nameNode) {
      const v = readString(r, nameNode, l10n.t('the layer name'));
      if (v === undefined) ok = false;
      else if (v.trim() === '') {
        r.error(nameNode, C.INVALID_VALUE, l10n.t('the name of layer {0} is empty', index + 1));
        ok = false;
      } else name = v;
    }
    const earlier = seenNames.get(name);
    if (earlier !== undefined) {
      r.error(nameNode ?? r.lines.range(node.offset, 1), C.INVALID_VALUE,
        l10n.t("two layers are called '{0}' (layers {1} and {2}): layer names must be unique", name, earlier + 1, index + 1));
      ok = false;
    } else seenNames.set(name, index);
    const label = nameNode ? l10n.t("layer '{0}'", name) : l10n.t('layer {0}', index + 1);
    const typeNode = valueOf(props, 'type');
    if (!typeNode) return { ok, name, label, type: 'dense' };
    const type = readChoice(r, typeNode, l10n.t('layer type'), LAYER_TYPES_V1_1, C.INVALID_VALUE, LAYER_TYPE_ALIASES);
    return type === undefined ? { ok: false, name, label } : { ok, name, label, type };
  }

  /** Keys of other layer types are errors here (a "kernel" on a dense layer is a mistake, not a typo). */
  private keysFitType(props: Map<string, Prop>, type: LayerType, label: string): boolean {
    const allowed = KEYS_BY_TYPE[type];
    let ok = true;
    for (const [key, prop] of props) {
      if (ALL_LAYER_KEYS.includes(key) && !allowed.includes(key)) {
        const keys = allowed.filter((k) => k !== 'name' && k !== 'type').map((k) => `"${k}"`).join(', ');
        this.r.error(prop.keyNode, C.INVALID_VALUE, keys
          ? l10n.t('a {0} layer has no "{1}" ({2}): its keys are {3}', type, key, label, keys)
          : l10n.t('a {0} layer has no "{1}" ({2}): its keys are only "name"', type, key, label));
        ok = false;
      }
    }
    return ok;
  }

  /** `trainable`: undefined when absent, null when wrong (reported). */
  private readTrainableOf(props: Map<string, Prop>, type: LayerType, label: string): TrainableSpec | undefined | null {
    const trainableNode = valueOf(props, 'trainable');
    if (!trainableNode) return undefined;
    const trainable = readTrainable(this.r, trainableNode, label);
    if (trainable === undefined) return null;
    if (hasParameters(type)) return trainable;
    this.r.error(trainableNode, C.INVALID_VALUE, l10n.t('{0} is a {1} layer: it has no parameters to freeze; remove "trainable"', label, type));
    return null;
  }

  /** The draft for parse.ts and, when the layer is right, its spec and output shape. */
  private finishLayer(
    c: LayerContext, read: TypedRead, ok: boolean, trainable: TrainableSpec | undefined,
  ): { draft: LayeredDraft; spec?: Omit<LayerSpec, 'init'> & { init?: InitSpec }; outShape?: SampleShape } {
    const { r } = this;
    const { node, props, name, label } = c;
    const draft: LayeredDraft = {
      ok,
      name,
      ...(read.outShape ? { units: read.outShape.reduce((a, b) => a * b, 1) } : {}),
      activation: read.activation ?? 'linear',
      ...(read.init !== undefined ? { init: read.init } : {}),
      ...(read.denseWeights ? { weights: read.denseWeights } : {}),
      ...(trainable !== undefined ? { trainable } : {}),
      source: this.source(node, props, read.ranges),
    };
    if (!ok || !read.outShape || !read.spec) return { draft, ...(read.outShape ? { outShape: read.outShape } : {}) };
    const size = read.outShape.reduce((a, b) => a * b, 1);
    if (size > MAX_SAMPLE_VALUES) {
      r.error(node, C.INVALID_VALUE, l10n.t("{0}'s output {1} holds {2} numbers per sample; at most {3} are supported", label, dims(read.outShape), size.toLocaleString('en-US'), MAX_SAMPLE_VALUES.toLocaleString('en-US')));
      return { draft: { ...draft, ok: false } };
    }
    const spec = { ...read.spec, name, ...(trainable !== undefined ? { trainable } : {}) } as Omit<LayerSpec, 'init'> & { init?: InitSpec };
    return { draft, spec, outShape: read.outShape };
  }

  private source(node: Node, props: Map<string, Prop>, ranges: Partial<Mutable<LayerSource>>): LayerSource {
    const r = this.r;
    const nameNode = valueOf(props, 'name');
    return {
      range: r.range(node),
      ...(nameNode ? { nameRange: r.range(nameNode) } : {}),
      ...ranges,
      properties: propertyRanges(r, props),
    };
  }

  private readTyped(c: LayerContext): TypedRead {
    switch (c.type) {
      case 'dense': return this.readDense(c);
      case 'conv2d': return this.readConv(c);
      case 'maxpool2d':
      case 'avgpool2d': return this.readPool(c);
      case 'flatten': return this.readFlatten(c);
      case 'activation': return this.readActivationLayer(c);
      case 'dropout': return this.readDropout(c);
      case 'batchnorm': return this.readBatchNorm(c);
    }
  }

  /** Reports a missing key of the layer; returns its value node. */
  private need(c: LayerContext, key: string, what: string): Node | undefined {
    const v = valueOf(c.props, key);
    if (!c.props.has(key)) this.r.error(missingKeyAt(this.r, c.node), C.MISSING_KEY, l10n.t('{0} ({1}) needs "{2}": {3}', c.label, c.type, key, what));
    return v;
  }

  /** An image input [C, H, W], or an error saying what the layer received. */
  private imageInput(c: LayerContext): readonly [number, number, number] | undefined {
    if (!c.inShape) return undefined;
    if (c.inShape.length === 3) return c.inShape as readonly [number, number, number];
    this.r.error(valueOf(c.props, 'type') ?? this.r.lines.range(c.node.offset, 1), C.SHAPE_MISMATCH,
      l10n.t('{0} is a {1} layer, which needs an image input [channels, height, width], but {2} gives a flat {3}: image layers come before flatten and dense layers', c.label, c.type, c.from, dims(c.inShape)));
    return undefined;
  }

  private readActivation(c: LayerContext, ranges: Partial<Mutable<LayerSource>>): { ok: boolean; activation?: ActivationSpec } {
    const actNode = valueOf(c.props, 'activation');
    if (!actNode) return { ok: true };
    const read = readLayerActivation(this.r, c.props, c.label);
    ranges.activationRange = this.r.range(actNode);
    if (read.fRange) ranges.fRange = read.fRange;
    if (read.dfRange) ranges.dfRange = read.dfRange;
    if (read.dfDerived !== undefined) ranges.dfDerived = read.dfDerived;
    return read.activation === undefined ? { ok: false } : { ok: true, activation: read.activation };
  }

  /** Softmax needs a flat output (it normalises over one vector). */
  private checkSoftmax(c: LayerContext, activation: ActivationSpec | undefined, outShape: SampleShape | undefined): boolean {
    if (activation !== 'softmax' || !outShape || outShape.length === 1) return true;
    this.r.error(valueOf(c.props, 'activation')!, C.SHAPE_MISMATCH,
      l10n.t('softmax needs a flat output, but the output of {0} is an image {1}: add {2} and a dense layer with softmax after it', c.label, dims(outShape), '{ "type": "flatten" }'));
    return false;
  }

  private readInit(c: LayerContext, ranges: Partial<Mutable<LayerSource>>): { ok: boolean; init?: InitSpec } {
    const initNode = valueOf(c.props, 'init');
    if (!initNode) return { ok: true };
    ranges.initRange = this.r.range(initNode);
    const init = readInit(this.r, initNode, l10n.t('init of {0}', c.label));
    return init === undefined ? { ok: false } : { ok: true, init };
  }

  private readDense(c: LayerContext): TypedRead {
    const r = this.r;
    const ranges: Partial<Mutable<LayerSource>> = {};
    let ok = true;
    const unitsNode = this.need(c, 'units', l10n.t('its number of neurons'));
    if (!unitsNode) ok = false;
    let units: number | undefined;
    if (unitsNode) {
      ranges.unitsRange = r.range(unitsNode);
      units = readInteger(r, unitsNode, l10n.t('"units" of {0}', c.label), 1);
      if (units !== undefined && units > MAX_UNITS) {
        r.error(unitsNode, C.INVALID_VALUE, l10n.t('{0} is {1}; at most {2} are supported', l10n.t('"units" of {0}', c.label), units, MAX_UNITS.toLocaleString('en-US')));
        units = undefined;
      }
      if (units === undefined) ok = false;
    }
    let fanIn: number | undefined;
    if (c.inShape && c.inShape.length !== 1) {
      this.denseAfterImage(c);
      ok = false;
    } else if (c.inShape) fanIn = c.inShape[0];
    const act = this.readActivation(c, ranges);
    const init = this.readInit(c, ranges);
    ok = ok && act.ok && init.ok;
    const params = this.readDenseParams(c, units, fanIn, ranges);
    ok = ok && params.ok;
    const { weights, bias } = params;
    if (units === undefined || fanIn === undefined || !ok) return { ok, ranges, ...(act.activation ? { activation: act.activation } : {}) };
    this.parameters += units * (fanIn + 1);
    const outShape = [units];
    return {
      ok: this.checkSoftmax(c, act.activation, outShape) && ok,
      ranges,
      outShape,
      activation: act.activation ?? 'linear',
      ...(init.init !== undefined ? { init: init.init } : {}),
      ...(weights ? { denseWeights: weights } : {}),
      spec: {
        type: 'dense', units, activation: act.activation ?? 'linear',
        ...(weights ? { weights } : {}), ...(bias !== undefined ? { bias } : {}), ...(init.init !== undefined ? { init: init.init } : {}),
      },
    };
  }

  /** A dense layer's `weights` [units][fanIn] and `bias`. */
  private readDenseParams(
    c: LayerContext, units: number | undefined, fanIn: number | undefined, ranges: Partial<Mutable<LayerSource>>,
  ): { ok: boolean; weights?: number[][]; bias?: number | number[] } {
    const r = this.r;
    let ok = true;
    let weights: number[][] | undefined;
    const weightsNode = valueOf(c.props, 'weights');
    if (weightsNode) {
      ranges.weightsRange = r.range(weightsNode);
      if (units !== undefined && fanIn !== undefined) {
        const read = readTensor(r, weightsNode, [units, fanIn], l10n.t('the weights of {0}', c.label),
          l10n.t("units × fan-in: row r holds the incoming weights of unit r, as in PyTorch's nn.Linear"), 'weights', l10n.t('a number of the weights of {0}', c.label));
        if (!read) ok = false;
        else {
          weights = Array.from({ length: units }, (_, i) => read.values.slice(i * fanIn!, (i + 1) * fanIn!));
          ranges.weightRanges = Array.from({ length: units }, (_, i) => read.ranges.slice(i * fanIn!, (i + 1) * fanIn!));
        }
      }
    }
    let bias: number | number[] | undefined;
    const biasNode = valueOf(c.props, 'bias');
    if (biasNode) {
      ranges.biasRange = r.range(biasNode);
      if (units !== undefined) {
        const read = readVectorOrNumber(r, biasNode, units, l10n.t('the bias of {0}', c.label), l10n.t('unit'), 'bias', l10n.t('a number of the bias of {0}', c.label));
        if (!read) ok = false;
        else {
          bias = read.value;
          if (read.ranges) ranges.biasRanges = read.ranges;
        }
      }
    }
    return { ok, ...(weights ? { weights } : {}), ...(bias !== undefined ? { bias } : {}) };
  }

  /** A dense layer on an image: the error names the fix and offers it (insert a flatten layer before it). */
  private denseAfterImage(c: LayerContext): void {
    const r = this.r;
    const at = valueOf(c.props, 'type') ?? valueOf(c.props, 'units') ?? r.lines.range(c.node.offset, 1);
    const lineStart = r.text.lastIndexOf('\n', c.node.offset - 1) + 1;
    const before = r.text.slice(lineStart, c.node.offset);
    const ownLine = /^[ \t]*$/.test(before);
    const insert = ownLine ? `{ "type": "flatten" },\n${before}` : '{ "type": "flatten" }, ';
    r.error(at, C.SHAPE_MISMATCH,
      l10n.t('{0} is dense, but {1} gives an image {2}: a dense layer needs a flat input; add {3} before it (it makes the {4} numbers one vector)',
        c.label, c.from, dims(c.inShape!), '{ "type": "flatten" }', c.inShape!.reduce((a, b) => a * b, 1)),
      { text: insert, range: r.lines.range(c.node.offset, 0), title: l10n.t('Insert a flatten layer before this layer') });
  }

  /** `key`: a positive (or, with min 0, non-negative) integer or a pair [h, w]. */
  private readPair(c: LayerContext, key: string, min: number): { ok: boolean; value?: [number, number]; node?: Node } {
    const r = this.r;
    const node = valueOf(c.props, key);
    if (!node) return { ok: true };
    const what = l10n.t('{0} of {1}', key, c.label);
    if (node.type === 'number') {
      const v = readInteger(r, node, what, min);
      return v === undefined ? { ok: false } : { ok: true, value: [v, v], node };
    }
    if (node.type !== 'array' || items(node).length !== 2) {
      r.error(node, C.WRONG_TYPE,
        l10n.t('{0} must be one whole number or a pair [height, width], e.g. 3 or [3, 2], not {1}', what, node.type === 'array' ? count.number(items(node).length) : describe(node)));
      return { ok: false };
    }
    const [a, b] = items(node).map((n, i) => readInteger(r, n, i === 0 ? l10n.t('the height of {0}', what) : l10n.t('the width of {0}', what), min));
    return a === undefined || b === undefined ? { ok: false } : { ok: true, value: [a, b], node };
  }

  /** Output size of a window op, or the error "conv1 output would be 0×0: kernel 5 on a 4×4 input with padding 0". */
  private windowOut(
    c: LayerContext, H: number, W: number, k: [number, number], s: [number, number], p: [number, number], at: Node | SourceRange, word: string,
  ): [number, number] | undefined {
    const Ho = Math.floor((H + 2 * p[0] - k[0]) / s[0]) + 1;
    const Wo = Math.floor((W + 2 * p[1] - k[1]) / s[1]) + 1;
    if (Ho >= 1 && Wo >= 1) return [Ho, Wo];
    const kt = k[0] === k[1] ? `${k[0]}` : `${k[0]}×${k[1]}`;
    const pt = p[0] === p[1] ? `${p[0]}` : `${p[0]}×${p[1]}`;
    this.r.error(at, C.SHAPE_MISMATCH, word === 'kernel'
      ? l10n.t('{0} output would be {1}×{2}: kernel {3} on a {4}×{5} input with padding {6}', c.name, Math.max(Ho, 0), Math.max(Wo, 0), kt, H, W, pt)
      : l10n.t('{0} output would be {1}×{2}: window {3} on a {4}×{5} input with padding {6}', c.name, Math.max(Ho, 0), Math.max(Wo, 0), kt, H, W, pt));
    return undefined;
  }

  private readConv(c: LayerContext): TypedRead {
    const r = this.r;
    const ranges: Partial<Mutable<LayerSource>> = {};
    let ok = true;
    const filtersNode = this.need(c, 'filters', l10n.t('its number of output channels, e.g. 6'));
    let F: number | undefined;
    if (filtersNode) {
      ranges.unitsRange = r.range(filtersNode);
      F = readInteger(r, filtersNode, l10n.t('"filters" of {0}', c.label), 1);
      if (F !== undefined && F > MAX_UNITS) {
        r.error(filtersNode, C.INVALID_VALUE, l10n.t('{0} is {1}; at most {2} are supported', l10n.t('"filters" of {0}', c.label), F, MAX_UNITS.toLocaleString('en-US')));
        F = undefined;
      }
    }
    if (F === undefined) ok = false;
    if (!this.need(c, 'kernel', l10n.t('its window, e.g. 3 or [3, 3]')) && !c.props.has('kernel')) ok = false;
    const kernel = this.readPair(c, 'kernel', 1);
    const stride = this.readPair(c, 'stride', 1);
    ok = ok && kernel.ok && stride.ok && kernel.value !== undefined;
    const pad = this.readConvPadding(c, kernel.value, stride.value);
    ok = ok && pad.ok;
    const { padding, paddingSpec } = pad;
    const act = this.readActivation(c, ranges);
    const init = this.readInit(c, ranges);
    ok = ok && act.ok && init.ok;
    const image = this.imageInput(c);
    if (c.inShape && !image) ok = false;
    if (!ok || !image || F === undefined || !kernel.value || !padding) return { ok, ranges };
    const [Cin, H, W] = image;
    const s = stride.value ?? [1, 1];
    const out = this.windowOut(c, H, W, kernel.value, s, padding, kernel.node!, 'kernel');
    if (!out) return { ok: false, ranges };
    const [kh, kw] = kernel.value;
    const params = this.readConvParams(c, F, Cin, kh, kw, ranges);
    const outShape = [F, out[0], out[1]];
    if (!params.ok || !this.checkSoftmax(c, act.activation, outShape)) return { ok: false, ranges };
    const { weights, bias } = params;
    this.parameters += F * (Cin * kh * kw + 1);
    return {
      ok, ranges, outShape, activation: act.activation ?? 'linear',
      ...(init.init !== undefined ? { init: init.init } : {}),
      spec: {
        type: 'conv2d', filters: F, kernel: [kh, kw], activation: act.activation ?? 'linear',
        ...(stride.value ? { stride: stride.value } : {}),
        ...(paddingSpec !== undefined ? { padding: paddingSpec } : {}),
        ...(weights ? { weights } : {}), ...(bias !== undefined ? { bias } : {}), ...(init.init !== undefined ? { init: init.init } : {}),
      },
    };
  }

  /** conv2d's `padding`: a number, a pair, `"valid"` (0) or `"same"` (stride 1 and an odd kernel). */
  private readConvPadding(
    c: LayerContext, kernel: [number, number] | undefined, stride: [number, number] | undefined,
  ): { ok: boolean; padding?: [number, number]; paddingSpec?: Pair | 'same' | 'valid' } {
    const r = this.r;
    let ok = true;
    let padding: [number, number] | undefined = [0, 0];
    let paddingSpec: Pair | 'same' | 'valid' | undefined;
    const padNode = valueOf(c.props, 'padding');
    if (padNode?.type === 'string') {
      const mode = readChoice(r, padNode, l10n.t('padding of {0}', c.label), ['same', 'valid'] as const, C.INVALID_VALUE);
      paddingSpec = mode;
      if (mode === undefined) ok = false;
      else if (mode === 'same' && kernel) {
        const s = stride ?? [1, 1];
        if (s[0] !== 1 || s[1] !== 1) {
          r.error(padNode, C.INVALID_VALUE, l10n.t('padding "same" keeps the size only with stride 1, but {0} has stride {1}: give the padding as a number', c.label, s[0] === s[1] ? s[0] : `${s[0]}×${s[1]}`));
          ok = false;
        } else if (kernel[0] % 2 === 0 || kernel[1] % 2 === 0) {
          r.error(padNode, C.INVALID_VALUE, l10n.t('padding "same" needs an odd kernel (it pads (k − 1)/2 on each side), but {0} has kernel {1}', c.label, kernel.join('×')));
          ok = false;
        } else padding = [(kernel[0] - 1) / 2, (kernel[1] - 1) / 2];
      }
    } else {
      const p = this.readPair(c, 'padding', 0);
      if (!p.ok) ok = false;
      if (p.value) {
        padding = p.value;
        paddingSpec = p.value;
      }
    }
    return { ok, ...(padding ? { padding } : {}), ...(paddingSpec !== undefined ? { paddingSpec } : {}) };
  }

  /** conv2d's `weights` [F][C][kh][kw] and `bias` [F]. */
  private readConvParams(
    c: LayerContext, F: number, Cin: number, kh: number, kw: number, ranges: Partial<Mutable<LayerSource>>,
  ): { ok: boolean; weights?: number[]; bias?: number | number[] } {
    const r = this.r;
    let ok = true;
    let weights: number[] | undefined;
    const weightsNode = valueOf(c.props, 'weights');
    if (weightsNode) {
      ranges.weightsRange = r.range(weightsNode);
      const read = readTensor(r, weightsNode, [F, Cin, kh, kw], l10n.t('the weights of {0}', c.label),
        l10n.t("filters × input channels × kernel height × kernel width, as PyTorch's Conv2d.weight"), 'weights', l10n.t('a number of the weights of {0}', c.label));
      if (!read) ok = false;
      else {
        weights = read.values;
        const q = Cin * kh * kw;
        ranges.weightRanges = Array.from({ length: F }, (_, f) => read.ranges.slice(f * q, (f + 1) * q));
      }
    }
    let bias: number | number[] | undefined;
    const biasNode = valueOf(c.props, 'bias');
    if (biasNode) {
      ranges.biasRange = r.range(biasNode);
      const read = readVectorOrNumber(r, biasNode, F, l10n.t('the bias of {0}', c.label), l10n.t('filter'), 'bias', l10n.t('a number of the bias of {0}', c.label));
      if (!read) ok = false;
      else {
        bias = read.value;
        if (read.ranges) ranges.biasRanges = read.ranges;
      }
    }
    return { ok, ...(weights ? { weights } : {}), ...(bias !== undefined ? { bias } : {}) };
  }

  private readPool(c: LayerContext): TypedRead {
    const r = this.r;
    let ok = true;
    if (!this.need(c, 'size', l10n.t('its window, e.g. 2 or [2, 2]')) && !c.props.has('size')) ok = false;
    const size = this.readPair(c, 'size', 1);
    const stride = this.readPair(c, 'stride', 1);
    const padding = this.readPair(c, 'padding', 0);
    ok = ok && size.ok && stride.ok && padding.ok && size.value !== undefined;
    if (ok && padding.value && size.value && (2 * padding.value[0] > size.value[0] || 2 * padding.value[1] > size.value[1])) {
      r.error(padding.node!, C.INVALID_VALUE,
        l10n.t('padding of {0} is at most half the window, as in PyTorch: padding {1} on a window {2} would make windows of padding only', c.label, padding.value.join('×'), size.value.join('×')));
      ok = false;
    }
    const image = this.imageInput(c);
    if (c.inShape && !image) ok = false;
    if (!ok || !image || !size.value) return { ok, ranges: {} };
    const [Cin, H, W] = image;
    const p = padding.value ?? [0, 0];
    const out = this.windowOut(c, H, W, size.value, stride.value ?? size.value, p, size.node!, 'window');
    if (!out) return { ok: false, ranges: {} };
    return {
      ok: true, ranges: {}, outShape: [Cin, out[0], out[1]],
      spec: {
        type: c.type as 'maxpool2d' | 'avgpool2d', size: size.value,
        ...(stride.value ? { stride: stride.value } : {}), ...(padding.value ? { padding: padding.value } : {}),
      },
    };
  }

  private readFlatten(c: LayerContext): TypedRead {
    if (!c.inShape) return { ok: true, ranges: {} };
    if (c.inShape.length !== 3) {
      this.r.error(valueOf(c.props, 'type') ?? this.r.lines.range(c.node.offset, 1), C.SHAPE_MISMATCH,
        l10n.t('{0} flattens an image, but {1} already gives a flat {2}: remove this layer', c.label, c.from, dims(c.inShape)));
      return { ok: false, ranges: {} };
    }
    return { ok: true, ranges: {}, outShape: [c.inShape.reduce((a, b) => a * b, 1)], spec: { type: 'flatten' } };
  }

  private readActivationLayer(c: LayerContext): TypedRead {
    const ranges: Partial<Mutable<LayerSource>> = {};
    if (!this.need(c, 'activation', l10n.t('the function it applies, e.g. "relu"'))) return { ok: false, ranges };
    const act = this.readActivation(c, ranges);
    if (!act.ok || !act.activation || !c.inShape) return { ok: act.ok, ranges };
    const ok = this.checkSoftmax(c, act.activation, c.inShape);
    return ok ? { ok, ranges, outShape: c.inShape, activation: act.activation, spec: { type: 'activation', activation: act.activation } } : { ok, ranges };
  }

  private readDropout(c: LayerContext): TypedRead {
    const r = this.r;
    const rateNode = this.need(c, 'rate', l10n.t('the probability of dropping a value, e.g. 0.5'));
    if (!rateNode) return { ok: false, ranges: {} };
    const rate = readNumber(r, rateNode, l10n.t('{0} of {1}', 'rate', c.label));
    if (rate === undefined) return { ok: false, ranges: {} };
    if (!(rate >= 0 && rate < 1)) {
      r.error(rateNode, C.INVALID_VALUE, l10n.t('rate of {0} is the probability of dropping a value: at least 0 and less than 1, not {1}', c.label, rate));
      return { ok: false, ranges: {} };
    }
    if (!c.inShape) return { ok: true, ranges: {} };
    return { ok: true, ranges: {}, outShape: c.inShape, spec: { type: 'dropout', rate } };
  }

  private readBatchNorm(c: LayerContext): TypedRead {
    const r = this.r;
    const ranges: Partial<Mutable<LayerSource>> = {};
    let ok = true;
    const G = c.inShape?.[0];
    const groups = c.inShape?.length === 3 ? l10n.t('channel') : l10n.t('feature');
    const fraction = (key: 'momentum' | 'epsilon'): number | undefined => {
      const read = this.readBatchNormNumber(c, key);
      if (!read.ok) ok = false;
      return read.value;
    };
    const momentum = fraction('momentum');
    const epsilon = fraction('epsilon');
    const act = this.readActivation(c, ranges);
    ok = ok && act.ok;
    const vector = (key: 'scale' | 'shift' | 'runningMean' | 'runningVar', what: string): number | number[] | undefined => {
      const n = valueOf(c.props, key);
      if (!n || G === undefined) return undefined;
      if (key === 'scale') ranges.weightsRange = r.range(n);
      if (key === 'shift') ranges.biasRange = r.range(n);
      const read = readVectorOrNumber(r, n, G, l10n.t('{0} ({1}) of {2}', key, what, c.label), groups, key);
      if (!read) {
        ok = false;
        return undefined;
      }
      if (key === 'runningVar' && (typeof read.value === 'number' ? [read.value] : read.value).some((v) => v < 0)) {
        r.error(n, C.INVALID_VALUE, l10n.t('runningVar of {0} holds variances: none may be negative', c.label));
        ok = false;
        return undefined;
      }
      return read.value;
    };
    const scale = vector('scale', 'γ');
    const shift = vector('shift', 'β');
    const runningMean = vector('runningMean', l10n.t('the running mean'));
    const runningVar = vector('runningVar', l10n.t('the running variance'));
    if (!c.inShape || G === undefined) return { ok, ranges };
    if (c.inShape.length !== 1 && c.inShape.length !== 3) ok = false;
    if (!this.checkSoftmax(c, act.activation, c.inShape)) ok = false;
    if (!ok) return { ok, ranges };
    this.parameters += 2 * G;
    const full = (v: number | number[] | undefined): number[] | undefined => (v === undefined ? undefined : typeof v === 'number' ? new Array<number>(G).fill(v) : v);
    return {
      ok, ranges, outShape: c.inShape, activation: act.activation ?? 'linear',
      spec: {
        type: 'batchnorm', activation: act.activation ?? 'linear',
        ...(momentum !== undefined ? { momentum } : {}), ...(epsilon !== undefined ? { epsilon } : {}),
        ...(scale !== undefined ? { scale } : {}), ...(shift !== undefined ? { shift } : {}),
        ...(runningMean !== undefined ? { runningMean: full(runningMean) } : {}),
        ...(runningVar !== undefined ? { runningVar: full(runningVar) } : {}),
      },
    };
  }

  /** Batch norm's `momentum` (0 to 1) or `epsilon` (> 0). */
  private readBatchNormNumber(c: LayerContext, key: 'momentum' | 'epsilon'): { ok: boolean; value?: number } {
    const r = this.r;
    const n = valueOf(c.props, key);
    if (!n) return { ok: true };
    const v = readNumber(r, n, l10n.t('{0} of {1}', key, c.label));
    if (v === undefined) return { ok: false };
    if (key === 'momentum' && !(v >= 0 && v <= 1)) {
      r.error(n, C.INVALID_VALUE, l10n.t('momentum of {0} weighs the batch statistics into the running ones: between 0 and 1, not {1}', c.label, v));
      return { ok: false };
    }
    if (key === 'epsilon' && !(v > 0)) {
      r.error(n, C.INVALID_VALUE, l10n.t('epsilon of {0} keeps the division by √(variance + ε) finite: it must be greater than 0, not {1}', c.label, v));
      return { ok: false };
    }
    return { ok: true, value: v };
  }
}

interface LayerContext {
  readonly node: Node;
  readonly props: Map<string, Prop>;
  readonly name: string;
  readonly label: string;
  readonly type: LayerType;
  /** Undefined when an earlier layer could not be read. */
  readonly inShape: SampleShape | undefined;
  /** What gives this layer its input, for messages: `the inputs`, `layer 'pool1'`. */
  readonly from: string;
}

interface TypedRead {
  readonly ok: boolean;
  readonly ranges: Partial<Mutable<LayerSource>>;
  readonly outShape?: SampleShape;
  readonly activation?: ActivationSpec;
  readonly init?: InitSpec;
  readonly denseWeights?: number[][];
  /** The layer's spec without name and trainable. */
  readonly spec?: Record<string, unknown> & { readonly type: LayerType };
}
