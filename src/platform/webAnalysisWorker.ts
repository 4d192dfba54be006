/**
 * The host's handle on the analysis worker in the web worker extension host: a Web Worker running
 * dist/web/worker.js (src/worker/analysisWorker.web.ts), behind the same `WorkerLike` as the Node
 * worker thread, so AnalysisWorkerClient (its watchdog, restarts and lanes) is the same on both.
 *
 * Two things differ from Node, both kept in here:
 * - the script is loaded from the extension's folder: an http(s) URL is given to `Worker` as it is
 *   (vscode.dev); any other location (code-server's `vscode-remote:`) is read through
 *   `vscode.workspace.fs` and started from a `blob:` URL;
 * - a request's document gets the CSV files its text names before it is posted (workspaceDataFiles.ts).
 *   Both are asynchronous, so messages go through one queue and keep their order (a `pause` never
 *   overtakes the `train` it is about).
 */
import * as vscode from 'vscode';
import type { WorkerLike } from '../session/workerClient';
import type { WorkerRequest, WorkerResponse } from '../worker/workerProtocol';
import { withRequestDataFiles } from './workspaceDataFiles';

interface BrowserWorker {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: WorkerResponse }) => void): void;
  addEventListener(type: 'error', listener: (event: { message?: string; preventDefault?(): void }) => void): void;
  terminate(): void;
}
type BrowserWorkerConstructor = new (url: string, options?: { name?: string }) => BrowserWorker;

async function startWorker(script: vscode.Uri): Promise<BrowserWorker> {
  const WorkerClass = (globalThis as { Worker?: BrowserWorkerConstructor }).Worker;
  if (!WorkerClass) throw new Error('this browser cannot start a Web Worker here');
  if (script.scheme === 'http' || script.scheme === 'https') return new WorkerClass(script.toString(true), { name: 'GradLens analysis' });
  const code = await vscode.workspace.fs.readFile(script);
  const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
  return new WorkerClass(url, { name: 'GradLens analysis' });
}

export class WebAnalysisWorker implements WorkerLike {
  private queue: Promise<BrowserWorker | undefined>;
  private terminated = false;
  private readonly listeners = { message: [] as Array<(m: WorkerResponse) => void>, error: [] as Array<(e: Error) => void> };

  constructor(script: vscode.Uri, private readonly prepare: (request: WorkerRequest) => Promise<WorkerRequest> = withRequestDataFiles) {
    this.queue = startWorker(script).then(
      (worker) => {
        worker.addEventListener('message', (event) => { if (!this.terminated) for (const l of this.listeners.message) l(event.data); });
        worker.addEventListener('error', (event) => {
          event.preventDefault?.();
          this.fail(new Error(event.message || 'the Web Worker stopped with an error'));
        });
        if (this.terminated) worker.terminate();
        return worker;
      },
      (error: unknown) => {
        this.fail(new Error(`could not start the analysis worker (${script.toString(true)}): ${error instanceof Error ? error.message : String(error)}`));
        return undefined;
      },
    );
  }

  postMessage(message: WorkerRequest): void {
    this.queue = this.queue.then(async (worker) => {
      if (!worker || this.terminated) return worker;
      try {
        worker.postMessage(await this.prepare(message));
      } catch (error) {
        this.fail(new Error(`could not send a request to the analysis worker: ${error instanceof Error ? error.message : String(error)}`));
      }
      return worker;
    });
  }

  on(event: 'message', listener: (message: WorkerResponse) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'message' | 'error' | 'exit', listener: ((message: WorkerResponse) => void) | ((error: Error) => void) | ((code: number) => void)): unknown {
    // A Web Worker never exits by itself: it stops only when terminated, or fails with an error.
    if (event === 'message') this.listeners.message.push(listener as (m: WorkerResponse) => void);
    else if (event === 'error') this.listeners.error.push(listener as (e: Error) => void);
    return this;
  }

  terminate(): void {
    this.terminated = true;
    void this.queue.then((worker) => worker?.terminate());
  }

  private fail(error: Error): void {
    if (!this.terminated) for (const l of this.listeners.error) l(error);
  }
}
