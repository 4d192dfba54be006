/**
 * Writes an imported network as a model file: plain JSON (no comments, so other tools read it too),
 * version 1 when every layer is dense (what version-1 readers accept), else version 1.1 (layer types,
 * image inputs). Nested number arrays stay on one line each, so a weight matrix reads row by row.
 * Numbers are written as JavaScript's shortest round-trip form: float32 and float64 weights come back
 * bit for bit.
 */
import type { LossKind } from '../../shared/kinds';
import { exactDtype, type NamedTensor } from '../safetensors';
import type { ImportedLayer, ImportedNetwork } from './importedLayers';

/** The keys of a layer that hold its parameters: written inline, or as tensors `<layer>.<key>` of the weights file. */
const PARAMETER_KEYS = ['weights', 'bias', 'scale', 'shift', 'runningMean', 'runningVar'] as const;

export interface ModelFileParts {
  readonly name: string;
  readonly network: ImportedNetwork;
  readonly loss: LossKind;
  /** The CSV path relative to the model file, its target column and (when not all others) features. */
  readonly data: { readonly csv: string; readonly target: string; readonly features?: readonly string[] };
  /** The weights file (relative to the model file): the layers then hold no numbers, {@link weightTensors} does. */
  readonly weightsFile?: string;
}

/** Numbers nested in arrays, flat in row-major order, with their shape. */
function flatten(value: unknown): { values: number[]; shape: number[] } {
  if (!Array.isArray(value)) return { values: [value as number], shape: [] };
  const parts = value.map(flatten);
  return { values: parts.flatMap((p) => p.values), shape: [value.length, ...(parts[0]?.shape ?? [])] };
}

/** Each layer's parameters as safetensors tensors `<layer>.<key>` (F32 where every number is a float32, else F64). */
export function weightTensors(network: ImportedNetwork): NamedTensor[] {
  return network.layers.flatMap((layer) => PARAMETER_KEYS.flatMap((key) => {
    const written = (layer as Record<string, unknown>)[key];
    if (written === undefined) return [];
    const { values, shape } = flatten(written);
    return [{ name: `${layer.name}.${key}`, dtype: exactDtype(values), shape, values: Float64Array.from(values) }];
  }));
}

/** How many numbers the layers' parameters hold (inline up to a limit, a weights file beyond). */
export function parameterCount(network: ImportedNetwork): number {
  return weightTensors(network).reduce((n, t) => n + t.values.length, 0);
}

function withoutParameters(layer: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(layer).filter(([key]) => !(PARAMETER_KEYS as readonly string[]).includes(key)));
}

function layerObject(layer: ImportedLayer): Record<string, unknown> {
  switch (layer.type) {
    case 'dense':
      return { name: layer.name, units: layer.units, ...(layer.activation ? { activation: layer.activation } : {}), weights: layer.weights, bias: layer.bias };
    case 'conv2d':
      return {
        name: layer.name, type: 'conv2d', filters: layer.filters, kernel: layer.kernel, stride: layer.stride, padding: layer.padding,
        ...(layer.activation ? { activation: layer.activation } : {}), weights: layer.weights, bias: layer.bias,
      };
    case 'maxpool2d':
    case 'avgpool2d':
      return { name: layer.name, type: layer.type, size: layer.size, stride: layer.stride, padding: layer.padding };
    case 'flatten':
      return { name: layer.name, type: 'flatten' };
    case 'activation':
      return { name: layer.name, type: 'activation', activation: layer.activation };
    case 'dropout':
      return { name: layer.name, type: 'dropout', rate: layer.rate };
    case 'batchnorm':
      return {
        name: layer.name, type: 'batchnorm', momentum: layer.momentum, epsilon: layer.epsilon, ...(layer.activation ? { activation: layer.activation } : {}),
        scale: layer.scale, shift: layer.shift, runningMean: layer.runningMean, runningVar: layer.runningVar,
      };
  }
}

/** True when the file needs version 1.1 (a layer other than dense, or image inputs). */
export function needsLayerFormat(network: ImportedNetwork): boolean {
  return network.inputShape.length !== 1 || network.layers.some((l) => l.type !== 'dense');
}

export function modelFileObject(parts: ModelFileParts): Record<string, unknown> {
  const { network } = parts;
  const inputs = network.inputShape.length === 1 ? network.inputShape[0] : network.inputShape;
  const layers = network.layers.map(layerObject);
  return {
    name: parts.name,
    inputs,
    ...(parts.weightsFile !== undefined ? { weightsFile: parts.weightsFile } : {}),
    layers: parts.weightsFile !== undefined ? layers.map(withoutParameters) : layers,
    loss: parts.loss,
    data: { csv: parts.data.csv, ...(parts.data.features ? { features: parts.data.features } : {}), target: parts.data.target },
  };
}

/** JSON with two-space indentation, arrays of numbers (and of short strings) on one line. */
export function compactJson(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'number' || typeof v === 'string')) return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
    const inner = indent + '  ';
    return `[\n${value.map((v) => inner + compactJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const inner = indent + '  ';
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, inner)}`);
    return entries.length === 0 ? '{}' : `{\n${entries.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

export function modelFileText(parts: ModelFileParts): string {
  return compactJson(modelFileObject(parts)) + '\n';
}
