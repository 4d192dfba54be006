import { describe, expect, it } from 'vitest';
import { accuracy, evaluate, evaluateLoss } from '../../src/engine';
import { HISTORY_SHARE, type ModelSession, type TrainOptions } from '../../src/analysis/modelSession';
import { openExample } from '../helpers/examples';

/** Iris trains one sample per step: 120 steps an epoch, with a held-out test set. */
const STEPS_PER_EPOCH = 120;

/**
 * A fake clock for a run: every step costs `stepMs` (charged between steps, in `shouldStop`), and a
 * read that follows another read with no step between costs `evalMs`, so an evaluation (timed by two
 * reads right after the step's own) costs `evalMs`. Nothing depends on the machine's speed.
 */
function fakeClock(stepMs: number, evalMs = 0): Pick<TrainOptions, 'now' | 'shouldStop'> {
  let time = 0, stepped = true;
  return {
    now: () => {
      if (!stepped) time += evalMs;
      stepped = false;
      return time;
    },
    shouldStop: () => { time += stepMs; stepped = true; return false; },
  };
}

const steps = (s: ModelSession) => s.analyse().analysis!.history.map((p) => p.step);

describe('a training run records its loss curve at a bounded cost', () => {
  it('records every epoch end and the last step when evaluating costs nothing', async () => {
    const s = openExample('iris.nn.json');
    const clock = fakeClock(1);
    await s.train({ steps: 2 * STEPS_PER_EPOCH + 7, now: clock.now, shouldStop: clock.shouldStop, historyEveryMs: Infinity });
    expect(steps(s)).toEqual([STEPS_PER_EPOCH, 2 * STEPS_PER_EPOCH, 2 * STEPS_PER_EPOCH + 7]);
  });

  it('adds a point inside a long epoch once historyEveryMs of training has passed', async () => {
    const s = openExample('iris.nn.json');
    const clock = fakeClock(1);
    await s.train({ epochs: 1, now: clock.now, shouldStop: clock.shouldStop, historyEveryMs: 50 });
    expect(steps(s)).toEqual([50, 100, 120]);
  });

  it('rations points to a twentieth of the training time when evaluating is expensive, and still records the last step', async () => {
    const s = openExample('iris.nn.json');
    const clock = fakeClock(1, 30); // one evaluation costs as much as 30 steps, a quarter of an epoch
    const epochs = 12;
    await s.train({ epochs, now: clock.now, shouldStop: clock.shouldStop, historyEveryMs: Infinity });
    const recorded = steps(s);
    expect(recorded[recorded.length - 1]).toBe(epochs * STEPS_PER_EPOCH);
    expect(recorded.every((step) => step % STEPS_PER_EPOCH === 0)).toBe(true);
    expect(recorded.length).toBeGreaterThan(1);
    expect(recorded.length).toBeLessThan(epochs);
    // Every point but the forced last one was within budget: 30 per evaluation, 5 % of the training time at most.
    expect(30 * (recorded.length - 1)).toBeLessThanOrEqual(HISTORY_SHARE * (epochs * STEPS_PER_EPOCH + 30 * recorded.length));
  });

  it('records every epoch end when asked for epochs, however expensive evaluating is', async () => {
    const s = openExample('iris.nn.json');
    const clock = fakeClock(1, 1000);
    await s.train({ epochs: 4, history: 'epochs', now: clock.now, shouldStop: clock.shouldStop });
    expect(steps(s)).toEqual([1, 2, 3, 4].map((e) => e * STEPS_PER_EPOCH));
  });

  it('records nothing without history, and trains the same weights', async () => {
    const a = openExample('iris.nn.json'), b = openExample('iris.nn.json');
    await a.train({ epochs: 2, history: 'none' });
    await b.train({ epochs: 2, history: 'epochs' });
    expect(steps(a)).toEqual([]);
    expect(Array.from(a.currentNetwork.layers[0].weights)).toEqual(Array.from(b.currentNetwork.layers[0].weights));
  });

  it('records the last step of every run on the real clock, whatever the machine\'s speed', async () => {
    const s = openExample('iris.nn.json');
    await s.train({ steps: 1 });
    await s.train({ steps: 150 });
    await s.train({ epochs: 2 });
    const recorded = steps(s);
    expect(recorded).toContain(1);
    expect(recorded).toContain(151);
    expect(recorded[recorded.length - 1]).toBe(151 + STEPS_PER_EPOCH - 31 + STEPS_PER_EPOCH);
    recorded.slice(1).forEach((step, i) => expect(step).toBeGreaterThan(recorded[i]));
  });

  it('reports progress on time even while no point is due, so a long run keeps showing signs of life', async () => {
    const s = openExample('iris.nn.json');
    const clock = fakeClock(1);
    const calls: { points: number; step: number }[] = [];
    await s.train({
      steps: 100, history: 'none', progressEveryMs: 10, now: clock.now, shouldStop: clock.shouldStop,
      onProgress: (points, step) => calls.push({ points: points.length, step }),
    });
    expect(calls.length).toBeGreaterThanOrEqual(9);
    expect(calls.every((c) => c.points === 0)).toBe(true);
    calls.slice(1).forEach((c, i) => expect(c.step - calls[i].step).toBeLessThanOrEqual(11));
  });

  it('ends a paused run with a point at the step where it stopped', async () => {
    const s = openExample('iris.nn.json');
    let calls = 0;
    const result = await s.train({ epochs: 3, shouldStop: () => ++calls > 40, historyEveryMs: Infinity });
    expect(result).toMatchObject({ stopped: 'paused', stepsTaken: 40 });
    expect(steps(s)).toEqual([40]);
  });

  it('a point holds exactly the loss and accuracy of evaluating the network afresh, on the training and test sets', async () => {
    const s = openExample('iris.nn.json');
    await s.train({ steps: 77 });
    const point = s.analyse().analysis!.history.at(-1)!;
    const { train, test } = s.model.data;
    expect(point).toEqual({
      step: 77, epoch: 0,
      loss: evaluateLoss(s.currentNetwork, train, s.model.loss), testLoss: evaluateLoss(s.currentNetwork, test!, s.model.loss),
      accuracy: accuracy(s.currentNetwork, train), testAccuracy: accuracy(s.currentNetwork, test!),
    });
  });
});

describe('one forward pass gives the loss and the accuracy', () => {
  it.each(['iris.nn.json', 'digits.nn.json', 'xor.nn.json', 'worked-example.nn.json'])('%s: evaluate equals evaluateLoss and accuracy exactly', (name) => {
    const s = openExample(name);
    const { train } = s.model.data;
    const both = evaluate(s.currentNetwork, train, s.model.loss);
    expect(both.loss).toBe(evaluateLoss(s.currentNetwork, train, s.model.loss));
    expect(both.accuracy).toBe(accuracy(s.currentNetwork, train));
  });
});
