/**
 * The worker's answers to the host's requests (src/worker/workerProtocol.ts), independent of the
 * thread it runs in: analysisWorker.ts wires it to `parentPort`, tests may run it in process.
 *
 * Requests run in fair lanes (src/worker/fairLanes.ts): one document's training never holds up
 * another document's analysis. `pause`, `cancel` and `close` act at once. Every request is announced
 * with `started` when its lane reaches it, so the host's watchdog knows what it waits for.
 */
import * as l10n from '@vscode/l10n';
import type { AnalysisOutcome } from '../analysis/types';
import { useTranslator } from '../shared/l10n';
import { parseL10nBundle } from '../shared/l10nBundle';
import { parseExportOptions } from '../shared/modelExport';
import { exportModelAnswer } from './exportRequest';
import { FairLanes } from './fairLanes';
import { SessionStore, type OpenedDocument } from './sessionStore';
import { TeachingRequests, type LongWork } from './teachingRequests';
import { laneOf, type DocumentRequest, type WorkerDocument, type WorkerRequest, type WorkerResponse } from './workerProtocol';

/** Long work says it is alive at most this often. */
const ALIVE_EVERY_MS = 1_000;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export type OpenSession = (document: WorkerDocument) => OpenedDocument;

/** Returns the function that takes each message from the host. */
export function createWorkerHandler(send: (message: WorkerResponse) => void, openSession: OpenSession): (message: unknown) => void {
  const store = new SessionStore(openSession);
  const teaching = new TeachingRequests(store);
  const lanes = new FairLanes();
  const pauses = new Set<string>();
  const cancels = new Map<number, { aborted: boolean }>();

  /** Yields to the event loop, telling the host at most once a second that request `id` is alive. */
  function longWork(id: number, uri: string): LongWork & { done(): void } {
    const signal = { aborted: false };
    cancels.set(id, signal);
    let lastAlive = Date.now();
    return {
      signal,
      async yieldToEventLoop() {
        if (Date.now() - lastAlive >= ALIVE_EVERY_MS) {
          lastAlive = Date.now();
          send({ type: 'alive', id, uri });
        }
        await nextTurn();
      },
      done: () => { cancels.delete(id); },
    };
  }

  async function sessionRequest(request: Extract<DocumentRequest, { type: 'analyze' | 'train' | 'reset' }>): Promise<void> {
    const { id, document } = request;
    const uri = document.uri;
    const opened = store.get(document);
    const session = opened.session;
    if (!session) {
      send({ type: 'outcome', id, uri, version: document.version, outcome: opened.outcome as AnalysisOutcome });
      return;
    }
    if (request.type === 'reset') session.reset();
    let paused = false;
    let stopped: string | undefined;
    if (request.type === 'train') {
      pauses.delete(uri);
      const work = longWork(id, uri);
      try {
        const result = await session.train({
          steps: request.steps,
          epochs: request.epochs,
          learningRate: request.learningRate,
          shouldStop: () => pauses.has(uri),
          yieldToEventLoop: () => work.yieldToEventLoop(),
          onProgress: (points, step, totalSteps) => send({ type: 'progress', id, uri, points, step, totalSteps }),
        });
        paused = result.stopped === 'paused';
        if (result.stopped === 'non-finite') stopped = result.message;
      } finally {
        pauses.delete(uri);
        work.done();
      }
    }
    send({ type: 'outcome', id, uri, version: document.version, outcome: store.analyse(document), paused, ...(stopped ? { stopped } : {}) });
  }

  async function handle(request: DocumentRequest): Promise<void> {
    const { id } = request;
    const uri = request.document.uri;
    send({ type: 'started', id, uri });
    try {
      switch (request.type) {
        case 'analyze': case 'train': case 'reset':
          return await sessionRequest(request);
        case 'stepThrough':
          send({ type: 'stepThrough', id, uri, answer: teaching.stepThrough(request.document, request.move) });
          return;
        case 'boundary':
          send({ type: 'boundary', id, uri, answer: teaching.boundary(request.document, request.options) });
          return;
        case 'lossSlice':
          send({ type: 'lossSlice', id, uri, answer: teaching.lossSlice(request.document, request.target, request.contour) });
          return;
        case 'convGradients':
          send({ type: 'convGradients', id, uri, answer: teaching.convGradients(request.document, request.layer, request.sample) });
          return;
        case 'explainGradient':
          send({ type: 'explanation', id, uri, answer: teaching.explainGradient(request.document, request.target) });
          return;
        case 'compareLosses': case 'compareRuns': case 'handout': {
          const work = longWork(id, uri);
          try {
            if (request.type === 'compareLosses') send({ type: 'lossComparison', id, uri, answer: await teaching.compareLosses(request.document, work) });
            else if (request.type === 'compareRuns') send({ type: 'runComparison', id, uri, answer: await teaching.compareRuns(request.document, request.variant, work) });
            else send({ type: 'handout', id, uri, answer: await teaching.handout(request.document, work) });
          } finally {
            work.done();
          }
          return;
        }
        case 'exportModel': {
          const options = parseExportOptions(request.options);
          if (!options) {
            send({ type: 'failed', id, uri, message: 'the export request is malformed (its options are not a known format and weights choice)' });
            return;
          }
          const work = longWork(id, uri);
          try {
            send({ type: 'exportModel', id, uri, answer: await exportModelAnswer(openSession, request.document, options, work) });
          } finally {
            work.done();
          }
          return;
        }
        default:
          send({ type: 'failed', id, uri, message: `unknown request '${String((request as { type?: unknown }).type)}'` });
      }
    } catch (error) {
      send({ type: 'failed', id, uri, message: `analysis failed: ${(error as Error).message}` });
    }
  }

  return (message: unknown) => {
    const request = message as WorkerRequest | null;
    if (!request || typeof request !== 'object') return;
    switch (request.type) {
      case 'init': {
        // Validated like every message; a bundle that is not exactly one leaves the worker in English.
        const bundle = parseL10nBundle(request.l10n);
        if (bundle) {
          l10n.config({ contents: bundle as Record<string, string> });
          useTranslator(l10n.t);
        }
        return;
      }
      case 'pause':
        pauses.add(request.uri); // seen by a running training between its steps
        return;
      case 'cancel': {
        const signal = cancels.get(request.id);
        if (signal) signal.aborted = true;
        return;
      }
      case 'close':
        // After the document's queued requests, so none of them rebuilds the session just closed.
        lanes.run(request.uri, () => { store.close(request.uri); teaching.close(request.uri); });
        return;
    }
    // A malformed message (no id or no document) is dropped: it must not break any lane.
    if (!Number.isInteger((request as { id?: unknown }).id) || typeof (request as { document?: { uri?: unknown } }).document?.uri !== 'string') return;
    lanes.run(laneOf(request), () => handle(request));
  };
}
