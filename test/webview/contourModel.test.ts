import { describe, expect, it } from 'vitest';
import { lossContour } from '../../src/worker/teaching/lossContour';
import type { LossContour } from '../../src/shared/teachingViews';
import {
  arrowPixels, contourAxesFor, contourChoices, contourLevels, contourPixel, contourSegments, contourSummary, contourTable, gridPoint, pointSentence, recentSentence, sampledIndices,
} from '../../webview/model/contourModel';
import { distinctColor } from '../../webview/model/boundaryModel';
import { objectiveCaption } from '../../webview/model/sliceModel';
import { exampleSession } from '../teaching/helpers';
import { workedExample } from './fixture';

const BOX = { width: 300, height: 300, left: 40, right: 10, top: 10, bottom: 30 };

function workedContour(): LossContour {
  const s = exampleSession('worked-example.nn.json');
  return lossContour(s.currentNetwork, s.model.data.train, s.model.loss, s.model.train, { layerIndex: 1, param: 'weights', index: [0, 0] },
    { kind: 'parameters', second: { layerIndex: 1, param: 'weights', index: [0, 1] } }, { seed: s.model.seed });
}

describe('the loss contour view model', () => {
  it('finds a contour line where a plane crosses the level: J = x on a 3 × 3 grid cut at 0.5 is the vertical line x = 0.5', () => {
    const values = [0, 1, 2, 0, 1, 2, 0, 1, 2];
    const segments = contourSegments(values, 3, 0.5);
    expect(segments).toHaveLength(2);
    for (const [a, b] of segments) { expect(a.j).toBeCloseTo(0.5, 12); expect(b.j).toBeCloseTo(0.5, 12); }
    expect(segments.flatMap(([a, b]) => [a.i, b.i]).sort()).toEqual([0, 1, 1, 2]);
  });

  it('closes a ring around a minimum: every crossing of a bowl lies at the level\'s radius', () => {
    const n = 21, values: number[] = [];
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) values.push((i - 10) ** 2 + (j - 10) ** 2);
    const segments = contourSegments(values, n, 36);
    expect(segments.length).toBeGreaterThan(16);
    for (const [a, b] of segments) for (const p of [a, b]) expect(Math.abs(Math.hypot(p.i - 10, p.j - 10) - 6)).toBeLessThan(0.3);
  });

  it('takes levels between the smallest and largest value, rising', () => {
    const levels = contourLevels([5, 1, 2, 3, 4, 9, 7, 8, 6, 0]);
    expect(levels.length).toBeGreaterThan(3);
    expect(levels.every((v, k) => v > 0 && v < 9 && (k === 0 || v > levels[k - 1]))).toBe(true);
  });

  it('draws the arrow perpendicular to the contour lines on screen, pointing uphill, even when the axes are scaled differently', () => {
    const c = { xRange: [0, 10], yRange: [0, 1], centre: [5, 0.5], arrow: [1, 1] } as unknown as LossContour;
    const a = arrowPixels(c, BOX, 50)!;
    // J = x + y: lines x + y = const; on screen x spans 250 px for 10 units, y 260 px for 1 unit.
    const line = { dx: 250 / 10, dy: -(-260 / 1) };
    const v = { dx: a.to.px - a.from.px, dy: a.to.py - a.from.py };
    expect(Math.hypot(v.dx, v.dy)).toBeCloseTo(50, 9);
    // Along a line, x rises by 1 while y falls by 1: in pixels (25, 260); the arrow is perpendicular to it.
    expect(v.dx * line.dx + v.dy * line.dy).toBeCloseTo(0, 9);
    expect(v.dy).toBeLessThan(0); // up the screen: y grows
    expect(arrowPixels({ ...c, arrow: [0, 0] } as LossContour, BOX, 50)).toBeUndefined();
  });

  it('places the worked example\'s current parameters at the middle grid point and reads J there, in the table and the sentences', () => {
    const c = workedContour();
    const m = (c.resolution - 1) / 2;
    const p = gridPoint(c, m, m);
    expect(p.x).toBeCloseTo(c.centre[0], 12);
    expect(p.y).toBeCloseTo(c.centre[1], 12);
    expect(contourPixel(c, BOX, c.centre[0], c.centre[1])).toEqual({ px: 40 + 125, py: 10 + 130 });
    expect(c.values[m * c.resolution + m]).toBeCloseTo(c.loss, 12);
    expect(pointSentence(c, m, m)).toBe('output.weights[1, 1] = 0.4, output.weights[1, 2] = 0.45: J = 0.2984');
    const table = contourTable(c);
    expect(table.xs).toHaveLength(9);
    expect(table.rows[4].values[4]).toBe('0.2984');
    expect(contourSummary(c)[1]).toMatch(/J = 0\.2984; the gradient on this plane is \(0\.08217, 0\.08267\)/); // Mazur: ∂E/∂w5 = 0.082167041, ∂E/∂w6 = 0.082667628
    expect(sampledIndices(61)).toEqual([0, 8, 15, 23, 30, 38, 45, 53, 60]);
  });

  it('offers two random directions and every other parameter as the plane; the default is the neighbour', () => {
    const target = { layerIndex: 1, param: 'weights', index: [0, 0] } as const;
    const choices = contourChoices(workedExample, target);
    expect(choices[0].axes).toEqual({ kind: 'directions', seed: 1 });
    expect(choices.some((c) => c.axes.kind === 'parameters' && c.axes.second.layerIndex === 1 && c.axes.second.index.join() === '0,0')).toBe(false);
    const neighbour = { kind: 'parameters', second: { layerIndex: 1, param: 'weights', index: [0, 1] } };
    expect(contourAxesFor(workedExample, target, undefined)).toEqual(neighbour);
    expect(contourAxesFor(workedExample, target, { kind: 'parameters', second: target })).toEqual(neighbour);
    expect(contourAxesFor(workedExample, target, { kind: 'directions', seed: 1 })).toEqual({ kind: 'directions', seed: 1 });
  });

  it('says what is drawn: J with weight decay and its λ, or the data loss alone', () => {
    expect(objectiveCaption(0.01)).toMatch(/J = L \+ \(λ\/2\)·Σw², λ = 0\.01.*not the biases.*not AdamW/);
    expect(objectiveCaption(0)).toMatch(/data loss L/);
    expect(objectiveCaption(0.01, 'contour')).toMatch(/^The picture is J/);
  });
});

describe('colours taken apart', () => {
  it('Light High Contrast\'s charts.orange is a blue beside charts.blue, so the pair falls back to red; elsewhere orange stays', () => {
    expect(distinctColor('#1a85ff', ['#0f4a85', '#b5200d'])).toBe('#b5200d');
    expect(distinctColor('#3794ff', ['#d18616', '#f14c4c'])).toBe('#d18616');
    expect(distinctColor('#75beff', ['#ff9e3b', '#f48771'])).toBe('#ff9e3b');
  });

  it('says where the recent training steps came from, or that there are none yet', async () => {
    const s = exampleSession('worked-example.nn.json');
    const target = { layerIndex: 1, param: 'weights' as const, index: [0, 0] };
    const axes = { kind: 'parameters' as const, second: { layerIndex: 1, param: 'weights' as const, index: [0, 1] } };
    const before = lossContour(s.currentNetwork, s.model.data.train, s.model.loss, s.model.train, target, axes, { seed: s.model.seed, recent: s.recentParameters() });
    expect(before.recent).toEqual([]);
    expect(contourSummary(before).at(-1)).toMatch(/No recent training steps/);
    await s.train({ steps: 3, history: 'none' });
    const after = lossContour(s.currentNetwork, s.model.data.train, s.model.loss, s.model.train, target, axes, { seed: s.model.seed, recent: s.recentParameters() });
    expect(after.recent).toHaveLength(3);
    expect(contourSummary(after).at(-1)).toBe(recentSentence(after));
    expect(recentSentence(after)).toMatch(/^The last 3 training steps came from \(0\.\d+, 0\.\d+\) to \(0\.\d+, 0\.\d+\)\.$/);
  });
});
