/**
 * The host's side of the analysis worker: sends requests, matches answers by id, and keeps the
 * worker healthy. The worker is the one engine runtime; the host only asks (`request` for a
 * document's session, `teach` for step-through, the loss comparison, explanations and the handout).
 *
 * The watchdog measures the silence of the work each request waits for, not of the worker as a whole:
 * a request is late when `timeoutMs` pass without a message about it (`started`, `progress`, `alive`)
 * or, while it still waits in its lane (see `laneOf`), about the request ahead of it in that lane. So
 * another document's long training, which keeps talking about itself, never hides a request that
 * stopped answering. A late request fails with a message a person can read; the worker is then
 * terminated and replaced (a JavaScript thread cannot be interrupted), and every other request it
 * held fails saying why. A worker that dies is replaced the same way.
 */
import {
  laneOf, type DocumentRequest, type StepThroughMove, type TeachingAnswers, type TeachingProblem, type WorkerDocument,
  type WorkerRequest, type WorkerResponse,
} from '../worker/workerProtocol';
import type { ExplainTarget } from '../worker/teaching/layeredExplanation';
import type { BoundaryOptions, SliceTarget } from '../shared/teachingViews';
import type { RunVariant } from '../shared/runComparison';
import type { L10nBundle } from '../shared/l10nBundle';
import { parseExportAnswer, type ExportedModel, type ExportOptions, type ExportProblem } from '../shared/modelExport';

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
type FinalResponse = Exclude<WorkerResponse, { type: 'started' | 'alive' | 'progress' | 'failed' | 'workerStarted' }>;

interface Pending {
  readonly lane: string;
  readonly resolve: (r: FinalResponse) => void;
  readonly reject: (e: Error) => void;
  readonly onProgress?: (p: ProgressResponse) => void;
  started: boolean;
  deadline: number;
}

/** Thrown (as a rejection) when a request cannot be answered; `message` is meant for people. */
export class WorkerRequestError extends Error {}

type SessionRequest =
  | { type: 'analyze'; document: WorkerDocument }
  | { type: 'train'; document: WorkerDocument; steps?: number; epochs?: number; learningRate?: number }
  | { type: 'reset'; document: WorkerDocument };

/** A teaching request as the host makes it (the client adds the id). */
export type TeachingRequest =
  | { type: 'stepThrough'; document: WorkerDocument; move: StepThroughMove }
  | { type: 'compareLosses'; document: WorkerDocument }
  | { type: 'compareRuns'; document: WorkerDocument; variant: RunVariant }
  | { type: 'explainGradient'; document: WorkerDocument; target: ExplainTarget }
  | { type: 'handout'; document: WorkerDocument }
  | { type: 'boundary'; document: WorkerDocument; options: BoundaryOptions }
  | { type: 'lossSlice'; document: WorkerDocument; target: SliceTarget }
  | { type: 'convGradients'; document: WorkerDocument; layer: number; sample: number };

/** Export Model…'s request as the host makes it. */
export type ExportRequest = { type: 'exportModel'; document: WorkerDocument; options: ExportOptions };

/** The answer to a teaching request: its data, or why there is none. */
export type TeachingAnswer<R extends TeachingRequest> = TeachingAnswers[R['type']] | TeachingProblem;

/** Stops a long teaching request early (it answers with what it has, marked cancelled). */
export interface CancelSignal {
  readonly aborted: boolean;
  onAbort(listener: () => void): void;
}

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
    /** VS Code's loaded translation (`vscode.l10n.bundle`): sent in each worker's init message; none in English. */
    private readonly l10nBundle?: L10nBundle,
  ) {
    this.watchdog = setInterval(() => this.checkDeadlines(), watchdogIntervalMs);
    (this.watchdog as { unref?: () => void }).unref?.();
  }

  /** Sends a request about a document's session; resolves with its outcome, rejects with a readable error. */
  request(request: SessionRequest, onProgress?: (p: ProgressResponse) => void): Promise<OutcomeResponse> {
    return this.send(request, onProgress) as Promise<OutcomeResponse>;
  }

  /** Sends a teaching request; resolves with the worker's answer (data, or a problem for people). */
  async teach<R extends TeachingRequest>(request: R, cancel?: CancelSignal): Promise<TeachingAnswer<R>> {
    const answer = await this.send(request, undefined, cancel);
    return (answer as { answer: TeachingAnswer<R> }).answer;
  }

  /**
   * Asks the worker for the file `gradlens export` writes for the document (src/worker/exportRequest.ts).
   * The answer is validated strictly: one that is not exactly a file or a problem is an error.
   */
  async exportModel(document: WorkerDocument, options: ExportOptions, cancel?: CancelSignal): Promise<ExportedModel | ExportProblem> {
    const response = await this.send({ type: 'exportModel', document, options }, undefined, cancel);
    const answer = response.type === 'exportModel' ? parseExportAnswer(response.answer) : undefined;
    if (!answer) throw new WorkerRequestError('the analysis worker sent an export that is not one; nothing was written');
    return answer;
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

  private send(request: SessionRequest | TeachingRequest | ExportRequest, onProgress?: (p: ProgressResponse) => void, cancel?: CancelSignal): Promise<FinalResponse> {
    if (this.disposed) return Promise.reject(new WorkerRequestError('GradLens is shutting down'));
    const id = this.nextId++;
    const message = { ...request, id } as DocumentRequest;
    return new Promise<FinalResponse>((resolve, reject) => {
      this.pending.set(id, { lane: laneOf(message), resolve, reject, onProgress, started: false, deadline: Date.now() + this.timeoutMs });
      try {
        const worker = this.ensureWorker();
        worker.postMessage(message);
        cancel?.onAbort(() => { if (this.worker === worker && this.pending.has(id)) worker.postMessage({ type: 'cancel', id }); });
      } catch (error) {
        this.pending.delete(id);
        reject(new WorkerRequestError(`could not reach the analysis worker: ${(error as Error).message}`));
      }
    });
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.createWorker();
    worker.on('message', (m: WorkerResponse) => this.onMessage(worker, m));
    worker.on('error', (e: Error) => this.onWorkerDied(worker, `the analysis worker failed: ${e.message}`));
    worker.on('exit', (code: number) => this.onWorkerDied(worker, `the analysis worker exited (code ${code})`));
    // Before any request, so every text the worker writes is in the loaded language.
    if (this.l10nBundle) worker.postMessage({ type: 'init', l10n: this.l10nBundle });
    this.worker = worker;
    return worker;
  }

  private onMessage(worker: WorkerLike, message: WorkerResponse): void {
    if (worker !== this.worker) return;
    if (message.type === 'workerStarted') {
      this.log.info(`analysis worker started; ${message.kernels}`);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    // A message about a request shows that request is alive, and so is the work queued behind it in its lane.
    const alive = Date.now() + this.timeoutMs;
    pending.deadline = alive;
    for (const p of this.pending.values()) if (!p.started && p.lane === pending.lane) p.deadline = alive;
    switch (message.type) {
      case 'started':
        pending.started = true;
        return;
      case 'alive':
        return;
      case 'progress':
        pending.onProgress?.(message);
        return;
      case 'failed':
        this.pending.delete(message.id);
        pending.reject(new WorkerRequestError(message.message));
        return;
      default:
        this.pending.delete(message.id);
        pending.resolve(message);
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
    const late = [...this.pending.entries()].filter(([, p]) => p.deadline < now);
    if (late.length === 0) return;
    const seconds = Math.round(this.timeoutMs / 1000);
    this.log.warn(`the analysis worker did not answer for ${seconds} s; restarting it`);
    for (const [id, p] of late) {
      this.pending.delete(id);
      p.reject(new WorkerRequestError(`the analysis did not answer within ${seconds} s and was stopped; the model may be too large`));
    }
    this.failAll(`the analysis worker was restarted because another request did not answer within ${seconds} s; run this again`);
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
