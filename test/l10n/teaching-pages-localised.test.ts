/**
 * The teaching pages the host writes (the step-through's sentences, Explain Gradient for dense, conv
 * and batch-norm parameters, the lecture handout, the loss comparison with its lines of numbers) go
 * through `l10n.t` of @vscode/l10n and come out in the loaded language. With a pseudo-localised bundle
 * (every letter accented, wrapped in [! !]) every line of words of these pages changes while every
 * number stays where it was, and the names from the model file stay escaped; without a bundle they are
 * in English. A line of words written as a bare literal in these files fails here twice: at run time
 * (its line stays English) and in the source (the literal is listed with its file and line).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { Network } from '../../src/engine';
import { toNetworkSpec } from '../../src/model/types';
import { explanationMarkdown } from '../../src/teaching/chainRuleMarkdown';
import { buildHandout, handoutTargets } from '../../src/teaching/handout';
import { layeredExplanationMarkdown } from '../../src/teaching/layeredExplanationMarkdown';
import { lossComparisonMarkdown } from '../../src/teaching/lossComparisonMarkdown';
import { phaseView } from '../../src/teaching/phaseText';
import { explainGradient } from '../../src/worker/teaching/chainRule';
import type { LayeredExplanation } from '../../src/worker/teaching/layeredExplanation';
import { compareLosses, trainingCurves } from '../../src/worker/teaching/lossComparison';
import { StepRecorder, phaseStops } from '../../src/worker/teaching/stepThrough';
import { openSession } from '../../src/worker/openSession';
import { SessionStore } from '../../src/worker/sessionStore';
import { TeachingRequests } from '../../src/worker/teachingRequests';
import { stepThroughBar } from '../../webview/model/stepThroughModel';
import { ROOT } from '../helpers/manifest';
import { literalText, loadBundle, pseudo, pseudoBundle } from '../helpers/pseudoL10n';
import { analyse, exampleFile, exampleSession, exampleText, session } from '../teaching/helpers';

/** `pseudo(text)` with its placeholders filled, as @vscode/l10n fills them. */
function pseudoFilled(text: string, ...args: Array<string | number>): string {
  return pseudo(text).replace(/\{(\d+)\}/g, (_, n: string) => String(args[Number(n)]));
}

afterEach(() => loadBundle(undefined));

/** A page made twice: in English, then with the pseudo-localised bundle loaded. */
function bothWays<T>(make: () => T): { english: T; localised: T } {
  loadBundle(undefined);
  const english = make();
  loadBundle(pseudoBundle);
  const localised = make();
  loadBundle(undefined);
  return { english, localised };
}

/** The numbers of a text, in order. */
function numbers(text: string): string[] {
  return text.match(/\d+(\.\d+)?(e[−+-]?\d+)?/g) ?? [];
}

/** Whether a line (its markup left out) has words: two words of two or more ASCII letters in a row. */
function hasWords(line: string): boolean {
  return /[A-Za-z]{2,}[ ,;:'’]+[A-Za-z]{2,}/.test(line.replace(/<[^>]*>/g, ' ').replace(/[A-Za-z]+(?=[ₖⱼᵢ₀-₉ₙ′²])/g, ''));
}

/**
 * Line by line: the localised page has the English page's lines, each with the same numbers in the same
 * order, and every line with words is no longer the English one. Answers the lines left in English.
 */
function untranslatedLines(english: string, localised: string): string[] {
  const en = english.split('\n'), lo = localised.split('\n');
  expect(lo.length).toBe(en.length);
  en.forEach((line, i) => expect(numbers(lo[i]), `${line}\n${lo[i]}`).toEqual(numbers(line)));
  return en.filter((line, i) => hasWords(line) && lo[i] === line);
}

/**
 * For an HTML page (the handout): its numbers are the English page's, in order, and no text between tags
 * with words is left as in English. (The pseudo-localised Markdown inside, `[!## …!]`, is no longer a
 * heading, so the pages' lines do not pair up one to one.)
 */
function untranslatedHtmlTexts(english: string, localised: string): string[] {
  const shownNumbers = (html: string) => numbers(html.replace(/<[^>]*>/g, ' '));
  expect(shownNumbers(localised)).toEqual(shownNumbers(english));
  const texts = (html: string) => html.replace(/<style>[^<]*<\/style>/, '').split(/<[^>]*>/).map((t) => t.trim()).filter(hasWords);
  const shown = new Set(texts(localised));
  return texts(english).filter((t) => shown.has(t));
}

describe('with a pseudo-localised bundle the teaching pages come out localised, the numbers in place', () => {
  it("the step-through's title, sentences and derivation lines at every stop, and the bar's phase names", () => {
    const s = exampleSession('worked-example.nn.json');
    const stops = () => {
      const recorder = new StepRecorder(Network.fromSpec(toNetworkSpec(s.model)), s.model.data.train, s.model.loss, { ...s.model.train, weightDecay: 0.01 }, { seed: s.model.seed });
      return Array.from({ length: 2 * phaseStops(s.model.layers.length).length }, () => phaseView(recorder.nextPhase()));
    };
    const { english, localised } = bothWays(stops);
    expect(english[0].title).toBe('Step 1 · forward · layer "hidden"');
    expect(localised[0].title).toBe(pseudoFilled('Step {0} · {1} · layer "{2}"', 1, pseudo('forward'), 'hidden'));
    const text = (v: (typeof english)[number]) => [v.title, v.detail, v.driveDetail, ...v.repairLines, ...v.deriveLines].join('\n');
    english.forEach((v, i) => expect(untranslatedLines(text(v), text(localised[i]))).toEqual([]));
    // The backward stop of the output layer, as at depth 4: the weight decay's term with its number.
    const backward = english.findIndex((v) => v.phase === 'backward');
    expect(english[backward].deriveLines[1]).toMatch(/^∂L\/∂w₁₁ = δ₁ · a₁ \+ λ·w₁₁ \(weight decay λ = 0\.01\) = /);
    expect(localised[backward].deriveLines[1]).toMatch(/^\[!∂L\/∂w₁₁ = δ₁ · a₁ \+ λ·w₁₁ \(wéíght déçáý λ = 0\.01\) = /);

    const bar = bothWays(() => english.map((v) => stepThroughBar(v, 2, 4).phaseName));
    expect(bar.english.slice(0, 4)).toEqual(['Forward', 'Forward', 'Loss', 'Backward']);
    expect(bar.localised.slice(0, 4)).toEqual(['Forward', 'Forward', 'Loss', 'Backward'].map(pseudo));
  });

  it('Explain Gradient of a dense weight and bias at every depth, the model name escaped in the translated text', () => {
    const model = JSON.parse(exampleText('worked-example.nn.json').replace(/^\s*\/\/.*$/gm, ''));
    model.name = 'my *model* {0}';
    const s = session(JSON.stringify(model));
    const a = analyse(s);
    for (const target of [{ layerIndex: 1, param: 'weights', index: [0, 0] }, { layerIndex: 0, param: 'bias', index: [1] }] as const) {
      const e = explainGradient(a, target, { data: s.model.data.train, network: s.currentNetwork });
      for (const depth of [1, 2, 3, 4] as const) {
        const { english, localised } = bothWays(() => explanationMarkdown(e, { depth, train: s.model.train }));
        expect(untranslatedLines(english, localised), `depth ${depth}`).toEqual([]);
        expect(english).toContain('Model "my \\*model\\* \\{0\\}"');
        expect(localised).toContain(pseudoFilled('Model "{0}"', 'my \\*model\\* \\{0\\}'));
      }
    }
    const w5 = explainGradient(a, { layerIndex: 1, param: 'weights', index: [0, 0] });
    const page = bothWays(() => explanationMarkdown(w5, { depth: 4, train: s.model.train })).localised;
    expect(page).toContain(`${pseudo('## The chain')}\n`);
    expect(page).toContain(`**0.082167041**`); // the worked example's ∂E/∂w5
  });

  it('Explain Gradient of a conv weight and of a batch-norm scale (the layered page) at every depth', () => {
    const store = new SessionStore(openSession);
    const teacher = new TeachingRequests(store);
    const explain = (name: string, layerIndex: number, index: number[]) => {
      const document = { uri: `file:///course/${name}`, version: 1, text: exampleText(name), fileName: exampleFile(name), settings: DEFAULT_ANALYSIS_SETTINGS };
      const answer = teacher.explainGradient(document, { layerIndex, param: 'weights', index }) as { layered?: LayeredExplanation };
      expect(answer.layered).toBeDefined();
      return answer.layered!;
    };
    const conv = explain('conv-net.nn.json', 0, [0, 0, 0, 0]);
    const batchNormLayer = store.analysed({ uri: 'file:///course/batchnorm-rescue.nn.json', version: 1, text: exampleText('batchnorm-rescue.nn.json'), fileName: exampleFile('batchnorm-rescue.nn.json'), settings: DEFAULT_ANALYSIS_SETTINGS })!
      .analysis.layers.findIndex((l) => l.layered?.type === 'batchnorm');
    const pages = [conv, explain('batchnorm-rescue.nn.json', batchNormLayer, [0])];
    expect(pages.map((p) => p.kind)).toEqual(['conv2d', 'batchnorm']);
    for (const e of pages) {
      for (const depth of [1, 2, 3, 4] as const) {
        const { english, localised } = bothWays(() => layeredExplanationMarkdown(e, depth));
        expect(untranslatedLines(english, localised), `${e.kind} at depth ${depth}`).toEqual([]);
      }
    }
    const derive = bothWays(() => layeredExplanationMarkdown(conv, 4)).localised;
    expect(derive).toContain(pseudo('## The sum, term by term'));
    expect(derive).not.toContain('## The sum, term by term');
  });

  it('Explain Gradient of a max-pool window at every depth, padding and overlapping windows included', () => {
    const teacher = new TeachingRequests(new SessionStore(openSession));
    const window = (name: string, text: string, layerIndex: number, index: number[]) => {
      const document = { uri: `file:///course/${name}`, version: 1, text, fileName: name.includes('/') ? name : exampleFile(name), settings: DEFAULT_ANALYSIS_SETTINGS };
      const answer = teacher.explainGradient(document, { layerIndex, param: 'window', index }) as { layered?: LayeredExplanation };
      expect(answer.layered?.kind).toBe('maxpool2d');
      return answer.layered!;
    };
    // 3×3 windows, stride 1, padding 1: windows overlap, and the corner window reaches into the padding.
    const overlapping = JSON.stringify({ name: 'pool *x*', seed: 1, inputs: [2, 5, 5], layers: [
      { name: 'conv', type: 'conv2d', filters: 2, kernel: 1, activation: 'linear' },
      { name: 'pool', type: 'maxpool2d', size: 3, stride: 1, padding: 1 }, { name: 'flat', type: 'flatten' },
      { name: 'out', type: 'dense', units: 2, activation: 'softmax' }], loss: 'cross-entropy',
    data: { inputs: [Array.from({ length: 50 }, (_, i) => ((i * 7) % 11) / 3)], targets: [[1, 0]] } });
    const pages = [window('conv-net.nn.json', exampleText('conv-net.nn.json'), 2, [1, 2, 3]), window('/course/pool.nn.json', overlapping, 1, [0, 0, 0]), window('/course/pool.nn.json', overlapping, 1, [1, 2, 3])];
    for (const e of pages) {
      for (const depth of [1, 2, 3, 4] as const) {
        const { english, localised } = bothWays(() => layeredExplanationMarkdown(e, depth));
        expect(untranslatedLines(english, localised), `window ${JSON.stringify(e.kind === 'maxpool2d' && e.position)} at depth ${depth}`).toEqual([]);
      }
    }
    const { english, localised } = bothWays(() => layeredExplanationMarkdown(pages[1], 3));
    expect(english).toContain('| row 1 | −∞ (padding) |');
    expect(localised).toContain(`| ${pseudoFilled('row {0}', 1)} | ${pseudo('−∞ (padding)')} |`);
    expect(english).toMatch(/ \(\+ \d+ other windows?\) \|/); // an input that is also another window's maximum
    expect(localised).not.toMatch(/other window/);
    expect(localised).toContain(pseudo('## The gradient of the window, input by input'));
    expect(localised).toContain(pseudoFilled('Model "{0}"', 'pool \\*x\\*'));
  });

  it('the lecture handout: headings, captions, charts and footer, with the loss comparison and its curves', async () => {
    const s = exampleSession('squared-vs-cross-entropy.nn.json');
    await s.train({ steps: 5 });
    const a = analyse(s);
    const explanations = handoutTargets(a).map((t) => explainGradient(a, t, { data: s.model.data.train, network: s.currentNetwork }));
    const comparison = compareLosses(s.currentNetwork, s.model.data.train);
    const curves = await trainingCurves(s.initialNetwork(), s.model.data.train, s.model.train, { maxSteps: 12, points: 4, seed: 1 });
    const { english, localised } = bothWays(() => buildHandout({ analysis: a, explanations, train: s.model.train, comparison: { comparison, curves }, generatedAt: '7 December 2026' }));
    expect(untranslatedHtmlTexts(english, localised)).toEqual([]);
    expect(english).toContain('<h2>The network</h2>');
    expect(localised).toContain(`<h2>${pseudo('The network')}</h2>`);
    expect(localised).toContain(`aria-label="${pseudo('network diagram')}"`);
    expect(localised).toContain(pseudoFilled('Loss over {0} training steps', 5));
    expect(localised).toContain(`<footer>${pseudoFilled('Made with GradLens from {0} on {1}. Every number was computed by GradLens\'s back-propagation engine; each derivation is checked against it.', 'squared-vs-cross-entropy.nn.json', '7 December 2026')}</footer>`);
  });

  it("the loss comparison page's lines with numbers: the facts, McCaffrey's rows, the signals, the gradients, the curves", async () => {
    const s = exampleSession('squared-vs-cross-entropy.nn.json');
    const comparison = compareLosses(s.currentNetwork, s.model.data.train);
    const curves = await trainingCurves(s.initialNetwork(), s.model.data.train, s.model.train, { maxSteps: 12, points: 4, seed: 1 });
    for (const options of [{ step: 0 }, { step: 1, curves }, { step: 7, curves: { ...curves, cancelled: true, note: 'stopped *early*' } }]) {
      const { english, localised } = bothWays(() => lossComparisonMarkdown(comparison, { modelName: s.model.name, ...options }));
      expect(untranslatedLines(english, localised), JSON.stringify(options.step)).toEqual([]);
    }
    const { english, localised } = bothWays(() => lossComparisonMarkdown(comparison, { modelName: s.model.name, step: 1, curves }));
    expect(english).toContain('| network 1 | 2 of 3 | 1.3784 | 0.81 |');
    expect(localised).toContain(pseudoFilled('| network {0} | {1} of {2} | {3} | {4} |', 1, 2, 3, '1.3784', '0.81'));
    expect(localised).toContain(pseudoFilled('after {0} training step', 1));
  });
});

// ------------------------------------------------------------------------------------------------------
// No line of words in these files is a bare literal: every string or template literal with two words
// in a row is the first argument of an l10n.t call. Markup constants (STYLE, FONT) and the tags of the
// SVG and HTML are not words; symbols with subscripts (outₖ, net₁) are not words either.

const TEACHING_PAGES = [
  'src/teaching/phaseText.ts', 'src/teaching/chainRuleMarkdown.ts', 'src/teaching/layeredExplanationMarkdown.ts',
  'src/teaching/maxPoolExplanationMarkdown.ts', 'src/teaching/handout.ts', 'src/teaching/svgCharts.ts', 'src/teaching/lossComparisonMarkdown.ts', 'src/teaching/pageFacts.ts',
];

function isL10nText(node: ts.Node): boolean {
  const call = node.parent;
  return ts.isCallExpression(call) && call.arguments[0] === node && /(^|\.)l10n\.t$/.test(call.expression.getText());
}

/** `file:line: literal` of every literal with words that is not an l10n.t text. */
function bareLiterals(fileName: string, sourceText: string): string[] {
  const source = ts.createSourceFile(fileName, sourceText, ts.ScriptTarget.Latest, true);
  const bare: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) return;
    if (ts.isVariableDeclaration(node) && /^[A-Z_]+$/.test(node.name.getText())) return; // markup constants
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) && !isL10nText(node) && hasWords(literalText(node))) {
      bare.push(`${fileName}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.getText().slice(0, 90)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return bare;
}

describe('no line of words of the teaching pages is a bare English literal', () => {
  it('finds one where it is left (the check itself)', () => {
    const planted = 'lines.push(`Model "${name}" after ${n} training steps`);\nlines.push(l10n.t(\'after {0} training steps\', n));\nconst x = `netⱼ = ${a} · outⱼ`;';
    expect(bareLiterals('planted.ts', planted)).toEqual(['planted.ts:1: `Model "${name}" after ${n} training steps`']);
  });

  it.each(TEACHING_PAGES)('%s writes its words through l10n.t', (file) => {
    expect(bareLiterals(file, readFileSync(path.join(ROOT, file), 'utf8'))).toEqual([]);
  });
});
