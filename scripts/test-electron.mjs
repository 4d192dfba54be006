#!/usr/bin/env node
// Desktop VS Code integration tests (@vscode/test-electron): builds the extension, bundles
// test/electron/ into out/electron/ and runs it. Downloads VS Code on first use, so it is not part of
// `npm test` on machines without internet access; see README.md, "Testing in desktop VS Code".
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { repoRoot } from './package.mjs';

const build = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: 'inline', logLevel: 'warning' };
await esbuild.build({
  ...common,
  entryPoints: [path.join(repoRoot, 'test', 'electron', 'runTest.ts')],
  outfile: path.join(repoRoot, 'out', 'electron', 'runTest.js'),
  external: ['@vscode/test-electron'],
});
await esbuild.build({
  ...common,
  entryPoints: [path.join(repoRoot, 'test', 'electron', 'suite', 'index.ts')],
  outfile: path.join(repoRoot, 'out', 'electron', 'suite', 'index.js'),
  external: ['vscode'],
});

const run = spawnSync(process.execPath, [path.join(repoRoot, 'out', 'electron', 'runTest.js')], { cwd: repoRoot, stdio: 'inherit' });
process.exit(run.status ?? 1);
