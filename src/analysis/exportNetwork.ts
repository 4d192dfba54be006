/**
 * The network of a session, at its current parameters, as the exporters describe it
 * (src/model/export/exportedNetwork.ts): each engine layer's resolved geometry and a copy of its
 * parameter values. Dense-only models (the fused `Network`) become dense layers.
 */
import type { Layer } from '../engine/layers/layer';
import { LayeredNetwork } from '../engine/layers/network';
import type { Network } from '../engine/network';
import type { ExportLayer, ExportNetwork, ExportTrainable } from '../model/export/exportedNetwork';

/** What the exporters need of a network: a copy, so that later training does not change it. */
export function exportNetwork(network: Network | LayeredNetwork): ExportNetwork {
  if (network instanceof LayeredNetwork) {
    return { inputShape: [...network.inputShape], layers: network.layers.map(exportLayer) };
  }
  return {
    inputShape: [network.inputs],
    layers: network.layers.map((l) => ({
      type: 'dense', name: l.name, fanIn: l.fanIn, units: l.units, activation: l.activation,
      weights: Float64Array.from(l.weights), bias: Float64Array.from(l.bias), trainable: { weights: l.trainable.weights, bias: l.trainable.bias },
    })),
  };
}

function trainableOf(layer: Layer): ExportTrainable {
  return { weights: layer.params[0]?.trainable ?? true, bias: layer.params[1]?.trainable ?? true };
}

function values(layer: Layer, i: number): Float64Array {
  return Float64Array.from(layer.params[i]!.values);
}

interface WindowLayer { readonly window: { kh: number; kw: number; sh: number; sw: number; ph: number; pw: number } }

function windowOf(layer: Layer): Pick<Extract<ExportLayer, { type: 'conv2d' }>, 'kernel' | 'stride' | 'padding'> {
  const w = (layer as unknown as WindowLayer).window;
  return { kernel: [w.kh, w.kw], stride: [w.sh, w.sw], padding: [w.ph, w.pw] };
}

function exportLayer(layer: Layer): ExportLayer {
  const name = layer.name;
  switch (layer.type) {
    case 'dense':
      return { type: 'dense', name, fanIn: layer.inSize, units: layer.outSize, activation: layer.activation ?? 'linear', weights: values(layer, 0), bias: values(layer, 1), trainable: trainableOf(layer) };
    case 'conv2d':
      return {
        type: 'conv2d', name, channels: layer.inShape[0]!, filters: layer.outShape[0]!, ...windowOf(layer),
        activation: layer.activation ?? 'linear', weights: values(layer, 0), bias: values(layer, 1), trainable: trainableOf(layer),
      };
    case 'maxpool2d': case 'avgpool2d':
      return { type: layer.type, name, ...windowOf(layer) };
    case 'flatten': return { type: 'flatten', name };
    case 'dropout': return { type: 'dropout', name, rate: (layer as unknown as { rate: number }).rate };
    case 'activation': return { type: 'activation', name, activation: layer.activation ?? 'linear' };
    case 'batchnorm': {
      const bn = layer as unknown as { momentum: number; epsilon: number; runningMean: Float64Array; runningVar: Float64Array };
      return {
        type: 'batchnorm', name, features: layer.inShape[0]!, image: layer.inShape.length === 3, momentum: bn.momentum, epsilon: bn.epsilon,
        activation: layer.activation ?? 'linear', scale: values(layer, 0), shift: values(layer, 1),
        runningMean: Float64Array.from(bn.runningMean), runningVar: Float64Array.from(bn.runningVar), trainable: trainableOf(layer),
      };
    }
  }
}
