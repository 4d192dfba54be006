/**
 * The analysis worker as a Web Worker, for the web worker extension host (vscode.dev, github.dev): the
 * same protocol (workerProtocol.ts) and the same handler as the Node worker thread (analysisWorker.ts),
 * wired to the Web Worker's `postMessage`/`message` instead of `parentPort`. A Web Worker has no file
 * system: the host sends the CSV files and the weights file a model names with the document
 * (`WorkerDocument.dataFiles`, `weightsFiles`).
 */
import { describeKernels, useKernelThreads } from '../engine/products';
import { createPrefetchedDataFileReader } from '../model/prefetchedDataFiles';
import { sessionOpener } from './sessionOpener';
import { webHelperThreads } from './webKernelThreads';
import { createWorkerHandler } from './workerHandler';
import type { WorkerResponse } from './workerProtocol';

interface WorkerScope {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}
const scope = globalThis as unknown as WorkerScope & { setImmediate?: (callback: () => void) => void };

// The fair lanes yield with `setImmediate` (Node). A browser has none: a MessageChannel message is the
// same "after the messages already queued" turn, without setTimeout's 4 ms clamp.
if (typeof scope.setImmediate !== 'function') {
  interface Port { onmessage: (() => void) | null; postMessage(message: unknown): void }
  const channel = new MessageChannel() as unknown as { port1: Port; port2: Port };
  const queue: Array<() => void> = [];
  channel.port1.onmessage = () => queue.shift()?.();
  scope.setImmediate = (callback) => { queue.push(callback); channel.port2.postMessage(undefined); };
}

const openSession = sessionOpener((document) => (document.dataFiles ? createPrefetchedDataFileReader(document.dataFiles, document.weightsFiles) : undefined));

// Large products get a second thread where the page is cross-origin isolated (else one thread, and the log says why).
const helperThreads = webHelperThreads();
if (typeof helperThreads !== 'string') useKernelThreads(helperThreads);
const threadNote = typeof helperThreads === 'string' ? ` (no second thread: ${helperThreads})` : '';
scope.postMessage({ type: 'workerStarted', kernels: `${describeKernels()}; Web Worker${threadNote}` } satisfies WorkerResponse);
const handle = createWorkerHandler((message: WorkerResponse) => scope.postMessage(message), openSession);
scope.addEventListener('message', (event) => handle(event.data));
