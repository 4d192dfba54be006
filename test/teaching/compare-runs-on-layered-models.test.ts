/**
 * Compare Runs on a layered model (model file 1.1): a small conv net with batch norm, max pooling,
 * dropout, flatten and a dense softmax layer. Each variant kind trains the file and its variant from
 * the same seed; each run must equal, to the last digit, the layered trainer on a file written with
 * that setting (parsed on its own). Variants that change nothing or do not apply are refused in words.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { LayeredNetwork, LayeredTrainer } from '../../src/engine';
import type { ModelFile } from '../../src/model/types';
import type { RunPoint, RunVariant } from '../../src/shared/runComparison';
import { openSession } from '../../src/worker/openSession';
import { SessionStore } from '../../src/worker/sessionStore';
import { TeachingRequests } from '../../src/worker/teachingRequests';
import { compareRuns } from '../../src/worker/teaching/runComparison';
import { isProblem, type WorkerDocument } from '../../src/worker/workerProtocol';
import { session } from './helpers';
import { tinyCnn } from './tinyCnn';

const FILE = '/tmp/tiny-cnn.nn.json';

function parsed(json: Record<string, any>): ModelFile {
  return session(JSON.stringify(json, null, 2), FILE).model;
}

/** The file with one setting written differently, parsed as a file of its own. */
function tinyCnnWith(change: (json: Record<string, any>) => void): ModelFile {
  const json = tinyCnn();
  change(json);
  return parsed(json);
}

/** The layered trainer alone on `model`, as `gradlens train` runs it: its losses and accuracies at the points' steps. */
function trainAlone(model: ModelFile, points: readonly RunPoint[]): { losses: number[]; accuracies: (number | undefined)[]; network: LayeredNetwork } {
  const network = LayeredNetwork.fromSpec(model.layered!.spec);
  const trainer = new LayeredTrainer(network, model.data.train, model.loss, model.train, { seed: model.seed });
  const losses: number[] = [], accuracies: (number | undefined)[] = [];
  let done = 0;
  for (const p of points) {
    while (done < p.step) { trainer.step(); done++; }
    losses.push(trainer.evaluateLoss());
    accuracies.push(trainer.accuracy());
  }
  return { losses, accuracies, network };
}

const VARIANTS: readonly [string, RunVariant, (json: Record<string, any>) => void, string, string][] = [
  ['the conv layer\'s activation', { kind: 'activation', layer: 'conv', activation: 'tanh' }, (j) => { j.layers[0].activation = 'tanh'; }, 'conv: relu', 'conv: tanh'],
  ['the batch norm\'s activation', { kind: 'activation', layer: 'bn', activation: 'relu' }, (j) => { j.layers[1].activation = 'relu'; }, 'bn: linear', 'bn: relu'],
  ['the output layer\'s activation', { kind: 'activation', layer: 'output', activation: 'sigmoid' }, (j) => { j.layers[5].activation = 'sigmoid'; j.loss = 'squared'; }, 'output: softmax', 'output: sigmoid'],
  ['the initialisation of every drawn layer', { kind: 'init', init: 'xavier' }, (j) => { j.init = 'xavier'; }, 'he, xavier initialisation', 'xavier initialisation'],
  ['a frozen conv layer', { kind: 'freeze', layer: 'conv' }, (j) => { j.layers[0].trainable = false; }, '"conv" trained', '"conv" frozen'],
  ['a frozen batch norm', { kind: 'freeze', layer: 'bn' }, (j) => { j.layers[1].trainable = false; }, '"bn" trained', '"bn" frozen'],
];

describe('Compare Runs on a layered model varies a layer\'s activation, the initialisation and a frozen layer', () => {
  it.each(VARIANTS.filter(([name]) => name !== 'the output layer\'s activation'))(
    '%s: the base run is the file\'s own training and the variant run a file written with that setting, to the last digit',
    async (_name, variant, change, baseLabel, otherLabel) => {
      const c = await compareRuns(parsed(tinyCnn()), variant);
      expect(c.cancelled).toBe(false);
      expect(c.steps).toBe(20); // 10 epochs of 2 batches of 4
      expect(c.seed).toBe(5);
      const base = trainAlone(parsed(tinyCnn()), c.base.points);
      const other = trainAlone(tinyCnnWith(change), c.other.points);
      expect(c.base.points.map((p) => p.loss)).toEqual(base.losses);
      expect(c.base.points.map((p) => p.accuracy)).toEqual(base.accuracies);
      expect(c.other.points.map((p) => p.loss)).toEqual(other.losses);
      expect(c.other.points.map((p) => p.accuracy)).toEqual(other.accuracies);
      expect(c.other.points.map((p) => p.loss)).not.toEqual(c.base.points.map((p) => p.loss));
      expect([c.base.label, c.other.label]).toEqual([baseLabel, otherLabel]);
      expect(c.other.gradients.map((g) => g.layer)).toEqual(['conv', 'bn', 'pool', 'drop', 'flat', 'output']);
    },
  );

  it('the output layer\'s activation must fit the loss: sigmoid under cross-entropy is refused, and with squared error it trains as that file', async () => {
    await expect(compareRuns(parsed(tinyCnn()), { kind: 'activation', layer: 'output', activation: 'sigmoid' }))
      .rejects.toThrow('cross-entropy needs a softmax output layer; "output" is sigmoid.');
    const squared = tinyCnnWith((j) => { j.loss = 'squared'; });
    const c = await compareRuns(squared, { kind: 'activation', layer: 'output', activation: 'sigmoid' });
    const other = trainAlone(tinyCnnWith((j) => { j.loss = 'squared'; j.layers[5].activation = 'sigmoid'; }), c.other.points);
    expect(c.other.points.map((p) => p.loss)).toEqual(other.losses);
    expect(c.other.label).toBe('output: sigmoid');
  });

  it('a frozen layer\'s parameters do not move in the variant, while the base run moves them', async () => {
    for (const [layer, index] of [['conv', 0], ['bn', 1], ['output', 5]] as const) {
      const c = await compareRuns(parsed(tinyCnn()), { kind: 'freeze', layer });
      const start = LayeredNetwork.fromSpec(parsed(tinyCnn()).layered!.spec).layers[index].params.map((p) => Array.from(p.values));
      const frozen = trainAlone(tinyCnnWith((j) => { j.layers[index].trainable = false; }), c.other.points);
      const trained = trainAlone(parsed(tinyCnn()), c.base.points);
      expect(c.other.points.map((p) => p.loss), layer).toEqual(frozen.losses);
      expect(frozen.network.layers[index].params.map((p) => Array.from(p.values)), layer).toEqual(start);
      expect(trained.network.layers[index].params.map((p) => Array.from(p.values)), layer).not.toEqual(start);
      // Another layer still learns in the variant.
      const other = index === 5 ? 0 : 5;
      expect(frozen.network.layers[other].params.map((p) => Array.from(p.values))).not.toEqual(LayeredNetwork.fromSpec(parsed(tinyCnn()).layered!.spec).layers[other].params.map((p) => Array.from(p.values)));
    }
  });

  it('the initialisation changes only layers that draw their weights: written weights stay as written', async () => {
    const written = Array.from({ length: 2 }, (_, f) => [[[0.1 * (f + 1), -0.2, 0.1], [0.3, 0.05 * f, -0.1], [0.2, -0.3, 0.1 * f]]]);
    const c = await compareRuns(tinyCnnWith((j) => { j.layers[0].weights = written; j.layers[0].bias = [0, 0]; }), { kind: 'init', init: 'zeros' });
    const other = trainAlone(tinyCnnWith((j) => { j.layers[0].weights = written; j.layers[0].bias = [0, 0]; j.layers[5].init = 'zeros'; }), c.other.points);
    expect(c.other.points.map((p) => p.loss)).toEqual(other.losses);
    expect([c.base.label, c.other.label]).toEqual(['xavier initialisation', 'zeros initialisation']);
  });

  it('the same seed gives the same layered comparison twice, number for number (dropout masks included)', async () => {
    const variant: RunVariant = { kind: 'freeze', layer: 'bn' };
    expect(await compareRuns(parsed(tinyCnn()), variant)).toEqual(await compareRuns(parsed(tinyCnn()), variant));
  });
});

describe('on a layered model, a layer variant that changes nothing or does not apply is refused with a clear message', () => {
  const refusals: [RunVariant, string][] = [
    [{ kind: 'activation', layer: 'pool', activation: 'relu' }, 'layer "pool" (maxpool2d) applies no activation; choose a dense, conv2d, batchnorm or activation layer.'],
    [{ kind: 'activation', layer: 'drop', activation: 'tanh' }, 'layer "drop" (dropout) applies no activation; choose a dense, conv2d, batchnorm or activation layer.'],
    [{ kind: 'activation', layer: 'flat', activation: 'relu' }, 'layer "flat" (flatten) applies no activation; choose a dense, conv2d, batchnorm or activation layer.'],
    [{ kind: 'activation', layer: 'conv', activation: 'relu' }, 'layer "conv" already uses relu; choose another activation.'],
    [{ kind: 'activation', layer: 'bn', activation: 'linear' }, 'layer "bn" already uses linear; choose another activation.'],
    [{ kind: 'activation', layer: 'conv', activation: 'softmax' }, 'softmax belongs on the output layer; "conv" is a hidden layer.'],
    [{ kind: 'activation', layer: 'convv', activation: 'relu' }, 'the model has no layer named "convv"; its layers are "conv", "bn", "pool", "drop", "flat", "output".'],
    [{ kind: 'init', init: 'he' }, 'the model already initialises its weights with he; choose another initialisation.'],
    [{ kind: 'freeze', layer: 'pool' }, 'layer "pool" (maxpool2d) has no parameters to freeze; choose a dense, conv2d or batchnorm layer.'],
    [{ kind: 'freeze', layer: 'flat' }, 'layer "flat" (flatten) has no parameters to freeze; choose a dense, conv2d or batchnorm layer.'],
  ];

  it.each(refusals)('%o is refused: %s', async (variant, message) => {
    const model = tinyCnnWith((j) => { j.layers[5].init = 'he'; });
    await expect(compareRuns(model, variant)).rejects.toThrow(message);
  });

  it('a layer already frozen, the last layer left to train, and an initialisation of written weights are refused', async () => {
    const frozenConv = tinyCnnWith((j) => { j.layers[0].trainable = false; });
    await expect(compareRuns(frozenConv, { kind: 'freeze', layer: 'conv' })).rejects.toThrow('layer "conv" is already frozen.');
    const onlyOutput = tinyCnnWith((j) => { j.layers[0].trainable = false; j.layers[1].trainable = { weights: false, bias: false }; });
    await expect(compareRuns(onlyOutput, { kind: 'freeze', layer: 'output' })).rejects.toThrow('freezing "output" would leave nothing to train.');
    const allWritten = tinyCnnWith((j) => {
      j.layers[0].weights = [[[[0.1, 0.2, 0], [0.3, 0.4, 0], [0, 0, 0.1]]], [[[-0.1, 0.2, 0], [0.3, -0.4, 0], [0, 0.1, 0]]]];
      j.layers[5].weights = [[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], [-0.1, 0.2, -0.3, 0.4, -0.5, 0.6, -0.7, 0.8]];
    });
    await expect(compareRuns(allWritten, { kind: 'init', init: 'zeros' })).rejects.toThrow('every conv and dense layer\'s weights are given (in the file or its weights file), so an initialisation changes nothing.');
  });

  it('softmax on a layer whose output is an image is refused before the network is built', async () => {
    const endsInConv = tinyCnnWith((j) => { j.layers = [j.layers[0]]; j.loss = 'squared'; j.data.targets = j.data.inputs.map(() => new Array(32).fill(0.5)); });
    await expect(compareRuns(endsInConv, { kind: 'activation', layer: 'conv', activation: 'softmax' })).rejects.toThrow('softmax needs a flat output, but "conv" gives an image [2, 4, 4]; flatten first.');
  });

  it('the worker answers a layered refusal as a problem for people, and a layered freeze as a comparison', async () => {
    const teaching = new TeachingRequests(new SessionStore(openSession));
    const text = JSON.stringify(tinyCnn(), null, 2);
    const doc: WorkerDocument = { uri: `file://${FILE}`, version: 1, text, fileName: FILE, settings: DEFAULT_ANALYSIS_SETTINGS };
    const work = { signal: { aborted: false }, yieldToEventLoop: () => Promise.resolve() };
    const refused = await teaching.compareRuns(doc, { kind: 'activation', layer: 'pool', activation: 'relu' }, work);
    expect(isProblem(refused) && refused.problem).toBe('layer "pool" (maxpool2d) applies no activation; choose a dense, conv2d, batchnorm or activation layer.');
    const answer = await teaching.compareRuns(doc, { kind: 'freeze', layer: 'conv' }, work);
    expect(isProblem(answer)).toBe(false);
    expect(!isProblem(answer) && answer.other.label).toBe('"conv" frozen');
  });
});
