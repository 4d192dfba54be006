/**
 * The length of every function in a TypeScript file, read with the TypeScript compiler's parser:
 * declarations, methods, constructors, accessors, function expressions and arrow functions, each
 * measured as the lines of its body from the line of its opening brace to the line of its closing
 * one (an arrow function's expression body: its first line to its last).
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import ts from 'typescript';
import { projectRoot } from './importGraph';

export interface FunctionLength {
  /** Project-relative file and 1-based line where the function starts, and its name (or `(anonymous)`). */
  readonly where: string;
  readonly lines: number;
}

function nameOf(node: ts.SignatureDeclaration, source: ts.SourceFile): string {
  if (node.name) return node.name.getText(source);
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
    return parent.name.getText(source);
  }
  return '(anonymous)';
}

/** Every function of `text` (a file called `fileName`) with the lines of its body. */
export function functionLengths(fileName: string, text: string): FunctionLength[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: FunctionLength[] = [];
  const lineOf = (pos: number): number => source.getLineAndCharacterOfPosition(pos).line;
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const body = node.body as ts.Node;
      const start = lineOf(body.getStart(source));
      found.push({
        where: `${fileName}:${lineOf(node.getStart(source)) + 1} ${nameOf(node, source)}`,
        lines: lineOf(body.getEnd()) - start + 1,
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The functions of `files` whose bodies are longer than `maxLines`. */
export function functionsLongerThan(files: readonly string[], maxLines: number): FunctionLength[] {
  return files.flatMap((file) => functionLengths(relative(projectRoot, file), readFileSync(file, 'utf8')))
    .filter((f) => f.lines > maxLines);
}
