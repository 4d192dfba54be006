// The desktop in-host suite (test/electron/suite, normally run by @vscode/test-electron) run here in
// code-server, against the packaged extension: VS Code's `payload` loads the installed .vsix folder
// as the extension under development and runs the bundled suite in that window's extension host.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { useWorkbench } from './harness/workbench';

const e2e = inject('gradlensE2E');
const suite = path.join(e2e.root, 'inhost', 'suite.js');

function installedExtension(): string {
  const extensions = path.join(e2e.root, 'extensions');
  const installed = JSON.parse(readFileSync(path.join(extensions, 'extensions.json'), 'utf8')) as {
    identifier: { id: string };
    relativeLocation: string;
  }[];
  const entry = installed.find((item) => item.identifier.id === e2e.extensionId);
  if (!entry) throw new Error(`${e2e.extensionId} is not installed in ${extensions}`);
  return path.join(extensions, entry.relativeLocation);
}

describe('the in-host suite of test/electron', () => {
  beforeAll(async () => {
    await esbuild.build({
      entryPoints: [path.join(e2e.repoRoot, 'test', 'electron', 'suite', 'index.ts')],
      outfile: suite,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: ['vscode'],
      logLevel: 'warning',
    });
  });

  const vs = useWorkbench({ extensionTests: { extensionPath: installedExtension(), testsPath: suite } });

  it('passes inside VS Code', async () => {
    const summary = await vs.waitForConsole(/\d+ passed, \d+ failed/, 150_000);
    const lines = vs.consoleMessages.filter((message) => /^\S*.*[✓✗]/.test(message)).map((message) => message.replace(/^%c\s*\w+\s+color:\s*#\w+\s*/, ''));
    console.log(lines.join('\n'));
    expect(summary).toMatch(/\b0 failed/);
    expect(lines.some((line) => line.includes('✓'))).toBe(true);
  }, 180_000);
});
