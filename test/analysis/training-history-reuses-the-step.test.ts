import { describe, expect, it, vi } from 'vitest';
import type { DataSet } from '../../src/engine';
import type { TrainingPoint } from '../../src/analysis/types';
import { exampleText, examplePath, openText } from '../helpers/examples';

/** Every whole-set evaluation the session makes, by the data set it evaluates. */
const evaluated: DataSet[] = [];
vi.mock('../../src/engine', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/engine')>();
  return {
    ...original,
    evaluate: (...args: Parameters<typeof original.evaluate>) => {
      evaluated.push(args[1]);
      return original.evaluate(...args);
    },
  };
});

/** Iris with one batch per epoch: the whole training set, in file order unless `shuffle` is on. */
function irisFullBatch(shuffle: boolean) {
  const text = exampleText('iris.nn.json').replace('"batchSize": 1, "epochs": 50', `"epochs": 50, "shuffle": ${shuffle}`);
  expect(text).toContain(`"shuffle": ${shuffle}`);
  return openText(text, examplePath('iris.nn.json'));
}

/** The points a session would hold if each were evaluated afresh after its step. */
async function evaluatedAfresh(shuffle: boolean, steps: number): Promise<TrainingPoint[]> {
  const s = irisFullBatch(shuffle);
  const points: TrainingPoint[] = [];
  for (let step = 1; step <= steps; step++) {
    await s.train({ steps: 1, history: 'none' });
    points.push({ step, epoch: step, ...s.evaluate() });
  }
  return points;
}

describe('a full-batch run takes its loss curve from the forward passes its steps already make', () => {
  it('records the same points, bit for bit, as evaluating the training set afresh after every step', async () => {
    const s = irisFullBatch(false);
    await s.train({ epochs: 30, history: 'epochs' });
    expect(s.analyse().analysis!.history).toEqual(await evaluatedAfresh(false, 30));
  });

  it('evaluates the training set only for the last point, which no step follows; the test set for every point', async () => {
    const s = irisFullBatch(false);
    evaluated.length = 0;
    await s.train({ epochs: 30, history: 'epochs' });
    const { train, test } = s.model.data;
    expect(evaluated.filter((d) => d === train)).toHaveLength(1);
    expect(evaluated.filter((d) => d === test)).toHaveLength(30);
  });

  it('evaluates a paused run\'s last point afresh, at the parameters where it stopped', async () => {
    const s = irisFullBatch(false);
    let calls = 0;
    await s.train({ epochs: 30, history: 'epochs', shouldStop: () => ++calls > 12 });
    expect(s.analyse().analysis!.history).toEqual(await evaluatedAfresh(false, 12));
  });

  it('evaluates every point afresh when the samples are shuffled, since the sum would run in another order', async () => {
    const s = irisFullBatch(true);
    evaluated.length = 0;
    await s.train({ epochs: 5, history: 'epochs' });
    expect(evaluated.filter((d) => d === s.model.data.train)).toHaveLength(5);
    expect(s.analyse().analysis!.history).toEqual(await evaluatedAfresh(true, 5));
  });

  it('evaluates every point afresh with mini-batches, whose forward passes see only part of the set', async () => {
    const s = openText(exampleText('iris.nn.json'), examplePath('iris.nn.json'));
    evaluated.length = 0;
    await s.train({ epochs: 3, history: 'epochs' });
    expect(evaluated.filter((d) => d === s.model.data.train)).toHaveLength(3);
  });
});
