// Builds the bundles with esbuild:
//   dist/extension.js  extension host (Node, CommonJS, `vscode` external)
//   dist/worker.js     analysis worker thread (Node, CommonJS)
//   dist/cli.js        the `gradlens` command-line tool (Node, CommonJS)
//   dist/onnxImport.js Import ONNX Model… in the extension host (src/cli/importCommand.ts, loaded on use)
//   dist/web/extension.js, dist/web/worker.js  the web extension (vscode.dev, github.dev): scripts/lib/browserBuildOptions.mjs
//   dist/webview.js    the panel (browser, IIFE; Chrome 102 = the webviews of VS Code 1.75)
//   dist/katex/        KaTeX's CSS and woff2 fonts (the Markdown preview's and the panel's formulas): scripts/lib/katexAssets.mjs
//   dist/ThirdPartyNotices.txt  the licences of the npm packages bundled into them (shipped in the .vsix)
// Flags: --watch, --production (minified, no source maps).
// First the WebAssembly kernels: scripts/lib/gemm-wat.mjs assembled with wabt into
// src/engine/wasm/gemmModule.ts (base64), which the engine imports like any other module.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeGemmModule } from './lib/gemm-wat.mjs';
import { writeThirdPartyNotices } from './lib/thirdPartyNotices.mjs';
import { writeKatexAssets } from './lib/katexAssets.mjs';
import { commonBuildOptions, nodeBuildOptions } from './lib/buildOptions.mjs';
import { browserBuildOptions } from './lib/browserBuildOptions.mjs';

if (await writeGemmModule(fileURLToPath(new URL('..', import.meta.url)))) console.log('wrote src/engine/wasm/gemmModule.ts');

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = commonBuildOptions({ production });

// What runs in VS Code's extension host targets the oldest Node of an editor engines.vscode admits:
// VS Code 1.75 runs extensions on Node 16.14 (Electron 19). The command-line tool needs Node 20.
const EXTENSION_HOST_NODE = 'node16.14';
const nodeEntries = [
  ['src/extension.ts', 'dist/extension.js', EXTENSION_HOST_NODE],
  ['src/worker/analysisWorker.ts', 'dist/worker.js', EXTENSION_HOST_NODE],
  ['src/cli/main.ts', 'dist/cli.js', 'node20'],
  // Loaded by the extension on the first completion or hover in a model file (keeps activation fast).
  ['src/language/schemaLanguageService.ts', 'dist/schemaService.js', EXTENSION_HOST_NODE],
  // Loaded by Import ONNX Model… (the command-line tool's import and the ONNX reader, out of the main bundle).
  ['src/cli/importCommand.ts', 'dist/onnxImport.js', EXTENSION_HOST_NODE],
].filter(([entry]) => existsSync(entry));

const builds = [
  // Every Node bundle knows package.json's version (`gradlens --version`), in every build.
  ...nodeEntries.map(([entry, outfile, target]) => ({ ...nodeBuildOptions(entry, outfile, { production }), ...common, target })),
  ...(existsSync('webview/main.ts')
    ? [{ ...common, entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', target: ['es2022', 'chrome102'], format: 'iife' }]
    : []),
  ...browserBuildOptions({ production }),
];

console.log(`dist/katex: ${writeKatexAssets(process.cwd()).length} files`);

if (watch) {
  for (const options of builds) {
    const context = await esbuild.context(options);
    await context.watch();
  }
} else {
  const results = await Promise.all(builds.map((options) => esbuild.build(options)));
  mkdirSync('dist', { recursive: true });
  const packages = writeThirdPartyNotices(results.map((result) => result.metafile), process.cwd(), 'dist/ThirdPartyNotices.txt');
  console.log(`dist/ThirdPartyNotices.txt: ${packages.join(', ')}`);
}
