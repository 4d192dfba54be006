/**
 * A LeNet-5 style network trained in PyTorch on the 8×8 digits (scripts/onnx-fixtures/make_fixtures.py
 * --lenet: two convolutions with tanh and average pooling, three linear layers, 19,754 parameters,
 * exported with its trained weights) imports to a model file + a weights file, reads back with PyTorch's
 * loss and gradients, and trains.
 */
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { relativeError } from '../../src/shared/relativeError';
import { cli } from '../cli/runCli';
import { flat, scratchFolder } from './helpers';

const LENET = path.resolve(__dirname, '../fixtures/lenet');
const fixture = JSON.parse(readFileSync(path.join(LENET, 'lenet.json'), 'utf8')) as {
  trainingAccuracy: number; loss: string; lossValue: number; gradients: Record<string, unknown>;
};

async function importLenet() {
  const dir = scratchFolder();
  for (const ext of ['onnx', 'csv']) copyFileSync(path.join(LENET, `lenet.${ext}`), path.join(dir, `lenet.${ext}`));
  const run = await cli('import', path.join(dir, 'lenet.onnx'), '--data', path.join(dir, 'lenet.csv'));
  return { ...run, dir, file: path.join(dir, 'lenet.nn.json') };
}

function worstRelativeError(actual: readonly number[], expected: readonly number[]): number {
  expect(actual.length).toBe(expected.length);
  return Math.max(0, ...actual.map((a, i) => relativeError(a, expected[i]!)));
}

describe('LeNet-5 trained in PyTorch', () => {
  it('was trained (the fixture learned the digits)', () => {
    expect(fixture.trainingAccuracy).toBeGreaterThan(0.9);
  });

  it('imports to a model file without numbers and lenet.safetensors beside it (19,754 parameters, beyond 10,000)', async () => {
    const run = await importLenet();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('19,754 parameters written to lenet.safetensors');
    const model = JSON.parse(readFileSync(run.file, 'utf8')) as { weightsFile: string; inputs: number[]; layers: { type?: string; weights?: unknown }[] };
    expect(model.weightsFile).toBe('lenet.safetensors');
    expect(model.inputs).toEqual([1, 8, 8]);
    expect(model.layers.map((l) => l.type ?? 'dense')).toEqual(['conv2d', 'avgpool2d', 'conv2d', 'avgpool2d', 'flatten', 'dense', 'dense', 'dense']);
    expect(model.layers.every((l) => l.weights === undefined)).toBe(true);
    expect(existsSync(path.join(run.dir, 'lenet.safetensors'))).toBe(true);
  });

  it('gives PyTorch\'s loss and every gradient (1e-6 relative: float32 weights) through gradlens report --json', async () => {
    const run = await importLenet();
    const report = await cli('report', run.file, '--json');
    expect(report.code).toBe(0);
    const json = JSON.parse(report.stdout) as { loss: { kind: string; value: number }; layers: { name: string; weights?: { grad: unknown }; bias?: { grad: unknown } }[] };
    expect(json.loss.kind).toBe('cross-entropy');
    expect(relativeError(json.loss.value, fixture.lossValue)).toBeLessThanOrEqual(1e-6);
    const withParameters = json.layers.filter((l) => l.weights);
    const torchNames = ['0', '3', '7', '9', '11'];
    expect(withParameters).toHaveLength(torchNames.length);
    withParameters.forEach((layer, k) => {
      expect(worstRelativeError(flat(layer.weights!.grad), flat(fixture.gradients[`${torchNames[k]}.weight`])), `${layer.name} weights`).toBeLessThanOrEqual(1e-6);
      expect(worstRelativeError(flat(layer.bias!.grad), flat(fixture.gradients[`${torchNames[k]}.bias`])), `${layer.name} bias`).toBeLessThanOrEqual(1e-6);
    });
  });

  it('trains from the imported weights: the loss falls', async () => {
    const run = await importLenet();
    const trained = await cli('train', run.file, '--epochs', '3', '--json');
    expect(trained.code).toBe(0);
    const lines = trained.stdout.trim().split('\n').map((l) => JSON.parse(l) as { epoch?: number; loss: number; summary?: boolean; initialLoss?: number });
    const summary = lines.at(-1)!;
    expect(summary.summary).toBe(true);
    expect(relativeError(summary.initialLoss!, fixture.lossValue)).toBeLessThanOrEqual(1e-6);
    const losses = lines.filter((l) => l.epoch !== undefined).map((l) => l.loss);
    expect(losses).toHaveLength(4);
    losses.slice(1).forEach((loss, i) => expect(loss).toBeLessThan(losses[i]!));
  });
});
