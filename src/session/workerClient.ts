/**
 * The host's side of the analysis worker: sends requests, matches answers by id, and keeps the
 * worker healthy. A worker that stops answering (no message at all within `timeoutMs` while a request
 * waits) or dies is terminated and replaced; its pending requests fail with a message a person can read.
 */
import type { WorkerDocument, WorkerRequest, WorkerResponse } from '../worker/workerProtocol';

/** The part of `worker_threads.Worker` the client uses (tests pass a fake). */
export interface WorkerLike {
  postMessage(message: WorkerRequest): void;
  on(event: 'message', listener: (message: WorkerResponse) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): Promise<number> | void;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export type OutcomeResponse = Extract<WorkerResponse, { type: 'outcome' }>;
export type ProgressResponse = Extract<WorkerResponse, { type: 'progress' }>;

interface Pending {
  readonly resolve: (r: OutcomeResponse) => void;
  readonly reject: (e: Error) => void;
  readonly onProgress?: (p: ProgressResponse) => void;
  deadline: number;
}

/** Thrown (as a rejection) when a request cannot be answered; `message` is meant for people. */
export class WorkerRequestError extends Error {}

type SessionRequest =
  | { type: 'analyze'; document: WorkerDocument }
  | { type: 'train'; document: WorkerDocument; steps?: number; epochs?: number; learningRate?: number }
  | { type: 'reset'; document: WorkerDocument };

export class AnalysisWorkerClient {
  private worker: WorkerLike | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly watchdog: ReturnType<typeof setInterval>;
  private disposed = false;

  constructor(
    private readonly createWorker: () => WorkerLike,
    private readonly log: Logger,
    private readonly timeoutMs = 30_000,
    watchdogIntervalMs = 1_000,
  ) {
    this.watchdog = setInterval(() => this.checkDeadlines(), watchdogIntervalMs);
    (this.watchdog as { unref?: () => void }).unref?.();
  }

  /** Sends a request about a document; resolves with its outcome, rejects with a readable error. */
  request(request: SessionRequest, onProgress?: (p: ProgressResponse) => void): Promise<OutcomeResponse> {
    if (this.disposed) return Promise.reject(new WorkerRequestError('GradLens is shutting down'));
    const id = this.nextId++;
    return new Promise<OutcomeResponse>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress, deadline: Date.now() + this.timeoutMs });
      try {
        this.ensureWorker().postMessage({ ...request, id } as WorkerRequest);
      } catch (error) {
        this.pending.delete(id);
        reject(new WorkerRequestError(`could not reach the analysis worker: ${(error as Error).message}`));
      }
    });
  }

  /** Asks a running training of `uri` to stop after its current chunk. */
  pause(uri: string): void {
    this.worker?.postMessage({ type: 'pause', uri });
  }

  /** Tells the worker to forget a closed document. */
  close(uri: string): void {
    this.worker?.postMessage({ type: 'close', uri });
  }

  /** Number of requests still waiting for an answer (for tests and the status bar). */
  get pendingCount(): number {
    return this.pending.size;
  }

  dispose(): void {
    this.disposed = true;
    clearInterval(this.watchdog);
    this.failAll('GradLens is shutting down');
    this.stopWorker();
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.createWorker();
    worker.on('message', (m: WorkerResponse) => this.onMessage(worker, m));
    worker.on('error', (e: Error) => this.onWorkerDied(worker, `the analysis worker failed: ${e.message}`));
    worker.on('exit', (code: number) => this.onWorkerDied(worker, `the analysis worker exited (code ${code})`));
    this.worker = worker;
    return worker;
  }

  private onMessage(worker: WorkerLike, message: WorkerResponse): void {
    if (worker !== this.worker) return;
    // Any message shows the worker is alive. It answers one request at a time, so the requests queued
    // behind a long training run (which sends progress) are waiting, not lost: none of them is late.
    const alive = Date.now() + this.timeoutMs;
    for (const p of this.pending.values()) p.deadline = alive;
    if (message.type === 'started') {
      this.log.info(`analysis worker started; ${message.kernels}`);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    switch (message.type) {
      case 'progress':
        pending.onProgress?.(message);
        return;
      case 'outcome':
        this.pending.delete(message.id);
        pending.resolve(message);
        return;
      case 'failed':
        this.pending.delete(message.id);
        pending.reject(new WorkerRequestError(message.message));
        return;
    }
  }

  private onWorkerDied(worker: WorkerLike, reason: string): void {
    if (worker !== this.worker) return;
    this.worker = undefined;
    if (!this.disposed) this.log.warn(`${reason}; starting a new one`);
    this.failAll(reason);
  }

  private checkDeadlines(): void {
    const now = Date.now();
    const late = [...this.pending.values()].some((p) => p.deadline < now);
    if (!late) return;
    const seconds = Math.round(this.timeoutMs / 1000);
    this.log.warn(`the analysis worker did not answer for ${seconds} s; restarting it`);
    this.failAll(`the analysis did not answer within ${seconds} s and was stopped; the model may be too large`);
    this.stopWorker();
  }

  private failAll(reason: string): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(new WorkerRequestError(reason));
  }

  private stopWorker(): void {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) void worker.terminate();
  }
}
