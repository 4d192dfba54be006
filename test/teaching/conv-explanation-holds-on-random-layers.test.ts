/**
 * Explain Gradient on a conv layer's weight, on random conv layers: every written term is δ · x with
 * the engine's δ and the input under the weight at that position (0 in the padding), the written
 * terms and the rest add up to the total, and the total over N equals the engine's gradient. The
 * sum is also recomputed here from the analysis's own records, with plain loops.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { openSession } from '../../src/worker/openSession';
import { SessionStore } from '../../src/worker/sessionStore';
import { TeachingRequests } from '../../src/worker/teachingRequests';
import { isProblem, type WorkerDocument } from '../../src/worker/workerProtocol';
import type { ConvExplanation } from '../../src/worker/teaching/layeredExplanation';
import { layeredExplanationMarkdown } from '../../src/teaching/layeredExplanationMarkdown';
import { createRng } from '../../src/engine/rng';
import { fmt } from '../../src/teaching/text';
import { randomConvModel } from '../features/randomLayeredModels';

function explain(text: string, target: { layerIndex: number; param: 'weights' | 'bias'; index: number[] }) {
  const store = new SessionStore(openSession);
  const document: WorkerDocument = { uri: 'file:///random.nn.json', version: 1, text, fileName: '', settings: DEFAULT_ANALYSIS_SETTINGS };
  const analysis = store.analyse(document)!.analysis!;
  const answer = new TeachingRequests(store).explainGradient(document, target);
  if (isProblem(answer) || !('layered' in answer)) throw new Error(`no layered explanation: ${JSON.stringify(answer)}`);
  return { analysis, e: answer.layered as ConvExplanation };
}

/** Parses a written number back (the page writes − for minus). */
function parse(text: string): number {
  return Number(text.replace(/−/g, '-').replace(/[()]/g, ''));
}

describe('the sum of a conv weight\'s gradient', () => {
  for (let seed = 1; seed <= 12; seed++) {
    const model = randomConvModel(seed);
    it(`holds term by term and in total, and equals the engine's gradient (${model.description})`, () => {
      const spec = JSON.parse(model.text);
      const conv = spec.layers[0];
      const [C, H, W] = spec.inputs as number[];
      const F = conv.filters as number, k = conv.kernel as number, s = conv.stride as number, p = conv.padding as number;
      const rng = createRng(seed, 'pick');
      const index = [rng.int(F), rng.int(C), rng.int(k), rng.int(k)];
      const { analysis, e } = explain(model.text, { layerIndex: 0, param: 'weights', index });
      const [f, c, u, v] = index;
      const Ho = Math.floor((H + 2 * p - k) / s) + 1, Wo = Math.floor((W + 2 * p - k) / s) + 1;
      expect(e.outputSize).toEqual([Ho, Wo]);
      expect(e.termCount).toBe(model.samples * Ho * Wo);
      const layer = analysis.layers[0];
      // Recomputed here from the analysis's records (every sample is recorded: N ≤ 32).
      let sum = 0;
      for (let n = 0; n < model.samples; n++) {
        for (let i = 0; i < Ho; i++) {
          for (let j = 0; j < Wo; j++) {
            const row = i * s - p + u, col = j * s - p + v;
            const x = row >= 0 && row < H && col >= 0 && col < W ? analysis.sampleInputs[n][c * H * W + row * W + col] : 0;
            sum += layer.delta[n][f * Ho * Wo + i * Wo + j] * x;
          }
        }
      }
      for (const t of e.shown) {
        const [i, j] = t.position;
        expect(t.delta).toBe(layer.delta[t.sample][f * Ho * Wo + i * Wo + j]);
        expect(t.input).toBe(t.inputAt ? analysis.sampleInputs[t.sample][c * H * W + t.inputAt[0] * W + t.inputAt[1]] : 0);
        if (t.inputAt) expect(t.inputAt).toEqual([i * s - p + u, j * s - p + v]);
        expect(t.product).toBe(t.delta * t.input);
      }
      expect(e.shown.reduce((a, t) => a + t.product, 0) + e.restSum).toBeCloseTo(e.sum, 14);
      expect(e.sum).toBeCloseTo(sum, 13);
      expect(e.mean).toBe(e.sum / model.samples);
      const engine = (layer.weights.grad as number[][])[f][c * k * k + u * k + v];
      expect(e.engine).toBe(engine);
      expect(Math.abs(e.mean - engine)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(engine)));
      expect(e.agrees).toBe(true);

      // The page writes every shown product, and each written product holds to the digits written.
      const page = layeredExplanationMarkdown(e, 4);
      const rows = page.split('\n').filter((l) => /^\| \d+ \| n \d+/.test(l));
      expect(rows).toHaveLength(e.shown.length);
      for (const row of rows) {
        const cells = row.split('|').map((x) => x.trim());
        const delta = parse(cells[3]), x = cells[4].startsWith('0 (padding)') ? 0 : parse(cells[4].split(' at ')[0]), product = parse(cells[5]);
        expect(Math.abs(delta * x - product)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(product)) + 1e-9);
      }
      expect(page).toContain(`= **${fmt(e.sum)}**`);
      expect(page).toContain(`the engine's value: **${fmt(engine)}** ✓`);
    });
  }

  it('sums a conv bias\'s gradient over every output position of its filter', () => {
    const model = randomConvModel(5);
    const { analysis, e } = explain(model.text, { layerIndex: 0, param: 'bias', index: [0] });
    const layer = analysis.layers[0];
    const P = e.outputSize[0] * e.outputSize[1];
    const sum = layer.delta.reduce((a, row) => a + row.slice(0, P).reduce((b, d) => b + d, 0), 0);
    expect(e.sum).toBeCloseTo(sum, 13);
    expect(e.mean).toBeCloseTo((layer.bias.grad as number[])[0], 13);
  });

  it('answers clearly for a layer it does not explain', () => {
    const store = new SessionStore(openSession);
    const document: WorkerDocument = { uri: 'file:///r.nn.json', version: 1, text: randomConvModel(2).text, fileName: '', settings: DEFAULT_ANALYSIS_SETTINGS };
    // Layer 3 is the flatten (seed 2 has a max-pool as layer 2, which has windows but no parameters).
    const answer = new TeachingRequests(store).explainGradient(document, { layerIndex: 2, param: 'weights', index: [0, 0] });
    expect(answer).toEqual({ problem: expect.stringMatching(/explains conv2d and batchnorm parameters and max-pool windows of this model; 'flat' is a flatten layer/) });
    const pool = new TeachingRequests(store).explainGradient(document, { layerIndex: 1, param: 'weights', index: [0, 0] });
    expect(pool).toEqual({ problem: 'pool is a max-pool layer: it has no parameters; ask for one of its windows.' });
  });
});
