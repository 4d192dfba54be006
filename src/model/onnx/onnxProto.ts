/**
 * Decodes an ONNX file (a protocol buffer `onnx.ModelProto`) with protobufjs and ONNX's own schema
 * (third_party/onnx/onnx.proto, as src/onnx/onnxSchema.json). Only the fields the importer reads are
 * typed here. A file that is not an ONNX model (wrong magic, truncated, another protobuf) gives an
 * {@link OnnxError} that says so, never a protobufjs stack trace.
 */
import * as l10n from '@vscode/l10n';
import protobuf from 'protobufjs/light';
import schema from './onnxSchema.json';

/** A problem with the ONNX file, in words for people; `node` names the graph node when there is one. */
export class OnnxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OnnxError';
  }
}

export interface OnnxStringEntry { readonly key: string; readonly value: string }

export interface OnnxTensor {
  readonly name?: string;
  readonly dims: readonly (number | Long)[];
  readonly data_type?: number;
  readonly float_data: readonly number[];
  readonly double_data: readonly number[];
  readonly int32_data: readonly number[];
  readonly int64_data: readonly (number | Long)[];
  readonly raw_data?: Uint8Array;
  readonly external_data: readonly OnnxStringEntry[];
  readonly data_location?: number;
}

export interface OnnxAttribute {
  readonly name: string;
  readonly type?: number;
  readonly f?: number;
  readonly i?: number | Long;
  readonly s?: Uint8Array;
  readonly t?: OnnxTensor;
  readonly floats: readonly number[];
  readonly ints: readonly (number | Long)[];
}

export interface OnnxNode {
  readonly name?: string;
  readonly op_type: string;
  readonly domain?: string;
  readonly input: readonly string[];
  readonly output: readonly string[];
  readonly attribute: readonly OnnxAttribute[];
}

export interface OnnxDimension { readonly dim_value?: number | Long; readonly dim_param?: string }
export interface OnnxValueInfo {
  readonly name: string;
  readonly type?: { readonly tensor_type?: { readonly elem_type?: number; readonly shape?: { readonly dim: readonly OnnxDimension[] } } };
}

export interface OnnxGraph {
  readonly name?: string;
  readonly node: readonly OnnxNode[];
  readonly initializer: readonly OnnxTensor[];
  readonly input: readonly OnnxValueInfo[];
  readonly output: readonly OnnxValueInfo[];
}

export interface OnnxModel {
  readonly ir_version?: number | Long;
  readonly producer_name?: string;
  readonly producer_version?: string;
  readonly opset_import: readonly { readonly domain?: string; readonly version?: number | Long }[];
  readonly graph?: OnnxGraph;
}

/** A 64-bit integer as protobufjs gives it without the `long` package. */
export interface Long { readonly low: number; readonly high: number; readonly unsigned?: boolean }

/** An int64 field as a JavaScript number; beyond 2^53 it is refused rather than rounded. */
export function toInt(value: number | Long | undefined, what: string): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const n = value.high * 2 ** 32 + (value.low >>> 0);
  if (!Number.isSafeInteger(n)) throw new OnnxError(l10n.t('{0} is too large ({1}·2^32 + {2})', what, value.high >>> 0, value.low >>> 0));
  return n;
}

let modelType: protobuf.Type | undefined;
function onnxModelType(): protobuf.Type {
  modelType ??= protobuf.Root.fromJSON(schema as protobuf.INamespace).lookupType('onnx.ModelProto');
  return modelType;
}

/** Decodes the bytes of an `.onnx` file, or throws an {@link OnnxError} saying why they are not one. */
export function decodeOnnxModel(bytes: Uint8Array): OnnxModel {
  if (bytes.length === 0) throw new OnnxError(l10n.t('the file is empty, not an ONNX model'));
  // Every ONNX model starts with field 1 (ir_version, a varint): the byte 0x08.
  if (bytes[0] !== 0x08) {
    const start = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new OnnxError(l10n.t('this is not an ONNX model: it starts with the bytes {0}, where an ONNX file starts with 08 (its ir_version)', start));
  }
  let decoded: protobuf.Message;
  try {
    decoded = onnxModelType().decode(bytes);
  } catch (error) {
    const why = String((error as Error).message ?? error).replace(/\s+/g, ' ').slice(0, 200);
    throw new OnnxError(l10n.t('the ONNX file is damaged or truncated: its protocol buffer cannot be decoded ({0})', why));
  }
  const model = decoded as unknown as OnnxModel;
  if (!model.graph) throw new OnnxError(l10n.t('the ONNX file has no graph (is it an ONNX model?)'));
  return model;
}
