/** A complete analysis shares its passes: one back-propagation feeds the loss, gradients, accuracy and detectors. */
import { describe, expect, it } from 'vitest';
import { accuracy, backprop, detectPathologies, evaluateLoss, UnitActivity } from '../../src/engine';
import { analyseExample, openExample, examplePath } from '../helpers/examples';
import { cli } from '../cli/runCli';

describe('an analysis shares the forward passes it used to repeat', () => {
  it.each(['dying-relu.nn.json', 'vanishing-gradients.nn.json', 'iris.nn.json', 'digits.nn.json'])(
    '%s: units counted during back-propagation give the same warnings as the detectors\' own forward pass', (name) => {
      const s = openExample(name);
      const { train } = s.model.data;
      const activity = new UnitActivity(s.currentNetwork);
      const shared = backprop(s.currentNetwork, train, s.model.loss, { onChunk: (ws, _first, n) => activity.add(ws, n) });
      const own = backprop(s.currentNetwork, train, s.model.loss);
      expect(activity.samples).toBe(train.inputs.rows);
      const options = { learningRate: s.model.train.learningRate };
      expect(detectPathologies(s.currentNetwork, train, shared, { ...options, unitActivity: activity }))
        .toEqual(detectPathologies(s.currentNetwork, train, own, options));
    });

  it('dying-relu still reports its dead units', () => {
    expect(analyseExample('dying-relu.nn.json').warnings.map((w) => w.code)).toContain('dead-relu');
  });

  it('iris: accuracy, test loss and test accuracy are exactly those of separate passes', () => {
    const s = openExample('iris.nn.json');
    const a = s.analyse().analysis!;
    const { train, test } = s.model.data;
    expect(a.accuracy).toBe(accuracy(s.currentNetwork, train));
    expect(a.testLoss).toBe(evaluateLoss(s.currentNetwork, test!, s.model.loss));
    expect(a.testAccuracy).toBe(accuracy(s.currentNetwork, test!));
  });
});

describe('the gradient check of a larger model works on a seeded subset of samples, and says so', () => {
  it('digits: the report JSON names the samples checked; the check passes', async () => {
    const run = await cli('report', examplePath('digits.nn.json'), '--json');
    const r = JSON.parse(run.stdout);
    expect(r.samples).toBe(1438);
    expect(r.gradcheck.status).toBe('pass');
    expect(r.gradcheck.samples).toBeGreaterThanOrEqual(16); // the cost model's minimum subset
    expect(r.gradcheck.samples).toBeLessThan(r.samples);
    expect(r.gradcheck.sampleIndices).toHaveLength(r.gradcheck.samples);
    expect(r.gradcheck.sampleIndices.every((n: number) => n >= 0 && n < r.samples)).toBe(true);
    const text = await cli('report', examplePath('digits.nn.json'));
    expect(text.stdout).toContain(`on the loss of ${r.gradcheck.samples} of the 1438 training samples (a seeded subset)`);
  });

  it('iris: a small model is checked on all its samples, and the report lists no subset', async () => {
    const r = JSON.parse((await cli('report', examplePath('iris.nn.json'), '--json')).stdout);
    expect(r.gradcheck.samples).toBe(r.samples);
    expect(r.gradcheck).not.toHaveProperty('sampleIndices');
    expect((await cli('report', examplePath('iris.nn.json'))).stdout).not.toContain('subset');
  });
});
