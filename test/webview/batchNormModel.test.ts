import { describe, expect, it } from 'vitest';
import { batchNormDistributions, buildBatchNorm } from '../../webview/model/batchNormModel';
import { analyseExample } from '../helpers/examples';
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

  it('draws each channel\'s values before and after as histograms whose counts cover every value and whose moments are the table\'s', async () => {
    const { after } = await layeredAnalyses();
    const [norm] = buildBatchNorm(after);
    norm.rows.forEach((r) => {
      const d = batchNormDistributions(norm, r.channel);
      // 3 samples × a 2×2 pooled map per channel.
      for (const side of [d.before, d.after]) {
        expect(side.count).toBe(3 * 4);
        expect(side.counts.reduce((a, b) => a + b, 0)).toBe(side.count);
        expect(side.edges).toHaveLength(side.counts.length + 1);
      }
      expect(d.before.mean).toBe(r.before.mean);
      expect(d.before.std).toBe(r.before.std);
      expect(d.after.mean).toBe(r.after.mean);
      expect(d.after.std).toBe(r.after.std);
    });
  });

  it('pools every channel when none is chosen: its mean is the mean of the channels\' means', async () => {
    const { after } = await layeredAnalyses();
    const [norm] = buildBatchNorm(after);
    const all = batchNormDistributions(norm, undefined, 10);
    expect(all.after.counts).toHaveLength(10);
    expect(all.after.count).toBe(2 * 3 * 4);
    expect(all.after.counts.reduce((a, b) => a + b, 0)).toBe(2 * 3 * 4);
    expect(all.after.mean).toBeCloseTo((norm.rows[0].after.mean + norm.rows[1].after.mean) / 2, 12);
    expect(all.before.mean).toBeCloseTo((norm.rows[0].before.mean + norm.rows[1].before.mean) / 2, 12);
  });

  it('takes "after" before the layer\'s own activation: in the batch-norm rescue each value comes out as γ·(x − μ)/√(σ² + ε) + β, not squashed by the sigmoid', () => {
    const analysis = analyseExample('batchnorm-rescue.nn.json');
    const views = buildBatchNorm(analysis);
    expect(views.map((v) => v.title)).toEqual(['norm1', 'norm2', 'norm3', 'norm4', 'norm5', 'norm6']);
    for (const v of views) {
      expect(v).toMatchObject({ unit: 'feature', groupSize: 1, activation: 'sigmoid' });
      v.values.after.forEach((row, n) => row.forEach((y, f) => {
        const r = v.rows[f];
        expect(y).toBeCloseTo(r.gamma! * (v.values.before[n][f] - r.batchMean) / Math.sqrt(r.batchVar + 1e-5) + r.beta!, 9);
      }));
      v.rows.forEach((r) => {
        const d = batchNormDistributions(v, r.channel);
        expect(d.after.counts.reduce((a, b) => a + b, 0)).toBe(v.samples);
        expect([d.after.mean, d.after.std]).toEqual([r.after.mean, r.after.std]);
      });
      const all = batchNormDistributions(v, undefined);
      expect(all.after.count).toBe(v.samples * 16);
      expect(all.after.counts.reduce((a, b) => a + b, 0)).toBe(all.after.count);
      // Centred values straddle 0 (a sigmoid's output never would).
      expect(all.after.edges[0]).toBeLessThan(0);
      expect(all.after.edges[all.after.edges.length - 1]).toBeGreaterThan(0);
    }
  });
});
