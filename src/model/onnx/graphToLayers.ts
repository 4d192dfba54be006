/**
 * Turns a decoded ONNX graph into GradLens layers. The graph must be a chain, as `torch.onnx.export`
 * writes for an `nn.Sequential`: one data input, every data node reading the previous node's output
 * (plus constants), one output. Constants (initializers, Constant nodes and the shape arithmetic
 * beside the chain) are folded (./constants). Each data node maps to a layer, or folds into the one
 * before it:
 *
 *   Gemm(x, W, b)           dense: weights = W (transB = 1) or Wᵀ, times alpha; bias = beta·b
 *   MatMul(x, W) [+ Add b]  dense: weights = Wᵀ, bias = b (0 without the Add)
 *   Conv                    conv2d (group 1, dilation 1, symmetric padding)
 *   MaxPool / AveragePool   maxpool2d / avgpool2d (ceil_mode 0; AveragePool padding counts zeros)
 *   Flatten (axis 1), Reshape to [N, -1]   flatten (nothing when the values are already flat)
 *   Relu, LeakyRelu (alpha 0.01), Sigmoid, Tanh, Softmax (last axis)
 *                           the activation of the layer before when it has none and may have one
 *                           (dense; conv2d and batchnorm in version 1.1), else an `activation` layer
 *   LogSoftmax              only as the last node: softmax, with the loss cross-entropy (PyTorch's
 *                           LogSoftmax + NLLLoss is GradLens's softmax + cross-entropy)
 *   BatchNormalization      batchnorm; ONNX's momentum m is PyTorch's 1 − m
 *   Dropout                 dropout with its ratio (in evaluation mode exporters drop it: nothing to read)
 *   Pad (zeros)             the padding of the Conv or AveragePool right after it (PyTorch writes
 *                           AvgPool2d(padding=p) as Pad → AveragePool)
 *   Identity                nothing
 *
 * Anything else is an {@link OnnxError} naming the node, its op type and what is supported.
 */
import { CONSTANT_OPS, floatAttr, foldConstant, intAttr, intsAttr, intTensor, stringAttr } from './constants';
import type { ImportedActivation, ImportedLayer, ImportedNetwork } from './importedLayers';
import { OnnxError, toInt, type OnnxModel, type OnnxNode } from './onnxProto';
import { DOUBLE, FLOAT, readTensor, typeName, type ExternalDataReader, type Tensor } from './tensors';

export const SUPPORTED_OPS = [
  'Gemm', 'MatMul', 'Add (as MatMul\'s bias)', 'Conv', 'MaxPool', 'AveragePool', 'Flatten', 'Reshape', 'Relu', 'LeakyRelu', 'Sigmoid',
  'Tanh', 'Softmax', 'LogSoftmax (last)', 'BatchNormalization', 'Dropout', 'Identity', 'Pad (before Conv or AveragePool)',
] as const;
const SUPPORTED_TEXT = `GradLens imports ${SUPPORTED_OPS.join(', ')}, and folds constant shape arithmetic (${CONSTANT_OPS.join(', ')}, Shape)`;

const ACTIVATIONS: Record<string, ImportedActivation> = { Relu: 'relu', LeakyRelu: 'leaky-relu', Sigmoid: 'sigmoid', Tanh: 'tanh', Softmax: 'softmax', LogSoftmax: 'softmax' };
const DATA_OPS = new Set(['Gemm', 'MatMul', 'Add', 'Conv', 'MaxPool', 'AveragePool', 'Flatten', 'Reshape', 'BatchNormalization', 'Dropout', 'Identity', 'Shape', 'Pad', ...Object.keys(ACTIVATIONS)]);

/** How a node is named in messages: its name and op type, e.g. `node '/3/Concat' (Concat)`. */
export function nodeLabel(node: OnnxNode, index: number): string {
  return `node ${node.name ? `'${node.name}'` : `#${index + 1}`} (${node.op_type})`;
}

function rows(t: Tensor, r: number, c: number, transpose: boolean, scale = 1): number[][] {
  // Row u holds unit u's incoming weights; stored [r][c], read transposed when asked.
  const out: number[][] = [];
  const units = transpose ? c : r;
  const fanIn = transpose ? r : c;
  for (let u = 0; u < units; u++) {
    const row = new Array<number>(fanIn);
    for (let i = 0; i < fanIn; i++) row[i] = scale * t.values[transpose ? i * c + u : u * c + i]!;
    out.push(row);
  }
  return out;
}

function pairOf(values: number[] | undefined, fallback: number, what: string): [number, number] {
  if (!values) return [fallback, fallback];
  if (values.length !== 2) throw new OnnxError(`${what} has ${values.length} numbers; GradLens imports 2-D images only`);
  return [values[0]!, values[1]!];
}

function symmetricPads(pads: number[] | undefined, label: string): [number, number] {
  if (!pads) return [0, 0];
  if (pads.length !== 4) throw new OnnxError(`${label}: pads ${JSON.stringify(pads)} are not for a 2-D image`);
  const [top, left, bottom, right] = pads as [number, number, number, number];
  if (top !== bottom || left !== right) {
    throw new OnnxError(`${label}: padding ${JSON.stringify(pads)} is not the same on both sides; GradLens pads symmetrically (as PyTorch's padding=(ph, pw))`);
  }
  return [top, left];
}

function outSize(size: number, kernel: number, stride: number, pad: number, label: string): number {
  const n = Math.floor((size + 2 * pad - kernel) / stride) + 1;
  if (n < 1) throw new OnnxError(`${label}: a ${kernel}-wide window does not fit an image ${size} wide (padding ${pad})`);
  return n;
}

function layerName(node: OnnxNode, type: string, weightName: string | undefined, used: Set<string>): string {
  // PyTorch names a Sequential's modules 0, 1, ...: its initializers are '3.weight', its nodes '/3/Relu'.
  const base = weightName?.replace(/\.weight$/, '') ?? node.name?.split('/').filter(Boolean)[0] ?? '';
  let name = base === '' || /^\d+$/.test(base) ? `${type}${base}` : base;
  for (let k = 2; used.has(name); k++) name = `${base || type}_${k}`;
  used.add(name);
  return name;
}

function dtypeOf(t: Tensor, seen: Set<string>, label: string): void {
  if (t.type !== FLOAT && t.type !== DOUBLE) throw new OnnxError(`${label}: its weights are ${typeName(t.type)}; GradLens reads float32 and float64 weights`);
  seen.add(typeName(t.type));
}

/** The layers of the graph, or an {@link OnnxError}. */
export function graphToLayers(model: OnnxModel, external?: ExternalDataReader): ImportedNetwork {
  const graph = model.graph!;
  const opsetEntry = model.opset_import.find((o) => !o.domain || o.domain === 'ai.onnx');
  const opset = opsetEntry ? toInt(opsetEntry.version, 'the opset') : undefined;
  const constants = new Map<string, Tensor>();
  const lazyInitializers = new Map(graph.initializer.map((t) => [t.name ?? '', t]));
  const constant = (name: string): Tensor | undefined => {
    const known = constants.get(name);
    if (known) return known;
    const init = lazyInitializers.get(name);
    if (!init) return undefined;
    const t = readTensor(init, `initializer '${name}'`, external);
    constants.set(name, t);
    return t;
  };
  const isConstant = (name: string) => constants.has(name) || lazyInitializers.has(name);

  const dataInputs = graph.input.filter((i) => !lazyInitializers.has(i.name));
  if (dataInputs.length !== 1) {
    throw new OnnxError(`the graph has ${dataInputs.length} inputs (${dataInputs.map((i) => `'${i.name}'`).join(', ') || 'none'}); GradLens imports networks with one input`);
  }
  if (graph.output.length !== 1) throw new OnnxError(`the graph has ${graph.output.length} outputs; GradLens imports networks with one output`);
  const input = dataInputs[0]!;
  const dims = input.type?.tensor_type?.shape?.dim ?? [];
  const inputType = input.type?.tensor_type?.elem_type;
  if (inputType !== undefined && inputType !== FLOAT && inputType !== DOUBLE) {
    throw new OnnxError(`the input '${input.name}' is ${typeName(inputType)}; GradLens imports networks of float32 or float64 inputs`);
  }
  if (dims.length !== 2 && dims.length !== 4) {
    throw new OnnxError(`the input '${input.name}' has ${dims.length} dimensions; GradLens imports [batch, features] or [batch, channels, height, width] inputs`);
  }
  const inputShape = dims.slice(1).map((d, i) => {
    const v = d.dim_value !== undefined && d.dim_value !== null ? toInt(d.dim_value, 'an input dimension') : 0;
    if (!(v > 0)) throw new OnnxError(`the input '${input.name}' has no fixed size in dimension ${i + 1} (${d.dim_param || 'unknown'}); export with a fixed example input`);
    return v;
  });
  const batchDim = dims[0]?.dim_value !== undefined && dims[0]?.dim_value !== null ? toInt(dims[0].dim_value, 'the batch dimension') : 1;

  let current = input.name;
  let shape: number[] = [...inputShape];
  const dataShapes = new Map<string, number[]>([[current, shape]]);
  /** Every tensor the graph's input and its nodes so far give. */
  const produced = new Set<string>([current]);
  const layers: ImportedLayer[] = [];
  const used = new Set<string>();
  const weightTypes = new Set<string>();
  let endsIn: ImportedNetwork['endsIn'];
  /** The dense layer a MatMul made, waiting for its Add. */
  let matmulDense: Extract<ImportedLayer, { type: 'dense' }> | undefined;
  /** Zeros a Pad node put around the image, for the Conv or AveragePool that must follow: [ph, pw]. */
  let pendingPad: { pad: [number, number]; label: string } | undefined;
  const last = () => layers[layers.length - 1];

  graph.node.forEach((node, index) => {
    const label = nodeLabel(node, index);
    if (node.domain && node.domain !== 'ai.onnx') {
      throw new OnnxError(`${label} is from the op set '${node.domain}', not ONNX's own. ${SUPPORTED_TEXT}.`);
    }
    if (endsIn === 'LogSoftmax') throw new OnnxError(`${label} follows LogSoftmax; GradLens imports LogSoftmax only as the last node`);
    const names = node.input.filter((n) => n !== '');
    const missing = node.input.findIndex((n) => n !== '' && !isConstant(n) && !produced.has(n));
    if (missing >= 0) {
      throw new OnnxError(`${label}: its input ${missing + 1} '${node.input[missing]}' is missing: no initializer, Constant node or earlier node gives it`);
    }
    for (const o of node.output) produced.add(o);
    const data = names.filter((n) => !isConstant(n));
    // Shape arithmetic beside the chain: fold it.
    if (node.op_type === 'Shape' && data.length === 1 && dataShapes.has(data[0]!)) {
      const s = dataShapes.get(data[0]!)!;
      constants.set(node.output[0]!, intTensor([batchDim, ...s]));
      return;
    }
    if (data.length === 0 && (CONSTANT_OPS as readonly string[]).includes(node.op_type)) {
      const value = foldConstant(node, label, node.input.map((n) => (n === '' ? undefined : constant(n))), external);
      constants.set(node.output[0]!, value);
      return;
    }
    if (!DATA_OPS.has(node.op_type)) {
      throw new OnnxError(`${label} is not supported. ${SUPPORTED_TEXT}.`);
    }
    if (data.length !== 1 || data[0] !== current) {
      const strange = data.find((n) => n !== current);
      throw new OnnxError(strange !== undefined
        ? `${label} reads '${strange}', which is neither the previous node's output nor a constant: GradLens imports chains of layers (an nn.Sequential), without branches`
        : `${label} has no data input: GradLens imports chains of layers (an nn.Sequential)`);
    }
    const c = (k: number, what: string): Tensor => {
      const name = node.input[k];
      const t = name ? constant(name) : undefined;
      if (!t) {
        throw new OnnxError(name
          ? `${label}: its ${what} '${name}' is missing: no initializer or Constant node gives it`
          : `${label} has no ${what}`);
      }
      return t;
    };
    const optional = (k: number): Tensor | undefined => (node.input[k] ? c(k, `input ${k + 1}`) : undefined);
    if (node.output.length < 1) throw new OnnxError(`${label} has no output`);
    const flat = () => {
      if (shape.length !== 1) throw new OnnxError(`${label} needs flat inputs but gets an image of shape ${shape.join('×')}; add Flatten before it`);
      return shape[0]!;
    };
    const image = () => {
      if (shape.length !== 3) throw new OnnxError(`${label} needs an image input [channels, height, width] but gets ${shape.length === 1 ? `${shape[0]} flat values` : shape.join('×')}`);
      return shape as [number, number, number];
    };
    const wasMatmul = matmulDense;
    matmulDense = undefined;
    const padBefore = pendingPad;
    pendingPad = undefined;
    if (padBefore && node.op_type !== 'Conv' && node.op_type !== 'AveragePool') {
      throw new OnnxError(`${padBefore.label} pads the image with zeros before ${label}; GradLens imports Pad only right before Conv or AveragePool (as their padding)`);
    }
    if (padBefore) {
      // Undo the padded shape: the layer pads itself.
      shape = [shape[0]!, shape[1]! - 2 * padBefore.pad[0], shape[2]! - 2 * padBefore.pad[1]];
    }
    const addPad = (p: [number, number]): [number, number] => (padBefore ? [p[0] + padBefore.pad[0], p[1] + padBefore.pad[1]] : p);
    switch (node.op_type) {
      case 'Gemm': {
        const fanIn = flat();
        if (intAttr(node, 'transA', 0) !== 0) throw new OnnxError(`${label} has transA = 1: GradLens imports Gemm with the data as A`);
        const w = c(1, 'weight matrix B');
        dtypeOf(w, weightTypes, label);
        if (w.shape.length !== 2) throw new OnnxError(`${label}: its weights have shape ${w.shape.join('×')}, not a matrix`);
        const transB = intAttr(node, 'transB', 0) === 1;
        const [r, k] = w.shape as [number, number];
        const units = transB ? r : k;
        if ((transB ? k : r) !== fanIn) throw new OnnxError(`${label}: its weights ${r}×${k} do not fit ${fanIn} inputs`);
        const alpha = floatAttr(node, 'alpha', 1);
        const beta = floatAttr(node, 'beta', 1);
        const weights = rows(w, r, k, !transB, alpha);
        const b = optional(2);
        const bias = b ? broadcastBias(b, units, label).map((v) => beta * v) : new Array<number>(units).fill(0);
        layers.push({ type: 'dense', name: layerName(node, 'dense', node.input[1], used), units, fanIn, weights, bias });
        shape = [units];
        break;
      }
      case 'MatMul': {
        const fanIn = flat();
        const w = c(1, 'weight matrix');
        dtypeOf(w, weightTypes, label);
        if (w.shape.length !== 2 || w.shape[0] !== fanIn) throw new OnnxError(`${label}: its weights have shape ${w.shape.join('×')}; for ${fanIn} inputs GradLens needs ${fanIn}×units`);
        const units = w.shape[1]!;
        const layer: ImportedLayer = { type: 'dense', name: layerName(node, 'dense', node.input[1], used), units, fanIn, weights: rows(w, fanIn, units, true), bias: new Array<number>(units).fill(0) };
        layers.push(layer);
        matmulDense = layer;
        shape = [units];
        break;
      }
      case 'Add': {
        if (!wasMatmul) throw new OnnxError(`${label}: GradLens imports Add only as the bias right after a MatMul (Linear without Gemm)`);
        const b = c(node.input[0] === current ? 1 : 0, 'bias');
        dtypeOf(b, weightTypes, label);
        wasMatmul.bias = broadcastBias(b, wasMatmul.units, label);
        break;
      }
      case 'Conv': {
        const [channels, h, wd] = image();
        if (intAttr(node, 'group', 1) !== 1) throw new OnnxError(`${label} is a grouped convolution (group ${intAttr(node, 'group', 1)}); GradLens imports group 1`);
        const dil = intsAttr(node, 'dilations');
        if (dil && dil.some((d) => d !== 1)) throw new OnnxError(`${label} has dilations ${JSON.stringify(dil)}; GradLens imports dilation 1`);
        autoPad(node, label);
        const w = c(1, 'weights');
        dtypeOf(w, weightTypes, label);
        if (w.shape.length !== 4 || w.shape[1] !== channels) throw new OnnxError(`${label}: its weights have shape ${w.shape.join('×')}; for ${channels} input channels GradLens needs filters×${channels}×kh×kw`);
        const [filters, , kh, kw] = w.shape as [number, number, number, number];
        const stride = pairOf(intsAttr(node, 'strides'), 1, `${label}'s strides`);
        const padding = addPad(symmetricPads(intsAttr(node, 'pads'), label));
        const b = optional(2);
        const weights: number[][][][] = [];
        for (let f = 0; f < filters; f++) {
          const fc: number[][][] = [];
          for (let ch = 0; ch < channels; ch++) {
            const k: number[][] = [];
            for (let i = 0; i < kh; i++) k.push(Array.from(w.values.subarray(((f * channels + ch) * kh + i) * kw, ((f * channels + ch) * kh + i + 1) * kw)));
            fc.push(k);
          }
          weights.push(fc);
        }
        const bias = b ? broadcastBias(b, filters, label) : new Array<number>(filters).fill(0);
        layers.push({ type: 'conv2d', name: layerName(node, 'conv', node.input[1], used), filters, kernel: [kh, kw], stride, padding, weights, bias });
        shape = [filters, outSize(h, kh, stride[0], padding[0], label), outSize(wd, kw, stride[1], padding[1], label)];
        break;
      }
      case 'MaxPool':
      case 'AveragePool': {
        const [channels, h, wd] = image();
        if (intAttr(node, 'ceil_mode', 0) !== 0) throw new OnnxError(`${label} has ceil_mode = 1; GradLens imports ceil_mode = 0`);
        const dil = intsAttr(node, 'dilations');
        if (dil && dil.some((d) => d !== 1)) throw new OnnxError(`${label} has dilations ${JSON.stringify(dil)}; GradLens imports dilation 1`);
        if (node.op_type === 'MaxPool' && node.output.length > 1 && node.output[1]) throw new OnnxError(`${label} also outputs the indices of the maxima; GradLens imports MaxPool with one output`);
        autoPad(node, label);
        const size = pairOf(intsAttr(node, 'kernel_shape'), 0, `${label}'s kernel_shape`);
        const stride = pairOf(intsAttr(node, 'strides'), 1, `${label}'s strides`);
        const ownPadding = symmetricPads(intsAttr(node, 'pads'), label);
        const padding = addPad(ownPadding);
        if (node.op_type === 'AveragePool' && (ownPadding[0] > 0 || ownPadding[1] > 0) && intAttr(node, 'count_include_pad', 0) !== 1) {
          throw new OnnxError(`${label} leaves padded zeros out of the mean (count_include_pad = 0); GradLens counts them (PyTorch's default)`);
        }
        const type = node.op_type === 'MaxPool' ? 'maxpool2d' : 'avgpool2d';
        layers.push({ type, name: layerName(node, type === 'maxpool2d' ? 'maxpool' : 'avgpool', undefined, used), size, stride, padding });
        shape = [channels, outSize(h, size[0], stride[0], padding[0], label), outSize(wd, size[1], stride[1], padding[1], label)];
        break;
      }
      case 'Flatten':
      case 'Reshape': {
        if (node.op_type === 'Flatten' && intAttr(node, 'axis', 1) !== 1) throw new OnnxError(`${label} flattens from axis ${intAttr(node, 'axis', 1)}; GradLens imports Flatten from axis 1 (the batch stays)`);
        const size = shape.reduce((a, b) => a * b, 1);
        if (node.op_type === 'Reshape') {
          const target = Array.from(c(1, 'target shape').values);
          const rest = target.slice(1);
          const batchOk = target[0] === -1 || target[0] === 0 || target[0] === batchDim;
          const restOk = (rest.length === 1 && (rest[0] === -1 || rest[0] === size)) || (rest.length === shape.length && rest.every((d, i) => d === shape[i] || (d === 0 && intAttr(node, 'allowzero', 0) === 0)));
          if (!batchOk || !restOk) throw new OnnxError(`${label} reshapes ${shape.join('×')} values to ${JSON.stringify(target)}; GradLens imports only a Reshape that flattens each sample ([N, -1])`);
          if (rest.length !== 1) break; // the same shape: nothing to do
        }
        if (shape.length > 1) {
          layers.push({ type: 'flatten', name: layerName(node, 'flatten', undefined, used) });
          shape = [size];
        }
        break;
      }
      case 'BatchNormalization': {
        const features = shape[0]!;
        const scale = c(1, 'scale'), shift = c(2, 'bias'), mean = c(3, 'running mean'), variance = c(4, 'running variance');
        for (const t of [scale, shift, mean, variance]) {
          dtypeOf(t, weightTypes, label);
          if (t.values.length !== features) throw new OnnxError(`${label}: a parameter has ${t.values.length} values for ${features} ${shape.length === 3 ? 'channels' : 'features'}`);
        }
        layers.push({
          type: 'batchnorm', name: layerName(node, 'batchnorm', node.input[1], used),
          momentum: Number((1 - shortestFloat32(floatAttr(node, 'momentum', 0.9))).toPrecision(12)), epsilon: shortestFloat32(floatAttr(node, 'epsilon', 1e-5)),
          scale: Array.from(scale.values), shift: Array.from(shift.values), runningMean: Array.from(mean.values), runningVar: Array.from(variance.values),
        });
        break;
      }
      case 'Dropout': {
        const ratioInput = optional(1);
        const rate = ratioInput ? ratioInput.values[0]! : floatAttr(node, 'ratio', 0.5);
        if (!(rate >= 0 && rate < 1)) throw new OnnxError(`${label} has ratio ${rate}; GradLens's dropout rate is between 0 and 1`);
        layers.push({ type: 'dropout', name: layerName(node, 'dropout', undefined, used), rate: shortestFloat32(rate) });
        break;
      }
      case 'Identity':
        break;
      case 'Pad': {
        const [channels, h, wd] = image();
        const mode = stringAttr(node, 'mode') ?? 'constant';
        const pads = intsAttr(node, 'pads') ?? Array.from(c(1, 'pads').values);
        const value = optional(2)?.values[0] ?? floatAttr(node, 'value', 0);
        if (mode !== 'constant' || value !== 0) throw new OnnxError(`${label} pads with ${mode === 'constant' ? `the value ${value}` : `mode ${mode}`}; GradLens imports padding with zeros only`);
        if (pads.length !== 8 || pads[0] !== 0 || pads[1] !== 0 || pads[4] !== 0 || pads[5] !== 0) throw new OnnxError(`${label} pads ${JSON.stringify(pads)}: GradLens imports padding of height and width only`);
        const pad = symmetricPads([pads[2]!, pads[3]!, pads[6]!, pads[7]!], label);
        if (pad[0] > 0 || pad[1] > 0) pendingPad = { pad, label };
        shape = [channels, h + 2 * pad[0], wd + 2 * pad[1]];
        break;
      }
      default: {
        const activation = ACTIVATIONS[node.op_type]!;
        if (node.op_type === 'LeakyRelu') {
          const alpha = floatAttr(node, 'alpha', 0.01);
          if (Math.abs(alpha - 0.01) > 1e-8) throw new OnnxError(`${label} has slope ${alpha}; GradLens's leaky-relu has slope 0.01 (PyTorch's default)`);
        }
        if (node.op_type === 'Softmax' || node.op_type === 'LogSoftmax') {
          flat();
          const axis = intAttr(node, 'axis', opset !== undefined && opset < 13 ? 1 : -1);
          if (axis !== 1 && axis !== -1) throw new OnnxError(`${label} works along axis ${axis}; GradLens's softmax is over each sample's outputs (axis 1)`);
        }
        const previous = last();
        const canFold = previous && (previous.type === 'dense' || previous.type === 'conv2d' || previous.type === 'batchnorm') && previous.activation === undefined;
        if (canFold) previous.activation = activation;
        else layers.push({ type: 'activation', name: layerName(node, node.op_type.toLowerCase(), undefined, used), activation });
      }
    }
    if (node.op_type !== 'Softmax' && node.op_type !== 'LogSoftmax' && node.op_type !== 'Identity' && node.op_type !== 'Dropout') endsIn = undefined;
    if (node.op_type === 'Softmax' || node.op_type === 'LogSoftmax') endsIn = node.op_type;
    current = node.output[0]!;
    dataShapes.set(current, shape);
  });

  if (current !== graph.output[0]!.name) {
    throw new OnnxError(`the graph's output '${graph.output[0]!.name}' is not the end of its chain of layers ('${current}')`);
  }
  if (layers.length === 0) throw new OnnxError('the graph has no layers GradLens can import');
  return {
    inputShape, layers, outputs: shape.reduce((a, b) => a * b, 1), ...(endsIn ? { endsIn } : {}), weightTypes: [...weightTypes].sort(),
    ...(opset !== undefined ? { opset } : {}), producer: `${model.producer_name ?? ''} ${model.producer_version ?? ''}`.trim(),
  };
}

function autoPad(node: OnnxNode, label: string): void {
  const mode = stringAttr(node, 'auto_pad');
  if (mode && mode !== 'NOTSET' && mode !== 'VALID') throw new OnnxError(`${label} has auto_pad ${mode}; GradLens imports explicit pads`);
}

function broadcastBias(b: Tensor, units: number, label: string): number[] {
  if (b.values.length === units) return Array.from(b.values);
  if (b.values.length === 1) return new Array<number>(units).fill(b.values[0]!);
  throw new OnnxError(`${label}: its bias has ${b.values.length} values for ${units} units`);
}

/** The shortest decimal that is the same float32 (attributes are float32: 0.1 arrives as 0.10000000149…). */
function shortestFloat32(v: number): number {
  for (let p = 1; p <= 9; p++) {
    const d = Number(v.toPrecision(p));
    if (Math.fround(d) === Math.fround(v)) return d;
  }
  return v;
}
