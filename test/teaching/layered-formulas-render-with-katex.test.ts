/**
 * The layered Explain pages (a conv weight or bias, a batch-norm scale or shift, a max-pool window)
 * write their formulas as KaTeX blocks for the Markdown preview: every one renders with throwOnError
 * and strict mode, falls back to exactly a line of the text page, and shows the page's totals.
 */
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { openSession } from '../../src/worker/openSession';
import { SessionStore } from '../../src/worker/sessionStore';
import { TeachingRequests } from '../../src/worker/teachingRequests';
import { isProblem, type WorkerDocument } from '../../src/worker/workerProtocol';
import type { ExplainTarget, LayeredExplanation } from '../../src/worker/teaching/layeredExplanation';
import { layeredExplanationMarkdown } from '../../src/teaching/layeredExplanationMarkdown';
import { MATH_FENCE, parseMathFence } from '../../src/teaching/mathMarkdown';
import { formulaHtml } from '../../src/teaching/mathHtml';
import { extendMarkdownIt } from '../../src/teaching/markdownMath';
import { fmt } from '../../src/teaching/text';
import { speak } from '../../src/teaching/formulas';
import { expectFormulaBlockRenders } from '../helpers/formulaBlocks';
import { exampleFile, exampleText } from './helpers';


function documentOf(name: string): WorkerDocument {
  return { uri: `file:///course/${name}`, version: 1, text: exampleText(name), fileName: exampleFile(name), settings: DEFAULT_ANALYSIS_SETTINGS };
}

/** The first and the last entry of a shape (or window grid), counted from 0. */
function firstAndLast(shape: readonly number[]): number[][] {
  return [shape.map(() => 0), shape.map((d) => d - 1)];
}

/** Every layer's first and last conv/batch-norm parameter entries and max-pool windows, and what Explain Gradient answers for each. */
function explainEverything(name: string): { target: ExplainTarget; type: string; answer: ReturnType<TeachingRequests['explainGradient']> }[] {
  const store = new SessionStore(openSession);
  const teacher = new TeachingRequests(store);
  const document = documentOf(name);
  const analysis = store.analysed(document)!.analysis;
  return analysis.layers.flatMap((layer, layerIndex) => {
    const l = layer.layered!;
    const targets: ExplainTarget[] = l.type === 'maxpool2d'
      ? firstAndLast(l.outputShape).map((index) => ({ layerIndex, param: 'window', index }))
      : l.params.flatMap((p) => firstAndLast(p.shape).map((index) => ({ layerIndex, param: p.name, index }) as ExplainTarget));
    return targets.map((target) => ({ target, type: l.type, answer: teacher.explainGradient(document, target) }));
  });
}

function fences(markdown: string): string[] {
  return [...markdown.matchAll(new RegExp(`^\`\`\`${MATH_FENCE}\\n(.*)\\n\`\`\`$`, 'gm'))].map((m) => m[1]);
}

/** The number as KaTeX's MathML writes it (`<mn>0.0123</mn>`, bold or not), sign and exponent left out. */
function mn(value: number): RegExp {
  const digits = fmt(Math.abs(value)).replace(/e.*$/, '');
  return new RegExp(`<mn( mathvariant="bold")?>${digits.replace(/\./g, '\\.')}</mn>`);
}

/** Every formula block of the page at `depth` renders strictly, keeps its text line and speaks; returns the rendered MathML. */
function checkPage(e: LayeredExplanation, depth: 3 | 4): string {
  const text = layeredExplanationMarkdown(e, depth);
  const page = layeredExplanationMarkdown(e, depth, 'katex');
  expect(text).not.toContain(MATH_FENCE);
  const blocks = fences(page);
  for (const block of blocks) expectFormulaBlockRenders(block, text);
  // The KaTeX page is the text page with each formula line replaced by its block.
  const texts = blocks.map((b) => parseMathFence(b)!.text);
  const unfenced = page.replace(new RegExp(`\\n?\`\`\`${MATH_FENCE}\\n(.*)\\n\`\`\`\\n?`, 'g'), (_, json: string) => `${parseMathFence(json)!.text}\n`);
  expect(unfenced.split('\n').filter((l) => l !== '')).toEqual(text.split('\n').filter((l) => l !== '').map((l) => (texts.includes(l.replace(/^- /, '')) ? l.replace(/^- /, '') : l)));
  return blocks.map((b) => formulaHtml(parseMathFence(b)!, { throwOnError: true, output: 'mathml' })).join('\n');
}

describe('the layered Explain pages\' formulas render with KaTeX, each with its plain-text fallback', () => {
  it('every conv weight and bias formula on conv-net.nn.json renders, and the sum\'s total and the mean are in the math', () => {
    const pages = explainEverything('conv-net.nn.json').filter((p) => p.type === 'conv2d');
    expect(pages.length).toBe(8); // two conv layers, weights and bias, first and last entry
    for (const { answer } of pages) {
      const e = (answer as { layered: LayeredExplanation }).layered;
      expect(e.kind).toBe('conv2d');
      if (e.kind !== 'conv2d') continue;
      for (const depth of [3, 4] as const) {
        const math = checkPage(e, depth);
        expect(fences(layeredExplanationMarkdown(e, depth, 'katex'))).toHaveLength(2); // the sum, and the mean beside the engine's
        expect(math).toMatch(mn(e.sum));
        expect(math).toMatch(mn(e.mean));
        expect(math).toMatch(mn(e.shown[0].delta));
        // The words a screen reader says (and the e2e test reads in the preview): the rest of the sum, and the mean beside the engine's.
        const [sum, mean] = fences(layeredExplanationMarkdown(e, depth, 'katex')).map((b) => parseMathFence(b)!.speech);
        expect(sum).toMatch(new RegExp(`^the sum of equals .+ plus the other ${e.termCount - e.shown.length} terms: (minus )?[0-9.]+( times ten to the (minus )?[0-9]+)? equals .+$`));
        const spoken = new RegExp(`1 over ${e.samples} times (?:minus )?[0-9.]+(?: times ten to the (?:minus )?[0-9]+)? equals (.+); the engine's value: (.+) ✓$`);
        expect(mean).toMatch(spoken);
        const [, spokenMean, spokenEngine] = spoken.exec(mean)!;
        expect(spokenMean).toBe(speak(fmt(e.mean)));
        expect(spokenEngine).toBe(speak(fmt(e.engine)));
      }
    }
  });

  it('every batch-norm scale and shift formula on batchnorm-rescue.nn.json renders, the three paths\' total included', () => {
    const pages = explainEverything('batchnorm-rescue.nn.json').filter((p) => p.type === 'batchnorm');
    expect(pages.length).toBeGreaterThanOrEqual(4);
    for (const { answer } of pages) {
      const e = (answer as { layered: LayeredExplanation }).layered;
      expect(e.kind).toBe('batchnorm');
      if (e.kind !== 'batchnorm') continue;
      const derive = checkPage(e, 4);
      // The rule, the sum, the mean, the rule of the three paths and their total.
      expect(fences(layeredExplanationMarkdown(e, 4, 'katex'))).toHaveLength(5);
      for (const value of [e.sum, e.mean, e.paths.total, e.paths.engine]) expect(derive).toMatch(mn(value));
      expect(checkPage(e, 3)).toMatch(mn(e.mean));
    }
  });

  it('every max-pool window page of conv-net.nn.json renders its rule', () => {
    const pages = explainEverything('conv-net.nn.json').filter((p) => p.type === 'maxpool2d');
    expect(pages.length).toBe(2);
    for (const { answer } of pages) {
      const e = (answer as { layered: LayeredExplanation }).layered;
      expect(e.kind).toBe('maxpool2d');
      expect(fences(layeredExplanationMarkdown(e, 4, 'katex'))).toHaveLength(1);
      const math = checkPage(e, 4);
      expect(math).toContain('<mi mathvariant="normal">∂</mi>');
      expect(math).toContain('<munder><mo>∑</mo>');
      expect(math).toContain('<mi>δ</mi>');
      expect(checkPage(e, 3)).toBe(''); // no formula at Repair: the table carries the numbers
    }
  });

  it('dropout.nn.json has no layered page: its dense layers are not conv, batch-norm or max-pool layers', () => {
    const pages = explainEverything('dropout.nn.json');
    expect(pages.length).toBeGreaterThan(0);
    for (const { answer } of pages) expect(isProblem(answer)).toBe(true);
  });

  it('the Markdown preview plugin renders each formula block of a conv page, with the sum\'s total digit for digit', () => {
    const { answer } = explainEverything('conv-net.nn.json').find((p) => p.type === 'conv2d' && p.target.param === 'weights')!;
    const e = (answer as { layered: LayeredExplanation }).layered;
    if (e.kind !== 'conv2d') throw new Error('a conv page');
    const page = layeredExplanationMarkdown(e, 4, 'katex');
    const html = extendMarkdownIt(new MarkdownIt({ html: true })).render(page);
    expect((html.match(/class="katex-display"/g) ?? []).length).toBe(fences(page).length);
    expect(html).not.toContain(`language-${MATH_FENCE}`);
    expect(html).toMatch(mn(e.sum));
  });
});
