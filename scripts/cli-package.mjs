#!/usr/bin/env node
// `npm run package:cli`: the `gradlens` command-line tool as an npm package of its own. Stages
// build/cli-package/ (cli/package.json with the root's version, the production dist/cli.js bundle with
// no dependencies, cli/README.md, LICENSE) and runs `npm pack` there. The extension's package.json stays
// the extension's.
//
//   node scripts/cli-package.mjs              stage and pack into dist/gradlens-cli-<version>.tgz
//   node scripts/cli-package.mjs --out DIR    pack into DIR instead
//
// Also imported by test/packaging/cliPackage.test.ts: `await packCli({ outDir })`.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeBuildOptions, packageVersion, repoRoot } from './lib/buildOptions.mjs';

/** Stages the package in `stageDir` and packs it into `outDir`; returns the tarball's absolute path. */
export async function packCli({ outDir = path.join(repoRoot, 'dist'), stageDir = path.join(repoRoot, 'build', 'cli-package'), quiet = false } = {}) {
  rmSync(stageDir, { recursive: true, force: true });
  mkdirSync(path.join(stageDir, 'dist'), { recursive: true });
  await build({ ...nodeBuildOptions('src/cli/main.ts', path.join(stageDir, 'dist', 'cli.js'), { production: true }), logLevel: quiet ? 'silent' : 'info' });
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'cli', 'package.json'), 'utf8'));
  manifest.version = packageVersion();
  writeFileSync(path.join(stageDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  copyFileSync(path.join(repoRoot, 'cli', 'README.md'), path.join(stageDir, 'README.md'));
  copyFileSync(path.join(repoRoot, 'LICENSE'), path.join(stageDir, 'LICENSE'));
  mkdirSync(outDir, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const packed = spawnSync(npm, ['pack', '--json', '--pack-destination', path.resolve(outDir)], { cwd: stageDir, encoding: 'utf8' });
  if (packed.status !== 0) throw new Error(`npm pack failed (exit ${packed.status}): ${packed.stderr}`);
  const [{ filename }] = JSON.parse(packed.stdout);
  const tarball = path.join(path.resolve(outDir), `gradlens-cli-${manifest.version}.tgz`);
  renameSync(path.join(path.resolve(outDir), filename), tarball);
  return tarball;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  try {
    const tarball = await packCli(outIndex >= 0 ? { outDir: args[outIndex + 1] } : {});
    console.log(`packed ${path.relative(process.cwd(), tarball) || tarball}`);
  } catch (error) {
    console.error(`package:cli: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
