/**
 * The real worker's request handler (src/worker/workerHandler.ts) behind a `WorkerLike`, run in this
 * process: every message crosses a structured clone both ways, as between threads, and each request
 * is recorded, so a test can see that the host only asks.
 */
import { createWorkerHandler } from '../../src/worker/workerHandler';
import { openSession } from '../../src/worker/openSession';
import type { WorkerRequest, WorkerResponse } from '../../src/worker/workerProtocol';
import type { WorkerLike } from '../../src/session/workerClient';

type Listener = (value: never) => void;

export class InProcessWorker implements WorkerLike {
  /** Every request the host sent, in order. */
  readonly requests: WorkerRequest[] = [];
  private readonly listeners: Record<string, Listener[]> = {};
  private terminated = false;

  /** `answer` may change each answer on its way to the host (a stub's doctored numbers). */
  constructor(private readonly answer: (message: WorkerResponse) => WorkerResponse = (m) => m) {}

  private readonly handle = createWorkerHandler((message: WorkerResponse) => {
    const copy = this.answer(structuredClone(message));
    setImmediate(() => { if (!this.terminated) this.emit('message', copy); });
  }, openSession);

  postMessage(message: WorkerRequest): void {
    this.requests.push(message);
    const copy = structuredClone(message);
    setImmediate(() => { if (!this.terminated) this.handle(copy); });
  }

  on(event: 'message' | 'error' | 'exit', listener: Listener): this {
    (this.listeners[event] ??= []).push(listener);
    return this;
  }

  terminate(): void {
    this.terminated = true;
  }

  private emit(event: string, value: unknown): void {
    for (const l of this.listeners[event] ?? []) l(value as never);
  }
}
