#!/usr/bin/env node
// `npm run test:e2e`: the end-to-end suite in a real VS Code (code-server + Chromium).
// Extra arguments go to vitest, e.g. `npm run test:e2e -- activation` runs the matching files only.
//
// Two runs, one .vsix: first with the extension in the Node extension host (every file), then forced
// into the browser's web worker extension host as in vscode.dev (GRADLENS_E2E_HOST=web: the files of
// WEB_HOST_FILES in vitest.config.mts). GRADLENS_E2E_HOST=node or =web runs only that one.
//
// GRADLENS_SKIP_E2E=1 skips the suite, loudly. Otherwise a missing code-server cache or Chromium
// is an error: the suite never passes with nothing run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CODE_SERVER_VERSION, codeServerInstalled, missingCodeServerMessage, repoRoot } from '../../scripts/lib/code-server.mjs';

function banner(lines) {
  const width = Math.max(...lines.map((line) => line.length)) + 4;
  const bar = '#'.repeat(width);
  console.log(['', bar, ...lines.map((line) => `# ${line.padEnd(width - 4)} #`), bar, ''].join('\n'));
}

if (process.env.GRADLENS_SKIP_E2E === '1') {
  banner([
    'END-TO-END TESTS SKIPPED (GRADLENS_SKIP_E2E=1)',
    'Nothing was checked in a real VS Code. Unset GRADLENS_SKIP_E2E to run them.',
  ]);
  process.exit(0);
}

const chromium = process.env.GRADLENS_CHROMIUM || '/usr/bin/chromium';

// A fresh machine has neither: install them once (about two minutes), so `npm install && npm test` is enough.
if (!codeServerInstalled() || !existsSync(chromium)) {
  console.log(`\nnpm run test:e2e: installing code-server ${CODE_SERVER_VERSION} and Chromium first (scripts/setup-code-server.sh)\n`);
  const setup = spawnSync('bash', [path.join(repoRoot, 'scripts', 'setup-code-server.sh')], { cwd: repoRoot, stdio: 'inherit' });
  if (setup.status !== 0 || !codeServerInstalled()) {
    console.error(`\nnpm run test:e2e: cannot run the end-to-end suite.\n\n${missingCodeServerMessage()}\n` +
      '(Or set GRADLENS_SKIP_E2E=1 to skip the suite explicitly.)\n');
    process.exit(1);
  }
}

if (!existsSync(chromium)) {
  console.error(`\nnpm run test:e2e: Chromium is missing (${chromium}).\n` +
    'Install it with `npm run setup:code-server` (which installs the Debian package chromium),\n' +
    'or point GRADLENS_CHROMIUM at a Chromium executable.\n');
  process.exit(1);
}

const started = Date.now();
const vitest = path.join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');
const args = process.argv.slice(2);
const hosts = process.env.GRADLENS_E2E_HOST === 'web' ? ['web'] : process.env.GRADLENS_E2E_HOST === 'node' ? ['node'] : ['node', 'web'];

// Both runs test the same package: made once here (each run's global setup would otherwise package it again).
let vsix = process.env.GRADLENS_E2E_VSIX;
let packaged;
if (!vsix && hosts.length > 1) {
  const { packageExtension } = await import('../../scripts/package.mjs');
  packaged = mkdtempSync(path.join(tmpdir(), 'gradlens-e2e-vsix-'));
  vsix = packageExtension({ outFile: path.join(packaged, 'gradlens.vsix'), quiet: true });
  console.log(`[e2e] packaged the extension for both runs: ${vsix}`);
}

let status = 0;
for (const host of hosts) {
  if (hosts.length > 1) banner([`END-TO-END RUN ${hosts.indexOf(host) + 1} of ${hosts.length}: the extension in the ${host === 'web' ? 'web worker (browser) extension host' : 'Node extension host'}`]);
  // A file filter may match no file of the web run's subset: that run then has nothing to do.
  const extra = host === 'web' && hosts.length > 1 && args.length > 0 ? ['--passWithNoTests'] : [];
  const result = spawnSync(
    process.execPath,
    [vitest, 'run', '--config', path.join(repoRoot, 'test', 'e2e', 'vitest.config.mts'), ...extra, ...args],
    { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, GRADLENS_E2E_HOST: host, ...(vsix ? { GRADLENS_E2E_VSIX: vsix } : {}) } },
  );
  if (result.status !== 0) status = result.status ?? 1;
}
if (packaged) rmSync(packaged, { recursive: true, force: true });
console.log(`\nend-to-end suite (${hosts.join(' and ')} extension host${hosts.length > 1 ? 's' : ''}) finished in ${((Date.now() - started) / 1000).toFixed(0)} s; screenshots in artifacts/screenshots/`);
process.exit(status);
