/**
 * The built `gradlens` lets large products use a second thread (src/worker/nodeKernelThreads.ts) and
 * says so on --version's second line; the helper thread never keeps the tool alive: after products
 * large enough to be split, in the file-job worker (`report`) and in the tool's own thread (`train`),
 * the process ends by itself with its exit code (the kill timer is only a safety net: a hang would
 * show as a signal, never asserted as a duration).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TWO_THREADS_FROM } from '../../src/engine/products';
import { runBundle } from './bundle';

/** A 256-256-10 network on 64 inline samples: its forward product has 64·256·256 = 4,194,304 multiply-adds. */
function largeModel(): string {
  const inputs = 256, samples = 64;
  expect(samples * inputs * inputs).toBeGreaterThanOrEqual(TWO_THREADS_FROM);
  let seed = 7;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  const rows = Array.from({ length: samples }, () => Array.from({ length: inputs }, () => Number(next().toFixed(4))));
  const targets = Array.from({ length: samples }, (_, i) => Array.from({ length: 10 }, (_, c) => (c === i % 10 ? 1 : 0)));
  const model = {
    name: 'wide enough for two threads', seed: 1, inputs,
    layers: [{ name: 'hidden', units: 256, activation: 'relu' }, { name: 'output', units: 10, activation: 'softmax' }],
    loss: 'cross-entropy', data: { inputs: rows, targets },
    train: { optimizer: 'sgd', learningRate: 0.01, epochs: 20 },
  };
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'gradlens-threads-')), 'wide.nn.json');
  writeFileSync(file, JSON.stringify(model));
  return file;
}

describe('gradlens on two threads', () => {
  it('--version\'s second line says large products use two threads, with the Node helper', async () => {
    const run = await runBundle(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[1]).toMatch(new RegExp(`^kernels: wasm-simd \\(.*; two threads from ${TWO_THREADS_FROM} multiply-adds \\(node:worker_threads helper not started\\)\\)$`));
  });

  it('report (in a file-job worker) and train (in the tool\'s thread) run split products and the process exits', async () => {
    const file = largeModel();
    const report = await runBundle(['report', file, '--json'], { killAfterMs: 300_000 });
    expect(report.signal).toBeNull();
    expect(report.stderr).toBe('');
    expect(JSON.parse(report.stdout).gradcheck.status).toBe('pass');
    expect(report.code).toBe(0);
    const train = await runBundle(['train', file, '--json'], { killAfterMs: 300_000 });
    expect(train.signal).toBeNull();
    expect(train.code).toBe(0);
  }, 600_000);
});
