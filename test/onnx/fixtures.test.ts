/**
 * Random PyTorch nn.Sequentials (scripts/onnx-fixtures/make_fixtures.py: every supported layer, opsets
 * 11, 13 and 17, float32 and float64 weights) exported with torch.onnx.export, imported by
 * `gradlens import`, and compared with PyTorch's own float64 loss and gradients on the same data:
 * to 1e-6 relative where the weights are float32, 1e-10 where they are float64.
 */
import { describe, expect, it } from 'vitest';
import { matrixFromRows } from '../../src/engine/backprop';
import { layeredBackprop } from '../../src/engine/layers/pass';
import type { LossKind } from '../../src/shared/kinds';
import { relativeError } from '../../src/shared/relativeError';
import { cli } from '../cli/runCli';
import { engineNetwork, fixtures, flat, importFixture, torchIndex, type TorchFixture } from './helpers';

const all = fixtures();
const tolerance = (f: TorchFixture) => (f.weights === 'float32' ? 1e-6 : 1e-10);
const LAYER_PARAMS: Record<string, [string, string]> = {
  dense: ['weights', 'bias'], conv2d: ['weights', 'bias'], batchnorm: ['scale', 'shift'],
};

function expectClose(actual: readonly number[], expected: readonly number[], tol: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  const worst = Math.max(0, ...actual.map((a, i) => relativeError(a, expected[i]!)));
  expect(worst, `${what}: largest relative error`).toBeLessThanOrEqual(tol);
}

describe('the PyTorch fixtures', () => {
  it('cover every supported layer, opsets 11, 13 and 17, float32 and float64, in at least 30 networks under 2 MB', () => {
    expect(all.length).toBeGreaterThanOrEqual(30);
    expect(new Set(all.map((f) => f.opset))).toEqual(new Set([11, 13, 17]));
    expect(new Set(all.map((f) => f.weights))).toEqual(new Set(['float32', 'float64']));
    const modules = all.flatMap((f) => (f as unknown as { modules: string[] }).modules.map((m) => m.split('(')[0]));
    for (const layer of ['Linear', 'Conv2d', 'MaxPool2d', 'AvgPool2d', 'Flatten', 'Dropout', 'BatchNorm1d', 'BatchNorm2d', 'ReLU', 'LeakyReLU', 'Sigmoid', 'Tanh', 'Softmax', 'LogSoftmax', 'Identity']) {
      expect(modules, layer).toContain(layer);
    }
  });
});

describe.each(all.map((f) => [f.name, f] as const))('%s imported from PyTorch', (_name, fixture) => {
  it('imports with exactly PyTorch\'s weights and the loss PyTorch used', async () => {
    const run = await importFixture(fixture);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.model.loss).toBe(fixture.loss);
    for (const layer of run.model.layers) {
      const keys = LAYER_PARAMS[(layer.type as string | undefined) ?? 'dense'];
      if (!keys) continue;
      const index = torchIndex(layer.name as string);
      expect(flat(layer[keys[0]])).toEqual(flat(fixture.parameters[`${index}.weight`]!.value));
      const bias = fixture.parameters[`${index}.bias`];
      expect(flat(layer[keys[1]])).toEqual(bias ? flat(bias.value) : new Array(flat(layer[keys[1]]).length).fill(0));
      if (layer.type === 'batchnorm') {
        expect(layer.runningMean).toEqual(fixture.buffers[`${index}.running_mean`]);
        expect(layer.runningVar).toEqual(fixture.buffers[`${index}.running_var`]);
        expect(layer.momentum).toBe(0.1);
        expect(layer.epsilon).toBe(1e-5);
      }
    }
  });

  it(`gives PyTorch's loss and gradients through the engine (${fixture.weights}: ${fixture.weights === 'float32' ? '1e-6' : '1e-10'} relative)`, async () => {
    const run = await importFixture(fixture);
    const network = engineNetwork(run.model);
    const data = { inputs: matrixFromRows(fixture.inputs), targets: matrixFromRows(fixture.targets) };
    const result = layeredBackprop(network, data, run.model.loss as LossKind);
    expectClose([result.loss], [fixture.lossValue], tolerance(fixture), 'loss');
    let compared = 0;
    network.layers.forEach((layer, l) => {
      if (result.gradients[l]!.length === 0) return;
      const index = torchIndex(layer.name);
      expectClose(Array.from(result.gradients[l]![0]!), flat(fixture.parameters[`${index}.weight`]!.grad), tolerance(fixture), `${layer.name} weights`);
      const bias = fixture.parameters[`${index}.bias`];
      if (bias) expectClose(Array.from(result.gradients[l]![1]!), flat(bias.grad), tolerance(fixture), `${layer.name} bias`);
      compared += 1 + (bias ? 1 : 0);
    });
    expect(compared).toBe(Object.keys(fixture.parameters).length);
  });
});

const LAYERED = ['dense-two-activations', 'batchnorm1d', 'conv-maxpool', 'conv-batchnorm-avgpool', 'conv-rect-avgpool-padded', 'maxpool-first-conv'];

describe.each(all.map((f) => [f.name, f] as const))('%s as a model file', (_name, fixture) => {
  it(`reads back with \`gradlens report --json\` (version ${LAYERED.includes(fixture.architecture) ? '1.1' : '1'}): PyTorch's loss and gradients from the CSV data`, async () => {
    const run = await importFixture(fixture);
    expect(run.model.layers.every((l) => l.type === undefined)).toBe(!LAYERED.includes(fixture.architecture));
    const report = await cli('report', run.file, '--json');
    expect(report.code).toBe(0);
    const json = JSON.parse(report.stdout) as { loss: { kind: string; value: number }; layers: { name: string; weights?: { grad: unknown[] }; bias?: { grad: number[] } }[] };
    expect(json.loss.kind).toBe(fixture.loss);
    expectClose([json.loss.value], [fixture.lossValue], tolerance(fixture), 'loss');
    let compared = 0;
    for (const layer of json.layers) {
      if (!layer.weights) continue;
      const index = torchIndex(layer.name);
      compared += 1 + (fixture.parameters[`${index}.bias`] ? 1 : 0);
      expectClose(flat(layer.weights.grad), flat(fixture.parameters[`${index}.weight`]!.grad), tolerance(fixture), `${layer.name} weights`);
      const bias = fixture.parameters[`${index}.bias`];
      if (bias) expectClose(flat(layer.bias!.grad), flat(bias.grad), tolerance(fixture), `${layer.name} bias`);
    }
    expect(compared).toBe(Object.keys(fixture.parameters).length);
  });
});
