/**
 * Issue 19, item 7: overflow was blamed on the wrong place. A CSV column of ±1e308 with `zscore` was
 * silently zeroed and `check` passed; with `minmax` the inputs became NaN and the message blamed "the
 * backward computation of this layer". A NaN reaching the output added gradient-check errors ("it
 * gives NaN but nudging … says NaN") advising a `df` fix on layers that have none. Non-finite values
 * are traced to the first operation that produced them, forward or backward, with no gradient-check
 * noise on top.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openText } from '../helpers/examples';
import { runCliProcess, tempFolder } from './helpers';

const BIG = [1e308, -1e308, 1e308, -1e308, 5e307, -5e307];

function model(normalize: string): string {
  return JSON.stringify({
    name: 'huge', seed: 1, inputs: 2,
    layers: [{ name: 'hidden', units: 3, activation: 'tanh' }, { name: 'out', units: 1, activation: 'sigmoid' }],
    loss: 'mse', data: { csv: 'big.csv', features: ['big', 'small'], target: 'y', normalize },
  });
}

/** Unnormalised inputs of 1e308 summed twice by a linear layer: 2e308 overflows to Infinity in the forward pass. */
const RAW = JSON.stringify({
  name: 'raw', inputs: 2,
  layers: [
    { name: 'sum', units: 1, activation: 'linear', weights: [[1, 1]], bias: [0] },
    { name: 'out', units: 1, activation: 'sigmoid', weights: [[0.5]], bias: [0] },
  ],
  loss: 'mse', data: { inputs: [[1e308, 1e308], [1, 2]], targets: [[1], [0]] },
});

function folder(): string {
  const dir = tempFolder('overflow');
  writeFileSync(path.join(dir, 'big.csv'), `big,small,y\n${BIG.map((v, i) => `${v},${i / 10},${i % 2}`).join('\n')}\n`);
  for (const n of ['zscore', 'minmax']) writeFileSync(path.join(dir, `${n}.nn.json`), model(n));
  writeFileSync(path.join(dir, 'raw.nn.json'), RAW);
  return dir;
}

describe('a column of ±1e308', () => {
  const dir = folder();
  const analysed = (n: string) => openText(model(n), path.join(dir, `${n}.nn.json`)).analyse().analysis!;

  it('zscore normalises it to finite, non-zero inputs (not silently zeros)', () => {
    const a = analysed('zscore');
    const big = a.sampleInputs.map((row) => row[0]!);
    expect(big.every(Number.isFinite)).toBe(true);
    expect(big.every((v) => Math.abs(v) > 0.1)).toBe(true);
    expect(big[0]!).toBeCloseTo(-big[1]!, 12);
  });

  it('minmax normalises it into [0, 1], exactly 0 and 1 at its ends', () => {
    const big = analysed('minmax').sampleInputs.map((row) => row[0]!);
    expect(Math.min(...big) === 0).toBe(true);
    expect(Math.max(...big)).toBe(1);
    expect(big.every(Number.isFinite)).toBe(true);
  });

  it('unnormalised and summed, the overflow is reported where it happens in the forward pass, with no gradient-check errors on top', () => {
    const a = openText(RAW, path.join(dir, 'raw.nn.json')).analyse().analysis!;
    const nonFinite = a.warnings.filter((w) => w.code === 'non-finite');
    expect(nonFinite).toHaveLength(1);
    expect(nonFinite[0]!.layer).toBe('sum');
    expect(nonFinite[0]?.details?.phase).toBe('forward');
    expect(nonFinite[0]!.message).not.toMatch(/backward/);
    expect(a.warnings.filter((w) => w.code === 'gradcheck-failed')).toEqual([]);
    expect(a.warnings.map((w) => w.message).join('\n')).not.toMatch(/nudging|derivative|df/);
  });

  it('gradlens check names the overflow, not a back-propagation error', async () => {
    const run = await runCliProcess(['check', 'raw.nn.json'], dir);
    expect(run.stdout).toMatch(/Infinity|NaN/);
    expect(run.stdout).toMatch(/forward|appeared/);
    expect(run.stdout).not.toMatch(/Back-propagation disagrees/);
    const zscore = await runCliProcess(['check', 'zscore.nn.json'], dir);
    expect(zscore.stdout).toMatch(/PASS/);
    const minmax = await runCliProcess(['check', 'minmax.nn.json'], dir);
    expect(minmax.stdout).toMatch(/PASS/);
    expect(minmax.stdout).not.toMatch(/NaN/);
  }, 120_000);
});

describe('a NaN reaching the output', () => {
  it('from a custom activation overflowing in the forward pass: one non-finite error naming that activation, and no df advice for other layers', () => {
    const a = openText(JSON.stringify({
      name: 'blowup', seed: 4, inputs: 1,
      layers: [
        { name: 'hidden', units: 2, activation: 'tanh' },
        { name: 'boom', units: 1, activation: { name: 'exp3', f: 'exp(exp(exp(x * 100)))', df: 'exp(exp(exp(x * 100)))' } },
      ],
      loss: 'mse', data: { inputs: [[1], [2]], targets: [[0], [1]] },
    }), '/work/blowup.nn.json').analyse().analysis!;
    const nonFinite = a.warnings.filter((w) => w.code === 'non-finite');
    expect(nonFinite).toHaveLength(1);
    expect(nonFinite[0]!.layer).toBe('boom');
    expect(nonFinite[0]?.details?.phase).toBe('forward');
    expect(a.warnings.filter((w) => w.code === 'gradcheck-failed')).toEqual([]);
  });
});
