/**
 * The analysis's texts (warning titles, explanations, fixes, the Drive wording, "…and N more
 * problems", describeNonFinite) and the model reader's errors, warnings and advice go through `l10n.t`
 * of @vscode/l10n: with the pseudo-localised bundle (every letter accented) loaded in the worker, a
 * wrong type and an unknown key in a model file come out pseudo-localised with the key names and values
 * from the file in place; without a bundle (the command-line tool never loads one) the English text is
 * exactly what it was. A bare English literal left where a converted file builds a message fails.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { diagnosticList, MAX_DIAGNOSTICS_PER_FILE } from '../../src/analysis/diagnosticList';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import type { AnalysisOutcome } from '../../src/analysis/types';
import { driveMessage, warningText } from '../../src/analysis/warningText';
import { describeNonFinite } from '../../src/engine';
import type { ModelDiagnostic } from '../../src/model/types';
import { openSession } from '../../src/worker/openSession';
import { createWorkerHandler } from '../../src/worker/workerHandler';
import type { WorkerResponse } from '../../src/worker/workerProtocol';
import { examplePath, exampleText } from '../helpers/examples';
import { ROOT } from '../helpers/manifest';
import { bareLiterals, loadBundle, pseudo, pseudoBundle, tsFiles } from '../helpers/pseudoL10n';

afterEach(() => loadBundle(undefined));

/** `template` pseudo-localised, its {0}, {1}… filled in with `args` as l10n.t does. */
function pseudoT(template: string, ...args: Array<string | number>): string {
  return pseudo(template).replace(/\{(\d+)\}/g, (_, n: string) => String(args[Number(n)]));
}

type Outcome = Extract<WorkerResponse, { type: 'outcome' }>['outcome'];

/** Asks a worker handler (the analysis worker's, in this process) to analyse `text`, after an init message with `bundle`. */
async function analyseInWorker(text: string, fileName: string, bundle: Record<string, string> | undefined): Promise<Outcome> {
  const answers: WorkerResponse[] = [];
  const handle = createWorkerHandler((m) => answers.push(m), openSession);
  if (bundle) handle({ type: 'init', l10n: bundle });
  handle({ type: 'analyze', id: 1, document: { uri: `file:///course/${path.basename(fileName)}`, version: 1, text, fileName, settings: DEFAULT_ANALYSIS_SETTINGS } });
  await expect.poll(() => answers.some((a) => a.type === 'outcome' && a.id === 1), { timeout: 60_000 }).toBe(true);
  return (answers.find((a) => a.type === 'outcome' && a.id === 1) as Extract<WorkerResponse, { type: 'outcome' }>).outcome;
}

describe("with the pseudo-localised bundle in the worker, the model reader's messages come out in it", () => {
  // xor.nn.json with a learning rate written as a string and a misspelt training key.
  const text = exampleText('xor.nn.json').replace('"learningRate": 0.05', '"learningRate": "fast", "epohcs": 3');
  const fileName = examplePath('xor.nn.json');
  const byCode = (outcome: Outcome, code: string): ModelDiagnostic => {
    const found = outcome.diagnostics.find((d) => d.code === code);
    expect(found, code).toBeDefined();
    return found!;
  };

  it('without a bundle (as in the command-line tool) the messages are the English ones, word for word', async () => {
    const outcome = await analyseInWorker(text, fileName, undefined);
    expect(byCode(outcome, 'wrong-type').message).toBe('learningRate must be a number, not a string ("fast")');
    expect(byCode(outcome, 'unknown-key').message).toBe("unknown key 'epohcs' in train (did you mean 'epochs'?); it is ignored");
    expect(byCode(outcome, 'unknown-key').data?.fixTitle).toBe("Change to 'epochs'");
  });

  it('a wrong type reads in the loaded language, with the key name and the value from the file in place', async () => {
    const outcome = await analyseInWorker(text, fileName, pseudoBundle);
    expect(byCode(outcome, 'wrong-type').message).toBe(pseudoT('{0} must be a number, not {1}', 'learningRate', pseudoT('a string ("{0}")', 'fast')));
  });

  it('a warning of the reader and its quick fix read in the loaded language, the names from the file unchanged', async () => {
    const outcome = await analyseInWorker(text, fileName, pseudoBundle);
    const unknown = byCode(outcome, 'unknown-key');
    expect(unknown.severity).toBe('warning');
    expect(unknown.message).toBe(pseudoT("unknown key '{0}' in {1} (did you mean '{2}'?); it is ignored", 'epohcs', 'train', 'epochs'));
    expect(unknown.data?.fixTitle).toBe(pseudoT("Change to '{0}'", 'epochs'));
  });

  it('a count reads in the loaded language, its singular and plural as two texts, and so does a syntax error', async () => {
    const broken = exampleText('xor.nn.json').replace('"inputs": 2', '"inputs": 3').replace('[[0],    [1],    [1],    [0]]', '[[0], [1], [1], [0], [1]]');
    const outcome = await analyseInWorker(broken, fileName, pseudoBundle);
    const messages = outcome.diagnostics.map((d) => d.message);
    expect(messages).toContain(pseudoT('row {0} of {1} has {2}, expected {3} ({4})', 1, 'inputs', pseudoT('{0} numbers', 2), 3, pseudoT('"inputs" is {0}', 3)));
    expect(messages).toContain(pseudoT('{0} has {1} but {2} has {3}: every input row needs one target row', 'targets', pseudoT('{0} rows', 5), 'inputs', pseudoT('{0} rows', 4)));
    const unparsable = await analyseInWorker(exampleText('xor.nn.json').replace('"seed": 3', '"seed": NaN'), fileName, pseudoBundle);
    expect(unparsable.diagnostics.map((d) => d.message)).toContain(pseudo('NaN is not a JSON value: write a finite number'));
  });
});

describe('with the pseudo-localised bundle loaded, the analysis texts come out in it', () => {
  it("the dead-unit warning of dying-relu.nn.json: its lens title, explanation and fix, and its Drive wording with the counts in place", async () => {
    const outcome = await analyseInWorker(exampleText('dying-relu.nn.json'), examplePath('dying-relu.nn.json'), pseudoBundle);
    const dead = outcome.analysis?.warnings.find((w) => w.code === 'dead-relu');
    expect(dead?.details?.deadUnits).toBeDefined();
    loadBundle(undefined); // the worker in this process loaded the bundle into @vscode/l10n: back to English, as in the CLI
    expect(warningText('dead-relu').title).toBe('dead ReLU units');
    const english = driveMessage(dead!);
    expect(english).toMatch(new RegExp(`^${dead!.details!.deadUnits} of the ${dead!.details!.units} units of layer '${dead!.layer}' output 0 for every sample`));

    loadBundle(pseudoBundle);
    expect(warningText('dead-relu').title).toBe(pseudo('dead ReLU units'));
    expect(warningText('dead-relu').fix).toBe(pseudo('Use He initialisation, a bias near 0, a smaller learning rate, or leaky-relu.'));
    expect(warningText('saturated').title).toBe(pseudo('saturated units'));
    expect(warningText('saturated').explanation).toMatch(/^\[!Móst óútpúts óf thís láýér/);
    expect(driveMessage(dead!)).toBe(pseudoT(
      "{0} of the {1} units of layer '{2}' output 0 for every sample: they have stopped learning and cannot recover. A smaller learning rate, He initialisation, a bias near 0 or leaky-relu help.",
      dead!.details!.deadUnits!, dead!.details!.units!, dead!.layer!,
    ));
  });

  it("the quick fixes' titles: batch norm before a saturated sigmoid, the dropout rate, the symbolic derivative", async () => {
    // A sigmoid convolution whose 2×2 filters of ±3 see uniform images of ±1, ±2: every output is ±12 or ±24, where sigmoid is flat.
    const saturated = JSON.stringify({ inputs: [1, 3, 3], seed: 4, loss: 'cross-entropy', layers: [
      { name: 'conv', type: 'conv2d', filters: 2, kernel: 2, activation: 'sigmoid', weights: [[[[3, 3], [3, 3]]], [[[-3, -3], [-3, -3]]]], bias: [0, 0] },
      { name: 'drop', type: 'dropout', rate: 0.95 }, { type: 'flatten' }, { name: 'out', units: 2, activation: 'softmax' }],
    data: { inputs: [1, -1, 2, -2].map((v) => Array(9).fill(v)), targets: [[1, 0], [0, 1], [1, 0], [0, 1]] } });
    const titles = async (text: string, fileName: string, bundle?: Record<string, string>) =>
      Object.fromEntries((await analyseInWorker(text, fileName, bundle)).analysis!.warnings.filter((w) => w.quickFix).map((w) => [w.code, w.quickFix!.title]));
    const customDerivative = examplePath('custom-derivative.nn.json');
    expect(await titles(saturated, '/course/saturated.nn.json')).toEqual({ saturated: 'Add batch norm before the sigmoid activation', 'dropout-rate': 'Lower the dropout rate to 0.5' });
    expect(Object.values(await titles(exampleText('custom-derivative.nn.json'), customDerivative))).toEqual(['Use the symbolic derivative "1 / (1 + abs(x))^2"']);
    expect(await titles(saturated, '/course/saturated.nn.json', pseudoBundle))
      .toEqual({ saturated: pseudoT('Add batch norm before the {0} activation', 'sigmoid'), 'dropout-rate': pseudoT('Lower the dropout rate to {0}', 0.5) });
    expect(Object.values(await titles(exampleText('custom-derivative.nn.json'), customDerivative, pseudoBundle))).toEqual([pseudoT('Use the symbolic derivative {0}', '"1 / (1 + abs(x))^2"')]);
  });

  it('"…and N more problems" at the end of a flooded Problems list, with its number', () => {
    const at = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 }, startOffset: 0, endOffset: 1 };
    const flood: AnalysisOutcome = {
      diagnostics: Array.from({ length: MAX_DIAGNOSTICS_PER_FILE + 41 }, () => ({ message: 'x', range: at, severity: 'error' as const, code: 'syntax-error' })),
    };
    expect(diagnosticList(flood).at(-1)?.message).toBe('…and 42 more problems; fix the ones above first.');
    loadBundle(pseudoBundle);
    expect(diagnosticList(flood).at(-1)?.message).toBe(pseudoT('…and {0} more problems; fix the ones above first.', 42));
  });

  it("describeNonFinite names the value, the layer and the sample (1-based) in the loaded language", () => {
    const report = { op: 'input', phase: 'forward' as const, layer: 'hidden', layerIndex: 0, sample: 3, unit: 1, value: Number.NaN };
    // The report's sample 3 and unit 1 are 0-based: people read sample 4, feature 2 (src/shared/names.ts).
    expect(describeNonFinite(report)).toBe("The first NaN (not a number) appeared in input feature 2 of sample 4, before layer 'hidden'.");
    loadBundle(pseudoBundle);
    expect(describeNonFinite(report)).toBe(pseudoT("The first {0} appeared in input feature {1} of sample {2}, before layer '{3}'.", pseudo('NaN (not a number)'), 2, 4, 'hidden'));
    expect(describeNonFinite({ ...report, op: 'gradient', param: 'weights', index: [2, 0], value: Infinity }))
      .toBe(pseudoT('The first {0} appeared in the summed gradient of {1}.', 'Infinity', 'hidden.weights[3, 1]'));
  });
});

// ------------------------------------------------------------------------------------------------------
// No message of the converted files is a bare literal: a literal with words that reaches a reporter's
// message (r.error/warning/info, problem, fail), a `message`/`title`/`what`/`error`/`explanation`/`fix`
// property or variable, the `what` argument of a reader (readNumber, readObject, ...) or a returned text, without
// passing through a call (l10n.t, describe, count.unit, ...) on the way.

const READER_FILES = [
  ...tsFiles(path.join(ROOT, 'src', 'model', 'layers')), ...tsFiles(path.join(ROOT, 'src', 'model', 'read')), ...tsFiles(path.join(ROOT, 'src', 'model', 'read', 'csv')),
  ...['report', 'activation', 'data', 'dataFilePath', 'inlineSamples', 'parse', 'syntax', 'csv', 'safetensors', 'nodeDataFiles', 'prefetchedDataFiles']
    .map((f) => path.join(ROOT, 'src', 'model', `${f}.ts`)),
];
const ANALYSIS_FILES = ['analysis/warningText', 'analysis/diagnosticList', 'analysis/modelSession', 'analysis/divergence', 'engine/fused', 'analysis/layeredQuickFixes', 'analysis/analyze']
  .map((f) => path.join(ROOT, 'src', `${f}.ts`));

const MESSAGE_PROPERTIES = new Set(['message', 'title', 'what', 'error', 'explanation', 'fix']);
const REPORTING_CALLS = /(^|\.)(error|warning|info|problem|fail)$|(^|\.)read[A-Z]\w*$/;

/** Whether a literal's text is read by a person: it ends up, unchanged, in a message (see above). */
function isMessageLiteral(node: ts.Node): boolean {
  let n: ts.Node = node;
  while (n.parent && !ts.isCallExpression(n.parent) && !ts.isPropertyAssignment(n.parent) && !ts.isReturnStatement(n.parent)
    && !ts.isVariableDeclaration(n.parent) && !ts.isArrowFunction(n.parent) && !ts.isCaseClause(n.parent)
    && !(ts.isBinaryExpression(n.parent) && /^[=!]==?$/.test(n.parent.operatorToken.getText()))) n = n.parent;
  const p = n.parent;
  if (!p) return false;
  const words = (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text
    : ts.isTemplateExpression(node) ? [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('') : '';
  if (!/[A-Za-z]{2}/.test(words) || !/ /.test(words)) return false; // names, codes and key paths are not sentences
  if (ts.isPropertyAssignment(p)) return MESSAGE_PROPERTIES.has(p.name.getText());
  if (ts.isVariableDeclaration(p)) return MESSAGE_PROPERTIES.has(p.name.getText()); // `const title = …`, used as { title }
  if (ts.isReturnStatement(p)) return true;
  if (ts.isArrowFunction(p)) return ts.isPropertyAssignment(p.parent) && MESSAGE_PROPERTIES.has(p.parent.name.getText());
  if (ts.isCallExpression(p)) return REPORTING_CALLS.test(p.expression.getText()) && p.arguments.indexOf(n as ts.Expression) >= 1;
  return false;
}

describe('no message of the converted files is a bare English literal', () => {
  it('the check finds one: a message pasted together from words and values, next to one made by l10n.t', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gradlens-l10n-'));
    try {
      const file = path.join(dir, 'sample.ts');
      writeFileSync(file, [
        "r.error(node, C.WRONG_TYPE, `${what} must be a number, not ${describe(node)}`);",
        "r.error(node, C.WRONG_TYPE, l10n.t('{0} must be a number, not {1}', what, describe(node)));",
        "r.warning(node, C.ADVICE, near ? 'use it' : l10n.t('fine'));",
        "const rule = { message: (x) => `epochs is ${x}`, what: 'layer type' };",
        "function f() { return 'the path is empty'; }",
        "readObject(r, node, TRAIN_KEYS, 'train');",
        "const title = `Add batch norm before the ${activation} activation`;",
        "const title2 = l10n.t('Add batch norm before the {0} activation', activation);",
      ].join('\n'));
      expect(bareLiterals([file], isMessageLiteral).map((b) => b.replace(/^.*sample\.ts:/, ''))).toEqual([
        '1: `${what} must be a number, not ${describe(node)}`',
        "3: 'use it'",
        '4: `epochs is ${x}`',
        "4: 'layer type'",
        "5: 'the path is empty'",
        '7: `Add batch norm before the ${activation} activation`',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the model reader's messages (src/model/read/, src/model/*.ts) are made by l10n.t", () => {
    expect(bareLiterals(READER_FILES, isMessageLiteral)).toEqual([]);
  });

  it("the analysis texts (warning texts, the Problems list, the session, divergence, describeNonFinite, the quick fixes' titles) are made by l10n.t", () => {
    expect(bareLiterals(ANALYSIS_FILES, isMessageLiteral)).toEqual([]);
  });
});
