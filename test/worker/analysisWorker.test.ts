/**
 * The real analysis worker in a real worker thread (bundled with esbuild as for the extension):
 * it analyses, trains with progress, pauses on request, resets, and reports invalid files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { AnalysisWorkerClient, type WorkerLike } from '../../src/session/workerClient';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { examplePath, exampleText } from '../helpers/examples';
import { expectPublished } from '../helpers/published';

let client: AnalysisWorkerClient;
const infos: string[] = [];
const log = { info: (m: string) => { infos.push(m); }, warn: () => undefined, error: () => undefined };

beforeAll(async () => {
  const outfile = path.join(mkdtempSync(path.join(tmpdir(), 'gradlens-worker-')), 'worker.js');
  await build({
    entryPoints: [path.resolve(__dirname, '../../src/worker/analysisWorker.ts')],
    bundle: true, platform: 'node', format: 'cjs', outfile, mainFields: ['module', 'main'], logLevel: 'silent',
  });
  client = new AnalysisWorkerClient(() => new Worker(outfile) as unknown as WorkerLike, log, 30_000);
});
afterAll(() => client.dispose());

function document(name: string, version = 1, text = exampleText(name)) {
  return { uri: `file://${examplePath(name)}`, version, text, fileName: examplePath(name), settings: DEFAULT_ANALYSIS_SETTINGS };
}

describe('the analysis worker', () => {
  it('analyses the worked example', async () => {
    const answer = await client.request({ type: 'analyze', document: document('worked-example.nn.json') });
    expectPublished(answer.outcome.analysis!.loss, '0.298371109');
    expect(answer.outcome.analysis!.step).toBe(0);
  });

  it('says in the log, when it starts, that its products run on the WebAssembly SIMD kernels', () => {
    // The worker's first message is 'started'; the answer above came after it.
    expect(infos).toEqual([expect.stringMatching(/^analysis worker started; kernels: wasm-simd \(WebAssembly SIMD f64x2 from \d+–\d+ samples and \d+–\d+ multiply-adds/)]);
  });

  it('steps, keeps the session between requests, and resets', async () => {
    const doc = document('worked-example.nn.json');
    const one = await client.request({ type: 'train', document: doc, steps: 1 });
    expect(one.outcome.analysis!.step).toBe(1);
    expectPublished((one.outcome.analysis!.layers[1].weights.value as number[][])[0][0], '0.35891648');
    const two = await client.request({ type: 'train', document: doc, steps: 1 });
    expect(two.outcome.analysis!.step).toBe(2);
    expect(two.outcome.analysis!.loss).toBeLessThan(one.outcome.analysis!.loss);
    const reset = await client.request({ type: 'reset', document: doc });
    expect(reset.outcome.analysis!.step).toBe(0);
    expectPublished(reset.outcome.analysis!.loss, '0.298371109');
  });

  it('starts over when the text changes', async () => {
    const doc = document('worked-example.nn.json');
    await client.request({ type: 'train', document: doc, steps: 3 });
    const edited = await client.request({ type: 'analyze', document: { ...doc, version: 2, text: doc.text.replace('"learningRate": 0.5', '"learningRate": 0.25') } });
    expect(edited.outcome.analysis!.step).toBe(0);
  });

  it('sends progress while training and stops when paused', async () => {
    const doc = document('digits.nn.json');
    let progressed = 0;
    const run = client.request({ type: 'train', document: doc, epochs: 1_000_000 }, () => {
      progressed++;
      if (progressed === 2) client.pause(doc.uri);
    });
    const answer = await run;
    expect(progressed).toBeGreaterThanOrEqual(2);
    expect(answer.paused).toBe(true);
    expect(answer.outcome.analysis!.step).toBeGreaterThan(0);
    expect(answer.outcome.analysis!.step).toBeLessThan(1_000_000 * 36);
  }, 60_000);

  it('answers an invalid file with its diagnostics', async () => {
    const answer = await client.request({ type: 'analyze', document: document('worked-example.nn.json', 1, '{ "inputs": 2, }') });
    expect(answer.outcome.analysis).toBeUndefined();
    expect(answer.outcome.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });
});
