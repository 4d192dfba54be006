/**
 * The texts the extension host shows (messages, quick picks, lenses, the status bar) go through
 * `vscode.l10n.t`, and l10n/bundle.l10n.json lists every one of them, so that a translator's
 * l10n/bundle.l10n.LANG.json changes them all. The proof: with a pseudo-localised bundle loaded (every
 * letter accented, as VS Code's "qps-ploc" display language does), what the commands, lenses and
 * status bar show comes out pseudo-localised.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import { quickPickAnswers, quickPicksShown, registered, resetTeachingFake, setL10nBundle } from '../fakes/vscode';
import { registerOpenExampleCommand } from '../../src/teaching/exampleCommands';
import { bundleText, BUNDLE_FILE, collectMessages } from '../../scripts/l10n-bundle.mjs';
import { registerFileCommands } from '../../src/commands/fileCommands';
import { registerTrainingCommands } from '../../src/commands/trainingCommands';
import { modelLenses } from '../../src/codelens/modelLenses';
import { GradLensStatusBar } from '../../src/status/statusBar';
import { analyseExample, exampleText } from '../helpers/examples';
import { ROOT } from '../helpers/manifest';

const ACCENTED: Record<string, string> = { a: 'á', e: 'é', i: 'í', o: 'ó', u: 'ú', c: 'ç', n: 'ñ', A: 'Á', E: 'É', I: 'Í', O: 'Ó', U: 'Ú', y: 'ý' };

/** Pseudo-localises a text: letters accented, wrapped in [! !]; placeholders {0}, {name} kept as they are. */
function pseudo(text: string): string {
  return `[!${text.split(/(\{[^{}]+\})/).map((part, i) => (i % 2 === 1 ? part : part.replace(/[a-zA-Z]/g, (c) => ACCENTED[c] ?? c))).join('')}!]`;
}

/** Fills {0}, {1}... as l10n.t does. */
function fill(template: string, ...args: unknown[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, n: string) => (args[Number(n)] === undefined ? whole : String(args[Number(n)])));
}

const bundle: Record<string, string> = JSON.parse(readFileSync(BUNDLE_FILE, 'utf8'));
const pseudoBundle = Object.fromEntries(Object.entries(bundle).map(([key, text]) => [key, pseudo(text)]));
const placeholders = (text: string) => [...text.matchAll(/\{[^{}]+\}/g)].map((m) => m[0]).sort();

describe('l10n/bundle.l10n.json', () => {
  it('lists exactly the texts of the vscode.l10n.t and l10n.t calls in src/ and webview/ (`npm run l10n` writes it)', () => {
    const { messages, problems } = collectMessages([path.join(ROOT, 'src'), path.join(ROOT, 'webview')]);
    expect(problems).toEqual([]);
    expect(messages.length).toBeGreaterThan(50);
    expect(readFileSync(BUNDLE_FILE, 'utf8'), 'l10n/bundle.l10n.json is out of date: run `npm run l10n`').toBe(bundleText(messages));
  });

  it('maps each English text to itself, and the pseudo-localised bundle keeps every placeholder', () => {
    for (const [key, text] of Object.entries(bundle)) expect(text).toBe(key);
    for (const [key, text] of Object.entries(pseudoBundle)) expect(placeholders(text), key).toEqual(placeholders(key));
  });
});

describe('no message, quick-pick title or prompt of the extension host is a bare English literal', () => {
  const SHOWN_BY = /^(showInformationMessage|showWarningMessage|showErrorMessage)$/;
  const OPTIONS_OF = /^(showQuickPick|showInputBox|withProgress|showSaveDialog|showOpenDialog)$/;
  const TEXT_OPTIONS = new Set(['title', 'prompt', 'placeHolder', 'openLabel', 'saveLabel']);

  it('every such text in src/ is made by vscode.l10n.t', () => {
    const bare: string[] = [];
    const sources = readdirRecursive(path.join(ROOT, 'src')).filter((file) => readFileSync(file, 'utf8').includes("from 'vscode'"));
    for (const file of sources) {
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const report = (node: ts.Node) => bare.push(`${path.relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.getText().slice(0, 80)}`);
      const isLiteral = (node: ts.Node | undefined) => !!node && (ts.isStringLiteral(node) || ts.isTemplateExpression(node) || ts.isNoSubstitutionTemplateLiteral(node));
      const visit = (node: ts.Node) => {
        if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
          const name = node.expression.name.text;
          if (SHOWN_BY.test(name)) {
            node.arguments.filter((arg, i) => i === 0 || isLiteral(arg)).forEach((arg) => { if (isLiteral(arg)) report(arg); });
          }
          if (OPTIONS_OF.test(name)) {
            for (const arg of node.arguments.filter(ts.isObjectLiteralExpression)) {
              for (const property of arg.properties) {
                if (ts.isPropertyAssignment(property) && TEXT_OPTIONS.has(property.name.getText()) && isLiteral(property.initializer)) report(property.initializer);
              }
            }
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(bare).toEqual([]);
  });
});

function readdirRecursive(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('with a pseudo-localised bundle loaded, the host shows the pseudo-localised texts', () => {
  const modelUri = vscode.Uri.file('/work/course/worked-example.nn.json');
  const document = { uri: modelUri, version: 1, languageId: 'nnjson', getText: () => exampleText('worked-example.nn.json') };
  const analysis = analyseExample('worked-example.nn.json');
  const state = { uri: modelUri.toString(), version: 1, runState: 'idle', outcome: { analysis, diagnostics: [] } };

  beforeEach(() => {
    resetTeachingFake();
    setL10nBundle(pseudoBundle);
  });
  afterEach(() => setL10nBundle(undefined));

  it('a command run with no model file open says so in the loaded language', async () => {
    registerTrainingCommands({ analyses: {}, documents: { target: () => undefined } } as never);
    await vscode.commands.executeCommand('gradlens.train');
    expect(registered.messages.at(-1)).toEqual({ level: 'info', text: pseudo('GradLens: open a model file (*.nn.json) first.') });
  });

  it('Export Report tells what it wrote in the loaded language, with the file names filled in', async () => {
    registerFileCommands({ analyses: { analyse: async () => state }, documents: { target: () => document }, extensionUri: vscode.Uri.file('/ext') } as never);
    await vscode.commands.executeCommand('gradlens.exportReport');
    expect(registered.messages.at(-1)!.text).toBe(fill(pseudo('GradLens wrote {0}.report.md and {0}.report.json next to the model file.'), 'worked-example'));
  });

  it('the lens above "loss" and its tooltip are in the loaded language, the numbers unchanged', () => {
    const lenses = modelLenses(modelUri.toString(), analysis, 3);
    const loss = lenses.find((lens) => lens.command!.title.includes('0.2984'))!;
    expect(loss.command!.title).toBe(fill(pseudo('loss {0}'), '0.2984'));
    expect(loss.command!.tooltip).toBe(pseudo('Open the gradient panel'));
  });

  it('the status bar items are named and show the loss in the loaded language', () => {
    const never = () => ({ dispose() { /* */ } });
    const bar = new GradLensStatusBar(
      { onDidChange: never, get: () => state } as never,
      { current: () => modelUri.toString(), onDidChangeCurrent: never } as never,
      { current: 3, onDidChange: never } as never,
    );
    const items = registered.statusBarItems.filter((item) => item.id?.startsWith('gradlens.status.'));
    expect(items.map((item) => item.name)).toEqual([pseudo('GradLens Loss'), pseudo('GradLens Teaching Depth')]);
    expect(items[0]!.text).toBe(`$(graph-line) ${fill(pseudo('loss {0}'), '0.2984')}`);
    bar.dispose();
  });

  it('Open Example\'s quick pick shows its title and the examples\' names in the loaded language', async () => {
    registerOpenExampleCommand(vscode.Uri.file('/ext'));
    quickPickAnswers.push(() => undefined);
    await vscode.commands.executeCommand('gradlens.openExample');
    const shown = quickPicksShown.at(-1)!;
    expect(shown.options).toMatchObject({ title: pseudo('Open a GradLens example') });
    expect(shown.items[0]).toMatchObject({ label: pseudo('Worked example 2-2-2'), description: 'worked-example.nn.json' });
  });

  it('without a bundle (English), the same lens reads "loss 0.2984"', () => {
    setL10nBundle(undefined);
    expect(modelLenses(modelUri.toString(), analysis, 3).map((lens) => lens.command!.title)).toContain('loss 0.2984');
  });
});
