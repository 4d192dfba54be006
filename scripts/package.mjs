#!/usr/bin/env node
// `npm run package`: production build, then `vsce package --no-dependencies` into
// dist/gradlens-<version>.vsix (git ignores dist/ and *.vsix). What goes in is decided by .vscodeignore.
//
//   node scripts/package.mjs                 build + package into dist/gradlens-<version>.vsix
//   node scripts/package.mjs --out FILE      package into FILE instead
//   node scripts/package.mjs --no-build      package the bundles already in dist/ (no rebuild)
//
// Also imported by the demo and the end-to-end suite: `await packageExtension({ outFile })`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function manifest() {
  return JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
}

export function defaultVsixPath() {
  const { name, version } = manifest();
  return path.join(repoRoot, 'dist', `${name}-${version}.vsix`);
}

function run(args, what, quiet) {
  const result = spawnSync(process.execPath, args, {
    cwd: repoRoot,
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    const output = quiet ? `\n${result.stdout ?? ''}${result.stderr ?? ''}` : '';
    throw new Error(`${what} failed (exit ${result.status ?? result.signal})${output}`);
  }
}

/**
 * Builds the production bundles (unless build is false) and packages the extension.
 * Returns the absolute path of the .vsix.
 */
export function packageExtension({ outFile = defaultVsixPath(), build = true, quiet = false } = {}) {
  const out = path.resolve(outFile);
  if (build) run([path.join(repoRoot, 'scripts', 'build.mjs'), '--production'], 'production build (scripts/build.mjs --production)', quiet);
  mkdirSync(path.dirname(out), { recursive: true });
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  // Relative links in README.md need a base URL; vsce only guesses one for GitHub/GitLab repositories.
  const repository = manifest().repository;
  const base = String(typeof repository === 'string' ? repository : repository?.url ?? '').replace(/\.git$/, '');
  const baseArgs = base ? ['--baseContentUrl', `${base}/blob/HEAD/`, '--baseImagesUrl', `${base}/raw/HEAD/`] : [];
  run([vsce, 'package', '--no-dependencies', ...baseArgs, '--out', out], 'vsce package', quiet);
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const outFile = outIndex >= 0 ? args[outIndex + 1] : undefined;
  if (outIndex >= 0 && !outFile) {
    console.error('package: --out needs a file name');
    process.exit(2);
  }
  try {
    const started = Date.now();
    const vsix = packageExtension({ outFile, build: !args.includes('--no-build') });
    const kb = (statSync(vsix).size / 1024).toFixed(0);
    console.log(`\npackaged ${path.relative(process.cwd(), vsix) || vsix} (${kb} KB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    console.error(`package: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
