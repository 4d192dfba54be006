import { describe, expect, it } from 'vitest';
import type { DepthLevel } from '../../src/shared/protocol';
import { modelLenses } from '../../src/codelens/modelLenses';
import { weightHints } from '../../src/inlay/weightHints';
import { layerHoverMarkdown } from '../../src/hover/layerHover';
import { explorerTree, type ExplorerNode } from '../../src/explorer/explorerItems';
import { explainGradient } from '../../src/worker/teaching/chainRule';
import { explanationMarkdown } from '../../src/teaching/chainRuleMarkdown';
import { depthName } from '../../src/shared/depth';
import { modelDiagnostics } from '../../src/diagnostics/modelDiagnostics';
import { driveMessage } from '../../src/analysis/warningText';
import { analyse, exampleSession } from './helpers';

const analysis = analyse(exampleSession('worked-example.nn.json'));
const uri = 'file:///examples/worked-example.nn.json';
const DEPTHS: DepthLevel[] = [1, 2, 3, 4];
// A derivative, a gradient size or a gradient check ('the gradient panel' is a name, not a derivative).
const DERIVATIVE = /∂|δ|‖g‖|grad check|gradient check|\bmax \|g\|/i;

function lensText(depth: DepthLevel): string {
  return modelLenses(uri, analysis, depth).map((l) => `${l.command?.title} ${l.command?.tooltip ?? ''}`).join('\n');
}

function explorerText(depth: DepthLevel): string {
  const texts: string[] = [];
  const walk = (n: ExplorerNode) => { texts.push(n.label, n.description ?? '', n.tooltip); n.children.forEach(walk); };
  walk(explorerTree(uri, analysis, depth));
  return texts.join('\n');
}

describe('depth 1 (Drive) shows inputs, outputs, loss and accuracy, and never a derivative', () => {
  it('in the lenses, the hints, the hovers and the explorer', () => {
    expect(lensText(1)).not.toMatch(DERIVATIVE);
    expect(lensText(1)).toMatch(/loss 0\.2984/);
    expect(weightHints(uri, analysis, 1)).toEqual([]);
    for (const layer of analysis.layers) expect(layerHoverMarkdown(analysis, layer, 1)).not.toMatch(DERIVATIVE);
    expect(explorerText(1)).not.toMatch(DERIVATIVE);
  });
});

describe('depth 1 (Drive) words the Problems panel without derivatives too', () => {
  // Every warning the examples raise, and the ones they do not (built from the detectors' own codes).
  const outcomes = ['vanishing-gradients.nn.json', 'custom-derivative.nn.json', 'dying-relu.nn.json', 'digits.nn.json']
    .map((name) => ({ name, outcome: exampleSession(name).analyse() }));
  const DRIVE_FORBIDDEN = /∂|δ|‖|gradient|grad check|relative error/i;

  it('at depth 1 every diagnostic keeps its place, severity and quick fix, in words without a derivative', () => {
    let warnings = 0;
    for (const { name, outcome } of outcomes) {
      const drive = modelDiagnostics(outcome, 1);
      const repair = modelDiagnostics(outcome, 3);
      expect(drive.map((d) => [d.diagnostic.range, d.diagnostic.severity, d.fix?.newText]), name)
        .toEqual(repair.map((d) => [d.diagnostic.range, d.diagnostic.severity, d.fix?.newText]));
      for (const d of drive) {
        expect(d.diagnostic.message, `${name}: ${d.diagnostic.code}`).not.toMatch(DRIVE_FORBIDDEN);
        expect(String(d.diagnostic.code), name).not.toMatch(/grad/i); // the Problems panel shows the code beside the message
      }
      warnings += outcome.analysis?.warnings.length ?? 0;
    }
    expect(warnings).toBeGreaterThanOrEqual(5);
    const repairVanishing = modelDiagnostics(outcomes[0].outcome, 3).find((d) => d.diagnostic.code === 'vanishing-gradient')!;
    expect(repairVanishing.diagnostic.message).toMatch(/gradient reaching layer/); // depth 3 keeps the numbers
  });

  it('has a Drive wording for every warning that speaks of gradients', () => {
    for (const code of ['vanishing-gradient', 'exploding-gradient', 'dead-relu', 'saturated', 'non-finite', 'gradcheck-failed']) {
      const text = driveMessage({ code, layer: 'hidden', details: { units: 4, deadUnits: 2, saturatedUnits: 3, likelySourceLayer: 'output' } });
      expect(text, code).toMatch(/'hidden'/);
      expect(text, code).not.toMatch(DRIVE_FORBIDDEN);
    }
    expect(driveMessage({ code: 'update-ratio', layer: 'hidden' })).toBeUndefined(); // its own words have no derivative
  });
});

describe('depth 2 (Service) adds each layer\'s gradient size, but not every weight\'s gradient', () => {
  it('shows gradient norms in lenses and hovers, and still no inlay hints', () => {
    expect(lensText(2)).toMatch(/‖∂L\/∂W‖/);
    expect(lensText(2)).not.toMatch(/grad check/);
    expect(weightHints(uri, analysis, 2)).toEqual([]);
    expect(layerHoverMarkdown(analysis, analysis.layers[0], 2)).toMatch(/∂L\/∂W/);
  });
});

describe('depth 3 (Repair) adds every weight\'s gradient and the gradient check', () => {
  it('puts ∂L/∂w after every weight, each hint opening Explain Gradient for its own entry', () => {
    const hints = weightHints(uri, analysis, 3);
    const weightCount = analysis.layers.reduce((n, l) => n + l.units * l.fanIn, 0);
    const labels = hints.map((h) => (Array.isArray(h.label) ? h.label.map((p) => p.value).join('') : h.label));
    expect(labels.filter((l) => l.startsWith('∂L/∂w'))).toHaveLength(weightCount);
    // The gradient part explains; the second part ("· slice") opens the loss slice of the same parameter.
    const commands = hints.flatMap((h) => (Array.isArray(h.label) ? [h.label[0].command] : []));
    expect(commands.every((c) => c?.command === 'gradlens.explainGradient')).toBe(true);
    const slices = hints.flatMap((h) => (Array.isArray(h.label) ? h.label.slice(1).map((p) => p.command) : []));
    expect(slices).toHaveLength(hints.length);
    expect(slices.every((c) => c?.command === 'gradlens.showGradientPanel')).toBe(true);
    expect(commands[0]?.arguments?.[0]).toEqual({ uri, layerIndex: 0, param: 'weights', index: [0, 0] });
    expect(lensText(3)).toMatch(/grad check/);
    expect(layerHoverMarkdown(analysis, analysis.layers[1], 3)).toMatch(/Gradient check/);
  });
});

describe('the explanation works at every depth, and below depth 4 says which depth shows it by default', () => {
  const e = explainGradient(analysis, { layerIndex: 1, param: 'weights', index: [0, 0] });

  it.each(DEPTHS)('gives the number and marks where you are at depth %i', (depth) => {
    const page = explanationMarkdown(e, { depth });
    expect(page).toContain('0.082167041');
    expect(page).toContain(`**${depth} ${depthName(depth)}**`);
    expect(page.split('\n').find((l) => l.includes('← you are here'))).toContain(`**${depth} ${depthName(depth)}**`);
    if (depth < 4) {
      expect(page).toContain(`You are at depth ${depth} (${depthName(depth)})`);
      expect(page).toContain('what depth 4 (Derive) shows by default');
    } else {
      expect(page).not.toContain('You are at depth');
    }
    expect(page.includes('the lenses and hints never show a derivative')).toBe(depth === 1);
  });
});
