import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../src/analysis/types';
import { buildKernels, kernelTable } from '../../webview/model/kernelsModel';
import { workedExample } from './fixture';
import { layeredAnalyses } from './layeredFixture';

let before: Analysis;
let after: Analysis;
beforeAll(async () => { ({ before, after } = await layeredAnalyses()); });

describe('the kernels of a convolution', () => {
  it('are one 3×3 picture per filter and channel, with the weights and gradients of the analysis', () => {
    const [conv] = buildKernels(before, 'shared');
    expect(conv).toMatchObject({ layer: 0, title: 'conv', subtitle: '2 filters × 1 channel of 3×3', filters: 2, channels: 1, kh: 3, kw: 3 });
    const weights = before.layers[0].weights.value as number[][];
    const grads = before.layers[0].weights.grad as number[][];
    expect(conv.weights.tiles.map((t) => t.values)).toEqual(weights);
    expect(conv.gradients.tiles.map((t) => t.values)).toEqual(grads);
    expect(conv.weights.columns).toBe(1);
    expect(buildKernels(workedExample, 'shared')).toEqual([]);
  });

  it('show the kernels at the start beside the ones now only once training has stepped, on one scale', () => {
    expect(buildKernels(before, 'shared')[0].first).toBeUndefined();
    const [conv] = buildKernels(after, 'shared');
    expect(conv.first!.tiles.map((t) => t.values)).toEqual(before.layers[0].weights.value);
    expect(conv.weights.tiles.map((t) => t.values)).toEqual(after.layers[0].weights.value);
    const all = [...conv.first!.tiles, ...conv.weights.tiles].flatMap((t) => t.values.map(Math.abs));
    expect(new Set([...conv.first!.tiles, ...conv.weights.tiles].map((t) => t.scale))).toEqual(new Set([Math.max(...all)]));
    const change = Math.max(...(after.layers[0].weights.value as number[][]).flatMap((row, f) => row.map((v, i) => Math.abs(v - (before.layers[0].weights.value as number[][])[f][i]))));
    expect(conv.largestChange).toBe(change);
    expect(conv.largestChange).toBeGreaterThan(0);
  });

  it('give each kernel pair its own scale when asked, the same for start and now', () => {
    const [conv] = buildKernels(after, 'per-map');
    conv.weights.tiles.forEach((t, k) => {
      expect(t.scale).toBe(conv.first!.tiles[k].scale);
      expect(t.scale).toBe(Math.max(...[...t.values, ...conv.first!.tiles[k].values].map(Math.abs)));
    });
  });

  it('list every kernel in its table, a row per filter and channel', () => {
    const [conv] = buildKernels(before, 'shared');
    const rows = kernelTable(conv.weights);
    expect(rows.map((r) => r[0])).toEqual(['filter 1 channel 1', 'filter 2 channel 1']);
    expect(rows[0]).toHaveLength(4);
  });
});
