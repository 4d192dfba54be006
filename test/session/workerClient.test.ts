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
});
