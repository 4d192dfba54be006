/** BatchNormalization: a batchnorm layer; ONNX's momentum m is PyTorch's 1 − m. */
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
  const scale = op.constant(1, 'scale'), shift = op.constant(2, 'bias'), mean = op.constant(3, 'running mean'), variance = op.constant(4, 'running variance');
  for (const t of [scale, shift, mean, variance]) {
    checkWeightType(op, chain, t);
    if (t.values.length !== features) throw new OnnxError(`${label}: a parameter has ${t.values.length} values for ${features} ${chain.shape.length === 3 ? 'channels' : 'features'}`);
  }
  chain.layers.push({
    type: 'batchnorm', name: layerName(op, chain, 'batchnorm', node.input[1]),
    momentum: Number((1 - shortestFloat32(floatAttr(node, 'momentum', 0.9))).toPrecision(12)), epsilon: shortestFloat32(floatAttr(node, 'epsilon', 1e-5)),
    scale: Array.from(scale.values), shift: Array.from(shift.values), runningMean: Array.from(mean.values), runningVar: Array.from(variance.values),
  });
}
