/**
 * The analysis worker thread: the one engine runtime. It keeps one ModelSession per open document
 * and answers the host's requests (src/worker/workerProtocol.ts) through createWorkerHandler. Nothing
 * here touches `vscode`.
 */
import { parentPort } from 'node:worker_threads';
import { describeKernels } from '../engine/products';
import { enableNodeKernelThreads } from './nodeKernelThreads';
import { openSession } from './openSession';
import { createWorkerHandler } from './workerHandler';
import type { WorkerResponse } from './workerProtocol';

const port = parentPort;
if (!port) throw new Error('analysisWorker must run in a worker thread');

enableNodeKernelThreads(); // large products may use a second thread (started on the first one)
port.postMessage({ type: 'workerStarted', kernels: describeKernels() } satisfies WorkerResponse);
port.on('message', createWorkerHandler((message: WorkerResponse) => port.postMessage(message), openSession));
