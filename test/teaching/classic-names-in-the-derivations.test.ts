/**
 * #17, one naming convention: under the `gradlens.classicNames` setting, on the classic 2-2-2 model, the
 * derivations themselves (the Explain page, the handout's derivations, the step-through's) name w5,
 * out_h1, net_o1, target_o1, δ_o1 and E_total as Mazur's walkthrough does: in the Unicode text, the
 * KaTeX TeX and the screen-reader words. Only the names change: each text, with the setting on and
 * off, holds the same numbers in the same order. With the setting off, or on another model, nothing
 * names the walkthrough.
 */
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { Network } from '../../src/engine';
import { toNetworkSpec } from '../../src/model/types';
import { explainGradient, type GradientTarget } from '../../src/worker/teaching/chainRule';
import { explanationMarkdown } from '../../src/teaching/chainRuleMarkdown';
import { buildHandout, handoutTargets } from '../../src/teaching/handout';
import { MATH_FENCE, parseMathFence } from '../../src/teaching/mathMarkdown';
import { phaseView } from '../../src/teaching/phaseText';
import type { Formula } from '../../src/teaching/formulas';
import { StepRecorder, phaseStops, type PhaseView } from '../../src/worker/teaching/stepThrough';
import { analyse, exampleSession, exampleText, session } from './helpers';

/** Any of the walkthrough's names. */
const CLASSIC = /\b(w[1-8]|b[12]|out_[ho][12]|net_[ho][12]|target_o[12]|i[12])\b|δ_|E_total|E_\{\\mathrm\{total\}\}|\\mathrm\{(out|net)\}_\{[ho]|w_\{\d\}/;

/** The numbers of a text with a decimal point, in order: what must not change when only names do. */
function decimals(text: string): string[] {
  return [...text.matchAll(/\d+\.\d+(?:e[−-]?\d+)?/g)].map((m) => m[0]);
}

/** The formulas of a page's fenced blocks. */
function fences(page: string): Formula[] {
  return [...page.matchAll(new RegExp(`\`\`\`${MATH_FENCE}\\n(.*)\\n\`\`\``, 'g'))].map((m) => parseMathFence(m[1])!);
}

function renders(tex: string): boolean {
  katex.renderToString(tex, { throwOnError: true, strict: 'error' });
  return true;
}

/** Every weight and bias of a 2-2-2 model. */
const EVERY_PARAMETER: GradientTarget[] = [0, 1].flatMap((layerIndex) => [
  ...[0, 1].flatMap((u) => [0, 1].map((i) => ({ layerIndex, param: 'weights' as const, index: [u, i] }))),
  ...[0, 1].map((u) => ({ layerIndex, param: 'bias' as const, index: [u] })),
]);

/** The worked example with three samples and a batch of two (the loss is then a mean, not Mazur's one E_total). */
const THREE_SAMPLES = exampleText('worked-example.nn.json')
  .replace('"inputs": [[0.05, 0.10]], "targets": [[0.01, 0.99]]', '"inputs": [[0.05, 0.10], [0.3, -0.2], [0.9, 0.4]], "targets": [[0.01, 0.99], [0.5, 0.2], [0.9, 0.1]]')
  .replace('"batchSize": 1', '"batchSize": 2');

function explanations(s: ReturnType<typeof session>, targets: readonly GradientTarget[]) {
  const analysis = analyse(s);
  return targets.map((t) => explainGradient(analysis, t, { data: s.model.data.train, network: s.currentNetwork }));
}

describe('the Explain page under the classic names', () => {
  const s = exampleSession('worked-example.nn.json');
  const [w5] = explanations(s, [{ layerIndex: 1, param: 'weights', index: [0, 0] }]);

  it('writes w5\'s derivation in Mazur\'s names, with the published numbers', () => {
    const page = explanationMarkdown(w5, { depth: 4, train: s.model.train, classicNames: true });
    expect(page).toContain('# ∂E_total/∂w5 for output.weights[1, 1]');
    expect(page).toContain('w5 is the weight from i = out of hidden unit 1 into unit j = output unit 1: net_o1 = w5 · out_h1 + w6 · out_h2 + b2, out_o1 = f(net_o1).');
    expect(page).toContain('**∂E_total/∂w5 = (1/N) Σₙ ∂Eₙ/∂out_o1 · ∂out_o1/∂net_o1 · ∂net_o1/∂w5**');
    expect(page).toContain('- ∂E_total/∂out_o1 = out_o1 − target_o1 = 0.75136507 − 0.01 = **0.74136507**');
    expect(page).toContain('- δ_o1 = ∂E_total/∂net_o1 = ∂E_total/∂out_o1 · ∂out_o1/∂net_o1 = 0.74136507 · 0.186815602 = **0.138498562**');
    expect(page).toContain('- ∂E_total/∂w5 = δ_o1 · ∂net_o1/∂w5 = 0.138498562 · 0.593269992 = **0.082167041**');
    expect(page).toContain('| n | net_o1 | out_o1 | target_o1 | ∂Eₙ/∂out_o1 | ∂out_o1/∂net_o1 | δ_o1 = ∂Eₙ/∂net_o1 | ∂net_o1/∂w5 | ∂Eₙ/∂w5 |');
    expect(page).toContain('w5 ← w5 − η · ∂E_total/∂w5 = 0.4 − 0.5 · 0.082167041 = **0.35891648**');
  });

  it('holds the same numbers, in the same order, as the page without them, for every parameter, as text and as KaTeX', () => {
    for (const e of explanations(s, EVERY_PARAMETER)) {
      for (const math of ['text', 'katex'] as const) {
        const plain = explanationMarkdown(e, { depth: 4, train: s.model.train, math });
        const classic = explanationMarkdown(e, { depth: 4, train: s.model.train, math, classicNames: true });
        expect(classic).not.toBe(plain);
        expect(decimals(classic), `${e.layerName} ${e.target.param} ${e.target.index}`).toEqual(decimals(plain));
        // No generic unit symbol is left, and the loss is E_total throughout.
        expect(classic).not.toMatch(/ⱼ|∂L|\bLₙ|\\partial L/);
        expect(plain).not.toMatch(CLASSIC);
      }
    }
  });

  it('renames inside the KaTeX blocks too: TeX, text and speech, and KaTeX renders every block', () => {
    const page = explanationMarkdown(w5, { depth: 4, train: s.model.train, math: 'katex', classicNames: true });
    const formulas = fences(page);
    expect(formulas.length).toBeGreaterThanOrEqual(5);
    const product = formulas.find((f) => f.text.startsWith('∂E_total/∂w5 = δ_o1 ·'))!;
    expect(product.tex).toBe('\\frac{\\partial E_{\\mathrm{total}}}{\\partial w_{5}} = \\delta_{o1} \\cdot \\frac{\\partial \\mathrm{net}_{o1}}{\\partial w_{5}} = 0.138498562 \\cdot 0.593269992 = \\mathbf{0.082167041}');
    expect(product.speech).toBe('partial E total over partial w5 equals delta o1 times partial net o1 over partial w5 equals 0.138498562 times 0.593269992 equals 0.082167041');
    expect(formulas.find((f) => f.text.startsWith('∂net_o1/∂w5'))!.tex).toContain('= \\mathrm{out}_{h1} =');
    for (const f of formulas) {
      expect(f.tex).not.toMatch(/_\{?j\}?|\\partial L|a_i/);
      expect(renders(f.tex)).toBe(true);
    }
  });

  it('with several samples, a sample\'s loss is Eₙ and sample 1\'s E₁, the mean E_total, with the same numbers', () => {
    const three = session(THREE_SAMPLES);
    for (const e of explanations(three, EVERY_PARAMETER)) {
      const plain = explanationMarkdown(e, { depth: 4, train: three.model.train, math: 'katex' });
      const classic = explanationMarkdown(e, { depth: 4, train: three.model.train, math: 'katex', classicNames: true });
      expect(decimals(classic)).toEqual(decimals(plain));
      expect(classic).toContain('∂E₁/∂out_');
      expect(classic).toContain('E_total = (1/N) Σₙ Eₙ');
      for (const f of fences(classic)) expect(renders(f.tex)).toBe(true);
    }
  });
});

describe('the handout under the classic names', () => {
  const s = exampleSession('worked-example.nn.json');
  const analysis = analyse(s);
  const explained = explanations(s, handoutTargets(analysis));
  const handout = (classicNames: boolean, a = analysis, e = explained) => buildHandout({ analysis: a, explanations: e, train: s.model.train, classicNames });

  it('names w5, out_h1, net_o1 and E_total in its derivations and its network diagram, with the same numbers as without', () => {
    const on = handout(true);
    const off = handout(false);
    expect(on).toContain('net_o1 = w5 · out_h1 + w6 · out_h2 + b2');
    expect(on).toContain('∂E_total/∂w5');
    expect(on).toContain('δ_h1 = ∂E_total/∂net_h1');
    expect(on).toMatch(/\\mathrm\{out\}_\{h1\}/); // the TeX annotation of the MathML
    expect(on).toMatch(/aria-label="[^"]*partial E total over partial w5/);
    // The network diagram: each weight's title and each circle's label.
    expect(on).toContain('<title>w5 = 0.4</title>');
    expect(off).toContain('<title>w = 0.4</title>');
    for (const unit of ['i1', 'h2', 'o1']) expect(on).toMatch(new RegExp(`>${unit}</text>`));
    expect(decimals(on)).toEqual(decimals(off));
    expect(off).not.toMatch(CLASSIC);
  });

  it('a model of another shape ignores the setting', () => {
    const xor = exampleSession('xor.nn.json');
    const a = analyse(xor);
    const e = explanations(xor, handoutTargets(a));
    expect(handout(true, a, e)).toBe(handout(false, a, e));
  });
});

describe('the step-through\'s derivation under the classic names', () => {
  /** Two steps of stops of a model, written with the setting on and off. */
  function stops(s: ReturnType<typeof session>): { on: PhaseView[]; off: PhaseView[] } {
    const recorder = new StepRecorder(Network.fromSpec(toNetworkSpec(s.model)), s.model.data.train, s.model.loss, s.model.train, { seed: s.model.seed });
    const numbers = Array.from({ length: 2 * phaseStops(s.model.layers.length).length }, () => recorder.nextPhase());
    return { on: numbers.map((n) => phaseView(n, { classicNames: true })), off: numbers.map((n) => phaseView(n)) };
  }
  const lines = (v: PhaseView) => [v.detail, ...v.repairLines, ...v.deriveLines, ...(v.deriveMath ?? []).flatMap((m) => (m ? [m.tex, m.speech] : []))];

  it('writes the worked example\'s first step as the walkthrough does', () => {
    const [fwdHidden, fwdOutput, loss, backOutput, backHidden, update] = stops(exampleSession('worked-example.nn.json')).on;
    expect(fwdHidden.deriveLines).toEqual(['net_h1 = w1·i1 + w2·i2 + b1 = 0.15·0.05 + 0.2·0.1 + 0.35 = 0.3775', 'out_h1 = sigmoid(net_h1) = sigmoid(0.3775) = 0.59327']);
    expect(fwdOutput.deriveLines[0]).toBe('net_o1 = w5·out_h1 + w6·out_h2 + b2 = 0.4·0.59327 + 0.45·0.596884 + 0.6 = 1.10591');
    expect(loss.deriveLines).toEqual(['E_total = ½ Σₖ (oₖ − tₖ)² = ½·((0.751365 − 0.01)² + (0.772928 − 0.99)²) = 0.298371 for sample 1']);
    expect(backOutput.deriveLines).toEqual([
      'δ_o1 = ∂E_total/∂out_o1 · f′(net_o1) = (out_o1 − target_o1) · out_o1(1 − out_o1) = 0.741365 · 0.186816 = 0.138499',
      '∂E_total/∂w5 = δ_o1 · out_h1 = 0.138499 · 0.59327 = 0.082167',
    ]);
    expect(backOutput.repairLines[0]).toBe('∂E_total/∂w5, ∂E_total/∂w6 = [0.082167, 0.0826676]');
    expect(backOutput.repairLines[2]).toBe('∂E_total/∂b2 (o1), ∂E_total/∂b2 (o2) = [0.138499, −0.0380982]');
    expect(backHidden.deriveLines[0]).toBe('δ_h1 = f′(net_h1) · (w5·δ_o1 + w7·δ_o2) of "output" = out_h1(1 − out_h1) · (w5·δ_o1 + w7·δ_o2) = 0.241301 · (0.4·0.138499 + 0.5·(−0.0380982)) = 0.241301 · 0.0363503 = 0.00877135');
    expect(backHidden.deriveLines[1]).toBe('∂E_total/∂w1 = δ_h1 · i1 = 0.00877135 · 0.05 = 0.000438568');
    expect(update.deriveLines).toEqual(['w5 of "output" ← w5 − η · ∂E_total/∂w5 = 0.4 − 0.5 · 0.082167 = 0.358916']);
    expect(update.repairLines[2]).toBe('Δw5, Δw6 = [−0.0410835, −0.0413338]');
    expect(loss.detail).toMatch(/^squared loss of the batch of 1 \(sample 1\): E_total = 0\.298/);
    expect(backOutput.detail).toContain('‖∂E_total/∂W‖ = ');
    expect(backOutput.deriveMath![1]).toEqual({
      tex: '\\frac{\\partial E_{\\mathrm{total}}}{\\partial w_{5}} = \\delta_{o1} \\cdot \\mathrm{out}_{h1} = 0.138499 \\cdot 0.59327 = 0.082167',
      speech: 'partial E total over partial w5 equals delta o1 times out h1 equals 0.138499 times 0.59327 equals 0.082167',
    });
  });

  it('holds the same numbers as without the names at every stop, on one sample and on batches of two, and KaTeX renders every formula', () => {
    for (const s of [exampleSession('worked-example.nn.json'), session(THREE_SAMPLES)]) {
      const { on, off } = stops(s);
      on.forEach((v, i) => {
        expect(decimals(lines(v).join('\n')), v.title).toEqual(decimals(lines(off[i]).join('\n')));
        expect(v.deriveLines.join('\n')).not.toMatch(/[₁ⱼ]|∂L/);
        expect(lines(off[i]).join('\n')).not.toMatch(CLASSIC);
        expect(v.detail).not.toMatch(/∂L|: L = /);
        expect({ ...v, detail: '', repairLines: [], deriveLines: [], deriveMath: [] }).toEqual({ ...off[i], detail: '', repairLines: [], deriveLines: [], deriveMath: [] });
        for (const m of v.deriveMath ?? []) if (m) expect(renders(m.tex)).toBe(true);
      });
    }
  });

  it('a model of another shape ignores the setting', () => {
    const { on, off } = stops(exampleSession('xor.nn.json'));
    expect(on).toEqual(off);
  });
});
