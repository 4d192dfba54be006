/**
 * The layer types of model file 1.1 and the keys each one takes (docs/spec/model-file-v1.1-layers.md).
 * Shared by the reader, the schema and the editor's completion.
 */
import type { LayerType } from '../../engine/layers/spec';

export const LAYER_TYPES_V1_1: readonly LayerType[] = ['dense', 'conv2d', 'maxpool2d', 'avgpool2d', 'flatten', 'activation', 'dropout', 'batchnorm'];

const COMMON = ['name', 'type', 'trainable'] as const;

/** The keys a layer of each type may have. */
export const KEYS_BY_TYPE: Readonly<Record<LayerType, readonly string[]>> = {
  dense: [...COMMON, 'units', 'activation', 'weights', 'bias', 'init'],
  conv2d: [...COMMON, 'filters', 'kernel', 'stride', 'padding', 'activation', 'weights', 'bias', 'init'],
  maxpool2d: [...COMMON, 'size', 'stride', 'padding'],
  avgpool2d: [...COMMON, 'size', 'stride', 'padding'],
  flatten: [...COMMON],
  activation: [...COMMON, 'activation'],
  dropout: [...COMMON, 'rate'],
  batchnorm: [...COMMON, 'momentum', 'epsilon', 'activation', 'scale', 'shift', 'runningMean', 'runningVar'],
};

/** Every key any layer type takes. */
export const ALL_LAYER_KEYS: readonly string[] = [...new Set(Object.values(KEYS_BY_TYPE).flat())];

/** Other libraries' names for the types, for "did you mean". */
export const LAYER_TYPE_ALIASES: Readonly<Record<string, LayerType>> = {
  conv: 'conv2d', convolution: 'conv2d', convolution2d: 'conv2d', linear: 'dense', fullyconnected: 'dense', fc: 'dense',
  maxpool: 'maxpool2d', maxpooling2d: 'maxpool2d', avgpool: 'avgpool2d', averagepooling2d: 'avgpool2d', meanpool: 'avgpool2d',
  reshape: 'flatten', bn: 'batchnorm', batchnorm2d: 'batchnorm', batchnorm1d: 'batchnorm', batchnormalization: 'batchnorm',
};

/** Layer types with parameters (weights, bias; batch norm's γ and β). */
export function hasParameters(type: LayerType): boolean {
  return type === 'dense' || type === 'conv2d' || type === 'batchnorm';
}
