/** The `gradlens` commands as a teacher uses them: report, train, check, and what happens with bad input. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cli } from './runCli';
import { examplePath, exampleText } from '../helpers/examples';

const MALFORMED = path.resolve(__dirname, '..', 'fixtures', 'malformed');

describe('gradlens report (text)', () => {
  it('prints the loss, each layer\'s gradient norms and the gradient check', async () => {
    const run = await cli('report', examplePath('worked-example.nn.json'));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('squared loss 0.298371');
    expect(run.stdout).toMatch(/hidden\s+7\s+sigmoid\s+1\.48e-3/);
    expect(run.stdout).toMatch(/output\s+9\s+sigmoid\s+1\.21e-1/);
    expect(run.stdout).toContain('Gradient check: PASS');
    expect(run.stdout).toContain('No diagnostics.');
  });

  it('lists the warnings of a broken network with their lines and fixes', async () => {
    const run = await cli('report', examplePath('dying-relu.nn.json'));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/line 9:\d+: warning dead-relu \(layer hidden\)/);
    expect(run.stdout).toContain('fix: Use He initialisation');
  });
});

describe('gradlens check (autograding)', () => {
  it('exits 0 when every gradient check passes', async () => {
    const run = await cli('check', examplePath('worked-example.nn.json'), examplePath('iris.nn.json'));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('worked-example.nn.json: gradient check PASS');
  });

  it('exits 1 and names the df line when a hand-written derivative is wrong', async () => {
    const file = examplePath('custom-derivative.nn.json');
    const run = await cli('check', examplePath('worked-example.nn.json'), file);
    expect(run.code).toBe(1);
    const dfLine = exampleText('custom-derivative.nn.json').split('\n').findIndex((l) => l.includes('"df":')) + 1;
    expect(run.stdout).toContain(`${file}:${dfLine}:`);
    expect(run.stdout).toContain('gradient check FAIL');
  });

  it('passes once the derivative is corrected', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gradlens-check-'));
    const fixed = path.join(dir, 'fixed.nn.json');
    writeFileSync(fixed, exampleText('custom-derivative.nn.json').replace('"df": "1 / (1 + abs(x))"', '"df": "1 / (1 + abs(x))^2"'));
    const run = await cli('check', fixed);
    expect(run.stdout).toContain('gradient check PASS');
    expect(run.code).toBe(0);
  });

  it('can print its results as JSON', async () => {
    const run = await cli('check', '--json', examplePath('custom-derivative.nn.json'));
    const parsed = JSON.parse(run.stdout);
    expect(parsed.results[0]).toMatchObject({ status: 'fail' });
    expect(run.code).toBe(1);
  });
});

describe('gradlens train', () => {
  it('prints the loss of every epoch and the accuracy for classification', async () => {
    const run = await cli('train', examplePath('xor.nn.json'), '--epochs', '20');
    expect(run.code).toBe(0);
    const epochs = run.stdout.split('\n').filter((l) => /^epoch \d+:/.test(l));
    expect(epochs).toHaveLength(21);
    expect(epochs[20]).toMatch(/^epoch 20: loss [\d.]+ · accuracy [\d.]+ %/);
    expect(run.stdout).toMatch(/done: loss [\d.]+ → [\d.]+ after 20 steps/);
  });

  it('learns Iris well enough to classify most held-out flowers', async () => {
    const run = await cli('train', examplePath('iris.nn.json'), '--epochs', '10');
    const test = /test accuracy ([\d.]+) %/.exec(run.stdout);
    expect(test).not.toBeNull();
    expect(Number(test![1])).toBeGreaterThan(80);
  });
});

describe('bad input', () => {
  const fixtures = readdirSync(MALFORMED).filter((f) => f.endsWith('.nn.json'));

  it('has a corpus of at least 50 malformed model files', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(50);
  });

  it.each(fixtures)('%s: exit 2 with FILE:LINE:COL at the expected place and no stack trace', async (name) => {
    const file = path.join(MALFORMED, name);
    const expected = /\/\/ expect: (\d+):(\d+) ([\w-]+)/.exec(readFileSync(file, 'utf8'));
    const run = await cli('report', file);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    for (const line of run.stderr.trim().split('\n')) expect(line.startsWith(`${file}:`)).toBe(true);
    if (expected) expect(run.stderr).toContain(`${file}:${expected[1]}:${expected[2]}: `);
  });

  it('says when the file does not exist', async () => {
    const run = await cli('report', '/nonexistent/model.nn.json');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('/nonexistent/model.nn.json:1:1: error: cannot read the model file: no such file [unreadable]\n');
  });

  it('explains a wrong command line with the usage', async () => {
    const run = await cli('report', 'a.nn.json', '--steps', 'many');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--steps takes a whole number, not 'many'");
    expect(run.stderr).toContain('Usage:');
  });
});

describe('gradlens --version', () => {
  it('names the version and which kernels the dense products run on', async () => {
    const run = await cli('--version');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^gradlens \S+\nkernels: wasm-simd \(WebAssembly SIMD f64x2 from \d+–\d+ samples and \d+–\d+ multiply-adds per product; TypeScript below; one thread \(no helper thread on this platform\)\)\n$/);
  });
});
