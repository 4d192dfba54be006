/** MaxPool and AveragePool: maxpool2d and avgpool2d layers (ceil_mode 0; AveragePool's padding counts its zeros). */
import * as l10n from '@vscode/l10n';
import { intAttr, intsAttr } from '../constants';
import { OnnxError } from '../onnxProto';
import {
  checkAutoPad, imageInput, layerName, outSize, pairOf, symmetricPads, withPadBefore, type ChainState, type OpInput,
} from './opContext';

/**
 * MaxPool / AveragePool: reads ceil_mode, dilations, a second output (MaxPool's indices, refused),
 * auto_pad, kernel_shape, strides, pads (plus a Pad node's zeros right before it) and
 * count_include_pad; writes a pooling layer and the image shape [channels, H′, W′].
 */
export function mapPool(op: OpInput, chain: ChainState): void {
  const { node, label } = op;
  const [channels, h, wd] = imageInput(op, chain);
  if (intAttr(node, 'ceil_mode', 0) !== 0) throw new OnnxError(l10n.t('{0} has ceil_mode = 1; GradLens imports ceil_mode = 0', label));
  const dil = intsAttr(node, 'dilations');
  if (dil && dil.some((d) => d !== 1)) throw new OnnxError(l10n.t('{0} has dilations {1}; GradLens imports dilation 1', label, JSON.stringify(dil)));
  if (node.op_type === 'MaxPool' && node.output.length > 1 && node.output[1]) throw new OnnxError(l10n.t('{0} also outputs the indices of the maxima; GradLens imports MaxPool with one output', label));
  checkAutoPad(node, label);
  const size = pairOf(intsAttr(node, 'kernel_shape'), 0, l10n.t("{0}'s kernel_shape", label));
  const stride = pairOf(intsAttr(node, 'strides'), 1, l10n.t("{0}'s strides", label));
  const ownPadding = symmetricPads(intsAttr(node, 'pads'), label);
  const padding = withPadBefore(op, ownPadding);
  if (node.op_type === 'AveragePool' && (ownPadding[0] > 0 || ownPadding[1] > 0) && intAttr(node, 'count_include_pad', 0) !== 1) {
    throw new OnnxError(l10n.t("{0} leaves padded zeros out of the mean (count_include_pad = 0); GradLens counts them (PyTorch's default)", label));
  }
  const type = node.op_type === 'MaxPool' ? 'maxpool2d' : 'avgpool2d';
  chain.layers.push({ type, name: layerName(op, chain, type === 'maxpool2d' ? 'maxpool' : 'avgpool', undefined), size, stride, padding });
  chain.shape = [channels, outSize(h, size[0], stride[0], padding[0], label), outSize(wd, size[1], stride[1], padding[1], label)];
}
