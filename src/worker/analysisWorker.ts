/**
 * The analysis worker thread: keeps one ModelSession per open document and answers the host's
 * requests (src/worker/workerProtocol.ts). Training yields to the event loop every few milliseconds,
 * so a `pause` from the host is seen promptly. Nothing here touches `vscode`.
 */
import { parentPort } from 'node:worker_threads';
import { ModelSession } from '../analysis/modelSession';
import { describeKernels } from '../engine/products';
import { createNodeDataFileReader } from '../model/nodeDataFiles';
import type { AnalysisOutcome } from '../analysis/types';
import type { WorkerDocument, WorkerRequest, WorkerResponse } from './workerProtocol';
import { SessionStore } from './sessionStore';

const port = parentPort;
if (!port) throw new Error('analysisWorker must run in a worker thread');

function send(message: WorkerResponse): void {
  port!.postMessage(message);
}

function openSession(document: WorkerDocument): { session?: ModelSession; outcome?: AnalysisOutcome } {
  const dataFiles = document.fileName ? createNodeDataFileReader(document.fileName) : undefined;
  const { session, diagnostics } = ModelSession.open(document.text, document.fileName || 'untitled.nn.json', document.settings, dataFiles);
  return session ? { session } : { outcome: { diagnostics } };
}

send({ type: 'started', kernels: describeKernels() });

const store = new SessionStore(openSession);
const pauses = new Set<string>();

async function handle(request: WorkerRequest): Promise<void> {
  switch (request.type) {
    case 'pause':
      pauses.add(request.uri);
      return;
    case 'close':
      store.close(request.uri);
      return;
  }
  const { document } = request;
  const { id } = request;
  const uri = document.uri;
  try {
    const opened = store.get(document);
    if (!opened.session) {
      send({ type: 'outcome', id, uri, version: document.version, outcome: opened.outcome! });
      return;
    }
    const session = opened.session;
    if (request.type === 'reset') session.reset();
    let paused = false;
    let stopped: string | undefined;
    if (request.type === 'train') {
      pauses.delete(uri);
      const result = await session.train({
        steps: request.steps,
        epochs: request.epochs,
        learningRate: request.learningRate,
        shouldStop: () => pauses.has(uri),
        yieldToEventLoop: () => new Promise((resolve) => setImmediate(resolve)),
        onProgress: (points, step, totalSteps) => send({ type: 'progress', id, uri, points, step, totalSteps }),
      });
      pauses.delete(uri);
      paused = result.stopped === 'paused';
      if (result.stopped === 'non-finite') stopped = result.message;
    }
    send({ type: 'outcome', id, uri, version: document.version, outcome: session.analyse(), paused, ...(stopped ? { stopped } : {}) });
  } catch (error) {
    send({ type: 'failed', id, uri, message: `analysis failed: ${(error as Error).message}` });
  }
}

// Requests are handled one at a time, in order; `pause` and `close` act at once.
let queue: Promise<void> = Promise.resolve();
port.on('message', (request: WorkerRequest) => {
  if (request?.type === 'pause') {
    pauses.add(request.uri); // seen by a running training between its steps
    return;
  }
  // A request that fails outside handle's own try (a malformed message) must not leave the queue
  // rejected: every later request would then wait forever.
  queue = queue.then(() => handle(request)).catch(() => undefined);
});
