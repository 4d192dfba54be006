/**
 * The webview's boundary: the panel shares only the leaf folder `src/shared/` with the host. Checked on
 * the whole transitive closure, twice: the files of the webview's type program (what
 * `tsc -p webview/tsconfig.json` reads, type-only imports included) and the files esbuild puts in
 * the panel's bundle (the webview entry built as scripts/build.mjs builds it). A direct-import check
 * alone cannot see `webview → src/shared → src/teaching`.
 */
import { relative } from 'node:path';
import * as esbuild from 'esbuild';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../architecture/importGraph';

/** Project files outside `webview/` and `src/shared/` (installed packages, wherever node_modules really lives, are not project files). */
function outsideTheBoundary(files: readonly string[]): string[] {
  return files
    .map((f) => relative(projectRoot, f).split('\\').join('/'))
    .filter((f) => !f.split('/').includes('node_modules') && !f.startsWith('webview/') && !f.startsWith('src/shared/'))
    .sort();
}

describe('the webview', () => {
  it('type-checks only webview/ and src/shared/ files (the whole import closure)', () => {
    const configPath = `${projectRoot}/webview/tsconfig.json`;
    const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
      ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
    })!;
    const program = ts.createProgram(config.fileNames, config.options);
    const files = program.getSourceFiles().map((s) => s.fileName).filter((f) => !program.isSourceFileDefaultLibrary(program.getSourceFile(f)!));
    expect(files.some((f) => f.endsWith('webview/main.ts'))).toBe(true);
    expect(outsideTheBoundary(files)).toEqual([]);
  });

  it('bundles only webview/ and src/shared/ files, and no Node built-in or vscode', async () => {
    const result = await esbuild.build({
      absWorkingDir: projectRoot,
      entryPoints: ['webview/main.ts'],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'browser',
      target: 'es2022',
      format: 'iife',
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs).map((f) => `${projectRoot}/${f}`);
    expect(inputs.some((f) => f.endsWith('webview/main.ts'))).toBe(true);
    expect(outsideTheBoundary(inputs)).toEqual([]);
    const imports = Object.values(result.metafile.inputs).flatMap((i) => i.imports.map((x) => x.path));
    expect(imports.filter((p) => p === 'vscode' || p.startsWith('node:'))).toEqual([]);
  });
});
