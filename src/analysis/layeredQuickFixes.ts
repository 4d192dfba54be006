/**
 * Mechanical quick fixes for the warnings of a layered model (model file 1.1), as one text edit each
 * on the model file's own ranges:
 * - `dropout-rate` (rate ≥ 0.9): the rate's value becomes 0.5;
 * - `dead-relu` on a relu conv2d layer initialised otherwise than He's way (and without explicit
 *   weights): its `init` value becomes `"he"`, or `"init": "he"` is added after its `activation`.
 * Others (batch norm before a saturating activation) need two edits of the layer list: not offered yet.
 */
import type { LayeredNetworkSpec } from '../engine/layers/spec';
import type { ModelFile, SourceRange } from '../model/types';
import type { AnalysisWarning } from './types';

/** The dropout rate the fix writes. */
export const SAFER_DROPOUT_RATE = 0.5;

function at(position: SourceRange['end'], offset: number): SourceRange {
  return { start: position, end: position, startOffset: offset, endOffset: offset };
}

/** The quick fix of a warning of layer `layerIndex`, or undefined when it has none. */
export function layeredQuickFix(model: ModelFile, spec: LayeredNetworkSpec, code: string, layerIndex: number): AnalysisWarning['quickFix'] {
  const properties = model.layers[layerIndex]?.source.properties;
  const layer = spec.layers[layerIndex];
  if (!properties || !layer) return undefined;
  if (code === 'dropout-rate' && properties.rate?.value) {
    return { title: `Lower the dropout rate to ${SAFER_DROPOUT_RATE}`, range: properties.rate.value, newText: String(SAFER_DROPOUT_RATE) };
  }
  if (code === 'dead-relu' && layer.type === 'conv2d' && layer.activation === 'relu' && layer.weights === undefined && layer.init !== 'he') {
    const title = 'Initialise this relu convolution the He way ("init": "he")';
    if (properties.init?.value) return { title, range: properties.init.value, newText: '"he"' };
    const after = properties.activation?.value;
    if (after) return { title, range: at(after.end, after.endOffset), newText: ', "init": "he"' };
  }
  return undefined;
}
