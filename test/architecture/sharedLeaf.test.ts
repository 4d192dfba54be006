/**
 * `src/shared/` is a leaf: the wire types and the vocabulary that host and webview share import
 * nothing from the rest of the project and no package at all (not `vscode`, not Node, not the DOM's
 * libraries), so either side can take them without taking the other.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { projectRoot, tsFiles } from './importGraph';

const sharedDir = join(projectRoot, 'src', 'shared');

function specifiers(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
}

describe('src/shared/', () => {
  it('imports only from src/shared/ itself', () => {
    const outside = tsFiles(sharedDir).flatMap((file) => specifiers(file)
      .filter((spec) => !spec.startsWith('./'))
      .map((spec) => `${relative(projectRoot, file)}: ${spec}`));
    expect(outside).toEqual([]);
  });

  it('holds the protocol, the depth levels, the kinds, relative error and the number formats', () => {
    const names = tsFiles(sharedDir).map((f) => relative(sharedDir, f)).sort();
    expect(names).toEqual(expect.arrayContaining(['protocol.ts', 'depth.ts', 'kinds.ts', 'escape.ts', 'analysis.ts']));
  });
});
