#!/usr/bin/env node
// `npm run test:e2e`: the end-to-end suite in a real VS Code (code-server + Chromium).
// Extra arguments go to vitest, e.g. `npm run test:e2e -- activation` runs the matching files only.
//
// GRADLENS_SKIP_E2E=1 skips the suite, loudly. Otherwise a missing code-server cache or Chromium
// is an error: the suite never passes with nothing run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
const result = spawnSync(
  process.execPath,
  [vitest, 'run', '--config', path.join(repoRoot, 'test', 'e2e', 'vitest.config.mts'), ...process.argv.slice(2)],
  { cwd: repoRoot, stdio: 'inherit' },
);
console.log(`\nend-to-end suite finished in ${((Date.now() - started) / 1000).toFixed(0)} s; screenshots in artifacts/screenshots/`);
process.exit(result.status ?? 1);
