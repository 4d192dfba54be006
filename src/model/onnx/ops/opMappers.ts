/** The dispatch table: each ONNX op GradLens imports as (part of) a layer, and its mapper. */
import { mapActivation, mapSoftmax } from './activation';
import { mapBatchNorm } from './batchNorm';
import { mapConv } from './conv';
import { mapAdd, mapGemm, mapMatMul } from './dense';
import { mapDropout, mapIdentity } from './dropout';
import { mapFlatten } from './flatten';
import type { OpMapper } from './opContext';
import { mapPad } from './pad';
import { mapPool } from './pool';

export const OP_MAPPERS: Readonly<Record<string, OpMapper>> = {
  Gemm: mapGemm,
  MatMul: mapMatMul,
  Add: mapAdd,
  Conv: mapConv,
  MaxPool: mapPool,
  AveragePool: mapPool,
  Flatten: mapFlatten,
  Reshape: mapFlatten,
  BatchNormalization: mapBatchNorm,
  Dropout: mapDropout,
  Identity: mapIdentity,
  Pad: mapPad,
  Relu: mapActivation,
  LeakyRelu: mapActivation,
  Sigmoid: mapActivation,
  Tanh: mapActivation,
  Softmax: mapSoftmax,
  LogSoftmax: mapSoftmax,
};
