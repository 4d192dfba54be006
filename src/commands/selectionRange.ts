/** Where a panel selection (layer, parameter, entry) is written in the model file. */
import * as vscode from 'vscode';
import type { Analysis } from '../analysis/types';
import type { Selection } from '../shared/protocol';
import { toRange } from '../ranges';

export function selectionRange(analysis: Analysis | undefined, selection: Selection): vscode.Range | undefined {
  const layer = analysis?.layers[selection.layerIndex];
  if (!layer) return undefined;
  const [unit, input] = selection.index ?? [];
  const s = layer.source;
  if (selection.param === 'weights') {
    const exact = unit !== undefined && input !== undefined ? s.weightRanges?.[unit]?.[input] : undefined;
    return toRange(exact ?? s.weightsRange ?? layer.range);
  }
  if (selection.param === 'bias') {
    const exact = unit !== undefined ? s.biasRanges?.[unit] : undefined;
    return toRange(exact ?? s.biasRange ?? layer.range);
  }
  return toRange(layer.range);
}
