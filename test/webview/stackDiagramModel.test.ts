import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../src/analysis/types';
import { buildStackDiagram, MAX_SHEETS, stackNeighbour } from '../../webview/model/stackDiagramModel';
import { layeredAnalyses } from './layeredFixture';

let analysis: Analysis;
beforeAll(async () => { analysis = (await layeredAnalyses()).before; });

describe('the diagram of a mixed network', () => {
  it('draws image layers as stacks of their channels and flat layers as neurons', () => {
    const d = buildStackDiagram(analysis, 0);
    expect(d.columns.map((c) => [c.title, c.kind, c.shape, c.type])).toEqual([
      ['input', 'image', '1 × 4×4', 'image'], ['conv', 'image', '2 × 4×4', 'conv2d'], ['relu', 'image', '2 × 4×4', 'activation · relu'],
      ['pool', 'image', '2 × 2×2', 'maxpool2d'], ['norm', 'image', '2 × 2×2', 'batchnorm'], ['flat', 'flat', '8 units', 'flatten'], ['out', 'flat', '2 units', 'dense · softmax'],
    ]);
    expect(d.columns[1].sheet!.drawn).toBe(2);
    expect(d.nodes.map((n) => n.key)).toEqual(['in-stack', 'l-0', 'l-1', 'l-2', 'l-3', ...Array.from({ length: 8 }, (_, u) => `u-4-${u}`), 'u-5-0', 'u-5-1']);
    const xs = d.columns.map((c) => c.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(d.width).toBeGreaterThan(xs[xs.length - 1]);
  });

  it('fills the output neurons with the selected sample\'s activation', () => {
    const d = buildStackDiagram(analysis, 1);
    const node = d.nodes.find((n) => n.key === 'u-5-1')!;
    expect(node.intensity).toBeCloseTo(analysis.layers[5].out[1][1], 12);
    expect(node.selection).toEqual({ kind: 'unit', layer: 5, unit: 1 });
    expect(d.nodes.find((n) => n.key === 'l-0')!.selection).toEqual({ kind: 'layer', layer: 0 });
  });

  it('draws at most a few sheets of a wide layer, with the channel count written under it', () => {
    const wide = { ...analysis, layers: analysis.layers.map((l, i) => (i === 0 ? { ...l, layered: { ...l.layered!, outputShape: [64, 4, 4] } } : l)) };
    const column = buildStackDiagram(wide, 0).columns[1];
    expect(column.sheet!.drawn).toBe(MAX_SHEETS);
    expect(column.shape).toBe('64 × 4×4');
  });

  it('moves with the arrow keys between layers and within a column of neurons', () => {
    const d = buildStackDiagram(analysis, 0);
    expect(stackNeighbour(d, 'in-stack', 'ArrowRight')).toBe('l-0');
    expect(stackNeighbour(d, 'l-0', 'ArrowLeft')).toBe('in-stack');
    expect(stackNeighbour(d, 'in-stack', 'ArrowLeft')).toBe('in-stack');
    expect(['u-4-3', 'u-4-4']).toContain(stackNeighbour(d, 'l-3', 'ArrowRight'));
    expect(stackNeighbour(d, 'u-4-0', 'ArrowDown')).toBe('u-4-1');
    expect(stackNeighbour(d, 'u-4-0', 'ArrowUp')).toBe('u-4-0');
    expect(stackNeighbour(d, 'u-5-1', 'ArrowRight')).toBe('u-5-1');
  });

  it('has a table row per layer with its parameters and the gradient that passes through', () => {
    const d = buildStackDiagram(analysis, 0);
    expect(d.rows.map((r) => [r.layer, r.output, r.parameters])).toEqual([
      ['input', '1 × 4×4', 'none'], ['conv', '2 × 4×4', '20'], ['relu', '2 × 4×4', 'none'], ['pool', '2 × 2×2', 'none'],
      ['norm', '2 × 2×2', '4'], ['flat', '8 units', 'none'], ['out', '2 units', '18'],
    ]);
    expect(d.rows[2].paramGradient).toBe('–');
    expect(Number(d.rows[2].passing)).toBeGreaterThan(0);
  });
});
