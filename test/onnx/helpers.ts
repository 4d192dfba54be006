/** Shared by the ONNX import tests: the PyTorch fixtures, importing into a scratch folder, the engine. */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LayeredNetwork } from '../../src/engine/layers/network';
import type { LayerSpec, LayeredNetworkSpec } from '../../src/engine/layers/spec';
import { cli } from '../cli/runCli';

export const FIXTURES = path.resolve(__dirname, '../fixtures/onnx');

/** What scripts/onnx-fixtures/make_fixtures.py wrote: PyTorch's float64 loss and gradients. */
export interface TorchFixture {
  readonly name: string;
  readonly architecture: string;
  readonly opset: number;
  readonly weights: 'float32' | 'float64';
  readonly inputShape: readonly number[];
  readonly importOptions: readonly string[];
  readonly loss: string;
  readonly lossValue: number;
  readonly inputs: number[][];
  readonly targets: number[][];
  readonly parameters: Record<string, { value: unknown; grad: unknown }>;
  readonly buffers: Record<string, number[]>;
}

export function fixtures(): TorchFixture[] {
  return readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort()
    .map((f) => JSON.parse(readFileSync(path.join(FIXTURES, f), 'utf8')) as TorchFixture);
}

export function scratchFolder(): string {
  return mkdtempSync(path.join(tmpdir(), 'gradlens-onnx-'));
}

/** Copies the fixture's .onnx and .csv into a fresh folder and runs `gradlens import` there. */
export async function importFixture(fixture: TorchFixture): Promise<{ code: number; stdout: string; stderr: string; file: string; model: ModelJson }> {
  const dir = scratchFolder();
  for (const ext of ['onnx', 'csv']) copyFileSync(path.join(FIXTURES, `${fixture.name}.${ext}`), path.join(dir, `${fixture.name}.${ext}`));
  const run = await cli('import', path.join(dir, `${fixture.name}.onnx`), '--data', path.join(dir, `${fixture.name}.csv`), ...fixture.importOptions);
  const file = path.join(dir, `${fixture.name}.nn.json`);
  const model = run.code === 0 ? (JSON.parse(readFileSync(file, 'utf8')) as ModelJson) : ({} as ModelJson);
  return { ...run, file, model };
}

export interface ModelJson {
  readonly inputs: number | number[];
  readonly loss: string;
  readonly layers: readonly Record<string, unknown>[];
  readonly data: Record<string, unknown>;
}

/** Nested arrays flattened in order (PyTorch's row-major layout). */
export function flat(value: unknown): number[] {
  return Array.isArray(value) ? value.flatMap(flat) : [value as number];
}

/**
 * The engine's network for a written model file, read here as model-file-v1.1-layers.md defines each key
 * (the model reader for version 1.1 is another issue's work; this keeps to the spec's meaning).
 */
export function engineNetwork(model: ModelJson): LayeredNetwork {
  const layers = model.layers.map((l): LayerSpec => {
    const name = l.name as string;
    const activation = (l.activation ?? 'linear') as 'linear';
    switch (l.type ?? 'dense') {
      case 'dense': return { type: 'dense', name, units: l.units as number, activation, weights: l.weights as number[][], bias: l.bias as number[], init: 'zeros' };
      case 'conv2d': return {
        type: 'conv2d', name, filters: l.filters as number, kernel: l.kernel as [number, number], stride: l.stride as [number, number],
        padding: l.padding as [number, number], activation, weights: flat(l.weights), bias: l.bias as number[], init: 'zeros',
      };
      case 'maxpool2d': case 'avgpool2d': return { type: l.type as 'maxpool2d', name, size: l.size as [number, number], stride: l.stride as [number, number], padding: l.padding as [number, number] };
      case 'flatten': return { type: 'flatten', name };
      case 'activation': return { type: 'activation', name, activation };
      case 'dropout': return { type: 'dropout', name, rate: l.rate as number };
      case 'batchnorm': return {
        type: 'batchnorm', name, momentum: l.momentum as number, epsilon: l.epsilon as number, activation,
        scale: l.scale as number[], shift: l.shift as number[], runningMean: l.runningMean as number[], runningVar: l.runningVar as number[],
      };
      default: throw new Error(`unknown layer type ${String(l.type)}`);
    }
  });
  const spec: LayeredNetworkSpec = { inputs: model.inputs, layers, seed: 1 };
  return LayeredNetwork.fromSpec(spec);
}

/** The PyTorch module index of an imported layer: PyTorch names a Sequential's modules 0, 1, ... (dense0, conv3). */
export function torchIndex(layerName: string): string {
  const m = /(\d+)$/.exec(layerName);
  if (!m) throw new Error(`layer '${layerName}' has no PyTorch module index`);
  return m[1]!;
}
