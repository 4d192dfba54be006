/**
 * ONNX tensors (initializers, Constant nodes' values) as float64 arrays with their shapes.
 * Element types: float32 (1) and float64 (11) for weights; int64 (7) and int32 (6) for the shape
 * arithmetic of the graph. Values come from the typed fields (`float_data`, `double_data`, ...),
 * from `raw_data` (little-endian), or from ONNX external data: a file beside the model, read through
 * {@link ExternalDataReader} (which keeps to the model's folder and caps the size). Every tensor is
 * checked against its declared shape before any byte is read, so a 2 GB reference is refused unread.
 */
import * as l10n from '@vscode/l10n';
import { OnnxError, toInt, type OnnxTensor } from './onnxProto';

export const FLOAT = 1;
export const INT32 = 6;
export const INT64 = 7;
export const DOUBLE = 11;
const TYPE_NAMES: Record<number, string> = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string', 9: 'bool',
  10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64', 14: 'complex64', 15: 'complex128', 16: 'bfloat16',
};
const BYTES: Record<number, number> = { [FLOAT]: 4, [DOUBLE]: 8, [INT32]: 4, [INT64]: 8 };

/** The most elements one tensor may have (the model reader's parameter cap). */
export const MAX_TENSOR_ELEMENTS = 5_000_000;

export interface Tensor {
  readonly shape: readonly number[];
  readonly values: Float64Array;
  /** The ONNX element type (FLOAT, DOUBLE, INT32, INT64). */
  readonly type: number;
}

/** Reads `length` bytes at `offset` of a file named relative to the ONNX file, or says why not. */
export interface ExternalDataReader {
  read(location: string, offset: number, length: number): Uint8Array | { error: string };
}

export function typeName(type: number | undefined): string {
  return TYPE_NAMES[type ?? 0] ?? l10n.t('type {0}', type ?? 0);
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The tensor's values as float64 (exact for float32 and float64; int64 beyond 2^53 is refused). */
export function readTensor(t: OnnxTensor, what: string, external?: ExternalDataReader): Tensor {
  const type = t.data_type ?? 0;
  const shape = t.dims.map((d) => toInt(d, l10n.t('a dimension of {0}', what)));
  if (shape.some((d) => d < 0)) throw new OnnxError(l10n.t('{0} has a negative dimension ({1})', what, shape.join('×')));
  if (!(type in BYTES)) {
    throw new OnnxError(l10n.t('{0} holds {1} numbers; GradLens reads float32 and float64 weights (and int32/int64 shapes)', what, typeName(type)));
  }
  const count = product(shape);
  if (count > MAX_TENSOR_ELEMENTS) {
    throw new OnnxError(l10n.t('{0} has {1} numbers ({2}); at most {3} per tensor are read', what, count.toLocaleString('en-US'), shape.join('×'), MAX_TENSOR_ELEMENTS.toLocaleString('en-US')));
  }
  const values = new Float64Array(count);
  let raw: Uint8Array | undefined = t.raw_data && t.raw_data.length > 0 ? t.raw_data : undefined;
  if (t.data_location === 1) raw = readExternal(t, what, count * BYTES[type]!, external);
  if (raw) {
    if (raw.length !== count * BYTES[type]!) {
      throw new OnnxError(l10n.t('{0} should hold {1} {2} numbers ({3} bytes) but has {4} bytes', what, count, typeName(type), count * BYTES[type]!, raw.length));
    }
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < count; i++) {
      if (type === FLOAT) values[i] = view.getFloat32(i * 4, true);
      else if (type === DOUBLE) values[i] = view.getFloat64(i * 8, true);
      else if (type === INT32) values[i] = view.getInt32(i * 4, true);
      else values[i] = bigToNumber(view.getBigInt64(i * 8, true), what);
    }
  } else {
    const field: readonly (number | { low: number; high: number })[] =
      type === FLOAT ? t.float_data : type === DOUBLE ? t.double_data : type === INT32 ? t.int32_data : t.int64_data;
    if (field.length !== count) {
      throw new OnnxError(l10n.t('{0} should hold {1} numbers (shape {2}) but has {3}', what, count, shape.join('×') || l10n.t('scalar'), field.length));
    }
    for (let i = 0; i < count; i++) values[i] = toInt(field[i], what) ;
  }
  for (let i = 0; i < count; i++) {
    if (!Number.isFinite(values[i]!)) throw new OnnxError(l10n.t('{0} holds a number that is not finite ({1}) at position {2}', what, values[i], i));
  }
  return { shape, values, type };
}

function bigToNumber(v: bigint, what: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new OnnxError(l10n.t('{0} holds an integer too large to use ({1})', what, String(v)));
  return n;
}

function readExternal(t: OnnxTensor, what: string, expected: number, external: ExternalDataReader | undefined): Uint8Array {
  const entries = new Map(t.external_data.map((e) => [e.key, e.value]));
  const location = entries.get('location');
  if (!location) throw new OnnxError(l10n.t('{0} is stored as external data but names no "location"', what));
  const offset = Number(entries.get('offset') ?? '0');
  const length = entries.has('length') ? Number(entries.get('length')) : expected;
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
    throw new OnnxError(l10n.t("{0}'s external data has an invalid offset or length ({1}, {2})", what, String(entries.get('offset')), String(entries.get('length'))));
  }
  if (length !== expected) {
    throw new OnnxError(l10n.t("{0}'s external data says {1} bytes but its shape needs {2}", what, length.toLocaleString('en-US'), expected.toLocaleString('en-US')));
  }
  if (!external) throw new OnnxError(l10n.t("{0} is stored in an external file ('{1}'), which cannot be read here", what, location));
  const bytes = external.read(location, offset, length);
  if ('error' in bytes) throw new OnnxError(l10n.t("{0}'s external data '{1}': {2}", what, location, bytes.error));
  return bytes;
}
