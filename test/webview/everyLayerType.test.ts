import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../src/analysis/types';
import { gradientFlowData } from '../../webview/model/chartData';
import { entryLabel, gradCheckRows } from '../../webview/model/gradcheckModel';
import { layerDeltas } from '../../webview/model/values';
import { workedExample } from './fixture';
import { layeredAnalyses } from './layeredFixture';

let analysis: Analysis;
beforeAll(async () => { analysis = (await layeredAnalyses()).before; });

describe('the panel\'s gradient views on every layer type', () => {
  it('show in the gradient flow the δ that passes through a layer without parameters', () => {
    const flow = gradientFlowData(analysis);
    expect(flow.labels).toEqual(['conv', 'relu (δ)', 'pool (δ)', 'norm', 'flat (δ)', 'out']);
    expect(flow.passing).toEqual([false, true, true, false, true, false]);
    const pool = layerDeltas(analysis.layers[2]).map(Math.abs);
    expect(flow.max[2]).toBe(Math.max(...pool));
    expect(flow.mean[2]).toBeCloseTo(pool.reduce((a, b) => a + b, 0) / pool.length, 15);
    expect(flow.mean[0]).toBe(analysis.layers[0].stats.gradMeanAbs);
    expect(gradientFlowData(workedExample).passing).toEqual([false, false]);
  });

  it('list in the gradient-check table only the parameters a layer has, with every axis of a conv weight', () => {
    const rows = gradCheckRows(analysis);
    expect(rows.map((r) => r.key)).toEqual(['0:weights', '0:bias', '3:weights', '3:bias', '5:weights', '5:bias']);
    expect(rows.every((r) => r.checked > 0)).toBe(true);
    const conv = rows[0].entries[0];
    expect(conv.index).toHaveLength(4);
    expect(entryLabel(conv)).toBe(`${conv.layer}.weights[${conv.index.map((i) => i + 1).join(', ')}]`);
    expect(entryLabel({ ...conv, param: 'weights', index: [0, 1] })).toBe(`${conv.layer}.weights[1, 2]`);
    expect(entryLabel({ ...conv, param: 'bias', index: [2] })).toBe(`${conv.layer}.bias[3]`);
    expect(gradCheckRows(workedExample)).toHaveLength(4);
  });
});

describe('the inspector on a layered model\'s layer', () => {
  it('names its type, shapes and parameter count, and for a layer without parameters the δ passing through', async () => {
    const { inspectorView } = await import('../../webview/model/inspectorModel');
    const conv = inspectorView(analysis, { kind: 'layer', layer: 0 }, 0, 3)!;
    expect(conv.subtitle).toBe(`conv2d, 1×4×4 → 2×4×4, 20 parameters, line ${analysis.layers[0].line}`);
    expect(conv.rows.map((r) => r.label)).toContain('gradient norm');
    const pool = inspectorView(analysis, { kind: 'layer', layer: 2 }, 0, 3)!;
    expect(pool.subtitle).toMatch(/^maxpool2d, 2×4×4 → 2×2×2, no parameters/);
    const passing = pool.rows.find((r) => r.label === 'mean |δ| passing through')!;
    const deltas = analysis.layers[2].delta.flat().map(Math.abs);
    expect(Number(passing.value)).toBeCloseTo(deltas.reduce((a, b) => a + b, 0) / deltas.length, 4);
    expect(pool.rows.map((r) => r.label)).not.toContain('gradient norm');
  });
});
