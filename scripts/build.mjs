// Builds the bundles with esbuild:
//   dist/extension.js  extension host (Node, CommonJS, `vscode` external)
//   dist/worker.js     analysis worker thread (Node, CommonJS)
//   dist/cli.js        the `gradlens` command-line tool (Node, CommonJS)
//   dist/webview.js    the panel (browser, IIFE)
// Flags: --watch, --production (minified, no source maps).
// First the WebAssembly kernels: scripts/lib/gemm-wat.mjs assembled with wabt into
// src/engine/wasm/gemmModule.ts (base64), which the engine imports like any other module.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeGemmModule } from './lib/gemm-wat.mjs';

if (await writeGemmModule(fileURLToPath(new URL('..', import.meta.url)))) console.log('wrote src/engine/wasm/gemmModule.ts');

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'info',
  legalComments: 'none',
};

const nodeEntries = [
  ['src/extension.ts', 'dist/extension.js'],
  ['src/worker/analysisWorker.ts', 'dist/worker.js'],
  ['src/cli/main.ts', 'dist/cli.js'],
  // Loaded by the extension on the first completion or hover in a model file (keeps activation fast).
  ['src/language/schemaLanguageService.ts', 'dist/schemaService.js'],
].filter(([entry]) => existsSync(entry));

const builds = [
  ...nodeEntries.map(([entry, outfile]) => ({
    ...common,
    entryPoints: [entry],
    outfile,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    // jsonc-parser's UMD build hides its modules from bundlers; its ESM build bundles cleanly.
    mainFields: ['module', 'main'],
  })),
  ...(existsSync('webview/main.ts')
    ? [{ ...common, entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', target: 'es2022', format: 'iife' }]
    : []),
];

if (watch) {
  for (const options of builds) {
    const context = await esbuild.context(options);
    await context.watch();
  }
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
