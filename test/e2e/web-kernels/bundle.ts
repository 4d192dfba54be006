/**
 * Builds the test page's scripts with the web build's esbuild options (scripts/lib/browserBuildOptions.mjs:
 * platform browser, Chrome 102, the `.web.ts` platform twins), into `outdir`:
 *   web-worker.js   the web build's analysis worker itself (src/worker/analysisWorker.web.ts), as shipped
 *   fidelity.js     fidelityWorker.ts: the engine's fidelity test files, unchanged, in a Web Worker
 *   threads.js      threadsWorker.ts: the two-thread checks in a Web Worker
 * The test bundles get what the test files take from Node: `vitest` (vitestInBrowser.ts), `node:fs`,
 * `node:path`, `node:url` (nodeShims.ts over the fixture files and the digits data, embedded), and
 * `__dirname` / `import.meta.url` of test/engine under the virtual root `/repo`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';
// @ts-expect-error: a plain JavaScript module of the build scripts, without type declarations
import { browserBuildOptions } from '../../../scripts/lib/browserBuildOptions.mjs';
import { repoRoot } from '../../../scripts/lib/buildOptions.mjs';

const here = path.join(repoRoot, 'test', 'e2e', 'web-kernels');
/** Repository folders and files the fidelity tests read, embedded in the bundle. */
const EMBEDDED = ['test/fixtures/pytorch-layers', 'examples/data/digits.csv'];

function embeddedFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of EMBEDDED) {
    const full = path.join(repoRoot, entry);
    const names = entry.endsWith('.csv') ? [''] : readdirSync(full);
    for (const name of names) files[`/repo/${name ? `${entry}/${name}` : entry}`] = readFileSync(name ? path.join(full, name) : full, 'utf8');
  }
  return files;
}

const testShims: Plugin = {
  name: 'gradlens-test-shims',
  setup(b) {
    b.onResolve({ filter: /^vitest$/ }, () => ({ path: path.join(here, 'vitestInBrowser.ts') }));
    b.onResolve({ filter: /^(node:)?(fs|path|url)$/ }, () => ({ path: path.join(here, 'nodeShims.ts') }));
    b.onResolve({ filter: /^gradlens-virtual-files$/ }, () => ({ path: 'virtual-files', namespace: 'gradlens' }));
    b.onLoad({ filter: /.*/, namespace: 'gradlens' }, () => ({ contents: `export const VIRTUAL_FILES = ${JSON.stringify(embeddedFiles())};`, loader: 'js' }));
  },
};

/** Builds the three scripts into `outdir`. */
export async function buildWebKernelPage(outdir: string): Promise<void> {
  const [, worker] = browserBuildOptions() as BuildOptions[];
  const quiet = { logLevel: 'warning' as const, sourcemap: false as const };
  const tests: BuildOptions = {
    ...worker, ...quiet,
    plugins: [...(worker.plugins ?? []), testShims],
    define: { ...worker.define, __dirname: JSON.stringify('/repo/test/engine'), 'import.meta.url': JSON.stringify('file:///repo/test/engine/digits.ts') },
  };
  await Promise.all([
    build({ ...worker, ...quiet, outfile: path.join(outdir, 'web-worker.js') }),
    build({ ...tests, entryPoints: [path.join(here, 'fidelityWorker.ts')], outfile: path.join(outdir, 'fidelity.js') }),
    build({ ...tests, entryPoints: [path.join(here, 'threadsWorker.ts')], outfile: path.join(outdir, 'threads.js') }),
  ]);
}
