#!/usr/bin/env node
// `npm run bench`: bundles bench/main.ts (and the engine and analysis it measures) with esbuild
// into bench/results/.build/ (git-ignored), then runs it in a fresh Node process. TensorFlow.js
// stays external and loads from node_modules. Arguments are passed on, e.g.
//   npm run bench -- --quick          a fast smoke run (numbers not to quote)
//   npm run bench -- --no-package     measure dist/ as it is (no build and packaging in a staged copy)
//   npm run bench -- --skip=scaling   leave out shapes, scaling or budgets
//   npm run bench -- --skip=budgets,kernels,shapes,cnn,memory,wholerun,scaling   the panel row alone
//   npm run bench -- --markdown       tables as Markdown (for README.md)
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, 'bench', 'results', '.build', 'bench.cjs');

await esbuild.build({
  entryPoints: [path.join(root, 'bench', 'main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  // esbuild and playwright-core (the panel row's page and browser) load from node_modules as they are.
  external: ['@tensorflow/*', 'vscode', 'esbuild', 'playwright-core'],
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  // test/webview/harness/server.ts finds the repository from import.meta.url; the bench passes the root instead.
  logOverride: { 'empty-import-meta': 'silent' },
});

const result = spawnSync(process.execPath, ['--expose-gc', ...process.execArgv, outfile, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, GRADLENS_REPO_ROOT: root },
});
process.exit(result.status ?? 1);
