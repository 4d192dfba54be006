/**
 * Relu, LeakyRelu (alpha 0.01), Sigmoid, Tanh, Softmax (last axis) and LogSoftmax: the activation of
 * the layer before when it has none and may have one (dense; conv2d and batchnorm in version 1.1),
 * else an `activation` layer. LogSoftmax is softmax here; the graph walk takes it only as the last
 * node and the importer pairs it with cross-entropy (PyTorch's LogSoftmax + NLLLoss is GradLens's
 * softmax + cross-entropy).
 */
import * as l10n from '@vscode/l10n';
import { floatAttr, intAttr } from '../constants';
import type { ImportedActivation } from '../importedLayers';
import { OnnxError } from '../onnxProto';
import { flatInput, layerName, type ChainState, type OpInput } from './opContext';

export const ACTIVATIONS: Readonly<Record<string, ImportedActivation>> = {
  Relu: 'relu', LeakyRelu: 'leaky-relu', Sigmoid: 'sigmoid', Tanh: 'tanh', Softmax: 'softmax', LogSoftmax: 'softmax',
};

/** Writes the node's activation onto the last layer when it can take one, else as an activation layer. */
function foldActivation(op: OpInput, chain: ChainState): void {
  const activation = ACTIVATIONS[op.node.op_type]!;
  const previous = chain.layers[chain.layers.length - 1];
  const canFold = previous && (previous.type === 'dense' || previous.type === 'conv2d' || previous.type === 'batchnorm') && previous.activation === undefined;
  if (canFold) previous.activation = activation;
  else chain.layers.push({ type: 'activation', name: layerName(op, chain, op.node.op_type.toLowerCase(), undefined), activation });
}

/** Relu, Sigmoid, Tanh, LeakyRelu: reads LeakyRelu's alpha (must be 0.01); writes the activation. */
export function mapActivation(op: OpInput, chain: ChainState): void {
  if (op.node.op_type === 'LeakyRelu') {
    const alpha = floatAttr(op.node, 'alpha', 0.01);
    if (Math.abs(alpha - 0.01) > 1e-8) throw new OnnxError(l10n.t("{0} has slope {1}; GradLens's leaky-relu has slope 0.01 (PyTorch's default)", op.label, alpha));
  }
  foldActivation(op, chain);
}

/** Softmax, LogSoftmax: reads the axis (1 or −1, the default by opset) of a flat input; writes softmax. */
export function mapSoftmax(op: OpInput, chain: ChainState): void {
  flatInput(op, chain);
  const axis = intAttr(op.node, 'axis', op.opset !== undefined && op.opset < 13 ? 1 : -1);
  if (axis !== 1 && axis !== -1) throw new OnnxError(l10n.t("{0} works along axis {1}; GradLens's softmax is over each sample's outputs (axis 1)", op.label, axis));
  foldActivation(op, chain);
}
