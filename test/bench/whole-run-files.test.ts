/**
 * The files of the benchmark's whole-run table: written deterministically, valid model files with the
 * networks the table names, and the TensorFlow.js script trains the same network on the same data and
 * prints the lines `gradlens train` prints. No timings are asserted here.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { removeFolder, wholeRunFolder, writeWholeRunFiles } from '../../bench/wholeRun';
import { openText } from '../helpers/examples';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dirs = [wholeRunFolder(), wholeRunFolder()];
const [first, second] = dirs.map((d) => writeWholeRunFiles(d, repoRoot));
afterAll(() => dirs.forEach(removeFolder));

describe('the whole-run files', () => {
  it('are the same on every run (seeded data)', () => {
    for (const name of ['wide.csv', 'large.csv', 'wide.nn.json', 'iris.nn.json', 'large.nn.json']) {
      expect(readFileSync(path.join(dirs[0], name), 'utf8')).toBe(readFileSync(path.join(dirs[1], name), 'utf8'));
    }
  });

  it('open as model files with the networks and data the tables name', () => {
    const shapes = [...first.cases.map((c) => c.file), first.large].map((file) => {
      const s = openText(readFileSync(file, 'utf8'), file);
      return `${s.model.inputs}-${s.model.layers.map((l) => l.units).join('-')} × ${s.model.data.train.inputs.rows}, batch ${s.model.train.batchSize}`;
    });
    expect(shapes).toEqual(['4-7-3 × 150, batch 1', '784-128-10 × 640, batch 64', '512-512-512-10 × 2560, batch 256']);
    expect(second.cases.map((c) => c.id)).toEqual(['iris', 'wide']);
  });

  it('train in TensorFlow.js with the same steps and the same printed lines as gradlens train', () => {
    // The Iris file with two epochs instead of twenty: the same script, a tenth of the steps.
    const model = JSON.parse(readFileSync(first.cases[0].file, 'utf8'));
    const file = path.join(dirs[0], 'iris-short.nn.json');
    writeFileSync(file, JSON.stringify({ ...model, train: { ...model.train, epochs: 2 } }));
    const run = spawnSync(process.execPath, [path.join(repoRoot, 'bench', 'tfjs-train.cjs'), file, 'cpu'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const lines = run.stdout.trim().split('\n');
    expect(lines.filter((l) => /^epoch \d+: loss [\d.]+ · accuracy [\d.]+ %$/.test(l))).toHaveLength(3);
    expect(lines.at(-1)).toMatch(/^done: loss [\d.]+ → [\d.]+ after 300 steps · accuracy [\d.]+ %$/);
  }, 600_000);
});
