/**
 * The panel's texts with numbers in them (captions, aria-labels, the inspector's rows, the loss slice's
 * facts, the comparison's measures, the depth selector's descriptions) come out in the language of the
 * bundle the panel received (src/shared/l10n.ts's `useBundle`, as webview/main.ts does with the host's init
 * message), the numbers in their places and formatted as in English; without a bundle, in English as before.
 * A text of webview/render/ or webview/model/ written as a bare English literal fails the last tests.
 */
import * as path from 'node:path';
import ts from 'typescript';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../src/analysis/types';
import { depthDescription } from '../../src/shared/depth';
import { useBundle } from '../../src/shared/l10n';
import type { LossSlice } from '../../src/shared/teachingViews';
import { decisionBoundary } from '../../src/worker/teaching/decisionBoundary';
import { lossSlice } from '../../src/worker/teaching/lossSlice';
import { boundarySummary } from '../../webview/model/boundaryModel';
import { buildDiagram } from '../../webview/model/diagramModel';
import { buildFeatureMaps } from '../../webview/model/featureMapsModel';
import { checkedSamples } from '../../webview/model/gradcheckModel';
import { sheetSummary } from '../../webview/model/heatSheet';
import { inspectorView } from '../../webview/model/inspectorModel';
import { buildKernels } from '../../webview/model/kernelsModel';
import { sliceFacts, sliceSummary } from '../../webview/model/sliceModel';
import { buildStackDiagram } from '../../webview/model/stackDiagramModel';
import { COMPARISON_MEASURES } from '../../webview/model/stepThroughModel';
import { ROOT } from '../helpers/manifest';
import { exampleSession } from '../teaching/helpers';
import { snapshot, workedExample } from '../webview/fixture';
import { usePanelBrowser } from '../webview/harness/panelBrowser';
import { vscodeInitScript } from '../webview/harness/server';
import { deliver, settled } from '../webview/harness/settle';
import { darkModern } from '../webview/harness/themes';
import { layeredAnalyses } from '../webview/layeredFixture';
import { bareLiterals, holder, literalText, pseudo, pseudoBundle, tsFiles } from '../helpers/pseudoL10n';

/** The pseudo-localised text with its placeholders filled in, as l10n.t fills them. */
function localised(text: string, ...args: Array<string | number>): string {
  expect(pseudoBundle[text], `"${text}" is in l10n/bundle.l10n.json`).toBeDefined();
  return pseudo(text).replace(/\{(\d+)\}/g, (_, n: string) => String(args[Number(n)]));
}

const numbers = (text: string) => text.match(/[−-]?\d+(\.\d+)?(e[−+-]?\d+)?/g);

afterEach(() => useBundle(undefined));

describe('with a pseudo-localised bundle, the view models give the panel its texts in that language', () => {
  const w5 = { kind: 'weight', layer: 1, unit: 0, input: 0 } as const;

  it("the inspector's title, rows and derivation, the numbers unchanged", () => {
    const english = inspectorView(workedExample, w5, 0, 4)!;
    useBundle(pseudoBundle);
    const v = inspectorView(workedExample, w5, 0, 4)!;
    expect(v.title).toBe(localised('Weight {0} → {1}', localised('{0} unit {1}', 'hidden', 1), localised('{0} unit {1}', 'output', 1)));
    expect(v.subtitle).toBe(localised('{0}, line {1}', 'output.weights[1, 1]', workedExample.layers[1].line));
    expect(v.rows[0]).toEqual({ label: pseudo('weight w'), value: english.rows[0].value });
    expect(v.rows.find((r) => r.label === pseudo('numeric ∂L/∂w'))!.value).toMatch(/^\[!0\.082167 \(rél\. érrór \d\.\de-\d+\)!\]$/);
    expect(v.derivation[1]).toBe(`${pseudo('the only sample')}: 0.1385 × 0.59327 = 0.082167`);
    expect(v.derivation.map(numbers)).toEqual(english.derivation.map(numbers));
  });

  it("the diagram's input column and the layer's subtitle", () => {
    useBundle(pseudoBundle);
    const view = buildDiagram(workedExample, 0, 3, 'gradient');
    expect(view.columns[0]).toMatchObject({ title: pseudo('input'), subtitle: localised('{0} features', 2) });
    const layer = inspectorView(workedExample, { kind: 'layer', layer: 0 }, 0, 3)!;
    expect(layer.title).toBe(localised('Layer {0}', 'hidden'));
    expect(layer.subtitle).toBe(localised('{0} × {1} weights, line {2}', 2, 2, workedExample.layers[0].line));
  });

  it("the loss slice's facts and its sentence for screen readers", () => {
    const s = exampleSession('worked-example.nn.json');
    const slice: LossSlice = lossSlice(s.currentNetwork, s.model.data.train, s.model.loss, s.model.train, { layerIndex: 1, param: 'weights', index: [0, 0] }, { epsilon: 1e-6, step: 0 });
    const english = sliceSummary(slice);
    useBundle(pseudoBundle);
    const facts = sliceFacts(slice);
    expect(facts[0].label).toBe(localised('{0} now', 'output.weights[1, 1]'));
    expect(facts.find((f) => f.testId === 'numeric')!.label).toBe(localised('numeric slope (L(w + h) − L(w − h)) / 2h, h = {0}', '1e-6'));
    const summary = sliceSummary(slice);
    expect(summary).toMatch(/^\[!Ás output\.weights\[1, 1\] móvés fróm /);
    expect(summary).toContain(pseudo(' the loss rises with slope ').slice(2, -2));
    expect(numbers(summary)).toEqual(numbers(english));
  });

  it("the decision boundary's sentences", () => {
    const s = exampleSession('xor.nn.json');
    const grid = decisionBoundary(s.currentNetwork, { train: s.model.data.train }, { xFeature: 0, yFeature: 1, hold: { kind: 'mean' } }, { step: 0, source: 'session' });
    const english = boundarySummary(grid);
    useBundle(pseudoBundle);
    const lines = boundarySummary(grid);
    expect(lines[0].startsWith(`[!${pseudo('The probability of class 1')}`)).toBe(true);
    expect(lines[0]).toContain(`${pseudo('on a {8} × {8} grid').slice(2, -2).replace(/\{8\}/g, String(grid.resolution))}`);
    expect(lines.map(numbers)).toEqual(english.map(numbers));
  });

  it("the gradient check's samples and the comparison's measures", () => {
    expect(checkedSamples({ samples: 120, gradcheck: { ...workedExample.gradcheck, samples: 120 } })).toBe('on the loss of all 120 training samples');
    useBundle(pseudoBundle);
    expect(checkedSamples({ samples: 120, gradcheck: { ...workedExample.gradcheck, samples: 120 } })).toBe(localised('on the loss of all {0} training samples', 120));
    expect(checkedSamples({ samples: 2560, gradcheck: { ...workedExample.gradcheck, samples: 28 } })).toBe(localised('on the loss of a seeded subset of {0} of the {1} training samples', 28, 2560));
    expect(COMPARISON_MEASURES.map((m) => m.label)).toEqual([pseudo('Own loss'), 'Σ(t − o)²', pseudo('Accuracy')]);
    expect(COMPARISON_MEASURES.map((m) => m.axis)).toEqual([pseudo('loss'), pseudo('average Σ(t − o)²'), pseudo('accuracy')]);
  });

  it("the depth selector's descriptions", () => {
    expect(depthDescription(2)).toBe('plus each unit\'s error signal, each layer\'s gradient size and warnings');
    useBundle(pseudoBundle);
    expect(depthDescription(2)).toBe(localised('plus {0}', pseudo('each unit\'s error signal, each layer\'s gradient size and warnings')));
  });

  describe('the conv-network cards', () => {
    let analysis: Analysis;
    beforeAll(async () => { analysis = (await layeredAnalyses()).before; }, 60_000);

    it('feature maps: titles, tile names, the max-pool routing note and the canvas summary', () => {
      const english = buildFeatureMaps(analysis, 1, 'shared');
      const [, from, to] = sheetSummary(english[1].activations).match(/values from (\S+) to (\S+)\. /)!;
      useBundle(pseudoBundle);
      const views = buildFeatureMaps(analysis, 1, 'shared');
      expect(views[0].title).toBe(pseudo('input'));
      expect(views[0].subtitle).toBe(`${pseudo('image')} · 1 × 4×4`);
      expect(views[1].activations.title).toBe(localised('{0}: activations of sample {1}', 'conv', 2));
      expect(views[1].activations.tiles[0].label).toBe(localised('map {0}', 1));
      const routed = views.find((v) => v.routedBy)!;
      expect(routed.routedBy).toMatch(/^\[!pool róútés thé grádíéñt tó \d+ óf \d+ çélls \(óútlíñéd\)!\]$/);
      expect(numbers(routed.routedBy!)).toEqual(numbers(english.find((v) => v.routedBy)!.routedBy!));
      expect(sheetSummary(views[1].activations)).toBe(localised('{0}: {1} maps of {2}, values from {3} to {4}. The table below lists every value.',
        views[1].activations.title, 2, '4×4', from, to));
    });

    it('kernels and the stack diagram', () => {
      useBundle(pseudoBundle);
      const [conv] = buildKernels(analysis, 'shared');
      expect(conv.subtitle).toBe(localised('{0} filters × {1} channel of {2}×{3}', 2, 1, 3, 3));
      expect(conv.weights.title).toBe(localised('{0}: kernels now', 'conv'));
      expect(conv.weights.tiles[1].label).toBe(localised('filter {0} channel {1}', 2, 1));
      const stack = buildStackDiagram(analysis, 0);
      expect(stack.nodes.find((n) => n.key === 'l-0')!.label).toBe(localised('{0}: {1}, {2} feature maps of {3}×{4}', 'conv', 'conv2d', 2, 4, 4));
      expect(stack.rows.find((r) => r.layer === 'relu')!.parameters).toBe(pseudo('none'));
    });
  });
});

describe("the panel in Chromium, after the host's init message with the pseudo-localised bundle", () => {
  const panel = usePanelBrowser();

  it("shows the diagram's aria-label, a weight's label and the depth hint localised, numbers in place", async () => {
    const page = await panel.browser.newPage();
    page.setDefaultTimeout(60_000);
    await page.addInitScript({ content: vscodeInitScript(darkModern) });
    await page.goto(panel.harness.url);
    await page.waitForFunction('window.__posted.length > 0');
    await deliver(page, [{ type: 'init', l10n: pseudoBundle }, snapshot(workedExample, { depth: 3 })]);
    await settled(page);
    const diagram = await page.locator('svg.diagram').getAttribute('aria-label');
    expect(diagram).toBe(localised('Network diagram: {0}. Use the arrow keys to move between neurons, Enter to select.', `${pseudo('input')} (2), hidden (2), output (2)`));
    const edge = await page.locator('[data-key="w-1-0-0"]').getAttribute('aria-label');
    expect(edge).toMatch(/^\[!Wéíght fróm úñít 1 tó úñít 1 óf láýér 2: w = 0\.4, ∂L\/∂w = 0\.08217!\]$/);
    expect(await page.locator('.depth-hint, .controls > p').last().innerText()).toBe(localised('{0}: adds {1}.', pseudo('Repair'), pseudo('every weight\'s gradient, its update and the gradient check')));
    await page.close();
  });
});

// ------------------------------------------------------------------------------------------------------
// No text of the panel is a bare English literal: what the render files put on screen, into an
// aria-label, a caption, a table or a chart, and what the view models hand them.

/** Properties whose value is shown: DOM text, accessible names, the view models' labels and captions. */
const TEXT_PROPERTIES = new Set(['text', 'title', 'aria-label', 'placeholder', 'caption', 'label', 'subtitle', 'value', 'routedBy', 'parameters', 'set', 'target', 'name']);
/** Functions whose argument at these indices is shown. */
const TEXT_ARGUMENTS: Record<string, number[]> = {
  button: [0, 2], textButton: [0, 1], iconButton: [1, 2], card: [1], ChartCard: [0], describe: [0], setEmpty: [0], paint: [3], fact: [0], line: [0],
  categoryAxis: [1], logAxis: [1], table: [1], tables: [1], LazyTables: [0], sheet: [1], push: [0], make: [1, 2],
};

function calledName(call: ts.CallExpression | ts.NewExpression): string {
  const e = call.expression;
  return ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : '';
}

/** Whether a literal reaches the screen: its holder (past `a ? b : c`, `+`, arrays and template spans) is a text sink. */
function isShown(node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression): boolean {
  let at: ts.Node = node;
  let parent = holder(at);
  // Through concatenation, array literals (headers) and `${…}` of an enclosing template.
  while (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.PlusToken
    || ts.isArrayLiteralExpression(parent) || ts.isTemplateSpan(parent) || ts.isTemplateExpression(parent) || ts.isSpreadElement(parent)) {
    at = parent;
    parent = holder(at);
  }
  if (ts.isPropertyAssignment(parent) && parent.name !== at) {
    const name = parent.name.getText().replace(/['"]/g, '');
    // An element's attributes: only those a person reads or hears (not `value`, `id`, `type`…).
    const object = parent.parent.parent;
    if (ts.isPropertyAssignment(object) && object.name.getText() === 'attrs') return /^(title|aria-label|placeholder|aria-valuetext)$/.test(name);
    return TEXT_PROPERTIES.has(name) || name === 'headers';
  }
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression !== at) {
    const name = calledName(parent);
    const index = parent.arguments?.indexOf(at as ts.Expression) ?? -1;
    if (name === 'setAttribute') return index === 1 && /^'(aria-label|title|aria-valuetext)'$/.test(parent.arguments![0].getText());
    if (name === 'h' || name === 'svg') return index >= 2; // children: text nodes
    return Object.hasOwn(TEXT_ARGUMENTS, name) && TEXT_ARGUMENTS[name].includes(index);
  }
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) return /\.textContent$/.test(parent.left.getText());
  if (ts.isReturnStatement(parent)) {
    // A function that answers a text or lines of text (`: string`, `: string[]`).
    let fn: ts.Node | undefined = parent.parent;
    while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
    // Words, not keys (`in-${unit}`, `${id}-title`) or colours (`rgba(…)`).
    const words = literalText(node).replace(/[\w]*-[\w-]*/g, '');
    return !!fn && ts.isFunctionLike(fn) && /^string(\[\])?$/.test(fn.type?.getText() ?? '') && /[A-Za-z]{2,}(?=[ ,.:;!?]|$)/.test(words);
  }
  if (ts.isArrowFunction(parent) && parent.body === at) return true; // `(c) => 'text'`: a label maker
  if (ts.isVariableDeclaration(parent)) return /[A-Za-z]{2,} [A-Za-z]{2,}/.test(literalText(node)); // a sentence kept for later
  return false;
}

describe('no text of the panel is a bare English literal', () => {
  for (const folder of ['render', 'model']) {
    it(`webview/${folder}/: every shown text, with numbers or without, goes through l10n.t`, () => {
      const files = tsFiles(path.join(ROOT, 'webview', folder));
      const bare = bareLiterals(files, isShown);
      expect(bare).toEqual([]);
    });
  }

  it('the check finds a text left in English, with a number or without', () => {
    const file = path.join(ROOT, 'test', 'l10n', 'fixtures', 'bare-panel-texts.ts.txt');
    expect(bareLiterals([file], isShown).map((b) => b.replace(/^.*?:(\d+): /, '$1: '))).toEqual([
      '3: `line ${w.line}`',
      '4: `Histogram of ${title}`',
      "5: 'Feature maps'",
      '6: `Loss over ${n} steps`',
      "7: 'the only sample'",
      "8: 'input'",
    ]);
  });
});
