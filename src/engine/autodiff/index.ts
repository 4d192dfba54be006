/**
 * The general reverse-mode autodiff: float64 tensors with shapes, ops with forward and backward
 * rules side by side, one topological backward walk that accumulates gradients and asserts their shapes.
 */
export {
  Tensor, asTensor, constant, defineOp, registeredOps, sameShape, scalar, shapeSize, shapeString, tensor,
} from './tensor';
export type { BackwardRule, Grad, OpDefinition, Shape, TensorLike } from './tensor';
export {
  add, broadcastIndex, broadcastShapes, customActivation, div, exp, leakyRelu, log, logSoftmax, matmul, mean, mul, neg,
  pow, relu, reshape, sigmoid, softmax, sub, sum, tanh, transpose,
} from './ops';
export { checkGradients, relativeError } from './gradcheck';
export type { AutodiffCheckEntry, AutodiffCheckResult } from './gradcheck';
export { activate, autodiffBackprop, dense, lossOf } from './nn';
export type { AutodiffNetworkResult } from './nn';
export { avgpool2d, conv2d, maxpool2d } from './conv';
export type { WindowSpec } from './conv';
export { autodiffLayeredBackprop } from './layered';
export type { AutodiffLayeredResult } from './layered';
