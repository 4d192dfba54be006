/**
 * The web extension (package.json's `browser` entry, for vscode.dev and github.dev) runs in a browser's
 * web worker extension host: no Node built-in exists there. Its two bundles, built exactly as
 * scripts/build.mjs builds them (scripts/lib/browserBuildOptions.mjs), import nothing but `vscode`
 * (esbuild's metafile), put the web twins of src/platform/ in place of the Node modules, and keep the
 * engine in the worker.
 */
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript module of the build scripts, without type declarations
import { browserBuildOptions } from '../../scripts/lib/browserBuildOptions.mjs';

const ROOT = path.resolve(__dirname, '..', '..');
const NODE_BUILTIN = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

interface Bundle { inputs: string[]; externals: string[] }
const bundles: Record<'extension' | 'worker', Bundle> = {} as never;

beforeAll(async () => {
  const [extension, worker] = browserBuildOptions() as object[];
  const metafileOf = async (options: object): Promise<Metafile> =>
    (await build({ ...options, write: false, logLevel: 'silent', outfile: path.join(ROOT, 'dist', 'web-closure-check.js') })).metafile!;
  for (const [name, options] of [['extension', extension], ['worker', worker]] as const) {
    const metafile = await metafileOf(options!);
    bundles[name] = {
      inputs: Object.keys(metafile.inputs).sort(),
      externals: Object.values(metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path)),
    };
  }
}, 120_000);

describe('the web extension\'s bundles', () => {
  it('import no Node built-in: the extension needs only `vscode`, the Web Worker nothing', () => {
    expect(bundles.extension.inputs.filter((f) => NODE_BUILTIN.has(f) || f.startsWith('node:'))).toEqual([]);
    expect(bundles.worker.inputs.filter((f) => NODE_BUILTIN.has(f) || f.startsWith('node:'))).toEqual([]);
    expect([...new Set(bundles.extension.externals)]).toEqual(['vscode']);
    expect(bundles.worker.externals).toEqual([]);
  });

  it('hold the web twins of src/platform/ and not the Node modules they replace', () => {
    const platform = bundles.extension.inputs.filter((f) => f.startsWith('src/platform/'));
    for (const twin of ['extensionHost', 'hostKind', 'localDisk', 'random']) {
      expect(platform).toContain(`src/platform/${twin}.web.ts`);
      expect(platform).not.toContain(`src/platform/${twin}.ts`);
    }
    expect(bundles.extension.inputs).not.toContain('src/model/nodeDataFiles.ts');
    expect(bundles.worker.inputs).not.toContain('src/model/nodeDataFiles.ts');
  });

  it('bundle the schema service into the extension (a browser has no `require` of a second bundle)', () => {
    expect(bundles.extension.inputs).toContain('src/language/schemaLanguageService.ts');
  });

  it('keep the engine in the Web Worker, as in Node: the extension trains nothing and parses no model', () => {
    expect(bundles.extension.inputs.filter((f) => /^src\/(engine|expr)\/|^src\/model\/(data|csv|parse)\.ts$|^src\/analysis\/(modelSession|analyze)\.ts$/.test(f))).toEqual([]);
    for (const named of ['src/engine/trainer.ts', 'src/engine/wasm/simdKernels.ts', 'src/model/csv.ts', 'src/worker/analysisWorker.web.ts', 'src/worker/webKernelThreads.ts']) expect(bundles.worker.inputs).toContain(named);
  });
});
