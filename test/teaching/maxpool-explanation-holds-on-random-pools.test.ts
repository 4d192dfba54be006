/**
 * Explain Gradient on a max-pool window, on random pools (window 2 or 3, stride 1 to 3, padding 0 or 1,
 * overlapping windows included): the window's inputs are the pool's input, its maximum is the first
 * largest, only the maximum gets the window's δ, and every input's total over all windows is the
 * engine's ∂Lₙ/∂x, here read from the engine's δ of the linear conv layer before the pool (its full
 * back-propagation, not the pool's own backward). Every number on the page is one of those numbers.
 * At Drive the page mentions no derivatives; Service says the rule; Repair writes the window's gradients.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { openSession } from '../../src/worker/openSession';
import { SessionStore } from '../../src/worker/sessionStore';
import { TeachingRequests } from '../../src/worker/teachingRequests';
import { isProblem, type WorkerDocument } from '../../src/worker/workerProtocol';
import type { ExplainTarget, MaxPoolExplanation } from '../../src/worker/teaching/layeredExplanation';
import { layeredExplanationMarkdown } from '../../src/teaching/layeredExplanationMarkdown';
import { createRng } from '../../src/engine/rng';
import { fmt } from '../../src/teaching/text';

interface RandomPool {
  readonly text: string;
  readonly description: string;
  readonly C: number; readonly H: number; readonly W: number;
  readonly k: number; readonly s: number; readonly p: number;
  readonly N: number;
}

/** [C, 5..7, 5..7] → conv 3×3 "same", linear (so its δ is ∂Lₙ/∂(pool input)) → max-pool → flatten → dense softmax. */
function randomPool(seed: number): RandomPool {
  const rng = createRng(seed, 'random-pool-model');
  const C = 1 + rng.int(2), H = 5 + rng.int(3), W = 5 + rng.int(3);
  const k = 2 + rng.int(2), s = 1 + rng.int(3), p = k === 3 ? rng.int(2) : 0;
  const Ho = Math.floor((H + 2 * p - k) / s) + 1, Wo = Math.floor((W + 2 * p - k) / s) + 1;
  const N = 2 + rng.int(4), K = 2 + rng.int(2);
  const u = () => Number((rng.next() * 2 - 1).toFixed(6));
  // Inputs on a coarse grid: ties within a window happen, and the first maximum must win.
  const grid = () => rng.int(7) / 2 - 1.5;
  const layers = [
    { name: 'conv', type: 'conv2d', filters: C, kernel: 1, weights: Array.from({ length: C }, (_, f) => Array.from({ length: C }, (_, c) => [[f === c ? 1 : 0]])), bias: Array(C).fill(0) },
    { name: 'pool', type: 'maxpool2d', size: k, stride: s, padding: p },
    { name: 'flat', type: 'flatten' },
    { name: 'out', type: 'dense', units: K, activation: 'softmax', weights: Array.from({ length: K }, () => Array.from({ length: C * Ho * Wo }, u)), bias: Array.from({ length: K }, u) },
  ];
  const inputs = Array.from({ length: N }, () => Array.from({ length: C * H * W }, grid));
  const targets = Array.from({ length: N }, (_, n) => Array.from({ length: K }, (_, j) => (j === n % K ? 1 : 0)));
  const text = JSON.stringify({ name: `random pool ${seed}`, seed, inputs: [C, H, W], layers, loss: 'cross-entropy', data: { inputs, targets } });
  return { text, C, H, W, k, s, p, N, description: `seed ${seed}: [${C}, ${H}, ${W}] → maxpool ${k} s${s} p${p}, N = ${N}` };
}

function explain(text: string, target: ExplainTarget) {
  const store = new SessionStore(openSession);
  const document: WorkerDocument = { uri: 'file:///pool.nn.json', version: 1, text, fileName: '', settings: DEFAULT_ANALYSIS_SETTINGS };
  const analysis = store.analyse(document)!.analysis!;
  const answer = new TeachingRequests(store).explainGradient(document, target);
  if (isProblem(answer) || !('layered' in answer)) throw new Error(`no layered explanation: ${JSON.stringify(answer)}`);
  return { analysis, e: answer.layered as MaxPoolExplanation };
}

describe('the max-pool window explanation', () => {
  for (let seed = 1; seed <= 12; seed++) {
    const model = randomPool(seed);
    it(`routes the window's δ to its first maximum only, and every input's total is the engine's ∂Lₙ/∂x (${model.description})`, () => {
      const { C, H, W, k, s, p } = model;
      const Ho = Math.floor((H + 2 * p - k) / s) + 1, Wo = Math.floor((W + 2 * p - k) / s) + 1;
      const rng = createRng(seed, 'pick');
      const [c, i, j] = [rng.int(C), rng.int(Ho), rng.int(Wo)];
      const { analysis, e } = explain(model.text, { layerIndex: 1, param: 'window', index: [c, i, j] });
      const x = analysis.layers[0]!.out[0]!; // the pool's input in sample 1 (the conv is the identity)
      const poolDelta = analysis.layers[1]!.delta[0]!;
      const engineDx = analysis.layers[0]!.delta[0]!; // the engine's ∂Lₙ/∂(pool input): the linear conv's δ
      expect(e.outputSize).toEqual([Ho, Wo]);
      expect(e.cells).toHaveLength(k * k);
      // The window's inputs, its first maximum (plain loops here), and what it sends back.
      let best = -Infinity, bestAt: [number, number] | undefined;
      e.cells.forEach((cell, q) => {
        const y = i * s - p + Math.floor(q / k), xx = j * s - p + (q % k);
        if (y < 0 || y >= H || xx < 0 || xx >= W) {
          expect(cell.inputAt).toBeUndefined();
          expect(cell.fromThisWindow).toBe(0);
          return;
        }
        expect(cell.inputAt).toEqual([y, xx]);
        expect(cell.value).toBe(x[c * H * W + y * W + xx]);
        if (cell.value > best) { best = cell.value; bestAt = [y, xx]; }
      });
      expect(e.max).toBe(best);
      expect(e.maxAt).toEqual(bestAt);
      expect(e.delta).toBe(poolDelta[(c * Ho + i) * Wo + j]);
      expect(e.cells.filter((cell) => cell.isMax).map((cell) => cell.inputAt)).toEqual([bestAt]);
      for (const cell of e.cells) expect(cell.fromThisWindow).toBe(cell.isMax ? e.delta : 0);
      // Each input's total over every window is the engine's full back-propagation to it.
      for (const cell of e.cells.filter((q) => q.inputAt)) {
        const want = engineDx[c * H * W + cell.inputAt![0] * W + cell.inputAt![1]]!;
        expect(Math.abs(cell.total - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
        expect(Math.abs(cell.engine - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
        if (cell.otherWindows === 0) expect(cell.total).toBe(cell.fromThisWindow);
      }
      expect(e.agrees).toBe(true);
      // Inputs that get no gradient: every sample's input positions that are no window's maximum.
      const zero = analysis.layers[0]!.delta.flat().filter((d) => d === 0).length;
      expect(e.zeroInputs).toBeLessThanOrEqual(zero);
      expect(e.inputCount).toBe(model.N * C * H * W);

      // Every number the page writes about the window is one of these numbers.
      const page = layeredExplanationMarkdown(e, 4);
      // The window is named by the convention's output position: 1-based (channel, row, column), layer-qualified.
      expect(page).toContain(`This is the window of output pool[${c + 1}, ${i + 1}, ${j + 1}] (channel, row, column) of sample 1:`);
      expect(page).not.toMatch(/window of output \(/);
      expect(page).toContain(`The largest value is **${fmt(e.max)}**, at row ${bestAt![0] + 1}, column ${bestAt![1] + 1}`);
      expect(page).toContain(`δ = ∂Lₙ/∂out = **${fmt(e.delta)}**`);
      const rows = page.split('\n').filter((l) => /^\| \(\d+, \d+\) \|/.test(l));
      expect(rows).toHaveLength(e.cells.filter((q) => q.inputAt).length);
      rows.forEach((row, r) => {
        const cell = e.cells.filter((q) => q.inputAt)[r]!;
        const parts = row.split('|').map((t) => t.trim());
        expect(parts[1]).toBe(`(${cell.inputAt![0] + 1}, ${cell.inputAt![1] + 1})`);
        expect(parts[2]).toBe(`${fmt(cell.value)}${cell.isMax ? ' (max)' : ''}`);
        expect(parts[3]).toBe(fmt(cell.isMax ? e.delta : 0));
        expect(parts[4]!.split(' (')[0]).toBe(fmt(cell.total));
        expect(parts[5]).toBe(`${fmt(cell.engine)} ✓`);
      });
    });
  }
});

describe('the max-pool page at each teaching depth', () => {
  const model = randomPool(3);
  const { e } = explain(model.text, { layerIndex: 1, param: 'window', index: [0, 0, 0] });

  it('at Drive says which value the window keeps, and nothing about derivatives or gradients', () => {
    const drive = layeredExplanationMarkdown(e, 1);
    expect(drive).toContain(`The largest value is **${fmt(e.max)}**`);
    expect(drive).not.toMatch(/∂|gradient|derivative|δ/);
  });

  it('at Service says that only the maximum gets the gradient, with the window\'s δ, and writes no table of gradients', () => {
    const service = layeredExplanationMarkdown(e, 2);
    expect(service).toContain('only the maximum of each window gets the gradient');
    expect(service).toContain(`δ = ∂Lₙ/∂out = **${fmt(e.delta)}**`);
    expect(service).toMatch(/\d+ of the \d+ inputs \([\d.]+ %\) are the maximum of no window/);
    expect(service).not.toContain('## The gradient of the window');
  });

  it('at Repair writes the window\'s gradients input by input, and the derivation only at Derive', () => {
    const repair = layeredExplanationMarkdown(e, 3);
    expect(repair).toContain('## The gradient of the window, input by input');
    expect(repair).not.toContain('## The derivation');
    const derive = layeredExplanationMarkdown(e, 4);
    expect(derive).toContain('## The derivation');
    expect(derive).toContain('∂out/∂xₖ = 1 for the maximum and 0 for every other input');
  });

  it('answers a problem, not a page, for a window that does not exist or a parameter of the pool', () => {
    const store = new SessionStore(openSession);
    const document: WorkerDocument = { uri: 'file:///pool.nn.json', version: 1, text: model.text, fileName: '', settings: DEFAULT_ANALYSIS_SETTINGS };
    store.analyse(document);
    const requests = new TeachingRequests(store);
    expect(requests.explainGradient(document, { layerIndex: 1, param: 'window', index: [9, 0, 0] })).toEqual({ problem: 'pool has no window [9, 0, 0].' });
    expect(requests.explainGradient(document, { layerIndex: 1, param: 'weights', index: [0] })).toMatchObject({ problem: expect.stringContaining('it has no parameters') });
  });
});
