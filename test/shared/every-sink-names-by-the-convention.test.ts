/**
 * #17: every place that names a weight, bias, unit or sample for people follows src/shared/names.ts
 * (1-based, layer-qualified, comma-separated). The worked example (and the custom-derivative example,
 * whose gradient check fails and so names its worst entry) goes through each sink; no output may hold
 * an `[i][j]` form or a 0-based name such as `weights[0`, `bias[0`, `sample 0` or `unit 0`.
 */
import { describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import { analyseExample, examplePath } from '../helpers/examples';
import { cli } from '../cli/runCli';
import { markdownReport } from '../../src/analysis/markdownReport';
import { modelLenses } from '../../src/codelens/modelLenses';
import { weightHints } from '../../src/inlay/weightHints';
import { layerHoverMarkdown } from '../../src/hover/layerHover';
import { explorerTree, type ExplorerNode } from '../../src/explorer/explorerItems';
import { explainGradient } from '../../src/worker/teaching/chainRule';
import { explanationMarkdown } from '../../src/teaching/chainRuleMarkdown';
import { buildHandout, handoutTargets } from '../../src/teaching/handout';
import { compareLosses } from '../../src/worker/teaching/lossComparison';
import { lossComparisonMarkdown } from '../../src/teaching/lossComparisonMarkdown';
import { inspectorView } from '../../webview/model/inspectorModel';
import { entryLabel, gradCheckRows } from '../../webview/model/gradcheckModel';
import { sliceChoices, targetLabel } from '../../webview/model/sliceModel';
import { warningViews } from '../../webview/model/warningsModel';
import { buildConvStep, convLayerOptions } from '../../webview/model/convStepModel';
import { convStepLabels } from '../../webview/model/convStepLabels';
import { sliceLabel } from '../../src/worker/teaching/lossSlice';
import type { Analysis } from '../../src/analysis/types';
import type { PanelSelection } from '../../webview/model/selection';
import { exampleSession } from '../teaching/helpers';
import { Network } from '../../src/engine';
import { toNetworkSpec } from '../../src/model/types';
import { StepRecorder, phaseStops } from '../../src/worker/teaching/stepThrough';
import { phaseView } from '../../src/teaching/phaseText';

/** The forms the convention forbids: two bracket pairs, and a name counted from 0. */
const FORBIDDEN = [/\]\[/, /(weights|bias|scale|shift)\[0/, /\bsample 0\b/, /\bunit 0\b/, /\(sample 0/];

function offending(text: string): string[] {
  return FORBIDDEN.filter((re) => re.test(text)).map((re) => `${re} in: ${text.slice(Math.max(0, text.search(re) - 60), text.search(re) + 60)}`);
}

const URI = 'file:///worked-example.nn.json';

function hintTexts(analysis: Analysis, classic = false): string[] {
  return weightHints(URI, analysis, 3, undefined, classic).flatMap((h) => (h.label as vscode.InlayHintLabelPart[]).flatMap((p) => [p.value, String(p.tooltip ?? '')]));
}

function explorerTexts(node: ExplorerNode): string[] {
  return [node.label, node.description ?? '', node.tooltip, ...node.children.flatMap(explorerTexts)];
}

function panelTexts(analysis: Analysis, classic = false): string[] {
  const selections: PanelSelection[] = [];
  analysis.layers.forEach((l, layer) => {
    selections.push({ kind: 'layer', layer });
    for (let unit = 0; unit < l.units; unit++) {
      selections.push({ kind: 'unit', layer, unit });
      for (let input = 0; input < l.fanIn; input++) selections.push({ kind: 'weight', layer, unit, input });
    }
  });
  const inspector = selections.flatMap((s) => {
    const v = inspectorView(analysis, s, 0, 4, classic);
    return v ? [v.title, v.subtitle, ...v.rows.map((r) => `${r.label} ${r.value}`), ...v.derivation, ...v.links.map((l) => l.label)] : [];
  });
  const table = gradCheckRows(analysis).flatMap((r) => r.entries.map(entryLabel));
  const slices = sliceChoices(analysis).map((t) => targetLabel(analysis, t));
  const warnings = warningViews(analysis).flatMap((w) => Object.values(w).filter((v): v is string => typeof v === 'string'));
  return [...inspector, ...table, ...slices, ...warnings];
}

describe('every sink names the worked example\'s parameters by the one convention', () => {
  const analysis = analyseExample('worked-example.nn.json');
  const failing = analyseExample('custom-derivative.nn.json');
  const s = exampleSession('worked-example.nn.json');

  it('the command line: report text of both examples (the failing check names hidden.weights[1, 1])', async () => {
    const worked = await cli('report', examplePath('worked-example.nn.json'));
    const custom = await cli('report', examplePath('custom-derivative.nn.json'));
    expect(custom.stdout).toMatch(/for hidden\.weights\[\d+, \d+\] it gives/);
    expect([...offending(worked.stdout), ...offending(custom.stdout), ...offending(custom.stderr)]).toEqual([]);
  });

  it('the Markdown report and the Problems messages', () => {
    const texts = [markdownReport(analysis, 'w.nn.json'), markdownReport(failing, 'c.nn.json'), ...failing.warnings.map((w) => w.message)];
    expect(texts.flatMap(offending)).toEqual([]);
  });

  it('lenses, inlay hints (labels and tooltips), hovers and the Gradient Explorer', () => {
    const lenses = modelLenses(URI, analysis, 3).map((l) => l.command?.title ?? '');
    const hints = hintTexts(analysis);
    expect(hints.find((t) => t.startsWith('∂L/∂w of output.weights[1, 1]: '))).toMatch(/: 0\.0821670405\d*\. Click to see the chain rule\.$/);
    const hovers = analysis.layers.map((l) => layerHoverMarkdown(analysis, l, 3));
    const explorer = explorerTexts(explorerTree(URI, analysis, 3));
    expect([...lenses, ...hints, ...hovers, ...explorer].flatMap(offending)).toEqual([]);
  });

  it('the explanation pages, the loss slice\'s name, the loss comparison and the handout', () => {
    const explanations = handoutTargets(analysis).map((t) => explainGradient(analysis, t, { data: s.model.data.train, network: s.currentNetwork }));
    const pages = explanations.map((e) => explanationMarkdown(e, { depth: 4, train: s.model.train }));
    expect(pages[0]).toContain('# ∂L/∂w for output.weights[1, 1]');
    const comparison = lossComparisonMarkdown(compareLosses(s.currentNetwork, s.model.data.train), { modelName: s.model.name, step: 0 });
    const handout = buildHandout({ analysis, explanations, train: s.model.train });
    const slice = sliceLabel(s.currentNetwork, { layerIndex: 1, param: 'weights', index: [0, 0] });
    expect(slice).toBe('output.weights[1, 1]');
    expect([...pages, comparison, handout, slice].flatMap(offending)).toEqual([]);
  });

  it('the panel\'s view models: inspector, gradient-check table, loss-slice choices and warnings', () => {
    const texts = [...panelTexts(analysis), ...panelTexts(failing)];
    expect(texts).toContain('output.weights[1, 1], line 9');
    expect(texts).toContain('output.weights[1, 1]');
    expect(texts.flatMap(offending)).toEqual([]);
  });
});

describe('the panel\'s convolution step by step names the digits CNN by the convention', () => {
  const analysis = analyseExample('conv-net.nn.json');
  /** A position or weight counted from 0 (`conv1[0, `, `input[1, 0, `, `, 0]`), or the old `(y, x)` and `[c, i, j]` forms. */
  const ZERO_BASED = [/\[0[,\]]/, /, 0[,\]]/, /\(\d+, \d+\)/, /\bw\[/, /\bnet\[/, /δ\[\d/, /(row|column|channel|filter) 0\b/];

  it('every label of every conv layer\'s view (filters, positions and taps at both ends) is 1-based', () => {
    const options = convLayerOptions(analysis);
    expect(options.map((o) => o.name)).toEqual(['conv1', 'conv2']);
    const texts = options.flatMap((o) => {
      const views = [0, o.filters - 1].flatMap((filter) => [0, 1e6].flatMap((position) => [0, 1e6].map((tap) => buildConvStep(analysis, 0, { layer: o.layer, filter, position, tap })!)));
      return views.flatMap((view) => Object.values(convStepLabels(view)).flatMap((v: string | readonly (string | readonly string[])[]) => (typeof v === 'string' ? [v] : v.flat())));
    });
    expect(texts).toContain('window at output conv1[1, 1, 1] of 8×8 · stride 1×1 · padding 1×1');
    expect(texts).toContain('conv1.weights[1, 1, 1, 1]');
    expect(texts.flatMap(offending)).toEqual([]);
    expect(texts.filter((t) => ZERO_BASED.some((re) => re.test(t.replace(/δ\[\d+, y, x\]/, ''))))).toEqual([]);
  });
});

describe('with gradlens.classicNames on, the walkthrough\'s names stand beside the convention\'s', () => {
  const analysis = analyseExample('worked-example.nn.json');
  const s = exampleSession('worked-example.nn.json');

  it('the explanation of w5 says where it sits in Mazur\'s names', () => {
    const e = explainGradient(analysis, { layerIndex: 1, param: 'weights', index: [0, 0] }, { data: s.model.data.train, network: s.currentNetwork });
    const page = explanationMarkdown(e, { depth: 4, classicNames: true });
    expect(page).toContain('# ∂E_total/∂w5 for output.weights[1, 1]');
    expect(page).toContain('In the classic walkthrough this is w5, from out_h1 into net_o1.');
    expect(e.mean).toBeCloseTo(0.082167041, 9);
    expect(explanationMarkdown(e, { depth: 4 })).not.toContain('w5');
  });

  it('the hover, the inlay hints and the panel\'s inspector', () => {
    const unescaped = (layer: number) => layerHoverMarkdown(analysis, analysis.layers[layer], 3, true).replace(/\\/g, '');
    expect(unescaped(1)).toContain('w5 = output.weights[1, 1] (out_h1 → net_o1)');
    expect(unescaped(1)).toContain('b2 (o2) = output.bias[2]');
    expect(unescaped(0)).toContain('w3 = hidden.weights[2, 1] (i1 → net_h2)');
    expect(hintTexts(analysis, true).find((t) => t.startsWith('∂L/∂w of w5 (output.weights[1, 1]): '))).toMatch(/: 0\.0821670405\d*\. Click/);
    const v = inspectorView(analysis, { kind: 'weight', layer: 1, unit: 0, input: 0 }, 0, 4, true)!;
    expect(v.title).toBe('Weight h1 (hidden unit 1) → o1 (output unit 1)');
    expect(v.subtitle).toBe(`w5 (output.weights[1, 1]), line ${analysis.layers[1].line}`);
    expect([...panelTexts(analysis, true), ...hintTexts(analysis, true)].flatMap(offending)).toEqual([]);
  });

  it('the derivations in Mazur\'s names: every parameter\'s Explain page (text and KaTeX), the handout and every stop of the step-through', () => {
    const targets = analysis.layers.flatMap((l, layerIndex) => [
      ...Array.from({ length: l.units * l.fanIn }, (_, k) => ({ layerIndex, param: 'weights' as const, index: [Math.floor(k / l.fanIn), k % l.fanIn] })),
      ...Array.from({ length: l.units }, (_, u) => ({ layerIndex, param: 'bias' as const, index: [u] })),
    ]);
    const explanations = targets.map((t) => explainGradient(analysis, t, { data: s.model.data.train, network: s.currentNetwork }));
    const pages = explanations.flatMap((e) => (['text', 'katex'] as const).map((math) => explanationMarkdown(e, { depth: 4, train: s.model.train, math, classicNames: true })));
    const handoutExplanations = handoutTargets(analysis).map((t) => explainGradient(analysis, t, { data: s.model.data.train, network: s.currentNetwork }));
    const handout = buildHandout({ analysis, explanations: handoutExplanations, train: s.model.train, classicNames: true });
    const recorder = new StepRecorder(Network.fromSpec(toNetworkSpec(s.model)), s.model.data.train, s.model.loss, s.model.train, { seed: s.model.seed });
    const stops = Array.from({ length: 2 * phaseStops(2).length }, () => phaseView(recorder.nextPhase(), { classicNames: true }));
    const stopTexts = stops.flatMap((v) => [v.title, v.detail, ...v.repairLines, ...v.deriveLines, ...(v.deriveMath ?? []).flatMap((m) => (m ? [m.tex, m.speech] : []))]);
    for (const name of ['w5', 'out_h1', 'net_o1', 'E_total']) {
      expect(pages.join('\n')).toContain(name);
      expect(handout).toContain(name);
      expect(stopTexts.join('\n')).toContain(name);
    }
    expect([...pages, handout, ...stopTexts].flatMap(offending)).toEqual([]);
  });

  it('another model keeps the convention alone', () => {
    const xor = analyseExample('xor.nn.json');
    expect(hintTexts(xor, true).some((t) => /\bw\d\b/.test(t))).toBe(false);
    expect(layerHoverMarkdown(xor, xor.layers[0], 3, true)).not.toContain('classic walkthrough');
  });
});
