// Builds the bundles with esbuild:
//   dist/extension.js  extension host (Node, CommonJS, `vscode` external)
//   dist/worker.js     analysis worker thread (Node, CommonJS)
//   dist/cli.js        the `gradlens` command-line tool (Node, CommonJS)
//   dist/webview.js    the panel (browser, IIFE)
// Flags: --watch, --production (minified, no source maps).
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import { nodeBuildOptions } from './lib/buildOptions.mjs';

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
  // Every Node bundle knows package.json's version (`gradlens --version`), in every build.
  ...nodeEntries.map(([entry, outfile]) => nodeBuildOptions(entry, outfile, { production })),
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
