#!/usr/bin/env node
// `npm run l10n`: writes l10n/bundle.l10n.json, the English texts of every `vscode.l10n.t(...)` and
// `l10n.t(...)` call in src/ and webview/ (what the extension host shows through `vscode.l10n`, and what the
// worker, the panel and the host's own modules write through @vscode/l10n, or src/shared/l10n.ts's relay),
// in the form VS Code reads: { "English text": "English text" }. One bundle for all: the host sends the
// loaded one to the worker and the panel in their init messages.
// A translator copies it to l10n/bundle.l10n.LANG.json and translates the values (docs/DEVELOPING.md,
// "Adding a language"). `--check` exits 1 when the file on disk differs (test/l10n/ runs the same check).
//
// Uses the TypeScript compiler's parser (a dependency already) rather than @vscode/l10n-dev, which
// would bring a tree-sitter WebAssembly build and an Azure translation client for this one job.
// Every call's first argument must be a string literal: a text built at run time cannot be translated
// ahead of time, so such a call is reported with its file and line.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE_FILE = path.join(root, 'l10n', 'bundle.l10n.json');

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** Whether a call is `vscode.l10n.t(...)` (or `l10n.t(...)`). */
function isL10nCall(node) {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression) || node.expression.name.text !== 't') return false;
  const target = node.expression.expression;
  return (ts.isIdentifier(target) && target.text === 'l10n') ||
    (ts.isPropertyAccessExpression(target) && target.name.text === 'l10n' && ts.isIdentifier(target.expression) && target.expression.text === 'vscode');
}

/**
 * The texts of every l10n.t call under `dirs` (a folder or a list): { messages: [{ text, file, line }], problems: string[] }
 * (a problem: a call whose first argument is not a string literal).
 */
export function collectMessages(dirs = [path.join(root, 'src'), path.join(root, 'webview')]) {
  const messages = [];
  const problems = [];
  for (const file of [dirs].flat().flatMap(sourceFiles)) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes('l10n.t(')) continue;
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const where = (node) => `${path.relative(root, file).split(path.sep).join('/')}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node) => {
      if (isL10nCall(node)) {
        const first = node.arguments[0];
        if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) messages.push({ text: first.text, where: where(node) });
        else problems.push(`${where(node)}: l10n.t needs a string literal as its first argument (put the changing parts in {0}, {1}, ...)`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { messages, problems };
}

/** The bundle's JSON text: each distinct message once, sorted, mapped to itself. */
export function bundleText(messages) {
  const texts = [...new Set(messages.map((m) => m.text))].sort();
  return `${JSON.stringify(Object.fromEntries(texts.map((t) => [t, t])), null, 2)}\n`;
}

function main() {
  const { messages, problems } = collectMessages();
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  const text = bundleText(messages);
  if (process.argv.includes('--check')) {
    let current = '';
    try { current = readFileSync(BUNDLE_FILE, 'utf8'); } catch { /* missing */ }
    if (current !== text) {
      console.error('l10n/bundle.l10n.json is out of date: run `npm run l10n`.');
      process.exit(1);
    }
    return;
  }
  writeFileSync(BUNDLE_FILE, text);
  console.log(`l10n/bundle.l10n.json: ${new Set(messages.map((m) => m.text)).size} texts from ${messages.length} calls`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
