#!/usr/bin/env node
// `npm run package`: production build, then `vsce package --no-dependencies` into
// dist/gradlens-<version>.vsix (git ignores dist/ and *.vsix). What goes in is decided by .vscodeignore.
//
//   node scripts/package.mjs                 build + package into dist/gradlens-<version>.vsix
//   node scripts/package.mjs --out FILE      package into FILE instead
//   node scripts/package.mjs --no-build      package the bundles already in dist/ (no rebuild)
//
// Also imported by the demo and the end-to-end suite: `await packageExtension({ outFile })`.
//
// After packaging it prints what a marketplace would reject or show broken (scripts/lib/marketplaceChecks.mjs):
// a missing or wrong icon, README images or links not in the package, a placeholder repository, ...
// Publishing itself (vsce publish, ovsx publish) is described in docs/DEVELOPING.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { marketplaceFindings } from './lib/marketplaceChecks.mjs';
import { listZip } from './lib/zip.mjs';

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
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (!quiet) process.stdout.write(output);
  if (result.status !== 0) {
    throw new Error(`${what} failed (exit ${result.status ?? result.signal})${quiet ? `\n${output}` : ''}`);
  }
  return output;
}

/** The vsce arguments that place README's relative links: the repository's, or the package's own files. */
export function readmeLinkArgs(repository = manifest().repository) {
  const base = String(typeof repository === 'string' ? repository : repository?.url ?? '').replace(/^git\+/, '').replace(/\.git$/, '');
  // With a repository (the one place a publisher sets it), vsce points relative links and images at it.
  if (base) return ['--baseContentUrl', `${base}/blob/HEAD/`, '--baseImagesUrl', `${base}/raw/HEAD/`];
  // Without one, README's images stay relative and are shown from the package itself.
  return ['--allow-missing-repository', '--no-rewrite-relative-links'];
}

/** What a marketplace would reject or show broken in this .vsix (sentences; empty: nothing). */
export function checkPackage(vsix) {
  const files = new Set(listZip(vsix).map((entry) => entry.name.replace(/^extension\//, '').toLowerCase()));
  return marketplaceFindings({
    manifest: manifest(),
    readme: readFileSync(path.join(repoRoot, 'README.md'), 'utf8'),
    readFile: (file) => (existsSync(path.join(repoRoot, file)) ? readFileSync(path.join(repoRoot, file)) : undefined),
    inPackage: (file) => files.has(file.toLowerCase()),
    vsixBytes: statSync(vsix).size,
  });
}

/**
 * Builds the production bundles (unless build is false) and packages the extension.
 * Returns the absolute path of the .vsix.
 */
export function packageExtension({ outFile = defaultVsixPath(), build = true, quiet = false, onVsceOutput } = {}) {
  const out = path.resolve(outFile);
  if (build) run([path.join(repoRoot, 'scripts', 'build.mjs'), '--production'], 'production build (scripts/build.mjs --production)', quiet);
  mkdirSync(path.dirname(out), { recursive: true });
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const output = run([vsce, 'package', '--no-dependencies', ...readmeLinkArgs(), '--out', out], 'vsce package', quiet);
  onVsceOutput?.(output);
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
    const findings = checkPackage(vsix);
    if (findings.length > 0) {
      console.warn(`\nBefore publishing (a marketplace would reject or show broken):\n${findings.map((f) => `  warning: ${f}`).join('\n')}`);
    } else {
      console.log('marketplace checks: nothing a marketplace would reject');
    }
  } catch (error) {
    console.error(`package: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
