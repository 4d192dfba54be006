import { describe, expect, it } from 'vitest';
import { buildBatchNorm } from '../../webview/model/batchNormModel';
import { workedExample } from './fixture';
import { layeredAnalyses } from './layeredFixture';

describe('the batch norm view', () => {
  it('shows per channel the batch statistics the engine normalised with, γ and β', async () => {
    const { before } = await layeredAnalyses();
    const [norm] = buildBatchNorm(before);
    const info = before.layers[3].layered!;
    expect(norm).toMatchObject({ layer: 3, title: 'norm', unit: 'channel', samples: 3 });
    expect(norm.rows.map((r) => [r.batchMean, r.batchVar, r.runningMean, r.runningVar])).toEqual(
      [0, 1].map((c) => [info.batchMean![c], info.batchVar![c], info.runningMean![c], info.runningVar![c]]));
    expect(norm.rows.map((r) => [r.gamma, r.beta])).toEqual([[1, 0], [1, 0]]);
    expect(buildBatchNorm(workedExample)).toEqual([]);
  });

  it('shows each channel centred and rescaled: before it the batch\'s own moments, after it β ± γ·σ/√(σ²+ε)', async () => {
    const { after } = await layeredAnalyses();
    const [norm] = buildBatchNorm(after);
    // All three samples are recorded, so "before" is over the whole batch the layer normalised.
    norm.rows.forEach((r) => {
      expect(r.before.mean).toBeCloseTo(r.batchMean, 12);
      expect(r.before.std).toBeCloseTo(Math.sqrt(r.batchVar), 12);
      expect(r.after.mean).toBeCloseTo(r.beta!, 12);
      expect(r.after.std).toBeCloseTo(Math.abs(r.gamma!) * Math.sqrt(r.batchVar / (r.batchVar + 1e-5)), 9);
    });
  });
});
