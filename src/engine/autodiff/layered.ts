/**
 * A layered network (conv2d, pooling, flatten, dropout, batch norm, activation, dense) written with
 * the general autodiff ops: the independent reference of `layers/pass.ts`. Convolution and pooling
 * are ops of their own (conv.ts); batch norm is composed of small ops,
 *   μ = mean(x), σ² = mean((x − μ)²), y = γ·(x − μ)/(σ² + ε)^½ + β   (over N, or N·H·W per channel),
 * so its gradient comes from the rules of mean, sub, pow, div, mul and add, none written for it;
 * dropout multiplies by the fused layer's own mask (held fixed); flatten is a reshape.
 */
import type { Layer } from '../layers/layer';
import type { LayeredNetwork } from '../layers/network';
import type { BatchNormLayer } from '../layers/batchnorm';
import type { Conv2dLayer } from '../layers/conv2d';
import type { DenseLayerOp } from '../layers/dense';
import type { DropoutLayer } from '../layers/shape-layers';
import type { AvgPool2dLayer, MaxPool2dLayer } from '../layers/pool2d';
import type { DataSet, LossKind } from '../spec';
import { avgpool2d, conv2d, maxpool2d } from './conv';
import { activate, dense, lossOf } from './nn';
import { add, div, mean, mul, pow, reshape, sub, sum } from './ops';
import { constant, tensor, type Tensor } from './tensor';

/** What `autodiffLayeredBackprop` computes, in the fused layouts. */
export interface AutodiffLayeredResult {
  readonly loss: number;
  readonly outputs: Float64Array;
  /** Per layer, per parameter: ∂L/∂θ. */
  readonly gradients: readonly Float64Array[][];
  /** Per layer, N × outSize: net, out, δ = N·∂L/∂net. */
  readonly net: readonly Float64Array[];
  readonly out: readonly Float64Array[];
  readonly delta: readonly Float64Array[];
}

/**
 * Forward and backward of `network` over `data` with the autodiff, in training mode (batch
 * statistics; dropout with each layer's current mask, which must hold one per sample) or evaluation mode.
 */
export function autodiffLayeredBackprop(
  network: LayeredNetwork, data: DataSet, loss: LossKind,
  options: { readonly training?: boolean; readonly weightDecay?: number } = {},
): AutodiffLayeredResult {
  const training = options.training ?? true;
  const N = data.inputs.rows;
  // The inputs take part in the gradient so that a first layer without parameters still gets its δ.
  let x = tensor(data.inputs.data.slice(), [N, ...network.inputShape], "inputs");
  const params = network.layers.map((l) => l.params.map((p) => tensor(p.values.slice(), p.shape, `${l.name}.${p.name}`)));
  const nets: Tensor[] = [], outs: Tensor[] = [];
  network.layers.forEach((layer, i) => {
    const net = layerOp(layer, x, params[i], N, training);
    const out = layer.activation === undefined ? net : activate(net, layer.activation);
    nets.push(net);
    outs.push(out);
    x = out;
  });
  const L = network.layers.length, last = network.layers[L - 1];
  const K = last.outSize;
  const flat = (t: Tensor): Tensor => (t.rank === 2 ? t : reshape(t, [N, K]));
  const targets = constant(data.targets.data, [N, K]);
  const lossT = lossOf(loss, flat(nets[L - 1]), flat(outs[L - 1]), targets, last.activation ?? 'linear');
  let objective = lossT;
  const lambda = options.weightDecay ?? 0;
  network.layers.forEach((l, i) => {
    if (lambda !== 0 && (l.type === 'dense' || l.type === 'conv2d')) objective = add(objective, mul(lambda / 2, sum(pow(params[i][0], 2))));
  });
  objective.backward();
  return {
    loss: lossT.item(),
    outputs: outs[L - 1].data.slice(),
    gradients: params.map((ps) => ps.map((p) => (p.grad ?? new Float64Array(p.size)).slice())),
    net: nets.map((t) => t.data.slice()),
    out: outs.map((t) => t.data.slice()),
    delta: nets.map((t) => (t.grad ?? new Float64Array(t.size)).map((g) => g * N)),
  };
}

function layerOp(layer: Layer, x: Tensor, p: readonly Tensor[], N: number, training: boolean): Tensor {
  switch (layer.type) {
    case 'dense': {
      const d = layer as DenseLayerOp;
      return dense(x, reshape(p[0], [d.units, d.inSize]), p[1]);
    }
    case 'conv2d':
      return conv2d(x, p[0], p[1], (layer as Conv2dLayer).window);
    case 'maxpool2d':
      return maxpool2d(x, (layer as MaxPool2dLayer).window);
    case 'avgpool2d':
      return avgpool2d(x, (layer as AvgPool2dLayer).window);
    case 'flatten':
      return reshape(x, [N, layer.outSize]);
    case 'activation':
      return x;
    case 'dropout': {
      const d = layer as DropoutLayer;
      if (!training || d.rate === 0) return x;
      if (d.maskSamples !== N) throw new Error(`dropout '${d.name}': its mask holds ${d.maskSamples} samples, the batch ${N}`);
      return mul(x, constant(d.mask.slice(0, N * d.inSize), x.shape));
    }
    case 'batchnorm':
      return batchNorm(layer as BatchNormLayer, x, p[0], p[1], training);
    default:
      throw new Error(`autodiff: no reference for layer type '${layer.type}'`);
  }
}

function batchNorm(layer: BatchNormLayer, x: Tensor, gamma: Tensor, beta: Tensor, training: boolean): Tensor {
  const image = x.rank === 4;
  const axes = image ? [0, 2, 3] : [0];
  const G = layer.groups;
  const param = (t: Tensor): Tensor => (image ? reshape(t, [1, G, 1, 1]) : t);
  let mu: Tensor, variance: Tensor;
  if (training) {
    mu = mean(x, axes, true);
    variance = mean(pow(sub(x, mu), 2), axes, true);
  } else {
    const shape = image ? [1, G, 1, 1] : [G];
    mu = constant(layer.runningMean.slice(), shape);
    variance = constant(layer.runningVar.slice(), shape);
  }
  const xhat = div(sub(x, mu), pow(add(variance, layer.epsilon), 0.5));
  return add(mul(xhat, param(gamma)), param(beta));
}
