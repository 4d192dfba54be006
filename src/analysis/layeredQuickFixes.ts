/**
 * Mechanical quick fixes for the warnings of a layered model (model file 1.1), as one text edit each
 * on the model file's own ranges:
 * - `dropout-rate` (rate ≥ 0.9): the rate's value becomes 0.5;
 * - `dead-relu` on a relu conv2d layer initialised otherwise than He's way (and without explicit
 *   weights): its `init` value becomes `"he"`, or `"init": "he"` is added after its `activation`.
 * - `saturated` on a sigmoid/tanh layer that is not the output layer, with no batch norm right before
 *   its activation: a batch-norm layer goes in before the activation. The spec lets `activation` sit on
 *   `dense`, `conv2d` and `batchnorm` layers, so a dense or conv layer's activation moves onto a new
 *   `batchnorm` layer after it (its own `"activation"` becomes `"linear"`): dense → batch norm + sigmoid,
 *   as papers write it. An `activation` layer gets a `batchnorm` layer inserted before it. Batch norm
 *   takes its size from its input (features after dense, channels after conv), so it needs no numbers.
 *   Not offered on the output layer (its activation belongs with the loss) or a batch-norm layer.
 * The titles are `l10n.t` texts (the loaded language; English without a bundle).
 */
import * as l10n from '@vscode/l10n';
import type { LayeredNetworkSpec } from '../engine/layers/spec';
import type { ModelFile, SourceRange } from '../model/types';
import type { AnalysisWarning } from './types';

/** The dropout rate the fix writes. */
export const SAFER_DROPOUT_RATE = 0.5;

function at(position: SourceRange['end'], offset: number): SourceRange {
  return { start: position, end: position, startOffset: offset, endOffset: offset };
}

/** A name for the new batch-norm layer after `name`: `<name>_bn`, numbered when that is taken. */
function batchNormName(spec: LayeredNetworkSpec, name: string): string {
  const taken = new Set(spec.layers.map((l) => l.name));
  let candidate = `${name}_bn`;
  for (let n = 2; taken.has(candidate); n++) candidate = `${name}_bn${n}`;
  return candidate;
}

/** Batch norm before the sigmoid/tanh activation of layer `layerIndex`, where that applies (see above). */
function batchNormBeforeActivation(model: ModelFile, spec: LayeredNetworkSpec, layerIndex: number): AnalysisWarning['quickFix'] {
  const layer = spec.layers[layerIndex]!;
  const source = model.layers[layerIndex]!.source;
  const activation = 'activation' in layer ? layer.activation : undefined;
  if (activation !== 'sigmoid' && activation !== 'tanh') return undefined;
  if (layerIndex === spec.layers.length - 1) return undefined;
  const title = l10n.t('Add batch norm before the {0} activation', activation);
  if (layer.type === 'activation') {
    if (spec.layers[layerIndex - 1]?.type === 'batchnorm') return undefined;
    const name = batchNormName(spec, layer.name);
    return { title, range: at(source.range.start, source.range.startOffset), newText: `{ "name": ${JSON.stringify(name)}, "type": "batchnorm" }, ` };
  }
  if (layer.type !== 'dense' && layer.type !== 'conv2d') return undefined;
  const written = source.properties?.activation?.value;
  if (!written) return undefined;
  const name = batchNormName(spec, layer.name);
  return {
    title, range: written, newText: '"linear"',
    moreEdits: [{
      range: at(source.range.end, source.range.endOffset),
      newText: `, { "name": ${JSON.stringify(name)}, "type": "batchnorm", "activation": "${activation}" }`,
    }],
  };
}

/** The quick fix of a warning of layer `layerIndex`, or undefined when it has none. */
export function layeredQuickFix(model: ModelFile, spec: LayeredNetworkSpec, code: string, layerIndex: number): AnalysisWarning['quickFix'] {
  const properties = model.layers[layerIndex]?.source.properties;
  const layer = spec.layers[layerIndex];
  if (!properties || !layer) return undefined;
  if (code === 'dropout-rate' && properties.rate?.value) {
    return { title: l10n.t('Lower the dropout rate to {0}', SAFER_DROPOUT_RATE), range: properties.rate.value, newText: String(SAFER_DROPOUT_RATE) };
  }
  if (code === 'dead-relu' && layer.type === 'conv2d' && layer.activation === 'relu' && layer.weights === undefined && layer.init !== 'he') {
    const title = l10n.t('Initialise this relu convolution the He way ("init": "he")');
    if (properties.init?.value) return { title, range: properties.init.value, newText: '"he"' };
    const after = properties.activation?.value;
    if (after) return { title, range: at(after.end, after.endOffset), newText: ', "init": "he"' };
  }
  if (code === 'saturated') return batchNormBeforeActivation(model, spec, layerIndex);
  return undefined;
}
