/**
 * A dense network and the four losses written with the general autodiff ops: the engine's
 * independent reference implementation. Slow (it records a graph for every call) but made only of
 * small ops whose backward rules are each checked against central differences.
 */
import type { Network } from '../network';
import type { ActivationSpec, DataSet, LossKind } from '../spec';
import {
  add, customActivation, leakyRelu, log, logSoftmax, matmul, mean, mul, neg, pow, relu, sigmoid, softmax, sub,
  sum, tanh, transpose,
} from './ops';
import { constant, tensor, type Tensor } from './tensor';

/** A dense layer with the row-per-unit weight layout: net = x·Wᵀ + b (x: [N, fanIn], W: [units, fanIn], b: [units]). */
export function dense(x: Tensor, W: Tensor, b: Tensor): Tensor {
  return add(matmul(x, transpose(W)), b);
}

/** Applies a model-file activation with autodiff ops. */
export function activate(net: Tensor, activation: ActivationSpec): Tensor {
  if (typeof activation === 'object') return customActivation(net, activation);
  switch (activation) {
    case 'linear': return net;
    case 'sigmoid': return sigmoid(net);
    case 'tanh': return tanh(net);
    case 'relu': return relu(net);
    case 'leaky-relu': return leakyRelu(net);
    case 'softmax': return softmax(net);
    default: throw new Error(`unknown activation '${String(activation)}'`);
  }
}

/**
 * The batch loss of model-file-v1 from the output layer's `net` and `out` ([N, K]) and targets.
 * Cross-entropy after a softmax layer uses log-softmax of `net` (stable); otherwise ln of `out`.
 */
export function lossOf(kind: LossKind, net: Tensor, out: Tensor, targets: Tensor, outputActivation: ActivationSpec): Tensor {
  switch (kind) {
    case 'squared':
      return mean(mul(0.5, sum(pow(sub(targets, out), 2), 1)));
    case 'mse':
      return mean(pow(sub(targets, out), 2));
    case 'cross-entropy': {
      const logO = outputActivation === 'softmax' ? logSoftmax(net) : log(out);
      return neg(mean(sum(mul(targets, logO), 1)));
    }
    case 'binary-cross-entropy': {
      const terms = add(mul(targets, log(out)), mul(sub(1, targets), log(sub(1, out))));
      return neg(mean(sum(terms, 1)));
    }
    default:
      throw new Error(`unknown loss '${String(kind)}'`);
  }
}

/** What `autodiffBackprop` computes, in the fused path's layouts. */
export interface AutodiffNetworkResult {
  readonly loss: number;
  /** Network outputs, N × K row-major. */
  readonly outputs: Float64Array;
  /** Per layer: ∂L/∂W ([units × fanIn] row-major) and ∂L/∂b. */
  readonly gradients: readonly { readonly weights: Float64Array; readonly bias: Float64Array }[];
  /** Per layer, N × units row-major: net, out, and ∂L_n/∂net (= N · ∂L/∂net). */
  readonly net: readonly Float64Array[];
  readonly out: readonly Float64Array[];
  readonly delta: readonly Float64Array[];
}

/**
 * Forward and backward pass of `network` over `data` with the general autodiff: the reference the
 * fused path is tested against. Weight decay λ adds (λ/2)·Σ w² to the loss that is differentiated
 * (the returned `loss` is without it).
 */
export function autodiffBackprop(
  network: Network, data: DataSet, loss: LossKind, options: { readonly weightDecay?: number } = {},
): AutodiffNetworkResult {
  const N = data.inputs.rows;
  let x = constant(data.inputs.data, [N, data.inputs.cols]);
  const params = network.layers.map((l) => ({
    W: tensor(l.weights, [l.units, l.fanIn], `${l.name}.weights`),
    b: tensor(l.bias, [l.units], `${l.name}.bias`),
  }));
  const nets: Tensor[] = [], outs: Tensor[] = [];
  network.layers.forEach((l, i) => {
    const net = dense(x, params[i].W, params[i].b);
    const out = activate(net, l.activation);
    nets.push(net);
    outs.push(out);
    x = out;
  });
  const last = network.layers.length - 1;
  const targets = constant(data.targets.data, [N, data.targets.cols]);
  const L = lossOf(loss, nets[last], outs[last], targets, network.layers[last].activation);
  const lambda = options.weightDecay ?? 0;
  let objective = L;
  for (const p of params) if (lambda !== 0) objective = add(objective, mul(lambda / 2, sum(pow(p.W, 2))));
  objective.backward();
  return {
    loss: L.item(),
    outputs: outs[last].data.slice(),
    gradients: params.map((p) => ({ weights: (p.W.grad as Float64Array).slice(), bias: (p.b.grad as Float64Array).slice() })),
    net: nets.map((t) => t.data.slice()),
    out: outs.map((t) => t.data.slice()),
    delta: nets.map((t) => (t.grad as Float64Array).map((g) => g * N)),
  };
}
