/**
 * The `gradlens` npm package as a grader gets it: `npm pack` of the staged package holds only the
 * bundle, its manifest, README and LICENSE, needs no dependencies, and once installed from the tarball
 * in an empty folder (offline: nothing is fetched), `npx gradlens` runs without this repository.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packCli } from '../../scripts/cli-package.mjs';
import { repoRoot } from '../../scripts/lib/buildOptions.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
let tmp = '';
let tarball = '';
let project = '';

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'gradlens-cli-package-'));
  tarball = await packCli({ outDir: tmp, stageDir: path.join(tmp, 'stage'), quiet: true });
  project = path.join(tmp, 'grader');
  execFileSync('mkdir', ['-p', project]);
  execFileSync(npm, ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: project, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
}, 180_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the gradlens npm package', () => {
  it('holds only the bundle, its manifest, README and LICENSE, and depends on nothing', () => {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
    expect(files).toEqual(['package/LICENSE', 'package/README.md', 'package/dist/cli.js', 'package/package.json']);
    const manifest = JSON.parse(execFileSync('tar', ['xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
    expect(manifest.private).toBeUndefined();
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.version).toBe(JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version);
  });

  it('installed from the tarball in an empty folder, `npx gradlens --version` prints the version', () => {
    const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const out = execFileSync(npx, ['--offline', 'gradlens', '--version'], { cwd: project, encoding: 'utf8' });
    // The first line is the version (a second line names the kernels the products run on).
    expect(out.split('\n')[0]).toBe(`gradlens ${version}`);
  });

  it('checks a model from there, each file in its own worker (the installed bundle is its own worker)', () => {
    let code = 0;
    let out = '';
    try {
      out = execFileSync(npx, ['--offline', 'gradlens', 'check', path.join(repoRoot, 'examples', 'worked-example.nn.json'), path.join(repoRoot, 'examples', 'custom-derivative.nn.json')], { cwd: project, encoding: 'utf8' });
    } catch (error) {
      code = (error as { status: number }).status;
      out = String((error as { stdout: string }).stdout);
    }
    expect(out).toContain('worked-example.nn.json: gradient check PASS');
    expect(out).toContain('custom-derivative.nn.json: gradient check FAIL');
    expect(code).toBe(1);
  });
});
