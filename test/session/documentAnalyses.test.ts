/**
 * The session layer keeps one fresh analysis per document: edits are debounced, a newer edit wins
 * over an older answer whatever order the answers arrive in, and a cached version runs nothing.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DocumentAnalyses, type DocumentSnapshot } from '../../src/session/documentAnalyses';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import type { OutcomeResponse, ProgressResponse } from '../../src/session/workerClient';
import type { WorkerDocument } from '../../src/worker/workerProtocol';

interface Call {
  readonly request: { type: string; document: WorkerDocument; steps?: number };
  resolve(loss: number, paused?: boolean): void;
  reject(message: string): void;
  progress?: (p: ProgressResponse) => void;
}

/** A worker client whose answers the test releases by hand, in any order. */
function fakeClient() {
  const calls: Call[] = [];
  const paused: string[] = [];
  const closed: string[] = [];
  return {
    calls, paused, closed,
    request(request: Call['request'], onProgress?: (p: ProgressResponse) => void): Promise<OutcomeResponse> {
      return new Promise((resolve, reject) => {
        calls.push({
          request,
          progress: onProgress,
          resolve: (loss, isPaused) => resolve({
            type: 'outcome', id: calls.length, uri: request.document.uri, version: request.document.version, paused: isPaused,
            outcome: { diagnostics: [], analysis: { loss } as never },
          }),
          reject: (message) => reject(new Error(message)),
        });
      });
    },
    pause: (uri: string) => { paused.push(uri); },
    close: (uri: string) => { closed.push(uri); },
  };
}

const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

function doc(version: number, text = `v${version}`): DocumentSnapshot {
  return { uri: 'file:///m.nn.json', version, fileName: '/m.nn.json', getText: () => text };
}

const loss = (analyses: DocumentAnalyses) => analyses.get('file:///m.nn.json')?.outcome?.analysis?.loss;

describe('DocumentAnalyses', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it('waits for edits to settle before analysing', async () => {
    const client = fakeClient();
    const analyses = new DocumentAnalyses(client, () => DEFAULT_ANALYSIS_SETTINGS, log, 150);
    analyses.documentChanged(doc(1));
    vi.advanceTimersByTime(100);
    analyses.documentChanged(doc(2));
    vi.advanceTimersByTime(100);
    analyses.documentChanged(doc(3));
    vi.advanceTimersByTime(149);
    expect(client.calls).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(client.calls).toHaveLength(1);
    expect(client.calls[0].request.document.version).toBe(3);
    expect(client.calls[0].request.document.text).toBe('v3');
  });

  it('never lets a stale answer overwrite a fresh one', async () => {
    const client = fakeClient();
    const analyses = new DocumentAnalyses(client, () => DEFAULT_ANALYSIS_SETTINGS, log, 150);
    const changes: string[] = [];
    analyses.onDidChange((uri) => changes.push(uri));
    analyses.documentChanged(doc(1));
    vi.advanceTimersByTime(150);
    analyses.documentChanged(doc(2));
    vi.advanceTimersByTime(150);
    expect(client.calls).toHaveLength(2);
    client.calls[1].resolve(2);          // the newer answer arrives first
    await vi.runAllTimersAsync();
    client.calls[0].resolve(1);          // then the older one
    await vi.runAllTimersAsync();
    expect(loss(analyses)).toBe(2);
    expect(analyses.get('file:///m.nn.json')?.version).toBe(2);
  });

  it('runs nothing again for a version it already has', async () => {
    const client = fakeClient();
    const analyses = new DocumentAnalyses(client, () => DEFAULT_ANALYSIS_SETTINGS, log, 150);
    const pending = analyses.analyse(doc(1));
    client.calls[0].resolve(1);
    await pending;
    await analyses.analyse(doc(1));
    analyses.documentChanged(doc(1));
    vi.advanceTimersByTime(1000);
    expect(client.calls).toHaveLength(1);
  });

  it('leaves exactly one correct final result after 100 rapid edits', async () => {
    const client = fakeClient();
    const analyses = new DocumentAnalyses(client, () => DEFAULT_ANALYSIS_SETTINGS, log, 150);
    for (let v = 1; v <= 100; v++) {
      analyses.documentChanged(doc(v));
      vi.advanceTimersByTime(v % 10 === 0 ? 200 : 20); // every tenth edit lets a run start
    }
    vi.advanceTimersByTime(200);
    // Answer in reverse order: only the last edit's answer may stick.
    for (const call of [...client.calls].reverse()) call.resolve(call.request.document.version);
    await vi.runAllTimersAsync();
    expect(client.calls.at(-1)!.request.document.version).toBe(100);
    expect(loss(analyses)).toBe(100);
  });

  it('asks a training run to stop when the document is edited', async () => {
    const client = fakeClient();
    const analyses = new DocumentAnalyses(client, () => DEFAULT_ANALYSIS_SETTINGS, log, 150);
    const training = analyses.train(doc(1), { epochs: 10 });
    expect(analyses.isTraining('file:///m.nn.json')).toBe(true);
    analyses.documentChanged(doc(2));
    expect(client.paused).toEqual(['file:///m.nn.json']);
    client.calls[0].resolve(5, true);
    expect(await training).toBeUndefined(); // the run's answer is stale: the edit wins
    vi.advanceTimersByTime(150);
    expect(client.calls[1].request).toMatchObject({ type: 'analyze', document: { version: 2 } });
  });

  it('forwards training progress and ends in the paused state when paused', async () => {
    const client = fakeClient();
    const analyses = new DocumentAnalyses(client, () => DEFAULT_ANALYSIS_SETTINGS, log, 150);
    const progress: number[] = [];
    analyses.onDidTrainingProgress((e) => progress.push(e.step));
    const training = analyses.train(doc(1));
    client.calls[0].progress!({ type: 'progress', id: 1, uri: 'file:///m.nn.json', points: [], step: 7, totalSteps: 20 });
    analyses.pause('file:///m.nn.json');
    client.calls[0].resolve(0.5, true);
    const state = await training;
    expect(progress).toEqual([7]);
    expect(state?.runState).toBe('paused');
  });

  it('shows a readable error when the worker fails, keeping the last good analysis', async () => {
    const client = fakeClient();
    const analyses = new DocumentAnalyses(client, () => DEFAULT_ANALYSIS_SETTINGS, log, 150);
    const first = analyses.analyse(doc(1));
    client.calls[0].resolve(1);
    await first;
    const second = analyses.analyse(doc(1), true);
    client.calls[1].reject('the analysis did not answer within 30 s and was stopped');
    const state = await second;
    expect(state?.runState).toBe('error');
    expect(state?.error).toContain('did not answer');
    expect(state?.outcome?.analysis?.loss).toBe(1);
  });

  it('forgets a closed document and tells the worker', () => {
    const client = fakeClient();
    const analyses = new DocumentAnalyses(client, () => DEFAULT_ANALYSIS_SETTINGS, log, 150);
    analyses.documentChanged(doc(1));
    analyses.close('file:///m.nn.json');
    vi.advanceTimersByTime(1000);
    expect(client.calls).toHaveLength(0);
    expect(client.closed).toEqual(['file:///m.nn.json']);
    expect(analyses.get('file:///m.nn.json')).toBeUndefined();
  });
});
