import MarkdownIt from 'markdown-it';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { explainGradient, layerTargets, type GradientExplanation } from '../../src/worker/teaching/chainRule';
import { explanationMarkdown } from '../../src/teaching/chainRuleMarkdown';
import { MATH_FENCE, parseMathFence } from '../../src/teaching/mathMarkdown';
import { formulaHtml } from '../../src/teaching/mathHtml';
import { extendMarkdownIt } from '../../src/teaching/markdownMath';
import { fmt, short } from '../../src/teaching/text';
import { StepRecorder, phaseStops } from '../../src/worker/teaching/stepThrough';
import { texted } from '../helpers/textedRecorder';
import { usesShippedFontsOnly } from '../helpers/katexFonts';
import { expectFormulaBlockRenders } from '../helpers/formulaBlocks';
import { analyse, exampleSession, session } from './helpers';
import { compareLosses, type LossComparison } from '../../src/worker/teaching/lossComparison';
import { lossComparisonMarkdown } from '../../src/teaching/lossComparisonMarkdown';


import { HIDDEN_ACTIVATIONS, LOSS_KINDS, OUTPUT_ACTIVATIONS, activationLabel, randomModel } from './randomModels';

// The test corpus of the Explain pages: every dense example, and every pairing of activations and
// losses of the random networks the chain-rule tests use.
const DENSE_EXAMPLES = ['worked-example.nn.json', 'xor.nn.json', 'iris.nn.json', 'custom-derivative.nn.json', 'dying-relu.nn.json', 'frozen-biases.nn.json', 'squared-vs-cross-entropy.nn.json', 'vanishing-gradients.nn.json'];

function exampleExplanations(name: string): GradientExplanation[] {
  const s = exampleSession(name);
  const analysis = analyse(s);
  return analysis.layers.flatMap((layer) => layerTargets(layer).slice(0, 2).concat(layerTargets(layer).slice(-1)))
    .map((target) => explainGradient(analysis, target, { data: s.model.data.train, network: s.currentNetwork }));
}

const randomCases = LOSS_KINDS.flatMap((loss, l) => HIDDEN_ACTIVATIONS.flatMap((hidden, h) => OUTPUT_ACTIVATIONS[loss].map((output, o) => ({ loss, hidden, output, seed: 500 + 100 * l + 7 * h + o }))));

function randomExplanations(c: (typeof randomCases)[number]): GradientExplanation[] {
  const s = session(randomModel(c.seed, c.loss, [c.hidden], c.output, 3).text);
  const analysis = analyse(s);
  return analysis.layers.flatMap((layer) => [layerTargets(layer)[0], layerTargets(layer).at(-1)!])
    .map((target) => explainGradient(analysis, target, { data: s.model.data.train, network: s.currentNetwork }));
}

/** The contents of a page's formula fences. */
function fences(markdown: string): string[] {
  return [...markdown.matchAll(new RegExp(`^\`\`\`${MATH_FENCE}\\n(.*)\\n\`\`\`$`, 'gm'))].map((m) => m[1]);
}

/** Every formula of the KaTeX page renders with throwOnError, carries screen-reader text and falls back to exactly the text page's line. */
function checkPage(e: GradientExplanation): void {
  const options = { depth: 4 as const, train: { optimizer: 'sgd', learningRate: 0.5, weightDecay: 0 } };
  const text = explanationMarkdown(e, options);
  const page = explanationMarkdown(e, { ...options, math: 'katex' });
  const blocks = fences(page);
  expect(blocks.length).toBeGreaterThanOrEqual(3);
  for (const block of blocks) {
    const html = expectFormulaBlockRenders(block, text);
    expect(html).toContain(`aria-label="`);
  }
  // The mean over the batch and sample 1's product are in the rendered math, digit for digit.
  const rendered = blocks.map((b) => formulaHtml(parseMathFence(b)!, { throwOnError: true, output: 'mathml' })).join('\n');
  for (const value of [e.mean, e.rows[0].product]) {
    const digits = fmt(Math.abs(value)).replace(/e.*$/, '');
    expect(rendered, `${digits} in the rendered formulas`).toMatch(new RegExp(`<mn( mathvariant="bold")?>${digits.replace(/\./g, '\\.')}</mn>`));
  }
}

describe('the Explain pages\' formulas render with KaTeX, each with its plain-text fallback and screen-reader words', () => {
  it.each(DENSE_EXAMPLES)('every formula of %s renders without errors and shows the engine\'s numbers', (name) => {
    const explanations = exampleExplanations(name);
    expect(explanations.length).toBeGreaterThan(0);
    for (const e of explanations) checkPage(e);
  });

  it.each(randomCases.map((c) => [`${activationLabel(c.hidden)} → ${activationLabel(c.output)}, ${c.loss}`, c] as const))('every formula renders on random networks: %s', (_, c) => {
    for (const e of randomExplanations(c)) checkPage(e);
  });

  it.each(['worked-example.nn.json', 'xor.nn.json', 'iris.nn.json', 'squared-vs-cross-entropy.nn.json', 'dying-relu.nn.json'])('every formula of the step-through derivation on %s renders, with its words, and keeps its text line', (name) => {
    const s = exampleSession(name);
    const recorder = texted(new StepRecorder(s.currentNetwork, s.model.data.train, s.model.loss, s.model.train));
    let formulas = 0;
    for (let i = 0; i < 2 * phaseStops(s.currentNetwork.layers.length).length; i++) {
      const view = recorder.nextPhase()!;
      expect(view.deriveMath).toHaveLength(view.deriveLines.length);
      view.deriveMath!.forEach((math, line) => {
        if (!math) return;
        formulas++;
        const html = katex.renderToString(math.tex, { throwOnError: true, strict: 'error', output: 'htmlAndMathml' });
        usesShippedFontsOnly(html);
        expect(math.speech.length).toBeGreaterThan(5);
        // The line's last number (its result) is in the rendered formula.
        const result = /(−?[0-9.]+(e−?[0-9]+)?)( for sample \d+)?$/.exec(view.deriveLines[line])![1].replace('−', '');
        expect(html, view.deriveLines[line]).toContain(result.replace(/e.*$/, ''));
      });
    }
    expect(formulas).toBeGreaterThan(4);
  });

  it('the text page is the page of before: no formula block, the chain rule as Unicode', () => {
    const [e] = exampleExplanations('worked-example.nn.json');
    const text = explanationMarkdown(e, { depth: 4 });
    expect(text).not.toContain(MATH_FENCE);
    expect(text).toContain('**∂L/∂w = (1/N) Σₙ ∂Lₙ/∂outⱼ · ∂outⱼ/∂netⱼ · ∂netⱼ/∂w**');
  });

  it('the Markdown preview plugin turns exactly the formula blocks into KaTeX and leaves other fences alone', () => {
    const e = explainGradient(analyse(exampleSession('worked-example.nn.json')), { layerIndex: 1, param: 'weights', index: [0, 0] });
    const page = explanationMarkdown(e, { depth: 4, math: 'katex' });
    const md = extendMarkdownIt(new MarkdownIt({ html: true }));
    const html = md.render(`${page}\n\n\`\`\`js\nconst x = 1;\n\`\`\`\n\n$a^2$\n`);
    expect((html.match(/class="katex-display"/g) ?? []).length).toBe(fences(page).length);
    expect(html).not.toContain(`language-${MATH_FENCE}`);
    expect(html).toContain('<code class="language-js">const x = 1;');
    expect(html).toContain('$a^2$');
    // The worked example's ∂E/∂w5 = 0.082167041 (Mazur, 2015) in the rendered math.
    expect(html).toContain('<mn>0.082167041</mn>');
  });

  it('a formula KaTeX cannot render falls back to its Unicode text in the views, and fails the tests', () => {
    const broken = { tex: '\\frac{1}{', text: '**∂L/∂w = 1**', speech: 'partial L over partial w equals 1' };
    expect(() => formulaHtml(broken, { throwOnError: true })).toThrow();
    expect(formulaHtml(broken)).toContain('∂L/∂w = 1</span>');
  });
});

// The loss-comparison page (Compare Squared Error and Cross-Entropy, and its section of the handout): the
// dense examples with probability outputs, and random networks with one or more sigmoid outputs and
// with softmax outputs (each loss's formula: ½ (t − o)², ½ Σₖ, −Σₖ tₖ ln oₖ, binary cross-entropy of one output and summed).
const COMPARED_EXAMPLES = ['worked-example.nn.json', 'xor.nn.json', 'iris.nn.json', 'squared-vs-cross-entropy.nn.json', 'vanishing-gradients.nn.json'];
const comparedRandom = [
  ...[0, 1, 2, 3, 4, 5].map((i) => ({ loss: 'binary-cross-entropy' as const, output: 'sigmoid' as const, seed: 900 + i })),
  ...[0, 1, 2].map((i) => ({ loss: 'cross-entropy' as const, output: 'softmax' as const, seed: 950 + i })),
];

function checkComparisonPage(c: LossComparison): void {
  const text = lossComparisonMarkdown(c, { modelName: 'm', step: 0 });
  const page = lossComparisonMarkdown(c, { modelName: 'm', step: 0, math: 'katex' });
  expect(text).not.toContain(MATH_FENCE);
  const blocks = fences(page).map((b) => parseMathFence(b)!);
  // The two output signals and the two losses.
  expect(blocks).toHaveLength(4);
  for (const f of blocks) {
    expect(() => katex.renderToString(f.tex, { throwOnError: true, strict: 'error', displayMode: true }), f.tex).not.toThrow();
    // The plain-text fallback is the text page's own words: a loss's line, or a signal's formula in its sentence.
    expect(text.split('\n').some((line) => line === `- ${f.text}` || line.includes(f.text)), `the text page has ${f.text}`).toBe(true);
    expect(f.speech.length).toBeGreaterThan(5);
    expect(f.speech).not.toMatch(/[∂Σ·²½ₙⱼₖ]/);
    const html = formulaHtml(f, { display: true, throwOnError: true });
    usesShippedFontsOnly(html);
    expect(html).toContain('<math');
  }
  // Each loss's value, digit for digit, in the rendered math.
  const rendered = blocks.map((f) => formulaHtml(f, { throwOnError: true, output: 'mathml' })).join('\n');
  for (const value of [c.squaredLoss, c.crossEntropyLossValue]) {
    const digits = short(value, 6).replace(/e.*$/, '');
    expect(rendered, `${digits} in the rendered formulas`).toMatch(new RegExp(`<mn( mathvariant="bold")?>${digits.replace(/\./g, '\\.')}</mn>`));
  }
}

describe('the loss-comparison page\'s formulas render with KaTeX, each with its plain-text fallback and screen-reader words', () => {
  it.each(COMPARED_EXAMPLES)('every formula of the comparison on %s renders without errors and shows both losses', (name) => {
    const s = exampleSession(name);
    checkComparisonPage(compareLosses(s.currentNetwork, s.model.data.train));
  });

  it.each(comparedRandom.map((c) => [`${c.output} outputs, seed ${c.seed}`, c] as const))('every formula renders on a random network with %s', (_, c) => {
    const s = session(randomModel(c.seed, c.loss, ['tanh'], c.output, 4).text);
    checkComparisonPage(compareLosses(s.currentNetwork, s.model.data.train));
  });

  it('the text page keeps its inline formulas and its loss lines; the KaTeX page renders them in the preview plugin', () => {
    const s = exampleSession('worked-example.nn.json');
    const c = compareLosses(s.currentNetwork, s.model.data.train);
    const text = lossComparisonMarkdown(c, { modelName: 'm', step: 0 });
    expect(text).toContain('The signal δ = ∂Lₙ/∂net of each output unit, squared error: δ = o · (1 − o) · (o − t); cross-entropy: δ = o − t.');
    const html = extendMarkdownIt(new MarkdownIt({ html: true })).render(lossComparisonMarkdown(c, { modelName: 'm', step: 0, math: 'katex' }));
    expect((html.match(/class="katex-display"/g) ?? []).length).toBe(4);
    expect(html).toContain('role="math"');
    expect(html).toContain(`<mn mathvariant="bold">${short(c.squaredLoss, 6)}</mn>`);
  });
});
