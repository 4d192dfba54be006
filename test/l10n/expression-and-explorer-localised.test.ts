/**
 * The expression language's errors (shown after "f could not be read: ") and the Gradient Explorer's
 * counted tooltips go through `l10n.t` of @vscode/l10n: with the pseudo-localised bundle loaded they
 * come out in it, the names and numbers in place, each counted word as its own singular or plural
 * text; without a bundle they are the English texts, word for word.
 */
import * as path from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { modelOutline } from '../../src/editing/modelOutline';
import { explorerTree } from '../../src/explorer/explorerItems';
import { parseExpression } from '../../src/expr';
import { ROOT } from '../helpers/manifest';
import { bareLiterals, holder, literalText, loadBundle, pseudo, pseudoBundle } from '../helpers/pseudoL10n';
import { analyse, exampleSession, exampleText } from '../teaching/helpers';

afterEach(() => loadBundle(undefined));

/** `template` pseudo-localised, its {0}, {1}… filled in with `args` as l10n.t does. */
function pseudoT(template: string, ...args: Array<string | number>): string {
  return pseudo(template).replace(/\{(\d+)\}/g, (_, n: string) => String(args[Number(n)]));
}

describe("the Gradient Explorer's tooltips with counts, in the loaded language", () => {
  it("the model's and a layer's tooltip: each count its own singular or plural text, the numbers in place", () => {
    const analysis = analyse(exampleSession('xor.nn.json'));
    const tree = () => explorerTree('file:///course/xor.nn.json', analysis, 2);
    const english = tree();
    expect(english.tooltip).toMatch(/^XOR 2-3-1: 2 inputs, 2 layers, 4 training samples, \S+ loss [\d.]+$/);
    expect(english.children[1]!.tooltip.split('\n')[0]).toBe('Layer "output": 1 sigmoid unit, 3 inputs each');
    loadBundle(pseudoBundle);
    const localised = tree();
    const loss = english.tooltip.match(/, (\S+) loss ([\d.]+)$/)!;
    expect(localised.tooltip).toBe(pseudoT('{0}: {1}, {2}, {3}, {4} loss {5}', 'XOR 2-3-1', pseudoT('{0} inputs', 2), pseudoT('{0} layers', 2), pseudoT('{0} training samples', 4), loss[1]!, loss[2]!));
    expect(localised.children[1]!.tooltip.split('\n')[0]).toBe(pseudoT('Layer "{0}": {1}, {2} each', 'output', pseudoT('{0} {1} unit', 1, 'sigmoid'), pseudoT('{0} inputs', 3)));
    expect(localised.children[0]!.tooltip.split('\n')[0]).toBe(pseudoT('Layer "{0}": {1}, {2} each', 'hidden', pseudoT('{0} {1} units', 3, 'tanh'), pseudoT('{0} inputs', 2)));
  });
});

describe("the expression language's errors, in the loaded language", () => {
  const error = (text: string) => { const r = parseExpression(text); if (r.ok) throw new Error(`${text} parsed`); return r.error.message; };

  it('a syntax error, an unknown name with its hint, a wrong argument count: the code from the file in place', () => {
    expect(error('x +')).toBe("expected a value after '+'");
    expect(error('relu(x)')).toBe("unknown name 'relu'; write 'max(0, x)'");
    expect(error('exp(x, 2)')).toBe("'exp' takes 1 argument, got 2");
    expect(error('x × 2')).toBe("unexpected character '×'; write '*'");
    loadBundle(pseudoBundle);
    expect(error('x +')).toBe(pseudoT('expected a value after {0}', "'+'"));
    expect(error('relu(x)')).toBe(pseudoT("unknown name '{0}'; {1}", 'relu', pseudoT("write '{0}'", 'max(0, x)')));
    expect(error('exp(x, 2)')).toBe(pseudoT("'{0}' takes {1} argument, got {2}", 'exp', 1, 2));
    expect(error('x × 2')).toBe(pseudoT('unexpected character {0}; {1}', "'×'", pseudoT("write '{0}'", '*')));
  });
});

describe("no error of the expression language is a bare English literal", () => {
  it('src/expr/parser.ts and index.ts: every literal with two words in a row is an l10n.t text', () => {
    const isText = (node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression) => {
      const call = holder(node);
      const isL10nText = ts.isCallExpression(call) && call.arguments[0] === node && /(^|\.)l10n\.t$/.test(call.expression.getText());
      return !isL10nText && /[A-Za-z]{2,} +[A-Za-z]{2,}/.test(literalText(node));
    };
    expect(bareLiterals(['parser', 'index'].map((f) => path.join(ROOT, 'src', 'expr', `${f}.ts`)), isText)).toEqual([]);
  });
});

describe("the Gradient Explorer's labels and tooltips and the Outline's details, in the loaded language", () => {
  it("a unit's label and tooltips, a parameter's tooltip and the model's loss: the numbers in place", () => {
    const analysis = analyse(exampleSession('xor.nn.json'));
    const english = explorerTree('file:///course/xor.nn.json', analysis, 3);
    const weights = english.children[0]!.children[0]!;
    expect(english.description).toMatch(/^loss [\d.]+$/);
    expect(weights.children[0]!.label).toBe('unit 1');
    expect(weights.tooltip.split('\n')[0]).toBe('weights of "hidden", shape 3×2');
    loadBundle(pseudoBundle);
    const localised = explorerTree('file:///course/xor.nn.json', analysis, 3);
    const local = localised.children[0]!.children[0]!;
    expect(localised.description).toBe(pseudoT('loss {0}', english.description!.slice('loss '.length)));
    expect(local.children[0]!.label).toBe(pseudoT('unit {0}', 1));
    expect(local.tooltip.split('\n')[0]).toBe(pseudoT('{0} of "{1}", shape {2}', 'weights', 'hidden', '3×2'));
    expect(local.children[0]!.tooltip.split('\n')[0]).toMatch(/^\[!Íñçómíñg wéíghts óf úñít 1: /);
  });

  it("the Outline's details: counted layers and units, the data and the training settings", () => {
    const text = exampleText('worked-example.nn.json');
    const details = () => modelOutline(text).flatMap((s) => [s, ...s.children]).map((s) => s.detail);
    const english = details();
    expect(english).toContain('2 layers');
    expect(english).toContain('2 units · sigmoid');
    loadBundle(pseudoBundle);
    const localised = details();
    expect(localised).toContain(pseudoT('{0} layers', 2));
    expect(localised).toContain(`${pseudoT('{0} units', 2)} · sigmoid`);
    expect(localised).not.toContain('2 layers');
  });

  it('src/explorer/ and src/editing/modelOutline.ts: every literal with two words in a row is an l10n.t text', () => {
    const isText = (node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression) => {
      const call = holder(node);
      const isL10nText = ts.isCallExpression(call) && call.arguments[0] === node && /(^|\.)l10n\.t$/.test(call.expression.getText());
      return !isL10nText && /[A-Za-z]{2,} +[A-Za-z]{2,}/.test(literalText(node));
    };
    const files = [path.join(ROOT, 'src', 'explorer', 'explorerItems.ts'), path.join(ROOT, 'src', 'explorer', 'layeredExplorerItems.ts'), path.join(ROOT, 'src', 'editing', 'modelOutline.ts')];
    expect(bareLiterals(files, isText)).toEqual([]);
  });
});
