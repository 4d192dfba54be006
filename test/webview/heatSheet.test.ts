import { describe, expect, it } from 'vitest';
import { cellSize, heatPosition, scaled, sheetLayout, sheetSummary, symmetricScale, tileRows, TILE_GAP, LABEL_HEIGHT, type HeatSheet } from '../../webview/model/heatSheet';

const tile = (label: string, values: number[]) => ({ label, rows: 2, cols: 2, values });

describe('a heat-map sheet', () => {
  it('colours by value over the largest |value|, clamped, with an all-zero map on scale 1 (blank, not noise)', () => {
    expect(symmetricScale([0.5, -2, 1])).toBe(2);
    expect(symmetricScale([0, 0])).toBe(1);
    expect(symmetricScale([NaN, 3])).toBe(3);
    expect(heatPosition(-1, 2)).toBe(-0.5);
    expect(heatPosition(5, 2)).toBe(1);
    expect(heatPosition(NaN, 2)).toBe(0);
  });

  it('lays its tiles out in rows without overlap, with room for labels', () => {
    const sheet: HeatSheet = { key: 's', title: 't', cell: 8, columns: 2, labelled: true, tiles: scaled([tile('a', [1, 2, 3, 4]), tile('b', [0, 0, 0, 0]), tile('c', [1, 1, 1, 1])], 'shared') };
    const layout = sheetLayout(sheet);
    expect(layout.tiles).toEqual([
      { x: 0, y: 0, width: 16, height: 16 },
      { x: 16 + TILE_GAP, y: 0, width: 16, height: 16 },
      { x: 0, y: 16 + LABEL_HEIGHT + TILE_GAP, width: 16, height: 16 },
    ]);
    expect(layout.width).toBe(32 + TILE_GAP);
    expect(layout.height).toBe(2 * (16 + LABEL_HEIGHT) + TILE_GAP);
  });

  it('shares one scale or gives each tile its own', () => {
    const tiles = [tile('a', [1, 2, 3, 4]), tile('b', [0, -0.5, 0, 0])];
    expect(scaled(tiles, 'shared').map((t) => t.scale)).toEqual([4, 4]);
    expect(scaled(tiles, 'per-map').map((t) => t.scale)).toEqual([4, 0.5]);
  });

  it('sizes cells so a map is about the target size, never below the minimum', () => {
    expect(cellSize(8, 8, 64)).toBe(8);
    expect(cellSize(28, 28, 64)).toBe(3);
    expect(cellSize(3, 3, 24)).toBe(8);
  });

  it('has a table row per picture row and a summary with its range', () => {
    const [t] = scaled([tile('map 1', [1, -2, 3, 4])], 'shared');
    expect(tileRows(t, String)).toEqual([['map 1 row 1', '1', '-2'], ['map 1 row 2', '3', '4']]);
    expect(sheetSummary({ key: 's', title: 'conv', cell: 8, columns: 1, labelled: false, tiles: [t] })).toBe('conv: 1 map of 2×2, values from −2 to 4. The table below lists every value.');
  });
});
