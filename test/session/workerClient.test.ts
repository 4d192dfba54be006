/** The worker client matches answers to requests and replaces a worker that hangs or dies. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AnalysisWorkerClient, type WorkerLike } from '../../src/session/workerClient';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import type { WorkerRequest, WorkerResponse } from '../../src/worker/workerProtocol';

class FakeWorker implements WorkerLike {
  readonly received: WorkerRequest[] = [];
  terminated = false;
  private listeners: Record<string, ((v: never) => void)[]> = {};
  postMessage(message: WorkerRequest): void { this.received.push(message); }
  on(event: string, listener: (v: never) => void): void { (this.listeners[event] ??= []).push(listener); }
  emit(event: 'message' | 'error' | 'exit', value: unknown): void { for (const l of this.listeners[event] ?? []) l(value as never); }
  terminate(): void { this.terminated = true; }
}

const document = { uri: 'file:///m.nn.json', version: 1, text: '{}', fileName: '/m.nn.json', settings: DEFAULT_ANALYSIS_SETTINGS };
const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

describe('AnalysisWorkerClient', () => {
  let workers: FakeWorker[];
  let client: AnalysisWorkerClient;
  beforeEach(() => {
    vi.useFakeTimers();
    workers = [];
    client = new AnalysisWorkerClient(() => { const w = new FakeWorker(); workers.push(w); return w; }, log, 5_000, 100);
  });
  afterEach(() => { client.dispose(); vi.useRealTimers(); });

  it('starts the worker lazily and resolves each request with its own answer', async () => {
    expect(workers).toHaveLength(0);
    const a = client.request({ type: 'analyze', document });
    const b = client.request({ type: 'analyze', document: { ...document, version: 2 } });
    const [ra, rb] = workers[0].received as Extract<WorkerRequest, { id: number }>[];
    const answer = (id: number, version: number): WorkerResponse => ({ type: 'outcome', id, uri: document.uri, version, outcome: { diagnostics: [] } });
    workers[0].emit('message', answer(rb.id, 2));
    workers[0].emit('message', answer(ra.id, 1));
    expect((await a).version).toBe(1);
    expect((await b).version).toBe(2);
    expect(workers).toHaveLength(1);
  });

  it('terminates a worker that stops answering and fails its requests readably', async () => {
    const pending = client.request({ type: 'analyze', document });
    const failed = expect(pending).rejects.toThrow('the analysis did not answer within 5 s and was stopped');
    vi.advanceTimersByTime(5_200);
    await failed;
    expect(workers[0].terminated).toBe(true);
    // The next request gets a new worker.
    void client.request({ type: 'analyze', document }).catch(() => undefined);
    expect(workers).toHaveLength(2);
  });

  it('keeps a long training alive as long as it sends progress', async () => {
    const pending = client.request({ type: 'train', document, epochs: 100 });
    const { id } = workers[0].received[0] as Extract<WorkerRequest, { id: number }>;
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(4_000);
      workers[0].emit('message', { type: 'progress', id, uri: document.uri, points: [], step: i, totalSteps: 5 });
    }
    workers[0].emit('message', { type: 'outcome', id, uri: document.uri, version: 1, outcome: { diagnostics: [] } });
    await expect(pending).resolves.toMatchObject({ type: 'outcome' });
    expect(workers[0].terminated).toBe(false);
  });

  it('fails pending requests when the worker dies, and restarts on the next one', async () => {
    const pending = client.request({ type: 'analyze', document });
    workers[0].emit('exit', 1);
    await expect(pending).rejects.toThrow('the analysis worker exited (code 1)');
    void client.request({ type: 'analyze', document }).catch(() => undefined);
    expect(workers).toHaveLength(2);
  });

  describe('its watchdog listens to the work each request waits for, not to the worker as a whole', () => {
    const other = { ...document, uri: 'file:///other.nn.json' };
    const idOf = (w: FakeWorker, i: number) => (w.received[i] as Extract<WorkerRequest, { id: number }>).id;

    it('stops a request that fell silent even while another document\'s training keeps sending progress', async () => {
      const training = client.request({ type: 'train', document, epochs: 1e9 });
      const analysis = client.request({ type: 'analyze', document: other });
      const [trainId, analysisId] = [idOf(workers[0], 0), idOf(workers[0], 1)];
      workers[0].emit('message', { type: 'started', id: trainId, uri: document.uri });
      workers[0].emit('message', { type: 'started', id: analysisId, uri: other.uri });
      const analysisFails = expect(analysis).rejects.toThrow('the analysis did not answer within 5 s and was stopped');
      const trainingFails = expect(training).rejects.toThrow('another request did not answer within 5 s');
      for (let i = 0; i < 6; i++) {
        vi.advanceTimersByTime(1_000);
        workers[0].emit('message', { type: 'progress', id: trainId, uri: document.uri, points: [], step: i, totalSteps: 1e9 });
      }
      await analysisFails;
      await trainingFails;
      expect(workers[0].terminated).toBe(true);
      expect(log.warn).toHaveBeenCalledWith('the analysis worker did not answer for 5 s; restarting it');
    });

    it('keeps a request queued behind its own document\'s training alive while that training talks', async () => {
      const training = client.request({ type: 'train', document, epochs: 1e9 });
      const queued = client.request({ type: 'analyze', document });
      const [trainId, queuedId] = [idOf(workers[0], 0), idOf(workers[0], 1)];
      workers[0].emit('message', { type: 'started', id: trainId, uri: document.uri });
      for (let i = 0; i < 20; i++) {
        vi.advanceTimersByTime(1_000);
        workers[0].emit('message', { type: 'progress', id: trainId, uri: document.uri, points: [], step: i, totalSteps: 1e9 });
      }
      workers[0].emit('message', { type: 'outcome', id: trainId, uri: document.uri, version: 1, outcome: { diagnostics: [] }, paused: true });
      workers[0].emit('message', { type: 'started', id: queuedId, uri: document.uri });
      workers[0].emit('message', { type: 'outcome', id: queuedId, uri: document.uri, version: 1, outcome: { diagnostics: [] } });
      await expect(training).resolves.toMatchObject({ paused: true });
      await expect(queued).resolves.toMatchObject({ type: 'outcome' });
      expect(workers[0].terminated).toBe(false);
    });

    it('does not count another lane\'s messages for a request still waiting in its own', async () => {
      const training = client.request({ type: 'train', document, epochs: 1e9 });
      const waiting = client.request({ type: 'analyze', document: other }); // never started: its lane is silent
      const trainId = idOf(workers[0], 0);
      workers[0].emit('message', { type: 'started', id: trainId, uri: document.uri });
      const waitingFails = expect(waiting).rejects.toThrow('the analysis did not answer within 5 s');
      const trainingFails = expect(training).rejects.toThrow('another request did not answer');
      for (let i = 0; i < 6; i++) {
        vi.advanceTimersByTime(1_000);
        workers[0].emit('message', { type: 'progress', id: trainId, uri: document.uri, points: [], step: i, totalSteps: 1e9 });
      }
      await waitingFails;
      await trainingFails;
    });

    it('keeps long teaching work alive while it says so, and asks the worker to cancel it', async () => {
      const listeners: (() => void)[] = [];
      const cancel = { aborted: false, onAbort: (l: () => void) => listeners.push(l) };
      const comparing = client.teach({ type: 'compareLosses', document }, cancel);
      const id = idOf(workers[0], 0);
      workers[0].emit('message', { type: 'started', id, uri: document.uri });
      for (let i = 0; i < 10; i++) {
        vi.advanceTimersByTime(1_000);
        workers[0].emit('message', { type: 'alive', id, uri: document.uri });
      }
      cancel.aborted = true;
      listeners.forEach((l) => l());
      expect(workers[0].received.at(-1)).toEqual({ type: 'cancel', id });
      workers[0].emit('message', { type: 'lossComparison', id, uri: document.uri, answer: { problem: 'cancelled here' } });
      await expect(comparing).resolves.toEqual({ problem: 'cancelled here' });
      expect(workers[0].terminated).toBe(false);
    });
  });
});
