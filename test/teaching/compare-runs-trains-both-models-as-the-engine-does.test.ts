import { describe, expect, it } from 'vitest';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { LayeredNetwork, LayeredTrainer, Network, Trainer, backprop } from '../../src/engine';
import { toNetworkSpec, type ModelFile } from '../../src/model/types';
import { parseRunVariant, type RunComparison, type RunPoint, type RunVariant } from '../../src/shared/runComparison';
import { runComparisonSummary } from '../../src/shared/runComparisonText';
import { openSession } from '../../src/worker/openSession';
import { SessionStore } from '../../src/worker/sessionStore';
import { TeachingRequests } from '../../src/worker/teachingRequests';
import { comparisonThreshold, compareRuns, stepsToReach } from '../../src/worker/teaching/runComparison';
import { isProblem, type WorkerDocument } from '../../src/worker/workerProtocol';
import { exampleFile, exampleText, session } from './helpers';

/** The XOR example as its file has it (adam, learning rate 0.05, 500 full-batch steps, seed 3). */
function xorModel(): ModelFile {
  return session(exampleText('xor.nn.json'), exampleFile('xor.nn.json')).model;
}

/** The XOR example's text with one setting written differently, parsed as a file of its own. */
function xorWith(change: (json: Record<string, any>) => void): ModelFile {
  const json = JSON.parse(exampleText('xor.nn.json').replace(/^\s*\/\/.*$/gm, '')) as Record<string, any>;
  change(json);
  return session(JSON.stringify(json), exampleFile('xor-variant.nn.json')).model;
}

/** Trains a network built from `model` with the engine's Trainer, alone, and reads its loss at `steps`. */
function trainAlone(model: ModelFile, steps: readonly number[]): { losses: number[]; accuracies: (number | undefined)[]; network: Network } {
  const network = Network.fromSpec(toNetworkSpec(model));
  const trainer = new Trainer(network, model.data.train, model.loss, model.train, { seed: model.seed });
  const losses: number[] = [], accuracies: (number | undefined)[] = [];
  let done = 0;
  for (const s of steps) {
    while (done < s) { trainer.step(); done++; }
    losses.push(trainer.evaluateLoss());
    accuracies.push(trainer.accuracy());
  }
  return { losses, accuracies, network };
}

function stepsOf(points: readonly RunPoint[]): number[] {
  return points.map((p) => p.step);
}

const VARIANTS: readonly [RunVariant, (json: Record<string, any>) => void][] = [
  [{ kind: 'optimizer', optimizer: 'sgd' }, (j) => { j.train.optimizer = 'sgd'; }],
  [{ kind: 'learningRate', learningRate: 1 }, (j) => { j.train.learningRate = 1; }],
  [{ kind: 'activation', layer: 'hidden', activation: 'relu' }, (j) => { j.layers[0].activation = 'relu'; }],
  [{ kind: 'init', init: 'he' }, (j) => { for (const l of j.layers) l.init = 'he'; }],
  [{ kind: 'loss', loss: 'squared' }, (j) => { j.loss = 'squared'; }],
  [{ kind: 'batchSize', batchSize: 2 }, (j) => { j.train.batchSize = 2; }],
];

describe('Compare Runs trains the model and its variant exactly as the engine trains each alone', () => {
  it('sgd against the file\'s adam on XOR: both curves equal the Trainer\'s on each model, to the last digit', async () => {
    const c = await compareRuns(xorModel(), { kind: 'optimizer', optimizer: 'sgd' });
    expect(c.cancelled).toBe(false);
    expect(c.steps).toBe(500);
    expect(c.base.label).toBe('adam');
    expect(c.other.label).toBe('sgd');
    const adam = trainAlone(xorModel(), stepsOf(c.base.points));
    const sgd = trainAlone(xorWith((j) => { j.train.optimizer = 'sgd'; }), stepsOf(c.other.points));
    expect(c.base.points.map((p) => p.loss)).toEqual(adam.losses);
    expect(c.other.points.map((p) => p.loss)).toEqual(sgd.losses);
    expect(c.other.points.map((p) => p.accuracy)).toEqual(sgd.accuracies);
    expect(c.base.points[0].loss).toBe(c.other.points[0].loss); // same seed, same initial weights
    expect(c.base.finalLoss).toBeLessThan(c.other.finalLoss);
  });

  it.each(VARIANTS.slice(1))('the variant %o trains exactly as a file written with that setting', async (variant, change) => {
    const c = await compareRuns(xorModel(), variant);
    const alone = trainAlone(xorWith(change), stepsOf(c.other.points));
    expect(c.other.points.map((p) => p.loss)).toEqual(alone.losses);
    expect(c.other.finalLoss).toBe(alone.losses[alone.losses.length - 1]);
  });

  it('a frozen layer keeps its initial weights and trains as a file with "trainable": false', async () => {
    const c = await compareRuns(xorModel(), { kind: 'freeze', layer: 'hidden' });
    const frozen = xorWith((j) => { j.version = '1.1'; j.layers[0].trainable = false; });
    const alone = trainAlone(frozen, stepsOf(c.other.points));
    expect(c.other.points.map((p) => p.loss)).toEqual(alone.losses);
    expect(Array.from(alone.network.layers[0].weights)).toEqual(Array.from(Network.fromSpec(toNetworkSpec(frozen)).layers[0].weights));
    expect(c.other.label).toBe('"hidden" frozen');
  });

  it('each layer\'s gradient flow is the engine\'s full-batch gradient norm before the first step and after the last', async () => {
    const c = await compareRuns(xorModel(), { kind: 'optimizer', optimizer: 'sgd' });
    const model = xorWith((j) => { j.train.optimizer = 'sgd'; });
    const norm = (a: Float64Array) => Math.sqrt(a.reduce((s, x) => s + x * x, 0));
    const start = backprop(Network.fromSpec(toNetworkSpec(model)), model.data.train, model.loss).gradients.layers;
    const end = backprop(trainAlone(model, [c.steps]).network, model.data.train, model.loss).gradients.layers;
    expect(c.other.gradients.map((g) => g.layer)).toEqual(['hidden', 'output']);
    expect(c.other.gradients.map((g) => g.startWeightNorm)).toEqual(start.map((g) => norm(g.weights)));
    expect(c.other.gradients.map((g) => g.endWeightNorm)).toEqual(end.map((g) => norm(g.weights)));
    expect(c.other.gradients.map((g) => g.endBiasNorm)).toEqual(end.map((g) => norm(g.bias)));
  });

  it('a cap bounds both runs to the same steps, and the summary says so', async () => {
    const c = await compareRuns(xorModel(), { kind: 'optimizer', optimizer: 'sgd' }, { maxSteps: 20 });
    expect(c.steps).toBe(20);
    expect(c.fileSteps).toBe(500);
    expect(c.base.points.at(-1)!.step).toBe(20);
    expect(c.other.points.at(-1)!.step).toBe(20);
    expect(runComparisonSummary(c)).toContain('bounded to 20 steps (the file asks for 500)');
  });

  it('the same seed gives the same comparison twice, number for number', async () => {
    const variant: RunVariant = { kind: 'activation', layer: 'hidden', activation: 'sigmoid' };
    expect(await compareRuns(xorModel(), variant)).toEqual(await compareRuns(xorModel(), variant));
  });
});

describe('on a layered model (model file 1.1) Compare Runs varies the training settings and the loss too', () => {
  /** An example's text with one setting written differently, parsed as a file of its own. */
  function exampleWith(name: string, change: (json: Record<string, any>) => void): ModelFile {
    const json = JSON.parse(exampleText(name).replace(/^\s*\/\/.*$/gm, '')) as Record<string, any>;
    change(json);
    return session(JSON.stringify(json), exampleFile(name)).model;
  }

  it('batch norm on Iris, adam against the file\'s sgd: the variant trains exactly as the LayeredTrainer on a file written with adam', async () => {
    const model = session(exampleText('batchnorm-rescue.nn.json'), exampleFile('batchnorm-rescue.nn.json')).model;
    const c = await compareRuns(model, { kind: 'optimizer', optimizer: 'adam' }, { maxSteps: 12 });
    expect(c.steps).toBe(12);
    const adam = exampleWith('batchnorm-rescue.nn.json', (j) => { j.train.optimizer = 'adam'; });
    const network = LayeredNetwork.fromSpec(adam.layered!.spec);
    const trainer = new LayeredTrainer(network, adam.data.train, adam.loss, adam.train, { seed: adam.seed });
    const losses: number[] = [];
    let done = 0;
    for (const p of c.other.points) {
      while (done < p.step) { trainer.step(); done++; }
      losses.push(trainer.evaluateLoss());
    }
    expect(c.other.points.map((p) => p.loss)).toEqual(losses);
    expect(c.base.label).toBe('sgd');
    expect(c.other.gradients.map((g) => g.layer)).toEqual(model.layers.map((l) => l.name));
    expect(c.other.gradients.some((g) => g.startWeightNorm > 0)).toBe(true);
  });

  it('refuses a layer variant that does not apply to that layer\'s type (the layer variants: compare-runs-on-layered-models.test.ts)', async () => {
    const model = session(exampleText('conv-net.nn.json'), exampleFile('conv-net.nn.json')).model;
    await expect(compareRuns(model, { kind: 'freeze', layer: 'relu1' })).rejects.toThrow('layer "relu1" (activation) has no parameters to freeze');
  });
});

describe('the summary reads its step counts from the curves', () => {
  const curve = (losses: number[], every = 10): RunPoint[] => losses.map((loss, i) => ({ step: i * every, loss }));

  it('counts the first recorded step at or under 0.1 when a run gets there', () => {
    const fast = curve([0.7, 0.3, 0.1, 0.05]), slow = curve([0.7, 0.6, 0.5, 0.4]);
    expect(comparisonThreshold(fast, slow)).toBe(0.1);
    expect(stepsToReach(fast, 0.1)).toBe(20);
    expect(stepsToReach(slow, 0.1)).toBeUndefined();
  });

  it('else counts steps to twice the smaller final loss (or halfway down when that is above the start)', () => {
    expect(comparisonThreshold(curve([0.7, 0.5, 0.3]), curve([0.7, 0.6, 0.5]))).toBeCloseTo(0.5, 15);
    expect(comparisonThreshold(curve([0.7, 0.65, 0.6]), curve([0.7, 0.69, 0.68]))).toBeCloseTo(0.65, 15);
  });

  it('on XOR, each run\'s count is the first of its points at or under the threshold', async () => {
    const c: RunComparison = await compareRuns(xorModel(), { kind: 'optimizer', optimizer: 'sgd' });
    for (const run of [c.base, c.other]) {
      const first = run.points.findIndex((p) => p.loss <= c.threshold);
      if (first < 0) { expect(run.stepsToThreshold).toBeUndefined(); continue; }
      expect(run.stepsToThreshold).toBe(run.points[first].step);
      expect(run.points.slice(0, first).every((p) => p.loss > c.threshold)).toBe(true);
    }
    expect(c.base.stepsToThreshold).toBeDefined();
  });
});

describe('a variant that does not apply is refused with a clear message', () => {
  const refusals: [RunVariant, RegExp][] = [
    [{ kind: 'optimizer', optimizer: 'adam' }, /already trains with adam/],
    [{ kind: 'activation', layer: 'hiden', activation: 'relu' }, /no layer named "hiden"; its layers are "hidden", "output"/],
    [{ kind: 'activation', layer: 'hidden', activation: 'softmax' }, /softmax belongs on the output layer/],
    [{ kind: 'loss', loss: 'cross-entropy' }, /cross-entropy needs a softmax output layer; "output" is sigmoid/],
    [{ kind: 'batchSize', batchSize: 5 }, /training set has 4 samples/],
    [{ kind: 'batchSize', batchSize: 4 }, /already trains in batches of 4/],
  ];

  it.each(refusals)('the variant %o is refused', async (variant, message) => {
    await expect(compareRuns(xorModel(), variant)).rejects.toThrow(message);
  });

  it('the worker answers a refusal, a malformed variant and a layer change that does not apply on a layered model as problems for people', async () => {
    const teaching = new TeachingRequests(new SessionStore(openSession));
    const doc = (name: string): WorkerDocument => ({ uri: `file://${exampleFile(name)}`, version: 1, text: exampleText(name), fileName: exampleFile(name), settings: DEFAULT_ANALYSIS_SETTINGS });
    const work = { signal: { aborted: false }, yieldToEventLoop: () => Promise.resolve() };
    const same = await teaching.compareRuns(doc('xor.nn.json'), { kind: 'optimizer', optimizer: 'adam' }, work);
    expect(isProblem(same) && same.problem).toMatch(/already trains with adam/);
    const malformed = await teaching.compareRuns(doc('xor.nn.json'), { kind: 'learningRate', learningRate: -1 }, work);
    expect(isProblem(malformed) && malformed.problem).toMatch(/not one GradLens knows/);
    const layered = await teaching.compareRuns(doc('conv-net.nn.json'), { kind: 'activation', layer: 'pool1', activation: 'relu' }, work);
    expect(isProblem(layered) && layered.problem).toContain('layer "pool1" (maxpool2d) applies no activation');
    const answer = await teaching.compareRuns(doc('xor.nn.json'), { kind: 'optimizer', optimizer: 'sgd' }, work);
    expect(isProblem(answer)).toBe(false);
  });

  it('parseRunVariant keeps only known settings with sensible values', () => {
    expect(parseRunVariant({ kind: 'optimizer', optimizer: 'sgd', extra: 1 })).toEqual({ kind: 'optimizer', optimizer: 'sgd' });
    expect(parseRunVariant({ kind: 'optimizer', optimizer: 'rmsprop' })).toBeUndefined();
    expect(parseRunVariant({ kind: 'learningRate', learningRate: 0 })).toBeUndefined();
    expect(parseRunVariant({ kind: 'learningRate', learningRate: Number.NaN })).toBeUndefined();
    expect(parseRunVariant({ kind: 'batchSize', batchSize: 2.5 })).toBeUndefined();
    expect(parseRunVariant({ kind: 'freeze', layer: '' })).toBeUndefined();
    expect(parseRunVariant({ kind: 'shuffle' })).toBeUndefined();
    expect(parseRunVariant(null)).toBeUndefined();
  });

  it('a cancelled comparison says so and stops training', async () => {
    const c = await compareRuns(xorModel(), { kind: 'optimizer', optimizer: 'sgd' }, { signal: { aborted: true } });
    expect(c.cancelled).toBe(true);
    expect(c.base.points).toHaveLength(1);
  });
});
