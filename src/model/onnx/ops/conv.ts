/**
 * Conv: a conv2d layer (group 1, dilation 1, symmetric padding). ONNX's weights are
 * [filters, channels, kh, kw], as GradLens's.
 */
import * as l10n from '@vscode/l10n';
import { intAttr, intsAttr } from '../constants';
import { OnnxError } from '../onnxProto';
import type { Tensor } from '../tensors';
import {
  broadcastBias, checkAutoPad, checkWeightType, imageInput, layerName, outSize, pairOf, symmetricPads, withPadBefore,
  type ChainState, type OpInput,
} from './opContext';

/** The [filters][channels][kh][kw] kernels of a flat [filters, channels, kh, kw] tensor. */
function kernels(w: Tensor, filters: number, channels: number, kh: number, kw: number): number[][][][] {
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
  return weights;
}

/**
 * Conv: reads the weights (input 2), the optional bias (input 3), group, dilations, auto_pad, strides
 * and pads (plus a Pad node's zeros right before it); writes a conv2d layer and the image shape
 * [filters, H′, W′].
 */
export function mapConv(op: OpInput, chain: ChainState): void {
  const { node, label } = op;
  const [channels, h, wd] = imageInput(op, chain);
  if (intAttr(node, 'group', 1) !== 1) throw new OnnxError(l10n.t('{0} is a grouped convolution (group {1}); GradLens imports group 1', label, intAttr(node, 'group', 1)));
  const dil = intsAttr(node, 'dilations');
  if (dil && dil.some((d) => d !== 1)) throw new OnnxError(l10n.t('{0} has dilations {1}; GradLens imports dilation 1', label, JSON.stringify(dil)));
  checkAutoPad(node, label);
  const w = op.constant(1, l10n.t('weights'));
  checkWeightType(op, chain, w);
  if (w.shape.length !== 4 || w.shape[1] !== channels) throw new OnnxError(l10n.t('{0}: its weights have shape {1}; for {2} input channels GradLens needs filters×{3}×kh×kw', label, w.shape.join('×'), channels, channels));
  const [filters, , kh, kw] = w.shape as [number, number, number, number];
  const stride = pairOf(intsAttr(node, 'strides'), 1, l10n.t("{0}'s strides", label));
  const padding = withPadBefore(op, symmetricPads(intsAttr(node, 'pads'), label));
  const b = op.optional(2);
  const weights = kernels(w, filters, channels, kh, kw);
  const bias = b ? broadcastBias(b, filters, label) : new Array<number>(filters).fill(0);
  chain.layers.push({ type: 'conv2d', name: layerName(op, chain, 'conv', node.input[1]), filters, kernel: [kh, kw], stride, padding, weights, bias });
  chain.shape = [filters, outSize(h, kh, stride[0], padding[0], label), outSize(wd, kw, stride[1], padding[1], label)];
}
