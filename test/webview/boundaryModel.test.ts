import { describe, expect, it } from 'vitest';
import { decisionBoundary } from '../../src/worker/teaching/decisionBoundary';
import type { BoundaryGrid } from '../../src/shared/teachingViews';
import {
  boundarySummary, cellColor, featureChoices, gridPixels, labelColor, parseColor, planeFor, pointRows, toPixel, unitLine, type BoundaryPalette,
} from '../../webview/model/boundaryModel';
import { exampleSession } from '../teaching/helpers';
import { workedExample } from './fixture';

const PALETTE: BoundaryPalette = { low: [255, 128, 0], high: [0, 100, 255], middle: [30, 30, 30], classes: [[255, 0, 0], [0, 255, 0], [0, 0, 255]] };

function xorGrid(): BoundaryGrid {
  const s = exampleSession('xor.nn.json');
  return decisionBoundary(s.currentNetwork, { train: s.model.data.train }, { xFeature: 0, yFeature: 1, hold: { kind: 'mean' } }, { step: 0, source: 'session' });
}

describe('the decision boundary view model', () => {
  it('reads the colours VS Code\'s variables resolve to', () => {
    expect(parseColor('#ff8000')).toEqual([255, 128, 0]);
    expect(parseColor('#0af')).toEqual([0, 170, 255]);
    expect(parseColor('rgba(12, 34, 56, 0.5)')).toEqual([12, 34, 56]);
    expect(parseColor('var(--x)')).toBeUndefined();
  });

  it('colours a probability from the low colour (0) through the background (0.5) to the high colour (1)', () => {
    const grid = { ...xorGrid(), values: [0, 0.5, 1] };
    expect(cellColor(grid, 0, PALETTE)).toEqual(PALETTE.low);
    expect(cellColor(grid, 1, PALETTE)).toEqual(PALETTE.middle);
    expect(cellColor(grid, 2, PALETTE)).toEqual(PALETTE.high);
    expect(labelColor(grid, 1, PALETTE)).toEqual(PALETTE.high);
    expect(labelColor(grid, 0, PALETTE)).toEqual(PALETTE.low);
  });

  it('colours classes by their own colour, faded towards the background where the network is unsure', () => {
    const grid = { ...xorGrid(), kind: 'classes' as const, outputs: 3, values: [2, 2], strength: [1, 1 / 3] };
    expect(cellColor(grid, 0, PALETTE)).toEqual(PALETTE.classes[2]);
    const unsure = cellColor(grid, 1, PALETTE);
    expect(unsure[2]).toBeLessThan(255);
    expect(unsure[2]).toBeGreaterThan(PALETTE.middle[2]);
  });

  it('turns the grid into image rows top to bottom (the grid\'s row 0 is the bottom of the plane)', () => {
    const bytes = gridPixels(2, (k) => [k, 0, 0]);
    expect(Array.from(bytes.filter((_, i) => i % 4 === 0))).toEqual([2, 3, 0, 1]);
    expect(bytes[3]).toBe(255);
  });

  it('maps the plane\'s corners to the picture\'s corners, y upwards', () => {
    const grid = { xRange: [-1, 1] as const, yRange: [0, 2] as const };
    expect(toPixel(grid, -1, 0, 200, 100)).toEqual({ px: 0, py: 100 });
    expect(toPixel(grid, 1, 2, 200, 100)).toEqual({ px: 200, py: 0 });
    expect(toPixel(grid, 0, 1, 200, 100)).toEqual({ px: 100, py: 50 });
  });

  it('clips a unit\'s line wx·x + wy·y + c = 0 to the plane, and has none when it misses', () => {
    // x + y − 1 = 0 on [0, 2]²: from (0, 1) to (1, 0).
    const ends = unitLine({ wx: 1, wy: 1, c: -1 }, [0, 2], [0, 2])!;
    for (const p of ends) expect(p.x + p.y - 1).toBeCloseTo(0, 12);
    expect(ends.map((p) => [p.x, p.y]).sort()).toEqual([[0, 1], [1, 0]]);
    // A vertical line x = 0.5.
    expect(unitLine({ wx: 2, wy: 0, c: -1 }, [0, 2], [0, 2])!.map((p) => p.x)).toEqual([0.5, 0.5]);
    expect(unitLine({ wx: 1, wy: 1, c: 10 }, [0, 2], [0, 2])).toBeUndefined();
    expect(unitLine({ wx: 0, wy: 0, c: 1 }, [0, 2], [0, 2])).toBeUndefined();
  });

  it('draws every XOR hidden unit\'s line where the engine\'s unit picture changes sign', () => {
    const grid = xorGrid();
    for (const u of grid.units) {
      const ends = unitLine(u, grid.xRange, grid.yRange);
      if (!ends) continue;
      for (const p of ends) expect(u.wx * p.x + u.wy * p.y + u.c).toBeCloseTo(0, 9);
    }
  });

  it('offers the inputs of a model with two or more, and a plane that fits the model', () => {
    expect(featureChoices(workedExample).map((c) => c.name)).toEqual(['input 1', 'input 2']);
    expect(featureChoices({ ...workedExample, inputs: 1 })).toEqual([]);
    expect(planeFor(workedExample, undefined)).toEqual({ xFeature: 0, yFeature: 1, hold: { kind: 'mean' } });
    expect(planeFor(workedExample, { xFeature: 1, yFeature: 0, hold: { kind: 'sample', sample: 0 } })).toEqual({ xFeature: 1, yFeature: 0, hold: { kind: 'sample', sample: 0 } });
    expect(planeFor(workedExample, { xFeature: 4, yFeature: 0, hold: { kind: 'mean' } })).toEqual({ xFeature: 0, yFeature: 1, hold: { kind: 'mean' } });
  });

  it('reads the picture out for screen readers: a row per point with the network\'s answer, and each unit\'s line', () => {
    const grid = xorGrid();
    const rows = pointRows(grid);
    expect(rows).toHaveLength(4);
    expect(rows[1]).toMatchObject({ set: 'training', x: '0', y: '1', target: '1' });
    expect(rows[1].output).toMatch(/\(class [01]\)$/);
    const summary = boundarySummary(grid);
    expect(summary[0]).toMatch(/^The probability of class 1 over input 1 from .* on a 96 × 96 grid, after step 0\.$/);
    expect(summary.filter((l) => /^hidden unit \d: its line is/.test(l))).toHaveLength(3);
    expect(summary.join(' ')).not.toContain('evaluation mode');
  });

  it('says that a layered network (dropout) answers in evaluation mode, and draws its first dense layer\'s lines', () => {
    const s = exampleSession('dropout.nn.json');
    const grid = decisionBoundary(s.anyNetwork, { train: s.model.data.train }, { xFeature: 0, yFeature: 1, hold: { kind: 'mean' } }, { step: 0, source: 'session' });
    const summary = boundarySummary(grid);
    expect(summary).toContain('The network answers as after training (evaluation mode): dropout passes every value, batch norm uses its running statistics.');
    expect(grid.layerName).toBe('hidden1');
    expect(summary.filter((l) => /^hidden1 unit \d+: its line is/.test(l))).toHaveLength(256);
  });
});
