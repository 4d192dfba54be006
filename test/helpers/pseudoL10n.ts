/**
 * The pseudo-localised bundle of test/l10n/ (every letter of every text of l10n/bundle.l10n.json
 * accented, wrapped in [! !], placeholders kept) and the check that a converted file holds no bare
 * English literal where a person reads it. Shared by the tests of the texts built outside the
 * `vscode` layer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import ts from 'typescript';
import { BUNDLE_FILE } from '../../scripts/l10n-bundle.mjs';
import { useTranslator } from '../../src/shared/l10n';
import { ROOT } from './manifest';

const ACCENTED: Record<string, string> = { a: 'á', e: 'é', i: 'í', o: 'ó', u: 'ú', c: 'ç', n: 'ñ', A: 'Á', E: 'É', I: 'Í', O: 'Ó', U: 'Ú', y: 'ý' };

/** Pseudo-localises a text: letters accented, wrapped in [! !]; placeholders {0}, {name} kept as they are. */
export function pseudo(text: string): string {
  return `[!${text.split(/(\{[^{}]+\})/).map((part, i) => (i % 2 === 1 ? part : part.replace(/[a-zA-Z]/g, (c) => ACCENTED[c] ?? c))).join('')}!]`;
}

/** The English bundle `npm run l10n` writes: { "English text": "English text" }. */
export const bundle: Record<string, string> = JSON.parse(readFileSync(BUNDLE_FILE, 'utf8'));
export const pseudoBundle = Object.fromEntries(Object.entries(bundle).map(([key, text]) => [key, pseudo(text)]));

/** Loads a bundle into this process's @vscode/l10n and src/shared/'s relay, as the host does at activation. */
export function loadBundle(contents: Record<string, string> | undefined): void {
  l10n.config({ contents: contents ?? {} });
  useTranslator(contents ? l10n.t : undefined);
}

/** Names, not words: shown as they are in every language. */
const NAMES = new Set(['GradLens']);

/** The .ts files directly in `dir`. */
export function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => path.join(dir, e.name));
}

/** The literal text of a string or template literal (a template's spans joined by `{}` where its `${…}` were). */
export function literalText(node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression): string {
  return ts.isTemplateExpression(node) ? [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('{}') : node.text;
}

/**
 * `file:line: literal` of every string or template literal with a word in it (two letters in a row,
 * code inside a template's `${…}` not counted) for which `isSink` is true: the texts a converted file
 * still shows in English.
 */
export function bareLiterals(files: readonly string[], isSink: (node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression) => boolean): string[] {
  const bare: string[] = [];
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) && isSink(node)) {
        const text = ts.isTemplateExpression(node) ? node.getText() : node.text;
        if (/[A-Za-z]{2}/.test(literalText(node)) && !NAMES.has(text)) {
          bare.push(`${path.relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.getText().slice(0, 80)}`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return bare;
}

/** The node's parent, past parentheses and the branches of `a ? b : c`. */
export function holder(node: ts.Node): ts.Node {
  let n = node.parent;
  while (ts.isParenthesizedExpression(n) || (ts.isConditionalExpression(n) && n.condition !== node)) { node = n; n = n.parent; }
  return n;
}
