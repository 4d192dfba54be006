import { describe, expect, it } from 'vitest';
import { appendPoints, emptySeries, mergePoints, seriesFrom, visiblePoints } from '../../webview/model/lossSeries';
import { points } from './fixture';

describe('the loss series', () => {
  it('keeps every point while there is room', () => {
    const s = seriesFrom(points(1, 10));
    expect(visiblePoints(s).map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(s.stride).toBe(1);
  });

  it('stays at most 2,000 points over a 10,000-step run fed 30 times a second', () => {
    let s = emptySeries();
    for (let step = 1; step <= 10_000; step += 7) s = appendPoints(s, points(step, Math.min(step + 6, 10_000)));
    expect(s.total).toBe(10_000);
    expect(visiblePoints(s).length).toBeLessThanOrEqual(2_000);
    expect(visiblePoints(s).length).toBeGreaterThan(1_000);
    expect(visiblePoints(s).at(-1)?.step).toBe(10_000);
  });

  it('merges neighbouring pairs into their mean at the later step', () => {
    let s = emptySeries(4);
    s = appendPoints(s, [1, 2, 3, 4].map((step) => ({ step, epoch: 1, loss: step * 10, accuracy: step / 10 })));
    expect(s.points).toEqual([{ step: 2, epoch: 1, loss: 15, accuracy: 0.15000000000000002 }, { step: 4, epoch: 1, loss: 35, accuracy: 0.35 }]);
    expect(s.stride).toBe(2);
    s = appendPoints(s, [{ step: 5, epoch: 2, loss: 50 }]);
    expect(visiblePoints(s).at(-1)).toEqual({ step: 5, epoch: 2, loss: 50 });
    expect(s.points).toHaveLength(2);
  });

  it('keeps the mean of the loss curve when decimating', () => {
    const all = points(1, 4096, (x) => Math.sin(x / 50) + 2);
    const s = seriesFrom(all, 64);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(mean(visiblePoints(s).map((p) => p.loss))).toBeCloseTo(mean(all.map((p) => p.loss)), 2);
  });

  it('ignores points it has already seen, so a snapshot and progress can overlap', () => {
    const s = appendPoints(seriesFrom(points(1, 5)), points(3, 7));
    expect(visiblePoints(s).map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(s.total).toBe(7);
  });

  it('averages only the values a point has', () => {
    expect(mergePoints([{ step: 1, epoch: 1, loss: 1, testLoss: 3 }, { step: 2, epoch: 1, loss: 2 }])).toEqual({ step: 2, epoch: 1, loss: 1.5, testLoss: 3 });
  });
});
