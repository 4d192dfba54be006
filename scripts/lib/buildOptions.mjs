// esbuild options shared by scripts/build.mjs, the CLI package (scripts/cli-package.mjs) and the tests
// that run the built `gradlens` bundle, so that all of them build the same thing.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The version every bundle reports (`gradlens --version`): package.json's, injected at build time. */
export function packageVersion() {
  return JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version;
}

/** Options for one Node bundle (CommonJS, `vscode` external). */
/**
 * What every bundle of scripts/build.mjs shares, Node and browser alike. The metafile tells which npm
 * packages each bundle holds: their licences go into dist/ThirdPartyNotices.txt.
 */
export function commonBuildOptions({ production = false } = {}) {
  return { bundle: true, minify: production, sourcemap: production ? false : 'linked', logLevel: 'info', legalComments: 'none', metafile: true };
}

export function nodeBuildOptions(entry, outfile, { production = false } = {}) {
  return {
    bundle: true,
    minify: production,
    sourcemap: production ? false : 'linked',
    logLevel: 'info',
    legalComments: 'none',
    entryPoints: [path.resolve(repoRoot, entry)],
    outfile: path.resolve(repoRoot, outfile),
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    // jsonc-parser's UMD build hides its modules from bundlers; its ESM build bundles cleanly.
    mainFields: ['module', 'main'],
    define: { GRADLENS_VERSION: JSON.stringify(packageVersion()) },
    // The command-line bundle is also the npm package's `bin`: it runs as a program of its own.
    ...(entry.endsWith('cli/main.ts') ? { banner: { js: '#!/usr/bin/env node' } } : {}),
  };
}
