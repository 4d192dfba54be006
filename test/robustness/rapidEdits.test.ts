/**
 * Issue 9, rapid edits, with the real worker thread: 100 edits in quick succession, with analyses
 * in flight (some debounced runs start, a command asks for an analysis now and then, a training run
 * is started and overtaken by the next edit), and two commands asking for the last version right
 * after the last keystroke. What it protects: a stale answer never replaces a newer one, the last
 * version is delivered exactly once (not once per caller), and that result is the correct analysis
 * of the final text. (test/session has the same rules with a hand-driven fake worker.)
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelSession } from '../../src/analysis/modelSession';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { DocumentAnalyses, type DocumentSnapshot } from '../../src/session/documentAnalyses';
import type { AnalysisWorkerClient } from '../../src/session/workerClient';
import { realClient, ROOT, until, within } from './helpers';

const file = path.join(ROOT, 'examples', 'worked-example.nn.json');
const source = readFileSync(file, 'utf8');
const uri = 'file://' + file;

/** Version v of the document: the hidden bias edited to 0.35 + v/1000, so every version has its own loss. */
const textOf = (v: number) => source.replace('"bias": 0.35', `"bias": ${(0.35 + v / 1000).toFixed(3)}`);
const snapshot = (v: number): DocumentSnapshot => ({ uri, version: v, fileName: file, getText: () => textOf(v) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let client: AnalysisWorkerClient;
afterAll(() => client?.dispose());

describe('100 rapid edits with the real worker', () => {
  it('leave exactly one, correct, final result', async () => {
    const started = await realClient();
    client = started.client;
    const analyses = new DocumentAnalyses(client, () => DEFAULT_ANALYSIS_SETTINGS, started.log, 20);
    /** Every result delivered to listeners (states set from a worker's answer). */
    const delivered: { version: number; loss: number }[] = [];
    analyses.onDidChange(() => {
      const s = analyses.get(uri);
      if (s?.outcome?.analysis && (s.runState === 'idle' || s.runState === 'paused')) delivered.push({ version: s.version, loss: s.outcome.analysis.loss });
    });

    for (let v = 1; v <= 100; v++) {
      analyses.documentChanged(snapshot(v));
      if (v % 7 === 0) void analyses.analyse(snapshot(v)); // a command wants the analysis now
      if (v % 25 === 0 && v < 100) void analyses.train(snapshot(v), { steps: 200 }); // overtaken by the next edit
      // Halfway, the person waits for an answer: at least one result before the last is delivered on any
      // machine (without this, a slow machine could see every intermediate answer overtaken).
      if (v === 50) await within(analyses.analyse(snapshot(v)), 60_000, 'version 50');
      await sleep(v % 3 === 0 ? 25 : 1); // now and then a debounced run starts
    }
    // Right after the last keystroke, before any answer, two commands ask for the last version.
    const [first, second] = await within(Promise.all([analyses.analyse(snapshot(100)), analyses.analyse(snapshot(100))]), 60_000, 'the last version');
    await until(() => client.pendingCount === 0 && !analyses.isTraining(uri), 60_000, 'the worker to finish');
    await sleep(300); // nothing stale arrives afterwards
    analyses.dispose();

    expect(delivered.length).toBeGreaterThan(1);
    const versions = delivered.map((d) => d.version);
    expect(versions, 'a stale result replaced a newer one').toEqual([...versions].sort((a, b) => a - b));
    expect(versions.filter((v) => v === 100), 'the last version was delivered more than once').toHaveLength(1);
    expect(versions.at(-1)).toBe(100);

    expect(first).toBe(second);
    expect(first?.version).toBe(100);
    expect(first?.runState).toBe('idle');
    const expected = ModelSession.open(textOf(100), file, DEFAULT_ANALYSIS_SETTINGS).session!.analyse().analysis!;
    const final = first!.outcome!.analysis!;
    expect(final.step).toBe(0);
    expect(final.loss).toBe(expected.loss);
    expect(final.layers.map((l) => l.bias.value)).toEqual(expected.layers.map((l) => l.bias.value));
    expect(final.layers[0]!.bias.value).toEqual([0.45, 0.45]);
  });
});
