/**
 * What step-through adds at depth 3 (Repair: every weight's gradient and update) and depth 4 (Derive:
 * the stop's computation written out), with the recorded numbers: the worked example's published
 * values, and on random networks every product and sum written out equals the result it states.
 */
import { describe, expect, it } from 'vitest';
import { Network } from '../../src/engine';
import { toNetworkSpec } from '../../src/model/types';
import { StepRecorder, phaseStops, type PhaseView } from '../../src/worker/teaching/stepThrough';
import { stepThroughBar } from '../../webview/model/stepThroughModel';
import { exampleSession, session } from './helpers';
import { randomModel } from './randomModels';
import { texted } from '../helpers/textedRecorder';

function views(s: ReturnType<typeof session>, steps = 1): PhaseView[] {
  const recorder = texted(new StepRecorder(Network.fromSpec(toNetworkSpec(s.model)), s.model.data.train, s.model.loss, s.model.train, { seed: s.model.seed }));
  return Array.from({ length: steps * phaseStops(s.model.layers.length).length }, () => recorder.nextPhase());
}

/** The numbers of a line as written (− as minus), in order. */
function numbers(text: string): number[] {
  return [...text.replace(/−/g, '-').matchAll(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/g)].map((m) => Number(m[0]));
}

/** `… = A · B = C` (the last product in the line) and `… = A − B · G = C` hold to the 6 digits printed. */
function checkArithmetic(line: string): number {
  let checked = 0;
  const product = /= \(?(−?[\d.e+-]+)\)? · \(?(−?[\d.e+-]+)\)? = (−?[\d.e+-]+)$/.exec(line);
  if (product) {
    const [a, b, c] = [product[1], product[2], product[3]].map((s) => Number(s.replace('−', '-')));
    expect(Math.abs(a * b - c), line).toBeLessThanOrEqual(1e-5 * Math.max(Math.abs(c), Math.abs(a * b)) + 1e-12);
    checked++;
  }
  const update = /= (−?[\d.e+-]+) − (−?[\d.e+-]+) · \(?(−?[\d.e+-]+)\)? = (−?[\d.e+-]+)$/.exec(line);
  if (update) {
    const [w, eta, g, after] = [update[1], update[2], update[3], update[4]].map((s) => Number(s.replace('−', '-')));
    expect(Math.abs(w - eta * g - after), line).toBeLessThanOrEqual(1e-5 * Math.max(Math.abs(after), Math.abs(w)) + 1e-12);
    checked++;
  }
  return checked;
}

describe('step-through at depth 4 (Derive) writes the worked example\'s published computation out', () => {
  const [fwdHidden, fwdOutput, loss, backOutput, backHidden, update] = views(exampleSession('worked-example.nn.json'));

  it('forward: the weighted sum and the sigmoid of unit 1', () => {
    expect(fwdHidden.deriveLines).toEqual(['net₁ = Σᵢ w₁ᵢ·xᵢ + b₁ = 0.15·0.05 + 0.2·0.1 + 0.35 = 0.3775', 'out₁ = sigmoid(net₁) = sigmoid(0.3775) = 0.59327']);
    expect(fwdOutput.deriveLines[1]).toBe('out₁ = sigmoid(net₁) = sigmoid(1.10591) = 0.751365');
  });

  it('loss: E_total = ½ Σ (o − t)²', () => {
    expect(loss.deriveLines).toEqual(['Lₙ = ½ Σₖ (oₖ − tₖ)² = ½·((0.751365 − 0.01)² + (0.772928 − 0.99)²) = 0.298371 for sample 1']);
  });

  it('backward: δ of o1 = 0.741365 · 0.186816, then ∂E/∂w5 = δ · out_h1 = 0.082167, and through the hidden layer ∂E/∂w1 = 0.000438568', () => {
    expect(backOutput.deriveLines).toEqual([
      'δ₁ = ∂Lₙ/∂out₁ · f′(net₁) = (o₁ − t₁) · o₁(1 − o₁) = 0.741365 · 0.186816 = 0.138499',
      '∂L/∂w₁₁ = δ₁ · a₁ = 0.138499 · 0.59327 = 0.082167',
    ]);
    expect(backHidden.deriveLines).toEqual([
      'δ₁ = f′(net₁) · Σₖ wₖ₁·δₖ of "output" = o₁(1 − o₁) · Σₖ wₖ₁·δₖ = 0.241301 · (0.4·0.138499 + 0.5·(−0.0380982)) = 0.241301 · 0.0363503 = 0.00877135',
      '∂L/∂w₁₁ = δ₁ · x₁ = 0.00877135 · 0.05 = 0.000438568',
    ]);
  });

  it('update: w5 ← 0.4 − 0.5 · 0.082167 = 0.358916, as in the article', () => {
    expect(update.deriveLines).toEqual(['w₁₁ of "output" ← w₁₁ − η · ∂L/∂w₁₁ = 0.4 − 0.5 · 0.082167 = 0.358916']);
  });

  it('depth 3 (Repair) lists every weight\'s gradient and update instead; depths 1 and 2 add neither', () => {
    expect(backOutput.repairLines).toEqual(['∂L/∂w of unit 1 = [0.082167, 0.0826676]', '∂L/∂w of unit 2 = [−0.0226025, −0.0227402]', '∂L/∂b = [0.138499, −0.0380982]']);
    expect(update.repairLines).toContain('"output": Δw of unit 1 = [−0.0410835, −0.0413338]');
    const at = (view: PhaseView, depth: 1 | 2 | 3 | 4) => stepThroughBar(view, 2, depth);
    for (const view of [backOutput, update]) {
      expect(at(view, 4).derivation).toEqual(view.deriveLines);
      expect(at(view, 3).derivation).toEqual([]);
      expect(at(view, 3).changes).toEqual([...at(view, 2).changes, ...view.repairLines]);
      expect(at(view, 2).changes.join(' ')).not.toContain('of unit 1 =');
      expect([...at(view, 1).changes, ...at(view, 1).derivation].join(' ')).not.toMatch(/∂|δ|‖/);
    }
    // Drive names the largest weight change (biases apart): w5's 0.0411, not the bias's 0.0692.
    expect(at(update, 1).changes).toContain('"output": the largest weight change is 0.0413');
  });
});

describe('on random networks, every product and update the derivation writes out holds', () => {
  const cases: [string, Parameters<typeof randomModel>][] = [
    ['sigmoid, squared error', [3, 'squared', ['sigmoid', 'tanh'], 'sigmoid', 6]],
    ['softmax, cross-entropy, mini-batches', [4, 'cross-entropy', ['relu'], 'softmax', 9]],
    ['sigmoid, binary cross-entropy', [5, 'binary-cross-entropy', ['tanh'], 'sigmoid', 5]],
    ['linear, squared error', [6, 'squared', ['leaky-relu', 'sigmoid'], 'linear', 7]],
  ];
  it.each(cases)('with %s', (_, args) => {
    const model = JSON.parse(randomModel(...args).text);
    model.train = { optimizer: 'sgd', learningRate: 0.3, batchSize: args[0] === 4 ? 3 : 1, epochs: 2 };
    let checked = 0;
    for (const view of views(session(JSON.stringify(model)), 2)) {
      for (const line of view.deriveLines) checked += checkArithmetic(line);
      for (const line of [...view.deriveLines, ...view.repairLines]) expect(numbers(line).every(Number.isFinite), line).toBe(true);
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  });
});
