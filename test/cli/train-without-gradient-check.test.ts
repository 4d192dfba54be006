/** `gradlens train` reports loss and accuracy only: it never runs the gradient check that `check` and `report` run. */
import { describe, expect, it, vi } from 'vitest';
import { Network, Trainer, evaluateLoss, accuracy } from '../../src/engine';
import { formatPercent, formatValue } from '../../src/shared/format';
import { toNetworkSpec } from '../../src/model/types';
import { examplePath, openExample } from '../helpers/examples';
import { cli } from './runCli';

vi.mock('../../src/engine/gradcheck', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/engine/gradcheck')>()),
  gradientCheck: () => { throw new Error('gradlens train ran a gradient check'); },
}));

describe('gradlens train runs no gradient check', () => {
  it('trains and reports without calling the gradient check (report, which needs it, cannot run here)', async () => {
    const run = await cli('train', examplePath('iris.nn.json'), '--epochs', '3');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/done: loss [\d.]+ → [\d.]+ after 360 steps · accuracy [\d.]+ % · test accuracy [\d.]+ %/);
    expect((await cli('report', examplePath('iris.nn.json'))).stderr).toContain('gradlens train ran a gradient check');
  });

  it('prints every epoch\'s training-set loss and accuracy exactly as an independent trainer measures them', async () => {
    const run = await cli('train', examplePath('xor.nn.json'), '--epochs', '12');
    const model = openExample('xor.nn.json').model;
    const network = Network.fromSpec(toNetworkSpec(model));
    const trainer = new Trainer(network, model.data.train, model.loss, model.train, { seed: model.seed });
    const expected = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((epoch) => {
      if (epoch > 0) trainer.runEpochs(1);
      return `epoch ${epoch}: loss ${formatValue(evaluateLoss(network, model.data.train, model.loss), 6)} · accuracy ${formatPercent(accuracy(network, model.data.train)!)}`;
    });
    expect(run.stdout.split('\n').filter((l) => l.startsWith('epoch '))).toEqual(expected);
  });
});
