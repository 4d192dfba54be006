import { describe, expect, it } from 'vitest';
import { buildDiagram, MAX_EDGE_WIDTH, MIN_EDGE_WIDTH, neighbour } from '../../webview/model/diagramModel';
import { workedExample } from './fixture';

describe('the network diagram model', () => {
  it('draws the 2-2-2 network as 6 neurons and 8 edges in 3 columns', () => {
    const d = buildDiagram(workedExample, 0, 3, 'gradient');
    expect(d.columns.map((c) => `${c.title} ${c.subtitle}`)).toEqual(['input 2 features', 'hidden sigmoid', 'output sigmoid']);
    expect(d.neurons).toHaveLength(6);
    expect(d.edges).toHaveLength(8);
  });

  it('shows the activations of the selected sample, and the targets beside the outputs', () => {
    const d = buildDiagram(workedExample, 0, 1, 'gradient');
    const value = (key: string) => d.neurons.find((n) => n.key === key)?.value;
    expect(value('in-0')).toBe(0.05);
    expect(value('u-0-0')).toBeCloseTo(0.593269992, 9);
    expect(value('u-1-1')).toBeCloseTo(0.772928465, 9);
    expect(d.neurons.find((n) => n.key === 'u-1-1')?.target).toBe(0.99);
    expect(d.neurons.find((n) => n.key === 'u-0-0')?.intensity).toBeCloseTo(0.593269992, 9);
  });

  it('makes the edge with the largest |∂L/∂w| (the article\'s w6, h2 → o1: 0.0827) the widest', () => {
    const d = buildDiagram(workedExample, 0, 3, 'gradient');
    const widest = d.edges.reduce((a, b) => (b.width > a.width ? b : a));
    expect(widest.key).toBe('w-1-0-1');
    expect(widest.grad).toBeCloseTo(0.08266762785, 10);
    expect(widest.width).toBe(MAX_EDGE_WIDTH);
    const thinnest = d.edges.reduce((a, b) => (b.width < a.width ? b : a));
    expect(thinnest.key).toBe('w-0-0-0');
    expect(thinnest.width).toBeGreaterThanOrEqual(MIN_EDGE_WIDTH);
  });

  it('colours edges by the sign of the weight', () => {
    const analysis = structuredClone(workedExample);
    (analysis.layers[1].weights.value as number[][])[0][0] = -0.4;
    const d = buildDiagram(analysis, 0, 3, 'gradient');
    expect(d.edges.filter((e) => e.sign === 'negative').map((e) => e.key)).toEqual(['w-1-0-0']);
  });

  it('never carries a gradient at depth 1 or 2, where width shows |w|', () => {
    for (const depth of [1, 2] as const) {
      const d = buildDiagram(workedExample, 0, depth, 'gradient');
      expect(d.edgeWidthBy).toBe('weight');
      expect(d.edges.every((e) => e.grad === undefined)).toBe(true);
      expect(d.edges.reduce((a, b) => (b.width > a.width ? b : a)).weight).toBe(0.55);
    }
    expect(buildDiagram(workedExample, 0, 1, 'gradient').neurons.every((n) => n.delta === undefined)).toBe(true);
    expect(buildDiagram(workedExample, 0, 2, 'gradient').neurons.find((n) => n.key === 'u-1-0')?.delta).toBeCloseTo(0.138498562, 9);
  });

  it('shows at most 12 units of a large layer', () => {
    const big = structuredClone(workedExample);
    const layer = big.layers[0] as { units: number; out: number[][] };
    layer.units = 32;
    layer.out = [Array.from({ length: 32 }, (_, i) => i / 32)];
    const d = buildDiagram(big, 0, 3, 'gradient');
    expect(d.columns[1]).toMatchObject({ units: 32, shown: 12 });
    expect(d.neurons.filter((n) => n.layer === 0)).toHaveLength(12);
  });

  it('moves the keyboard focus between neighbouring neurons', () => {
    const d = buildDiagram(workedExample, 0, 3, 'gradient');
    expect(neighbour(d, 'in-0', 'ArrowDown')).toBe('in-1');
    expect(neighbour(d, 'in-1', 'ArrowDown')).toBe('in-1');
    expect(neighbour(d, 'in-1', 'ArrowRight')).toBe('u-0-1');
    expect(neighbour(d, 'u-0-1', 'ArrowRight')).toBe('u-1-1');
    expect(neighbour(d, 'u-1-1', 'ArrowRight')).toBe('u-1-1');
    expect(neighbour(d, 'u-1-0', 'ArrowLeft')).toBe('u-0-0');
    expect(neighbour(d, 'u-1-1', 'ArrowUp')).toBe('u-1-0');
  });
});
