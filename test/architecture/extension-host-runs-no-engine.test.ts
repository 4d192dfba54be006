/**
 * One engine runtime: the extension host only asks the worker. The extension bundle's import closure
 * (esbuild's metafile of src/extension.ts, bundled as scripts/build.mjs bundles it) holds nothing that
 * trains, back-propagates or reads CSV; the worker's bundle holds all of that.
 */
import * as path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');

/** The source files (relative to the repository) a bundle of `entry` contains. */
async function closure(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [path.join(ROOT, entry)], bundle: true, platform: 'node', format: 'cjs', external: ['vscode'],
    mainFields: ['module', 'main'], write: false, metafile: true, logLevel: 'silent', outfile: path.join(ROOT, 'dist', 'closure-check.js'),
    absWorkingDir: ROOT,
  });
  return Object.keys(result.metafile.inputs).filter((f) => f.startsWith('src/')).sort();
}

/** What trains, back-propagates or reads a model's data. */
const TRAINS_OR_READS_DATA = /^src\/(engine\/|model\/((data|csv|parse|nodeDataFiles)\.ts$|read\/)|analysis\/(modelSession|analyze)\.ts$)/;

/** The same, and the expression compiler of hand-written activations: the engine runtime's own modules. */
const ENGINE_RUNTIME = /^src\/(engine\/|expr\/|model\/((data|csv|parse|nodeDataFiles)\.ts$|read\/)|analysis\/(modelSession|analyze)\.ts$)/;

describe('the extension host runs no engine', () => {
  it('its bundle imports no trainer, no back-propagation, no CSV reader, no model parser', async () => {
    const files = await closure('src/extension.ts');
    expect(files).toContain('src/extension.ts');
    expect(files).toContain('src/session/workerClient.ts');
    expect(files.filter((f) => ENGINE_RUNTIME.test(f))).toEqual([]);
    for (const named of ['src/engine/trainer.ts', 'src/model/data.ts', 'src/model/csv.ts']) expect(files).not.toContain(named);
  });

  it('the worker\'s bundle holds them (so the check above looks at the right names)', async () => {
    const files = await closure('src/worker/analysisWorker.ts');
    for (const named of ['src/engine/trainer.ts', 'src/engine/backprop.ts', 'src/model/data.ts', 'src/model/csv.ts', 'src/analysis/modelSession.ts']) expect(files).toContain(named);
  });
});

describe('src/ outside the engine runtime\'s folders (worker, cli, engine, analysis, model) runs no engine', () => {
  it('no file there reaches a trainer, back-propagation, a CSV reader or the model parser through its imports', async () => {
    const { readdirSync } = await import('node:fs');
    const runtime = /^src\/(worker|cli|engine|analysis|model)\//;
    const walk = (dir: string): string[] => readdirSync(path.join(ROOT, dir), { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(`${dir}/${e.name}`) : e.name.endsWith('.ts') ? [`${dir}/${e.name}`] : []));
    const outside = walk('src').filter((f) => !runtime.test(f));
    expect(outside).toContain('src/teaching/stepThroughController.ts');
    const result = await build({
      entryPoints: outside.map((f) => path.join(ROOT, f)), bundle: true, platform: 'node', format: 'cjs', external: ['vscode'],
      mainFields: ['module', 'main'], write: false, metafile: true, logLevel: 'silent', outdir: path.join(ROOT, 'dist', 'closure-check'),
      absWorkingDir: ROOT, loader: { '.json': 'json' },
    });
    const problems = Object.values(result.metafile.outputs).flatMap((o) => {
      const reached = Object.keys(o.inputs).filter((f) => TRAINS_OR_READS_DATA.test(f));
      return reached.length > 0 ? [`${o.entryPoint}: ${reached.join(', ')}`] : [];
    });
    expect(problems).toEqual([]);
  });
});
