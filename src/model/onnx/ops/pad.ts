/**
 * Pad (zeros): the padding of the Conv or AveragePool right after it (PyTorch writes
 * AvgPool2d(padding=p) as Pad → AveragePool). The graph walk refuses any other node after it.
 */
import * as l10n from '@vscode/l10n';
import { floatAttr, intsAttr, stringAttr } from '../constants';
import { OnnxError } from '../onnxProto';
import { imageInput, symmetricPads, type ChainState, type OpInput } from './opContext';

/**
 * Pad: reads mode, pads (attribute, or input 2 from opset 11) and the value (input 3 or attribute);
 * writes the padded image shape and `chain.pendingPad` for the node after it (no layer).
 */
export function mapPad(op: OpInput, chain: ChainState): void {
  const { node, label } = op;
  const [channels, h, wd] = imageInput(op, chain);
  const mode = stringAttr(node, 'mode') ?? 'constant';
  const pads = intsAttr(node, 'pads') ?? Array.from(op.constant(1, l10n.t('pads')).values);
  const value = op.optional(2)?.values[0] ?? floatAttr(node, 'value', 0);
  if (mode !== 'constant' || value !== 0) {
    throw new OnnxError(mode === 'constant'
      ? l10n.t('{0} pads with the value {1}; GradLens imports padding with zeros only', label, value)
      : l10n.t('{0} pads with mode {1}; GradLens imports padding with zeros only', label, String(mode)));
  }
  if (pads.length !== 8 || pads[0] !== 0 || pads[1] !== 0 || pads[4] !== 0 || pads[5] !== 0) throw new OnnxError(l10n.t('{0} pads {1}: GradLens imports padding of height and width only', label, JSON.stringify(pads)));
  const pad = symmetricPads([pads[2]!, pads[3]!, pads[6]!, pads[7]!], label);
  if (pad[0] > 0 || pad[1] > 0) chain.pendingPad = { pad, label };
  chain.shape = [channels, h + 2 * pad[0], wd + 2 * pad[1]];
}
