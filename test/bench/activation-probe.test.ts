// The benchmark's activation budget loads the built extension with a stub `vscode` module
// (bench/vscode-stub.cjs). When the extension starts using a new value of the API at its top level
// (an enum such as SymbolKind), the stub must have it, or the budget reads "n/a: the probe failed".
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(__dirname, '../..');
const stage = mkdtempSync(path.join(tmpdir(), 'gradlens-activation-'));
afterAll(() => rmSync(stage, { recursive: true, force: true }));

describe('the activation probe of the benchmark', () => {
  it('loads and activates the extension bundle with the stub vscode module', async () => {
    mkdirSync(path.join(stage, 'dist'));
    copyFileSync(path.join(repoRoot, 'package.json'), path.join(stage, 'package.json'));
    await esbuild.build({
      entryPoints: [path.join(repoRoot, 'src/extension.ts')], outfile: path.join(stage, 'dist/extension.js'),
      bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], mainFields: ['module', 'main'], logLevel: 'silent',
    });
    const probe = spawnSync(process.execPath, [path.join(repoRoot, 'bench/activation-probe.cjs'), stage], { encoding: 'utf8', timeout: 120_000 });
    expect(probe.stderr).toBe('');
    const result = JSON.parse(probe.stdout.trim()) as { subscriptions: number };
    expect(result.subscriptions).toBeGreaterThan(10);
  }, 150_000);
});
