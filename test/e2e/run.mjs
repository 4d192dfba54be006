#!/usr/bin/env node
// `npm run test:e2e`: the end-to-end suite in a real VS Code (code-server + Chromium).
// Extra arguments go to vitest, e.g. `npm run test:e2e -- activation` runs the matching files only.
//
// Without arguments (as in `npm test`) it makes every run of E2E_RUNS in turn: the whole suite in
// the default code-server with the extension in the Node extension host; the files of WEB_HOST_FILES
// (test/e2e/vitest.config.mts) with the extension forced into the browser's web worker extension host,
// as in vscode.dev (GRADLENS_E2E_HOST=web); then the core files in the oldest VS Code engines.vscode admits. With
// arguments, or with GRADLENS_CODE_SERVER_VERSION set, it makes one run: those arguments in that release.
// GRADLENS_E2E_RUNS=main,oldest picks runs by name.
//
// GRADLENS_SKIP_E2E=1 skips the suite, loudly. Otherwise a missing code-server cache or Chromium
// is an error: the suite never passes with nothing run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CODE_SERVER_VERSION,
  OLDEST_CODE_SERVER_VERSION,
  codeServerInstalled,
  missingCodeServerMessage,
  repoRoot,
} from '../../scripts/lib/code-server.mjs';

/**
 * The runs of a plain `npm run test:e2e`, in order. Each is vitest over the suite with `args` and the
 * extra environment `env` (read by scripts/lib/code-server.mjs and test/e2e/harness/globalSetup.ts).
 */
export const E2E_RUNS = [
  { name: 'main', title: `the whole suite in code-server ${CODE_SERVER_VERSION}`, version: CODE_SERVER_VERSION, env: {}, args: [] },
  {
    name: 'web',
    title: `the web host's files in code-server ${CODE_SERVER_VERSION}, the extension in the browser's web worker extension host`,
    version: CODE_SERVER_VERSION,
    env: { GRADLENS_E2E_HOST: 'web', GRADLENS_E2E_SCREENSHOT_DIR: path.join('artifacts', 'screenshots', 'web') },
    args: [],
  },
  {
    name: 'oldest',
    title: `the core files in code-server ${OLDEST_CODE_SERVER_VERSION} (VS Code 1.75.1, the oldest engines.vscode admits)`,
    version: OLDEST_CODE_SERVER_VERSION,
    env: {
      GRADLENS_CODE_SERVER_VERSION: OLDEST_CODE_SERVER_VERSION,
      GRADLENS_E2E_SCREENSHOT_DIR: path.join('artifacts', `screenshots-code-server-${OLDEST_CODE_SERVER_VERSION}`),
    },
    // The theme screenshots are left out: the "Modern" themes they switch to arrived in VS Code 1.78.
    args: ['activation', 'node-host', 'worked-example', 'editing', '-t', '^(?!.*looks right in the dark).*$'],
  },
];

function banner(lines) {
  const width = Math.max(...lines.map((line) => line.length)) + 4;
  const bar = '#'.repeat(width);
  console.log(['', bar, ...lines.map((line) => `# ${line.padEnd(width - 4)} #`), bar, ''].join('\n'));
}

/** The runs this invocation makes. */
function selectedRuns(argv) {
  if (process.env.GRADLENS_E2E_RUNS) {
    const names = process.env.GRADLENS_E2E_RUNS.split(',').map((name) => name.trim()).filter(Boolean);
    const unknown = names.filter((name) => !E2E_RUNS.some((run) => run.name === name));
    if (unknown.length > 0) {
      console.error(`GRADLENS_E2E_RUNS: no run called ${unknown.join(', ')} (runs: ${E2E_RUNS.map((run) => run.name).join(', ')})`);
      process.exit(2);
    }
    return E2E_RUNS.filter((run) => names.includes(run.name))
      .map((run) => ({ ...run, title: argv.length > 0 ? `${run.title}, filtered by: ${argv.join(' ')}` : run.title, args: [...run.args, ...argv] }));
  }
  if (argv.length > 0 || process.env.GRADLENS_CODE_SERVER_VERSION) {
    return [{ name: 'one', title: `code-server ${CODE_SERVER_VERSION}`, version: CODE_SERVER_VERSION, env: {}, args: argv }];
  }
  return E2E_RUNS;
}

/** Installs that release (and Chromium) when missing; exits with a clear message when it cannot. */
function ensureCodeServer(version, chromium) {
  if (codeServerInstalled(version) && existsSync(chromium)) return;
  // A fresh machine has neither: install them once (about two minutes each), so `npm install && npm test` is enough.
  console.log(`\nnpm run test:e2e: installing code-server ${version} and Chromium first (scripts/setup-code-server.sh)\n`);
  const setup = spawnSync('bash', [path.join(repoRoot, 'scripts', 'setup-code-server.sh')], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, GRADLENS_CODE_SERVER_VERSION: version },
  });
  if (setup.status !== 0 || !codeServerInstalled(version)) {
    console.error(`\nnpm run test:e2e: cannot run the end-to-end suite.\n\n${missingCodeServerMessage(version)}\n` +
      '(Or set GRADLENS_SKIP_E2E=1 to skip the suite explicitly.)\n');
    process.exit(1);
  }
  if (!existsSync(chromium)) {
    console.error(`\nnpm run test:e2e: Chromium is missing (${chromium}).\n` +
      'Install it with `npm run setup:code-server` (which installs the Debian package chromium),\n' +
      'or point GRADLENS_CHROMIUM at a Chromium executable.\n');
    process.exit(1);
  }
}

/**
 * The web run's code-server copy with VS Code's Markdown extension's browser build (scripts/lib/markdown-web.mjs),
 * made here at setup so its download happens before the suite, not in its globalSetup (which then finds it cached);
 * exits with its one clear sentence when it cannot.
 */
async function ensureMarkdownWeb() {
  const { markdownWebCodeServerEntry } = await import('../../scripts/lib/markdown-web.mjs');
  try {
    markdownWebCodeServerEntry();
  } catch (error) {
    console.error(`\nnpm run test:e2e: cannot run the web host's end-to-end run.\n\n${error.message}\n`);
    process.exit(1);
  }
}

/** vitest over the suite for one run; returns its exit status. */
function runSuite(run, extraEnv) {
  const vitest = path.join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');
  const result = spawnSync(
    process.execPath,
    [vitest, 'run', '--config', path.join(repoRoot, 'test', 'e2e', 'vitest.config.mts'), ...run.args],
    { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, ...extraEnv, ...run.env } },
  );
  return result.status ?? 1;
}

async function main() {
  if (process.env.GRADLENS_SKIP_E2E === '1') {
    banner([
      'END-TO-END TESTS SKIPPED (GRADLENS_SKIP_E2E=1)',
      'Nothing was checked in a real VS Code. Unset GRADLENS_SKIP_E2E to run them.',
    ]);
    return 0;
  }
  const chromium = process.env.GRADLENS_CHROMIUM || '/usr/bin/chromium';
  const runs = selectedRuns(process.argv.slice(2));
  for (const run of runs) ensureCodeServer(run.version, chromium);
  if (runs.some((run) => (run.env.GRADLENS_E2E_HOST ?? process.env.GRADLENS_E2E_HOST) === 'web')) await ensureMarkdownWeb();

  // Several runs test one .vsix, packaged once (each run would otherwise package its own).
  const extraEnv = {};
  let packagedIn;
  if (runs.length > 1 && !process.env.GRADLENS_E2E_VSIX) {
    const { packageExtension } = await import('../../scripts/package.mjs');
    packagedIn = mkdtempSync(path.join(tmpdir(), 'gradlens-e2e-vsix-'));
    extraEnv.GRADLENS_E2E_VSIX = packageExtension({ outFile: path.join(packagedIn, 'gradlens.vsix'), quiet: true });
  }

  const results = [];
  try {
    for (const run of runs) {
      if (runs.length > 1) banner([`END-TO-END RUN "${run.name}": ${run.title}`]);
      const started = Date.now();
      const status = runSuite(run, extraEnv);
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      const screenshots = run.env.GRADLENS_E2E_SCREENSHOT_DIR ?? path.join('artifacts', 'screenshots');
      console.log(`\nend-to-end run "${run.name}" ${status === 0 ? 'passed' : 'FAILED'} in ${seconds} s; screenshots in ${screenshots}/`);
      results.push({ run, status });
    }
  } finally {
    if (packagedIn) rmSync(packagedIn, { recursive: true, force: true });
  }
  const failed = results.filter((result) => result.status !== 0);
  if (runs.length > 1) {
    console.log(`\nend-to-end runs: ${results.map(({ run, status }) => `${run.name} ${status === 0 ? 'passed' : 'FAILED'}`).join(', ')}`);
  }
  return failed.length === 0 ? 0 : failed[0].status;
}

process.exit(await main());
