/**
 * The ONNX reader (protobufjs and src/model/onnx) is in the command-line bundle only, loaded when an
 * import runs: the extension host, the worker and the webview bundles hold none of it. The ONNX
 * writer (protobufjs and ONNX's schema, src/model/export/onnxModel.ts) is in the worker, which answers
 * Export Model…, behind a dynamic import; the extension host and the webview hold neither.
 */
import * as path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');

async function inputs(entry: string, platform: 'node' | 'browser'): Promise<string[]> {
  const result = await build({
    entryPoints: [path.join(ROOT, entry)], bundle: true, platform, format: platform === 'node' ? 'cjs' : 'iife', external: ['vscode'],
    mainFields: ['module', 'main'], write: false, metafile: true, logLevel: 'silent', outfile: path.join(ROOT, 'dist', 'onnx-closure-check.js'), absWorkingDir: ROOT,
  });
  return Object.keys(result.metafile.inputs);
}
const ONNX = /protobufjs|src\/model\/onnx\//;
/** The reader's own modules (the schema, onnxSchema.json, is the writer's too). */
const ONNX_READER = /src\/model\/onnx\/(?!onnxSchema\.json)/;

describe('where the ONNX reader is bundled', () => {
  it('not in the extension host or the webview, and the reader not in the worker', async () => {
    for (const [entry, platform] of [['src/extension.ts', 'node'], ['webview/main.ts', 'browser']] as const) {
      expect((await inputs(entry, platform)).filter((f) => ONNX.test(f)), entry).toEqual([]);
    }
    for (const [entry, platform] of [['src/worker/analysisWorker.ts', 'node'], ['src/worker/analysisWorker.web.ts', 'browser']] as const) {
      const files = await inputs(entry, platform);
      expect(files.filter((f) => ONNX_READER.test(f)), entry).toEqual([]);
      expect(files, entry).toContain('src/model/export/onnxModel.ts');
    }
  });
  it('the writer behind a dynamic import in the export the worker runs', async () => {
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(path.join(ROOT, 'src/analysis/modelExport.ts'), 'utf8');
    expect(source).not.toMatch(/^import .*onnxModel/m);
    expect(source).toContain("await import('../model/export/onnxModel')");
  });
  it('in a bundle of its own for Import ONNX Model… (dist/onnxImport.js), which the extension requires only when an import runs', async () => {
    expect((await inputs('src/cli/importCommand.ts', 'node')).filter((f) => ONNX.test(f))).toContain('src/model/onnx/graphToLayers.ts');
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(path.join(ROOT, 'scripts/build.mjs'), 'utf8')).toContain("['src/cli/importCommand.ts', 'dist/onnxImport.js', EXTENSION_HOST_NODE]");
    expect(readFileSync(path.join(ROOT, 'src/platform/extensionHost.ts'), 'utf8')).toMatch(/export function loadOnnxImporter[^]*?require\(path\.join\(extensionUri\.fsPath, 'dist', 'onnxImport\.js'\)\)/);
  });
  it('in the command-line tool, behind the import command\'s dynamic import', async () => {
    expect((await inputs('src/cli/main.ts', 'node')).filter((f) => ONNX.test(f))).toContain('src/model/onnx/graphToLayers.ts');
    const { readFileSync } = await import('node:fs');
    const main = readFileSync(path.join(ROOT, 'src/cli/main.ts'), 'utf8') + readFileSync(path.join(ROOT, 'src/cli/importCommand.ts'), 'utf8');
    expect(main).not.toMatch(/^import .*model\/onnx/m);
  });
});
