import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../src/analysis/types';
import { buildFeatureMaps, hasImageLayers } from '../../webview/model/featureMapsModel';
import { workedExample } from './fixture';
import { IMAGES, layeredAnalyses } from './layeredFixture';

let analysis: Analysis;
beforeAll(async () => { analysis = (await layeredAnalyses()).before; });

describe('the feature maps of the selected sample', () => {
  it('are drawn for layered models with images only', () => {
    expect(hasImageLayers(analysis)).toBe(true);
    expect(hasImageLayers(workedExample)).toBe(false);
    expect(hasImageLayers(undefined)).toBe(false);
  });

  it('start with the input image of the sample and its saliency ∂Lₙ/∂x from the worker', () => {
    const [input] = buildFeatureMaps(analysis, 2, 'shared');
    expect(input.layer).toBe(-1);
    expect(input.subtitle).toBe('image · 1 × 4×4');
    expect(input.activations.tiles).toHaveLength(1);
    expect(input.activations.tiles[0]).toMatchObject({ rows: 4, cols: 4, values: IMAGES[2] });
    expect(input.gradients.tiles[0].values).toEqual(analysis.layeredViews!.inputGradient[2]);
    expect(input.activations.cell).toBeGreaterThan(input.gradients.cell - 1);
  });

  it('show every image layer\'s maps, one per channel, with the gradient maps δ beside them', () => {
    const views = buildFeatureMaps(analysis, 1, 'shared');
    expect(views.map((v) => [v.title, v.subtitle])).toEqual([
      ['input', 'image · 1 × 4×4'], ['conv', 'conv2d · 2 × 4×4'], ['relu', 'activation + relu · 2 × 4×4'],
      ['pool', 'maxpool2d · 2 × 2×2'], ['norm', 'batchnorm · 2 × 2×2'],
    ]);
    const pool = views[3];
    expect(pool.activations.tiles.map((t) => t.values)).toEqual([analysis.layers[2].out[1].slice(0, 4), analysis.layers[2].out[1].slice(4, 8)]);
    expect(pool.gradients.tiles.map((t) => t.values)).toEqual([analysis.layers[2].delta[1].slice(0, 4), analysis.layers[2].delta[1].slice(4, 8)]);
  });

  it('colour the maps of a layer on one scale, or each map on its own', () => {
    const shared = buildFeatureMaps(analysis, 0, 'shared')[1].activations.tiles;
    const perMap = buildFeatureMaps(analysis, 0, 'per-map')[1].activations.tiles;
    const largest = (values: readonly number[]) => Math.max(...values.map(Math.abs));
    expect(shared.map((t) => t.scale)).toEqual([largest(analysis.layers[0].out[0]), largest(analysis.layers[0].out[0])]);
    expect(perMap.map((t) => t.scale)).toEqual(perMap.map((t) => largest(t.values)));
  });

  it('outline on the gradient maps of the pool\'s input the cells the pool routed the gradient to, one per window', () => {
    const relu = buildFeatureMaps(analysis, 0, 'shared')[2];
    const routing = analysis.layeredViews!.layers[2].routing![0];
    const expected = [0, 1].map((c) => routing.filter((at) => Math.floor(at / 16) === c).map((at) => at % 16).sort((a, b) => a - b));
    expect(relu.activations.tiles.map((t) => t.marks)).toEqual([undefined, undefined]);
    expect(relu.gradients.tiles.map((t) => t.marks)).toEqual(expected);
    expect(relu.routedBy).toBe('pool routes the gradient to 8 of 32 cells (outlined)');
    // Only cells the pool routed to can carry a gradient back from it.
    relu.gradients.tiles.forEach((t, c) => t.values.forEach((v, k) => { if (!expected[c].includes(k)) expect(v).toBe(0); }));
  });
});
