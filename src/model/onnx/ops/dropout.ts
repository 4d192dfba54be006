/** Dropout (a dropout layer with its ratio; in evaluation mode exporters leave it out) and Identity (nothing). */
import * as l10n from '@vscode/l10n';
import { floatAttr } from '../constants';
import { OnnxError } from '../onnxProto';
import { layerName, shortestFloat32, type ChainState, type OpInput } from './opContext';

/** Dropout: reads the ratio (input 2 from opset 12, else the attribute; 0.5 by default); writes a dropout layer. */
export function mapDropout(op: OpInput, chain: ChainState): void {
  const ratioInput = op.optional(1);
  const rate = ratioInput ? ratioInput.values[0]! : floatAttr(op.node, 'ratio', 0.5);
  if (!(rate >= 0 && rate < 1)) throw new OnnxError(l10n.t("{0} has ratio {1}; GradLens's dropout rate is between 0 and 1", op.label, rate));
  chain.layers.push({ type: 'dropout', name: layerName(op, chain, 'dropout', undefined), rate: shortestFloat32(rate) });
}

/** Identity on the data: reads and writes nothing. */
export function mapIdentity(): void {
  // The values pass unchanged.
}
