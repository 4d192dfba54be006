/**
 * The network of a session, at its current parameters, as the exporters describe it
 * (src/model/export/exportedNetwork.ts): each engine layer's resolved geometry and a copy of its
 * parameter values. Dense-only models (the fused `Network`) become dense layers.
 */
import { BatchNormLayer } from '../engine/layers/batchnorm';
import { Conv2dLayer } from '../engine/layers/conv2d';
import type { Layer } from '../engine/layers/layer';
import { LayeredNetwork } from '../engine/layers/network';
import { AvgPool2dLayer, MaxPool2dLayer } from '../engine/layers/pool2d';
import { DropoutLayer } from '../engine/layers/shape-layers';
import type { Window } from '../engine/layers/geometry';
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

function windowOf(w: Window): Pick<Extract<ExportLayer, { type: 'conv2d' }>, 'kernel' | 'stride' | 'padding'> {
  return { kernel: [w.kh, w.kw], stride: [w.sh, w.sw], padding: [w.ph, w.pw] };
}

function exportLayer(layer: Layer): ExportLayer {
  const name = layer.name;
  if (layer instanceof Conv2dLayer) {
    return {
      type: 'conv2d', name, channels: layer.C, filters: layer.F, ...windowOf(layer.window),
      activation: layer.activation, weights: values(layer, 0), bias: values(layer, 1), trainable: trainableOf(layer),
    };
  }
  if (layer instanceof MaxPool2dLayer || layer instanceof AvgPool2dLayer) return { type: layer.type, name, ...windowOf(layer.window) };
  if (layer instanceof DropoutLayer) return { type: 'dropout', name, rate: layer.rate };
  if (layer instanceof BatchNormLayer) {
    return {
      type: 'batchnorm', name, features: layer.groups, image: layer.inShape.length === 3, momentum: layer.momentum, epsilon: layer.epsilon,
      activation: layer.activation, scale: values(layer, 0), shift: values(layer, 1),
      runningMean: Float64Array.from(layer.runningMean), runningVar: Float64Array.from(layer.runningVar), trainable: trainableOf(layer),
    };
  }
  switch (layer.type) {
    case 'dense':
      return { type: 'dense', name, fanIn: layer.inSize, units: layer.outSize, activation: layer.activation ?? 'linear', weights: values(layer, 0), bias: values(layer, 1), trainable: trainableOf(layer) };
    case 'flatten': return { type: 'flatten', name };
    case 'activation': return { type: 'activation', name, activation: layer.activation ?? 'linear' };
    default: throw new Error(`layer '${name}': no export for a ${layer.type} layer`);
  }
}
