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
 * Anything else is an {@link OnnxError} naming the node, its op type and what is supported. Each op
 * (family) has its mapper in ./ops/ (the table: ./ops/opMappers.ts); this file walks the chain.
 */
import * as l10n from '@vscode/l10n';
import { CONSTANT_OPS } from './constants';
import type { ImportedNetwork } from './importedLayers';
import { OnnxError, toInt, type OnnxModel, type OnnxNode, type OnnxTensor, type OnnxValueInfo } from './onnxProto';
import type { ChainState, OpInput } from './ops/opContext';
import { OP_MAPPERS } from './ops/opMappers';
import { foldShapeArithmetic, type FoldingState } from './ops/shapeFolding';
import { DOUBLE, FLOAT, readTensor, typeName, type ExternalDataReader, type Tensor } from './tensors';

/** The ops the importer maps, as the unsupported-op message lists them (the qualified ones in the language loaded). */
export function supportedOps(): string[] {
  return [
    'Gemm', 'MatMul', l10n.t("Add (as MatMul's bias)"), 'Conv', 'MaxPool', 'AveragePool', 'Flatten', 'Reshape', 'Relu', 'LeakyRelu', 'Sigmoid',
    'Tanh', 'Softmax', l10n.t('LogSoftmax (last)'), 'BatchNormalization', 'Dropout', 'Identity', l10n.t('Pad (before Conv or AveragePool)'),
  ];
}
/** What the importer reads, for the end of an unsupported op's message (made when reported, in the language loaded then). */
function supportedText(): string {
  return l10n.t('GradLens imports {0}, and folds constant shape arithmetic ({1}, Shape)', supportedOps().join(', '), CONSTANT_OPS.join(', '));
}

/** Ops on the data path: the mappers' and Shape (folded when its input's shape is known). */
const DATA_OPS = new Set([...Object.keys(OP_MAPPERS), 'Shape']);

/** How a node is named in messages: its name and op type, e.g. `node '/3/Concat' (Concat)`. */
export function nodeLabel(node: OnnxNode, index: number): string {
  return node.name ? l10n.t("node '{0}' ({1})", node.name, node.op_type) : l10n.t('node #{0} ({1})', index + 1, node.op_type);
}

/** The graph's one data input: its name, its per-sample shape and its batch size; else an error. */
function readGraphInput(inputs: readonly OnnxValueInfo[], outputs: number): { input: OnnxValueInfo; inputShape: number[]; batchDim: number } {
  if (inputs.length !== 1) {
    throw new OnnxError(inputs.length === 0
      ? l10n.t('the graph has 0 inputs (none); GradLens imports networks with one input')
      : l10n.t('the graph has {0} inputs ({1}); GradLens imports networks with one input', inputs.length, inputs.map((i) => `'${i.name}'`).join(', ')));
  }
  if (outputs !== 1) throw new OnnxError(l10n.t('the graph has {0} outputs; GradLens imports networks with one output', outputs));
  const input = inputs[0]!;
  const dims = input.type?.tensor_type?.shape?.dim ?? [];
  const inputType = input.type?.tensor_type?.elem_type;
  if (inputType !== undefined && inputType !== FLOAT && inputType !== DOUBLE) {
    throw new OnnxError(l10n.t("the input '{0}' is {1}; GradLens imports networks of float32 or float64 inputs", input.name, typeName(inputType)));
  }
  if (dims.length !== 2 && dims.length !== 4) {
    throw new OnnxError(l10n.t("the input '{0}' has {1} dimensions; GradLens imports [batch, features] or [batch, channels, height, width] inputs", input.name, dims.length));
  }
  const inputShape = dims.slice(1).map((d, i) => {
    const v = d.dim_value !== undefined && d.dim_value !== null ? toInt(d.dim_value, l10n.t('an input dimension')) : 0;
    if (!(v > 0)) throw new OnnxError(l10n.t("the input '{0}' has no fixed size in dimension {1} ({2}); export with a fixed example input", input.name, i + 1, d.dim_param || l10n.t('unknown')));
    return v;
  });
  const batchDim = dims[0]?.dim_value !== undefined && dims[0]?.dim_value !== null ? toInt(dims[0].dim_value, l10n.t('the batch dimension')) : 1;
  return { input, inputShape, batchDim };
}

/** The graph's constants: initializers (read when first asked for) and folded nodes. */
function constantsOf(initializers: readonly OnnxTensor[], external: ExternalDataReader | undefined) {
  const constants = new Map<string, Tensor>();
  const lazyInitializers = new Map(initializers.map((t) => [t.name ?? '', t]));
  return {
    get(name: string): Tensor | undefined {
      const known = constants.get(name);
      if (known) return known;
      const init = lazyInitializers.get(name);
      if (!init) return undefined;
      const t = readTensor(init, l10n.t("initializer '{0}'", name), external);
      constants.set(name, t);
      return t;
    },
    set: (name: string, value: Tensor) => void constants.set(name, value),
    has: (name: string) => constants.has(name) || lazyInitializers.has(name),
    isInitializer: (name: string) => lazyInitializers.has(name),
  };
}
type Constants = ReturnType<typeof constantsOf>;

/** The walk's state between nodes: the chain, the data tensors so far, and how the graph ends. */
interface Walk extends FoldingState {
  readonly chain: ChainState;
  readonly constants: Constants;
  readonly opset: number | undefined;
  /** Every tensor the graph's input and its nodes so far give. */
  readonly produced: Set<string>;
  readonly dataShapes: Map<string, number[]>;
  current: string;
  endsIn: ImportedNetwork['endsIn'];
}

/** Refuses a node from another domain, after LogSoftmax, or reading a tensor nothing gives; returns its non-constant inputs. */
function checkNodeInputs(node: OnnxNode, label: string, walk: Walk): string[] {
  if (node.domain && node.domain !== 'ai.onnx') {
    throw new OnnxError(l10n.t("{0} is from the op set '{1}', not ONNX's own. {2}.", label, node.domain, supportedText()));
  }
  if (walk.endsIn === 'LogSoftmax') throw new OnnxError(l10n.t('{0} follows LogSoftmax; GradLens imports LogSoftmax only as the last node', label));
  const missing = node.input.findIndex((n) => n !== '' && !walk.constants.has(n) && !walk.produced.has(n));
  if (missing >= 0) {
    throw new OnnxError(l10n.t("{0}: its input {1} '{2}' is missing: no initializer, Constant node or earlier node gives it", label, missing + 1, node.input[missing]));
  }
  for (const o of node.output) walk.produced.add(o);
  return node.input.filter((n) => n !== '' && !walk.constants.has(n));
}

/**
 * The node as its mapper reads it, taking over what the node before left for it (a MatMul's dense layer,
 * a Pad's zeros, which are taken off the shape again); an unsupported op, a data input other than the
 * chain's, or a Pad before anything but Conv or AveragePool is an error.
 */
function opInputOf(node: OnnxNode, label: string, data: readonly string[], walk: Walk): OpInput {
  if (!DATA_OPS.has(node.op_type)) {
    throw new OnnxError(l10n.t('{0} is not supported. {1}.', label, supportedText()));
  }
  if (data.length !== 1 || data[0] !== walk.current) {
    const strange = data.find((n) => n !== walk.current);
    throw new OnnxError(strange !== undefined
      ? l10n.t("{0} reads '{1}', which is neither the previous node's output nor a constant: GradLens imports chains of layers (an nn.Sequential), without branches", label, strange)
      : l10n.t('{0} has no data input: GradLens imports chains of layers (an nn.Sequential)', label));
  }
  const constant = (k: number, what: string): Tensor => {
    const name = node.input[k];
    const t = name ? walk.constants.get(name) : undefined;
    if (!t) {
      throw new OnnxError(name
        ? l10n.t("{0}: its {1} '{2}' is missing: no initializer or Constant node gives it", label, what, name)
        : l10n.t('{0} has no {1}', label, what));
    }
    return t;
  };
  if (node.output.length < 1) throw new OnnxError(l10n.t('{0} has no output', label));
  const { matmulDense, pendingPad } = walk.chain;
  walk.chain.matmulDense = undefined;
  walk.chain.pendingPad = undefined;
  if (pendingPad && node.op_type !== 'Conv' && node.op_type !== 'AveragePool') {
    throw new OnnxError(l10n.t('{0} pads the image with zeros before {1}; GradLens imports Pad only right before Conv or AveragePool (as their padding)', pendingPad.label, label));
  }
  if (pendingPad) {
    // Undo the padded shape: the layer pads itself.
    const shape = walk.chain.shape;
    walk.chain.shape = [shape[0]!, shape[1]! - 2 * pendingPad.pad[0], shape[2]! - 2 * pendingPad.pad[1]];
  }
  return {
    node, label, current: walk.current, opset: walk.opset, batchDim: walk.batchDim, constant,
    optional: (k) => (node.input[k] ? constant(k, l10n.t('input {0}', k + 1)) : undefined),
    ...(pendingPad ? { padBefore: pendingPad.pad } : {}), ...(matmulDense ? { matmulBefore: matmulDense } : {}),
  };
}

/** Maps one node: folds it, or hands it to its op's mapper and moves the chain on to its output. */
function mapNode(node: OnnxNode, index: number, walk: Walk): void {
  const label = nodeLabel(node, index);
  const data = checkNodeInputs(node, label, walk);
  if (foldShapeArithmetic(node, label, data, walk)) return;
  const op = opInputOf(node, label, data, walk);
  OP_MAPPERS[node.op_type]!(op, walk.chain);
  const type = node.op_type;
  if (type !== 'Softmax' && type !== 'LogSoftmax' && type !== 'Identity' && type !== 'Dropout') walk.endsIn = undefined;
  if (type === 'Softmax' || type === 'LogSoftmax') walk.endsIn = type;
  walk.current = node.output[0]!;
  walk.dataShapes.set(walk.current, walk.chain.shape);
}

/** The layers of the graph, or an {@link OnnxError}. */
export function graphToLayers(model: OnnxModel, external?: ExternalDataReader): ImportedNetwork {
  const graph = model.graph!;
  const opsetEntry = model.opset_import.find((o) => !o.domain || o.domain === 'ai.onnx');
  const opset = opsetEntry ? toInt(opsetEntry.version, l10n.t('the opset')) : undefined;
  const constants = constantsOf(graph.initializer, external);
  const { input, inputShape, batchDim } = readGraphInput(graph.input.filter((i) => !constants.isInitializer(i.name)), graph.output.length);
  const walk: Walk = {
    chain: { shape: [...inputShape], layers: [], usedNames: new Set(), weightTypes: new Set() },
    constants, opset, batchDim, ...(external ? { external } : {}),
    constant: (name) => constants.get(name), setConstant: (name, value) => constants.set(name, value),
    produced: new Set([input.name]), dataShapes: new Map(), current: input.name, endsIn: undefined,
  };
  walk.dataShapes.set(input.name, walk.chain.shape);
  graph.node.forEach((node, index) => mapNode(node, index, walk));

  if (walk.current !== graph.output[0]!.name) {
    throw new OnnxError(l10n.t("the graph's output '{0}' is not the end of its chain of layers ('{1}')", graph.output[0]!.name, walk.current));
  }
  const { layers, shape, weightTypes } = walk.chain;
  if (layers.length === 0) throw new OnnxError(l10n.t('the graph has no layers GradLens can import'));
  return {
    inputShape, layers, outputs: shape.reduce((a, b) => a * b, 1), ...(walk.endsIn ? { endsIn: walk.endsIn } : {}), weightTypes: [...weightTypes].sort(),
    ...(opset !== undefined ? { opset } : {}), producer: `${model.producer_name ?? ''} ${model.producer_version ?? ''}`.trim(),
  };
}
