/**
 * The titles of a test file's `describe`, `it` and `test` calls (with `.each`, `.skip` and the like),
 * read with the TypeScript compiler's parser, and the one naming style they follow (the style of
 * test/teaching): `describe` names the subject, `it` says in a sentence what holds of it.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import ts from 'typescript';
import { projectRoot } from './importGraph';

export interface TestTitle {
  readonly kind: 'describe' | 'it';
  /** The title as written; a template literal's `${…}` parts are kept as written. */
  readonly title: string;
  /** Project-relative file and 1-based line. */
  readonly where: string;
}

/** The identifier a call chain starts from: `it` for `it.each(cases)('…')`, `describe` for `describe.skip('…')`. */
function rootName(callee: ts.Expression): string | undefined {
  let e = callee;
  while (ts.isPropertyAccessExpression(e) || ts.isCallExpression(e)) e = e.expression;
  return ts.isIdentifier(e) ? e.text : undefined;
}

/** Every title in `text` (a file called `fileName`) given as a string or template literal. */
export function testTitles(fileName: string, text: string): TestTitle[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const titles: TestTitle[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.arguments.length > 0) {
      const name = rootName(node.expression);
      const first = node.arguments[0]!;
      const title = ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first) ? first.text
        : ts.isTemplateExpression(first) ? first.getText(source).slice(1, -1) : undefined;
      if ((name === 'describe' || name === 'it' || name === 'test') && title !== undefined) {
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        titles.push({ kind: name === 'describe' ? 'describe' : 'it', title, where: `${fileName}:${line}` });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return titles;
}

/**
 * Why a title breaks the style, or undefined when it keeps it: no title starts with "should" or
 * "test", and an `it` title is more than one word (a `describe` may name its subject in one word).
 */
export function titleProblem(t: Pick<TestTitle, 'kind' | 'title'>): string | undefined {
  const title = t.title.trim();
  if (/^should\b/i.test(title)) return 'starts with "should": say what holds instead';
  if (/^tests?\b/i.test(title)) return 'starts with "test": say what holds instead';
  if (t.kind === 'it' && !/\s/.test(title)) return 'is one word: write a sentence about what holds';
  return undefined;
}

/** Every title in `files` that breaks the style, with where it is and why. */
export function titlesOutOfStyle(files: readonly string[]): string[] {
  return files.flatMap((file) => testTitles(relative(projectRoot, file), readFileSync(file, 'utf8')))
    .flatMap((t) => {
      const problem = titleProblem(t);
      return problem === undefined ? [] : [`${t.where} ${JSON.stringify(t.title)} ${problem}`];
    });
}
