/**
 * The command line follows the conventions graders expect: documented exit codes (each one tested,
 * the worst of several files winning), help per command, flags that mirror the extension's settings,
 * globs the shell left quoted, and a byte order mark read as VS Code reads it.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { HELP } from '../../src/cli/args';
import { parseModelText } from '../../src/model';
import { cli } from './runCli';
import { EXAMPLES_DIR, examplePath, exampleText } from '../helpers/examples';

const ROOT = path.resolve(__dirname, '..', '..');
const PASSING = examplePath('worked-example.nn.json');
const FAILING = examplePath('custom-derivative.nn.json');
const INVALID = path.resolve(__dirname, '..', 'fixtures', 'classroom', 'endless-epochs.nn.json');
const WARNED = path.resolve(__dirname, '..', 'fixtures', 'classroom', 'typo.nn.json');

describe('exit codes', () => {
  it('0: every file ran and passed', async () => {
    expect((await cli('check', PASSING)).code).toBe(0);
  });

  it('1: a file failed (a gradient check)', async () => {
    expect((await cli('check', PASSING, FAILING)).code).toBe(1);
  });

  it('1: under --strict, a file with warnings fails (check and report alike)', async () => {
    expect((await cli('check', '--strict', WARNED)).code).toBe(1);
    expect((await cli('report', '--strict', WARNED)).code).toBe(1);
    expect((await cli('report', WARNED)).code).toBe(0);
  });

  it('2: a file is invalid', async () => {
    expect((await cli('check', INVALID)).code).toBe(2);
  });

  it('2: the command line is wrong (the command\'s own usage is printed)', async () => {
    const run = await cli('check', '--stepz', PASSING);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown option '--stepz'");
    expect(run.stderr).toContain('Usage: gradlens check FILE...');
  });

  it('3: an internal error (here: standard output fails), reported without a stack trace', async () => {
    let stderr = '';
    const code = await runCli(['check', PASSING], { out: () => { throw new Error('EPIPE: broken pipe'); }, err: (t) => { stderr += t; }, isTerminal: false });
    expect(code).toBe(3);
    expect(stderr).toBe('gradlens: internal error (please report it): EPIPE: broken pipe\n');
  });

  it('mixed results exit with the worst: invalid (2) over failed (1) over passed (0), whatever the order', async () => {
    expect((await cli('check', FAILING, INVALID, PASSING)).code).toBe(2);
    expect((await cli('check', INVALID, FAILING)).code).toBe(2);
    expect((await cli('check', PASSING, FAILING, PASSING)).code).toBe(1);
  });

  it('are documented in every help text, in the command-line reference (docs/DEVELOPING.md) and in the report JSON spec', () => {
    for (const help of Object.values(HELP)) expect(help).toMatch(/0 {2}ran[^\n]*\n {2}1 {2}a file failed[^\n]*\n {2}2 {2}a file is invalid[^\n]*\n {2}3 {2}internal error/);
    const readme = readFileSync(path.join(ROOT, 'docs', 'DEVELOPING.md'), 'utf8');
    const spec = readFileSync(path.join(ROOT, 'docs', 'spec', 'report-json-v1.md'), 'utf8');
    for (const doc of [readme, spec]) {
      expect(doc).toMatch(/\| *3 *\| *internal error/i);
      expect(doc).toMatch(/worst/);
    }
  });
});

describe('help and version', () => {
  it.each(['report', 'train', 'check', 'grade'])('%s --help prints that command\'s usage and exits 0', async (command) => {
    const run = await cli(command, '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Usage: gradlens ${command}`);
    expect(run.stderr).toBe('');
  });

  it('-h and --help without a command print the overview', async () => {
    for (const flag of ['-h', '--help']) expect((await cli(flag)).stdout).toContain('gradlens grade RUBRIC.json SUBMISSION...');
  });
});

describe('flags that mirror the extension\'s settings', () => {
  it('--fail-threshold (gradlens.gradientCheck.failThreshold): a relative error below it no longer fails', async () => {
    const strictRun = await cli('check', '--json', FAILING);
    expect(JSON.parse(strictRun.stdout).results[0].status).toBe('fail');
    const lenient = await cli('check', '--json', '--fail-threshold=1', FAILING);
    expect(JSON.parse(lenient.stdout).results[0].status).toBe('warn');
    expect(lenient.code).toBe(0);
  });

  it('--epsilon (gradlens.gradientCheck.epsilon) is the check\'s step h', async () => {
    const run = await cli('report', PASSING, '--epsilon', '0.0001');
    expect(run.stdout).toContain('(h = 0.0001)');
  });

  it('--seed N is the file\'s seed: the same initial weights as writing "seed": N, without moving a line', async () => {
    const xor = examplePath('xor.nn.json');
    const seeded = JSON.parse((await cli('report', '--json', '--seed', '7', xor)).stdout);
    const plain = JSON.parse((await cli('report', '--json', xor)).stdout);
    expect(seeded.layers[0].weights.value).not.toEqual(plain.layers[0].weights.value);
    const text = exampleText('xor.nn.json');
    const written = /"seed"\s*:/.test(text) ? text.replace(/("seed"\s*:\s*)\d+/, '$17') : text.replace('{', '{ "seed": 7,');
    const model = parseModelText(written, { fileName: xor });
    expect(model.model!.seed).toBe(7);
    expect(seeded.layers.map((l: { line: number }) => l.line)).toEqual(plain.layers.map((l: { line: number }) => l.line));
  });
});

describe('files', () => {
  it('expands a glob the shell left quoted', async () => {
    const run = await cli('check', path.join(EXAMPLES_DIR, 'w*-example.nn.json'));
    expect(run.stdout).toContain(`${PASSING}: gradient check PASS`);
    expect(run.code).toBe(0);
  });

  it('keeps a glob that matches nothing, and says the file is missing', async () => {
    const run = await cli('check', path.join(EXAMPLES_DIR, 'nothing-*.nn.json'));
    expect(run.stderr).toContain('nothing-*.nn.json:1:1: error: cannot read the model file: no such file');
    expect(run.code).toBe(2);
  });

  it('the model reader (the extension\'s too) accepts a byte order mark, as whitespace: the same findings on the same lines', () => {
    const text = readFileSync(WARNED, 'utf8');
    const withBom = parseModelText(`\uFEFF${text}`, { fileName: WARNED });
    const without = parseModelText(text, { fileName: WARNED });
    const where = (r: typeof without) => r.diagnostics.map((d) => [d.code, d.message, d.range.start.line, d.range.start.character]);
    expect(where(withBom)).toEqual(where(without));
    expect(withBom.model?.layers.map((l) => l.name)).toEqual(without.model?.layers.map((l) => l.name));
  });

  it('the CLI drops a byte order mark as VS Code does: positions on the first line agree with the editor\'s', async () => {
    const file = path.join(require('node:fs').mkdtempSync(path.join(require('node:os').tmpdir(), 'gradlens-bom-')), 'bom.nn.json');
    require('node:fs').writeFileSync(file, '\uFEFF{ "inputz": 2 }');
    const run = await cli('check', file);
    expect(run.stderr).toContain(`${file}:1:3: warning: unknown key 'inputz'`);
  });
});

describe('divergence in report --steps', () => {
  it('report --json --steps N carries the diverging-loss warning with the step where it started', async () => {
    const file = path.resolve(__dirname, '..', 'fixtures', 'classroom', 'diverging.nn.json');
    const report = JSON.parse((await cli('report', '--json', '--steps', '4', file)).stdout);
    const warning = report.diagnostics.find((d: { code: string }) => d.code === 'diverging-loss');
    expect(warning.message).toMatch(/^training diverges: the loss grew from 54\.087 at step 0 to 7\.63448e110 at step 4/);
    expect(warning.severity).toBe('warning');
  });
});
