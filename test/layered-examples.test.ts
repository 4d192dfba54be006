/**
 * The examples of model file 1.1 (docs/spec/model-file-v1.1-layers.md): each parses without a
 * problem, reports the spec's report-JSON additions, and does what its comments promise; the command
 * line reports, checks and trains them.
 */
import { describe, expect, it } from 'vitest';
import { ModelSession } from '../src/analysis/modelSession';
import { reportJson, type ReportLayerV1_1 } from '../src/analysis/reportJson';
import { DEFAULT_ANALYSIS_SETTINGS } from '../src/analysis/settings';
import { createNodeDataFileReader } from '../src/model/nodeDataFiles';
import { cli } from './cli/runCli';
import { examplePath, exampleText } from './helpers/examples';

function open(name: string) {
  return ModelSession.open(exampleText(name), examplePath(name), DEFAULT_ANALYSIS_SETTINGS, createNodeDataFileReader(examplePath(name)));
}

function layeredReport(name: string): { layers: ReportLayerV1_1[]; inputShape?: readonly number[]; samples: number } {
  const { session, diagnostics } = open(name);
  expect(diagnostics).toEqual([]);
  const report = reportJson(session!.analyse().analysis!, name);
  return { ...report, layers: report.layers as unknown as ReportLayerV1_1[] };
}

const LAYERED = ['conv-net.nn.json', 'batchnorm-rescue.nn.json', 'dropout.nn.json'];

describe('the digits CNN example', () => {
  it('reports every layer with its type and output shape, and parameters nested to their shape', () => {
    const report = layeredReport('conv-net.nn.json');
    expect(report.inputShape).toEqual([1, 8, 8]);
    expect(report.layers.map((l) => [l.name, l.type, l.outputShape])).toEqual([
      ['conv1', 'conv2d', [8, 8, 8]], ['relu1', 'activation', [8, 8, 8]], ['pool1', 'maxpool2d', [8, 4, 4]],
      ['conv2', 'conv2d', [16, 4, 4]], ['flat', 'flatten', [256]], ['output', 'dense', [10]],
    ]);
    const [conv1, relu1, pool1, conv2, flat, output] = report.layers;
    expect(conv1!.weights!.shape).toEqual([8, 1, 3, 3]);
    const w = conv1!.weights!.value as number[][][][];
    expect([w.length, w[0]!.length, w[0]![0]!.length, w[0]![0]![0]!.length]).toEqual([8, 1, 3, 3]);
    expect(conv2!.weights!.shape).toEqual([16, 8, 3, 3]);
    expect(output!.weights!.shape).toEqual([10, 256]);
    for (const l of [relu1, pool1, flat]) {
      expect(l!.weights).toBeUndefined();
      expect(l!.bias).toBeUndefined();
    }
    // net only where there is an activation; out and delta per sample, nested to the output shape.
    expect(relu1!.net).toBeDefined();
    expect(pool1!.net).toBeUndefined();
    expect(flat!.net).toBeUndefined();
    const out = pool1!.out as number[][][][];
    expect(out).toHaveLength(32);
    expect([out[0]!.length, out[0]![0]!.length, out[0]![0]![0]!.length]).toEqual([8, 4, 4]);
    expect((output!.delta as number[][])[0]).toHaveLength(10);
  });

  it('reaches at least 95 % test accuracy after the 10 epochs of its "train" (epochs counted, not seconds)', async () => {
    const { session } = open('conv-net.nn.json');
    const result = await session!.train({ epochs: 10, history: 'none' });
    expect(result.stopped).toBe('done');
    expect(session!.step).toBe(450);
    expect(session!.evaluate().testAccuracy).toBeGreaterThanOrEqual(0.95);
  }, 600_000);
});

describe('the dropout and batch norm examples', () => {
  it('dropout reports the masks of the report pass: 0 or 1/(1 − 0.5) = 2, for each of the 40 training points', () => {
    const report = layeredReport('dropout.nn.json');
    expect(report.samples).toBe(40);
    const drops = report.layers.filter((l) => l.type === 'dropout');
    expect(drops).toHaveLength(2);
    for (const drop of drops) {
      const mask = drop.mask as number[][];
      expect(mask).toHaveLength(40);
      expect(mask[0]).toHaveLength(256);
      expect([...new Set(mask.flat())].sort()).toEqual([0, 2]);
    }
  });

  it('batch norm reports the mean and biased variance of its batch, one per feature', () => {
    const report = layeredReport('batchnorm-rescue.nn.json');
    const norms = report.layers.filter((l) => l.type === 'batchnorm');
    expect(norms).toHaveLength(6);
    for (const n of norms) {
      expect(n.batchMean).toHaveLength(16);
      expect(n.batchVar!.every((v) => v >= 0)).toBe(true);
      expect(n.weights!.shape).toEqual([16]);
    }
  });
});

describe('the dropout example shows what dropout is for', () => {
  /** Trains the example (or its text with every dropout rate changed) for the file's 150 epochs. */
  async function trained(rate?: number) {
    const text = exampleText('dropout.nn.json');
    const changed = rate === undefined ? text : text.replaceAll('"rate": 0.5', `"rate": ${rate}`);
    expect(text.match(/"rate": 0\.5/g)).toHaveLength(2);
    const { session, diagnostics } = ModelSession.open(changed, examplePath('dropout.nn.json'), DEFAULT_ANALYSIS_SETTINGS, createNodeDataFileReader(examplePath('dropout.nn.json')));
    expect(diagnostics).toEqual([]);
    const result = await session!.train({ history: 'none' });
    expect(result.stopped).toBe('done');
    expect(session!.step).toBe(150);
    return session!.evaluate();
  }

  it('without dropout the 40 training points are learnt by heart and the test loss climbs; with it the test loss is less than half and the test accuracy higher', async () => {
    const plain = await trained(0);
    const dropout = await trained();
    // Overfitting: the training loss is near 0 and far below the test loss, which ends above 1 (it starts at 1.04).
    expect(plain.loss).toBeLessThan(0.05);
    expect(plain.testLoss!).toBeGreaterThan(1);
    expect(plain.loss).toBeLessThan(plain.testLoss! / 20);
    // Dropout: a clearly lower test loss and a higher test accuracy on the 400 test points.
    expect(dropout.testLoss!).toBeLessThan(plain.testLoss! / 2);
    expect(dropout.testAccuracy!).toBeGreaterThanOrEqual(plain.testAccuracy! + 0.02);
  }, 600_000);
});

describe('the 2-2-2 worked example with frozen biases', () => {
  it('gives the loss 0.2910278 after one step and keeps both biases', async () => {
    const run = await cli('report', '--json', '--steps', '1', examplePath('frozen-biases.nn.json'));
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.loss.value).toBeCloseTo(0.298371109, 9);
    expect(report.steps[0].loss).toBeCloseTo(0.2910278, 7);
    expect(report.final.layers.map((l: { bias: { value: number[] } }) => l.bias.value)).toEqual([[0.35, 0.35], [0.6, 0.6]]);
    expect(report.final.layers[1].weights.value[0][0]).not.toBe(0.4);
  });

  it('marks the frozen biases trainable: false in the report, and the trained weights not at all', async () => {
    const report = JSON.parse((await cli('report', '--json', examplePath('frozen-biases.nn.json'))).stdout);
    expect(report.layers.map((l: { bias: { trainable?: boolean } }) => l.bias.trainable)).toEqual([false, false]);
    expect(report.layers.every((l: { weights: object }) => !('trainable' in l.weights))).toBe(true);
    const plain = JSON.parse((await cli('report', '--json', examplePath('worked-example.nn.json'))).stdout);
    expect(plain.layers.every((l: { weights: object; bias: object }) => !('trainable' in l.weights) && !('trainable' in l.bias))).toBe(true);
  });
});

describe('the command line on the layered examples', () => {
  it.each(LAYERED)('%s: check passes the gradient check and report --json prints the 1.1 fields', async (name) => {
    const check = await cli('check', examplePath(name));
    expect(check.code, check.stderr).toBe(0);
    const report = await cli('report', '--json', examplePath(name));
    expect(report.code, report.stderr).toBe(0);
    const json = JSON.parse(report.stdout);
    for (const layer of json.layers) {
      expect(typeof layer.type).toBe('string');
      expect(Array.isArray(layer.outputShape)).toBe(true);
    }
    const text = await cli('report', examplePath(name));
    expect(text.stdout).toMatch(/type +output/);
  }, 600_000);

  it('train runs the batch norm example\'s epochs and its loss goes down', async () => {
    const run = await cli('train', '--json', examplePath('batchnorm-rescue.nn.json'));
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const summary = lines[lines.length - 1];
    expect(summary.summary).toBe(true);
    expect(summary.steps).toBe(60 * Math.ceil(120 / 16));
    expect(summary.loss).toBeLessThan(summary.initialLoss);
  }, 600_000);
});
