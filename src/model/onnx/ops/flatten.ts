/** Flatten (axis 1) and Reshape to [N, -1]: a flatten layer (nothing when the values are already flat). */
import * as l10n from '@vscode/l10n';
import { intAttr } from '../constants';
import { OnnxError } from '../onnxProto';
import { layerName, type ChainState, type OpInput } from './opContext';

/**
 * Flatten / Reshape: reads Flatten's axis, or Reshape's target shape (input 2) and allowzero; writes a
 * flatten layer and the flat shape when the values are an image, nothing when they are flat already or
 * the Reshape keeps their shape.
 */
export function mapFlatten(op: OpInput, chain: ChainState): void {
  const { node, label } = op;
  const shape = chain.shape;
  if (node.op_type === 'Flatten' && intAttr(node, 'axis', 1) !== 1) throw new OnnxError(l10n.t('{0} flattens from axis {1}; GradLens imports Flatten from axis 1 (the batch stays)', label, intAttr(node, 'axis', 1)));
  const size = shape.reduce((a, b) => a * b, 1);
  if (node.op_type === 'Reshape') {
    const target = Array.from(op.constant(1, l10n.t('target shape')).values);
    const rest = target.slice(1);
    const batchOk = target[0] === -1 || target[0] === 0 || target[0] === op.batchDim;
    const restOk = (rest.length === 1 && (rest[0] === -1 || rest[0] === size)) || (rest.length === shape.length && rest.every((d, i) => d === shape[i] || (d === 0 && intAttr(node, 'allowzero', 0) === 0)));
    if (!batchOk || !restOk) throw new OnnxError(l10n.t('{0} reshapes {1} values to {2}; GradLens imports only a Reshape that flattens each sample ([N, -1])', label, shape.join('×'), JSON.stringify(target)));
    if (rest.length !== 1) return; // the same shape: nothing to do
  }
  if (shape.length > 1) {
    chain.layers.push({ type: 'flatten', name: layerName(op, chain, 'flatten', undefined) });
    chain.shape = [size];
  }
}
