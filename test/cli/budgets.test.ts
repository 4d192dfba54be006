/**
 * Budgets per file, asserted by their outcome, never by a duration: work no machine finishes under a
 * tiny --timeout, a model whose arrays exceed a small --max-memory, and the sample limit met while the
 * text is scanned (the place where the limit was crossed is reported). Each yields a clear per-file
 * failure and the run goes on to the next file.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './runCli';
import { runBundle } from './bundle';
import { examplePath } from '../helpers/examples';
import { inlineSampleLimit } from '../../src/model/inlineSamples';

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'gradlens-budgets-'));
}

/** 1,000 samples through two 100-unit layers, every step a full batch: 10,000,000 steps are about 10^14 operations. */
function heavyModel(): string {
  const rows = Array.from({ length: 1000 }, (_, i) => `[${(i % 13) / 13}, ${(i % 7) / 7}]`).join(',');
  const targets = Array.from({ length: 1000 }, (_, i) => `[${i % 2}]`).join(',');
  return `{ "inputs": 2, "layers": [ { "units": 100, "activation": "tanh" }, { "units": 100, "activation": "tanh" }, { "units": 1, "activation": "sigmoid" } ],
  "loss": "binary-cross-entropy", "data": { "inputs": [${rows}], "targets": [${targets}] }, "train": { "batchSize": 1000 } }`;
}

describe('the time budget (--timeout)', () => {
  it('stops a submission whose training task no machine finishes, scores it 0 with the reason, and grades the next', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'a-endless'));
    writeFileSync(path.join(dir, 'a-endless', 'model.nn.json'), heavyModel());
    mkdirSync(path.join(dir, 'b-broken'));
    writeFileSync(path.join(dir, 'b-broken', 'model.nn.json'), '{ "inputs": 2, "layers": [ }');
    const rubric = path.join(dir, 'endless.rubric.json');
    writeFileSync(rubric, JSON.stringify({ version: 1, tasks: [{ id: 'fit', kind: 'train', points: 1, metric: 'loss', threshold: -1, steps: 10_000_000 }] }));
    const run = await runBundle(['grade', rubric, path.join(dir, 'a-endless'), path.join(dir, 'b-broken'), '--format', 'json', '--timeout', '2'], { killAfterMs: 120_000 });
    const grades = JSON.parse(run.stdout);
    expect(grades.submissions[0]).toMatchObject({ status: 'invalid', points: 0 });
    expect(grades.submissions[0].tasks[0].reasons[0]).toBe('the analysis took longer than its budget of 2 s (--timeout)');
    // The next submission got its own result.
    expect(grades.submissions[1].tasks[0].reasons[0]).toMatch(/^the model file is invalid: line 1: /);
    expect(run.code).toBe(2);
  });
});

describe('the memory ceiling (--max-memory)', () => {
  it('refuses a model whose arrays would not fit, before building them, and checks the next file', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'd.csv'), `x,y\n${Array.from({ length: 20_000 }, (_, i) => `${i % 7},${i % 2}`).join('\n')}\n`);
    const file = path.join(dir, 'wide.nn.json');
    writeFileSync(file, '{"inputs":1,"layers":[{"units":1000,"activation":"tanh"},{"units":1000,"activation":"tanh"},{"units":1}],"loss":"mse","data":{"csv":"d.csv","target":"y"}}');
    const run = await cli('check', '--max-memory', '64', file, examplePath('worked-example.nn.json'));
    expect(run.stderr).toMatch(/wide\.nn\.json:1:1: error: the analysis would need about [\d,]+ MB for 20,000 samples through 3 layers; its memory ceiling is 64 MB \(--max-memory\) \[memory-budget\]/);
    expect(run.stdout).toContain('worked-example.nn.json: gradient check PASS');
    expect(run.code).toBe(2);
  });
});

describe('the sample limit, applied while scanning', () => {
  it('stops at the first inline row past the limit and points at it', () => {
    const text = `{\n "inputs": 1,\n "data": { "inputs": [\n${Array.from({ length: 12 }, (_, i) => `  [${i}]`).join(',\n')}\n ] }\n}`;
    const problem = inlineSampleLimit(text, 10)!;
    expect(problem.code).toBe('model-too-large');
    expect(problem.range.start.line).toBe(3 + 10); // row 11 (0-based line 13)
    expect(problem.message).toContain('more than 10 samples (this is row 11)');
    expect(inlineSampleLimit(text, 12)).toBeUndefined();
  });

  it('counts test rows too, and nothing else', () => {
    const text = '{ "layers": [[1], [2], [3]], "data": { "inputs": [[1], [2]], "targets": [[1], [2], [3]], "test": { "inputs": [[1], [2]] } } }';
    expect(inlineSampleLimit(text, 4)).toBeUndefined();
    expect(inlineSampleLimit(text, 3)?.code).toBe('model-too-large');
  });

  it('gradlens check reports a file of 250,000 inline rows (within the size cap) at the row that crossed 200,000', async () => {
    const file = path.join(tempDir(), 'rows.nn.json');
    writeFileSync(file, `{ "inputs": 1, "layers": [{ "units": 1 }], "loss": "mse",\n "data": { "inputs": [\n${'[0],\n'.repeat(250_000)}[0]], "targets": [[0]] } }`);
    const run = await cli('check', file);
    expect(run.stderr).toContain(`${file}:200003:1: error: The data has more than 200,000 samples (this is row 200,001)`);
    expect(run.code).toBe(2);
  });
});
