/** BatchNormalization: a batchnorm layer; ONNX's momentum m is PyTorch's 1 − m. */
import * as l10n from '@vscode/l10n';
import { floatAttr } from '../constants';
import { OnnxError } from '../onnxProto';
import { checkWeightType, layerName, shortestFloat32, type ChainState, type OpInput } from './opContext';

/**
 * BatchNormalization: reads scale, bias, running mean and running variance (inputs 2–5, one value per
 * feature or channel), momentum and epsilon; writes a batchnorm layer (the shape stays).
 */
export function mapBatchNorm(op: OpInput, chain: ChainState): void {
  const { node, label } = op;
  const features = chain.shape[0]!;
  const scale = op.constant(1, l10n.t('scale')), shift = op.constant(2, l10n.t('bias')), mean = op.constant(3, l10n.t('running mean')), variance = op.constant(4, l10n.t('running variance'));
  for (const t of [scale, shift, mean, variance]) {
    checkWeightType(op, chain, t);
    if (t.values.length !== features) throw new OnnxError(chain.shape.length === 3
      ? l10n.t('{0}: a parameter has {1} values for {2} channels', label, t.values.length, features)
      : l10n.t('{0}: a parameter has {1} values for {2} features', label, t.values.length, features));
  }
  chain.layers.push({
    type: 'batchnorm', name: layerName(op, chain, 'batchnorm', node.input[1]),
    momentum: Number((1 - shortestFloat32(floatAttr(node, 'momentum', 0.9))).toPrecision(12)), epsilon: shortestFloat32(floatAttr(node, 'epsilon', 1e-5)),
    scale: Array.from(scale.values), shift: Array.from(shift.values), runningMean: Array.from(mean.values), runningVar: Array.from(variance.values),
  });
}
