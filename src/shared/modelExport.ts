/**
 * The wire vocabulary of Export Model… (the worker's `exportModel` request and its answer): what the
 * host asks for, and what the worker sends back, the file's bytes exactly as `gradlens export` writes
 * them. Both directions are validated strictly here, like the worker's other messages: an options
 * object with anything but a known format and weights choice, or an answer that is not exactly a file
 * (bytes, format, counts) or a problem for people, is refused, never half-used.
 */
import { isCount, isPlainObject } from './wireChecks';

/** `gradlens export --to pytorch|onnx`. */
export type ExportFormat = 'pytorch' | 'onnx';
/** The file's own parameters (as written, or initialised from its seed), or after training (`--trained`). */
export type ExportWeights = 'current' | 'trained';

export interface ExportOptions {
  readonly format: ExportFormat;
  readonly weights: ExportWeights;
}

/** The exported file, as the command-line tool would write it. */
export interface ExportedModel {
  readonly format: ExportFormat;
  readonly weights: ExportWeights;
  /** The file's contents (UTF-8 Python text, or the ONNX protobuf). */
  readonly bytes: Uint8Array;
  /** The model's `name`. */
  readonly modelName: string;
  /** Layers in the exported network. */
  readonly layers: number;
  /** Epochs trained before the export (0 for the current weights). */
  readonly epochs: number;
}

/** Why there is no file, for people (the model has errors, a layer ONNX cannot express, …). */
export interface ExportProblem {
  readonly problem: string;
}

/** The file extension each format is written with. */
export const EXPORT_EXTENSION: Readonly<Record<ExportFormat, string>> = { pytorch: '.py', onnx: '.onnx' };

/** An exported file is at most this large (the model's parameters are capped well below it). */
const MAX_EXPORT_BYTES = 512 * 1024 * 1024;
const MAX_TEXT_LENGTH = 4_000;

function hasExactly(value: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((k) => Object.prototype.hasOwnProperty.call(value, k));
}

const isFormat = (v: unknown): v is ExportFormat => v === 'pytorch' || v === 'onnx';
const isWeights = (v: unknown): v is ExportWeights => v === 'current' || v === 'trained';

/** A copy of `value` when it is exactly an options object (`format`, `weights`), else undefined. */
export function parseExportOptions(value: unknown): ExportOptions | undefined {
  if (!isPlainObject(value) || !hasExactly(value, ['format', 'weights'])) return undefined;
  const { format, weights } = value;
  return isFormat(format) && isWeights(weights) ? { format, weights } : undefined;
}

/** A copy of the worker's answer when it is exactly an exported file or a problem, else undefined. */
export function parseExportAnswer(value: unknown): ExportedModel | ExportProblem | undefined {
  if (!isPlainObject(value)) return undefined;
  if (hasExactly(value, ['problem'])) {
    return typeof value.problem === 'string' && value.problem.length <= MAX_TEXT_LENGTH ? { problem: value.problem } : undefined;
  }
  if (!hasExactly(value, ['format', 'weights', 'bytes', 'modelName', 'layers', 'epochs'])) return undefined;
  const { format, weights, bytes, modelName, layers, epochs } = value;
  if (!isFormat(format) || !isWeights(weights) || !(bytes instanceof Uint8Array) || bytes.length > MAX_EXPORT_BYTES) return undefined;
  if (typeof modelName !== 'string' || modelName.length > MAX_TEXT_LENGTH || !isCount(layers, Number.MAX_SAFE_INTEGER) || !isCount(epochs, Number.MAX_SAFE_INTEGER)) return undefined;
  if (weights === 'current' && epochs !== 0) return undefined;
  return { format, weights, bytes, modelName, layers, epochs };
}

export function isExportProblem(answer: ExportedModel | ExportProblem): answer is ExportProblem {
  return 'problem' in answer;
}
