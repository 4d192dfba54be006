/**
 * The texts built outside the `vscode` layer (the worker's diagnostics, the host's teaching pages and
 * depth names, the panel's labels) go through `l10n.t` of @vscode/l10n, or src/shared/l10n.ts's relay
 * to it, and reach people in the language VS Code loaded: the host sends its bundle to the worker and
 * the panel in their init messages, validated like every other message. With a pseudo-localised
 * bundle (every letter accented) the worker's gradient-check diagnostic, the loss comparison page and
 * the panel's buttons come out pseudo-localised, the numbers unchanged; without one, in English.
 */
import * as path from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { depthLabel } from '../../src/shared/depth';
import { parseL10nBundle } from '../../src/shared/l10nBundle';
import { parsePanelInitMessage } from '../../src/shared/protocol';
import { lossComparisonMarkdown } from '../../src/teaching/lossComparisonMarkdown';
import { openSession } from '../../src/worker/openSession';
import { compareLosses } from '../../src/worker/teaching/lossComparison';
import { createWorkerHandler } from '../../src/worker/workerHandler';
import type { WorkerResponse } from '../../src/worker/workerProtocol';
import { examplePath, exampleText, openExample } from '../helpers/examples';
import { ROOT } from '../helpers/manifest';
import { bareLiterals, holder, loadBundle, pseudo, pseudoBundle, tsFiles } from '../helpers/pseudoL10n';
import { usePanelBrowser } from '../webview/harness/panelBrowser';
import { vscodeInitScript } from '../webview/harness/server';
import { deliver, settled } from '../webview/harness/settle';
import { darkModern } from '../webview/harness/themes';

afterEach(() => loadBundle(undefined));

describe('the init messages carry a bundle only when it is exactly one', () => {
  it('a bundle is a plain object of strings; anything else is refused', () => {
    expect(parseL10nBundle({ Train: 'Entraîner' })).toEqual({ Train: 'Entraîner' });
    expect(parseL10nBundle({})).toEqual({});
    for (const bad of [null, 'Train', ['Train'], { Train: 1 }, { Train: { message: 'x' } }, new Map([['Train', 'x']]), { Train: 'x'.repeat(5_000) }]) {
      expect(parseL10nBundle(bad), JSON.stringify(bad)).toBeUndefined();
    }
  });

  it('the panel takes an init message with its type and bundle only', () => {
    expect(parsePanelInitMessage({ type: 'init', l10n: { Train: 'T' } })).toEqual({ type: 'init', l10n: { Train: 'T' } });
    expect(parsePanelInitMessage({ type: 'init', l10n: { Train: 'T' }, script: 'alert(1)' })).toBeUndefined();
    expect(parsePanelInitMessage({ type: 'init', l10n: { Train: 2 } })).toBeUndefined();
    expect(parsePanelInitMessage({ type: 'init' })).toBeUndefined();
    expect(parsePanelInitMessage({ type: 'snapshot', l10n: {} })).toBeUndefined();
  });
});

describe('with a pseudo-localised bundle, texts built outside the vscode layer come out in it', () => {
  it("the worker's gradient-check diagnostic of the wrong df, after an init message with the bundle", async () => {
    const answers: WorkerResponse[] = [];
    const handle = createWorkerHandler((m) => answers.push(m), openSession);
    const document = {
      uri: 'file:///course/custom-derivative.nn.json', version: 1, text: exampleText('custom-derivative.nn.json'),
      fileName: examplePath('custom-derivative.nn.json'), settings: DEFAULT_ANALYSIS_SETTINGS,
    };
    handle({ type: 'init', l10n: { ...pseudoBundle, evil: 42 } }); // not a bundle: refused, the worker stays in English
    handle({ type: 'analyze', id: 1, document });
    const english = await outcome(answers, 1);
    expect(english).toMatch(/^Back-propagation disagrees with the numerical gradient in layer 'hidden': for hidden\.weights\[1, 1\] it gives /);

    handle({ type: 'init', l10n: pseudoBundle });
    handle({ type: 'analyze', id: 2, document: { ...document, version: 2 } });
    const localised = await outcome(answers, 2);
    expect(localised).toMatch(/^\[!Báçk-própágátíóñ díságréés wíth thé ñúméríçál grádíéñt íñ láýér 'hidden': fór hidden\.weights\[1, 1\] ít gívés /);
    // The numbers and the names from the file are the same in both.
    const numbers = (text: string) => text.match(/[−-]?\d+(\.\d+)?(e[−+-]?\d+)?/g);
    expect(numbers(localised)).toEqual(numbers(english));
  });

  it('the loss comparison page (a teaching page built by src/teaching, loaded into @vscode/l10n by the host)', () => {
    const s = openExample('xor.nn.json');
    const comparison = compareLosses(s.currentNetwork, s.model.data.train);
    const english = lossComparisonMarkdown(comparison, { modelName: s.model.name, step: 0 });
    expect(english).toContain('# Squared error versus cross-entropy\n');
    loadBundle(pseudoBundle);
    const localised = lossComparisonMarkdown(comparison, { modelName: s.model.name, step: 0 });
    expect(localised).toContain(`${pseudo('# Squared error versus cross-entropy')}\n`);
    expect(localised).toContain(pseudo('## The gradients'));
    expect(localised).not.toContain('## The gradients');
  });

  it('the depth names of src/shared/ (through its relay)', () => {
    expect(depthLabel(3)).toBe('depth 3 (Repair)');
    loadBundle(pseudoBundle);
    expect(depthLabel(3)).toBe(pseudo('depth {0} ({1})').replace('{0}', '3').replace('{1}', pseudo('Repair')));
  });

  describe("the panel's labels, after the host's init message", () => {
    const panel = usePanelBrowser();

    it('the Train button and the Epochs field read in the loaded language; without an init message, in English', async () => {
      const page = await panel.browser.newPage();
      page.setDefaultTimeout(60_000);
      await page.addInitScript({ content: vscodeInitScript(darkModern) });
      await page.goto(panel.harness.url);
      await page.waitForFunction('window.__posted.length > 0');
      await settled(page);
      expect(await page.locator('.controls .toolbar button').first().innerText()).toBe('Train');
      await deliver(page, [{ type: 'init', l10n: { ...pseudoBundle, Train: 7 } }]); // invalid: ignored
      await settled(page);
      expect(await page.locator('.controls .toolbar button').first().innerText()).toBe('Train');
      await deliver(page, [{ type: 'init', l10n: pseudoBundle }]);
      await settled(page);
      expect(await page.locator('.controls .toolbar button').first().innerText()).toBe(pseudo('Train'));
      expect(await page.locator('.controls label').first().innerText()).toBe(pseudo('Epochs'));
      await page.close();
    });
  });
});

async function outcome(answers: WorkerResponse[], id: number): Promise<string> {
  await expect.poll(() => answers.some((a) => a.type === 'outcome' && a.id === id), { timeout: 60_000 }).toBe(true);
  const answer = answers.find((a) => a.type === 'outcome' && a.id === id) as Extract<WorkerResponse, { type: 'outcome' }>;
  // The analysis's warning, which the host lists in the Problems panel as it is (src/analysis/diagnosticList.ts).
  const message = answer.outcome.analysis?.warnings.find((w) => w.code === 'gradcheck-failed')?.message;
  expect(message).toBeDefined();
  return message!;
}

// ------------------------------------------------------------------------------------------------------
// No user-facing string in the converted files is a bare literal. Scoped to the sinks each kind of file
// has: the panel's DOM helpers, the worker's warning messages, the teaching page's Markdown lines.

const PANEL_TEXT_PROPERTIES = new Set(['text', 'title', 'aria-label', 'placeholder']);
const PANEL_LABEL_HELPERS: Record<string, number[]> = { button: [0, 2], textButton: [0, 1], iconButton: [1, 2] };
describe('no user-facing text of the converted files is a bare English literal', () => {
  it("the panel (webview/render/): texts, titles, aria-labels, placeholders, button labels and textContent go through l10n.t", () => {
    const bare = bareLiterals(tsFiles(path.join(ROOT, 'webview', 'render')), (node) => {
      const parent = holder(node);
      if (ts.isPropertyAssignment(parent) && parent.name === node) return false;
      if (ts.isPropertyAssignment(parent) && PANEL_TEXT_PROPERTIES.has(parent.name.getText().replace(/['"]/g, ''))) return !ts.isTemplateExpression(node);
      if (ts.isCallExpression(parent) && ts.isIdentifier(parent.expression) && parent.expression.text in PANEL_LABEL_HELPERS) {
        return PANEL_LABEL_HELPERS[parent.expression.text].includes(parent.arguments.indexOf(node as ts.Expression));
      }
      if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && /\.textContent$/.test(parent.left.getText())) return !ts.isTemplateExpression(node);
      return false;
    });
    expect(bare).toEqual([]);
  });

  it("the worker's warning messages (src/engine/pathologies.ts, src/analysis/analyzeLayered.ts) are made by l10n.t", () => {
    const files = ['src/engine/pathologies.ts', 'src/analysis/analyzeLayered.ts'].map((f) => path.join(ROOT, f));
    const bare = bareLiterals(files, (node) => {
      let n: ts.Node = node;
      // A literal anywhere in the expression given as `message:` (concatenations included), not inside a call.
      while (n.parent && !ts.isCallExpression(n.parent) && !ts.isPropertyAssignment(n.parent)) n = n.parent;
      return !!n.parent && ts.isPropertyAssignment(n.parent) && n.parent.name.getText() === 'message';
    });
    expect(bare).toEqual([]);
  });

  it('the loss comparison page (src/teaching/lossComparisonMarkdown.ts): every line of prose is made by l10n.t', () => {
    const file = path.join(ROOT, 'src', 'teaching', 'lossComparisonMarkdown.ts');
    const bare = bareLiterals([file], (node) => {
      if (ts.isTemplateExpression(node)) return false; // the tables' rows and the lines with numbers: listed as not yet localised
      const parent = holder(node);
      return (ts.isArrayLiteralExpression(parent) || (ts.isCallExpression(parent) && /\.push$/.test(parent.expression.getText())) || ts.isVariableDeclaration(parent))
        && / /.test((node as ts.StringLiteral).text);
    });
    expect(bare).toEqual([]);
  });
});
