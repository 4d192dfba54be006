/**
 * Runs the in-host suite (suite/index.ts) inside a real desktop VS Code downloaded by
 * @vscode/test-electron. Not part of `npm test` (these machines cannot download VS Code); run it with
 * `node scripts/test-electron.mjs`, which bundles this file to out/electron/runTest.js first.
 *
 * Environment: VSCODE_VERSION (default 1.100.3, the oldest VS Code GradLens supports).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  // Bundled to <repo>/out/electron/runTest.js.
  const repoRoot = path.resolve(__dirname, '..', '..');
  const workspace = mkdtempSync(path.join(tmpdir(), 'gradlens-electron-'));
  const examples = path.join(workspace, 'examples');
  cpSync(path.join(repoRoot, 'examples'), examples, { recursive: true });
  try {
    await runTests({
      version: process.env.VSCODE_VERSION ?? '1.100.3',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'electron', 'suite', 'index.js'),
      launchArgs: [
        examples,
        '--disable-extensions', // every other installed extension
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${path.join(workspace, 'user-data')}`,
      ],
      extensionTestsEnv: { GRADLENS_ELECTRON_EXAMPLES: examples },
    });
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
