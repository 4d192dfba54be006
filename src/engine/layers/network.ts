/**
 * A layered network: image or flat inputs and a sequence of layers of several types (dense,
 * conv2d, maxpool2d, avgpool2d, flatten, activation, dropout, batchnorm), each shape following from
 * the one before. Build one with `LayeredNetwork.fromSpec`; run it with `pass.ts`.
 * Networks of dense layers only keep using the dense `Network` and its fused path.
 */
import { ACT_SOFTMAX } from '../activations';
import { BatchNormLayer } from './batchnorm';
import { Conv2dLayer } from './conv2d';
import { DenseLayerOp } from './dense';
import { sizeOf, type Layer, type Param } from './layer';
import { AvgPool2dLayer, MaxPool2dLayer } from './pool2d';
import { ActivationLayer, DropoutLayer, FlattenLayer } from './shape-layers';
import type { LayeredNetworkSpec, LayerSpec, SampleShape } from './spec';

/** One parameter with the layer it belongs to. */
export interface ParamRef {
  readonly layer: Layer;
  readonly param: Param;
}

export class LayeredNetwork {
  readonly inputShape: SampleShape;
  /** Numbers per input sample (C·H·W or F). */
  readonly inputs: number;

  constructor(inputShape: SampleShape, readonly layers: readonly Layer[], readonly seed = 1) {
    if (layers.length === 0) throw new Error('a network needs at least one layer');
    this.inputShape = inputShape;
    this.inputs = sizeOf(inputShape);
    let shape = inputShape;
    for (const [i, layer] of layers.entries()) {
      if (layer.index !== i) throw new Error(`layer '${layer.name}' has index ${layer.index} but stands at position ${i}`);
      if (layer.inShape.join() !== shape.join()) {
        throw new Error(`layer '${layer.name}' expects input [${layer.inShape.join(', ')}] but receives [${shape.join(', ')}]`);
      }
      if (layer.code === ACT_SOFTMAX && layer.outShape.length !== 1) {
        throw new Error(`layer '${layer.name}': softmax needs a flat output, but this layer's output is an image [${layer.outShape.join(', ')}]: flatten first`);
      }
      shape = layer.outShape;
    }
  }

  /** Builds every layer from its spec, shapes flowing from the inputs. @throws Error naming the layer when something does not fit. */
  static fromSpec(spec: LayeredNetworkSpec): LayeredNetwork {
    let shape: SampleShape = typeof spec.inputs === 'number' ? [spec.inputs] : [...spec.inputs];
    const layers = spec.layers.map((ls, index) => {
      const layer = buildLayer(ls, index, shape, spec.seed);
      shape = layer.outShape;
      return layer;
    });
    return new LayeredNetwork(typeof spec.inputs === 'number' ? [spec.inputs] : [...spec.inputs], layers, spec.seed);
  }

  /** The output shape of the last layer. */
  get outputShape(): SampleShape {
    return this.layers[this.layers.length - 1].outShape;
  }

  /** Number of outputs K per sample. */
  get outputs(): number {
    return this.layers[this.layers.length - 1].outSize;
  }

  /** Every parameter, layer by layer, weights before bias. */
  get parameters(): ParamRef[] {
    return this.layers.flatMap((layer) => layer.params.map((param) => ({ layer, param })));
  }

  /** Total number of parameters (frozen ones included). */
  get parameterCount(): number {
    let n = 0;
    for (const l of this.layers) for (const p of l.params) n += p.values.length;
    return n;
  }

  /** Zeroed gradient buffers, one per parameter, per layer. */
  allocGrads(): Float64Array[][] {
    return this.layers.map((l) => l.params.map((p) => new Float64Array(p.values.length)));
  }
}

function buildLayer(spec: LayerSpec, index: number, inShape: SampleShape, seed: number): Layer {
  switch (spec.type) {
    case 'dense': return DenseLayerOp.fromSpec(spec, index, inShape, seed);
    case 'conv2d': return Conv2dLayer.fromSpec(spec, index, inShape, seed);
    case 'maxpool2d': return MaxPool2dLayer.fromSpec(spec, index, inShape);
    case 'avgpool2d': return AvgPool2dLayer.fromSpec(spec, index, inShape);
    case 'flatten':
      if (inShape.length !== 3) throw new Error(`layer '${spec.name}': flatten needs an image input [C, H, W], got [${inShape.join(', ')}]`);
      return new FlattenLayer(spec.name, index, inShape);
    case 'activation': return new ActivationLayer(spec.name, index, inShape, spec.activation);
    case 'dropout': return new DropoutLayer(spec.name, index, inShape, spec.rate, seed);
    case 'batchnorm': return BatchNormLayer.fromSpec(spec, index, inShape);
    default: throw new Error(`unknown layer type '${String((spec as { type: unknown }).type)}'`);
  }
}
