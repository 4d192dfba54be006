/**
 * The engine's second thread in Node: how the analysis worker and the command line (its process and
 * its file-job workers) let `src/engine/products.ts` split large products. The engine starts no
 * thread itself and imports nothing from Node; it is handed this starter (`useKernelThreads`).
 *
 * The helper is a `worker_threads` Worker that runs the engine's plain-JavaScript `HELPER_SCRIPT`
 * (`eval`: no file to find next to the bundle), given the compiled shared module, the shared memory
 * and the control block in `workerData`. It is `unref()`ed, so it never keeps a process alive: it
 * sleeps in `Atomics.wait` between products, and Node ends it with the process (or its parent
 * worker); `stopKernelThreads()` ends it earlier.
 */
import { Worker } from 'node:worker_threads';
import { useKernelThreads } from '../engine/products';
import { HELPER_SCRIPT, type HelperThreadStarter } from '../engine/wasm/twoThreads';

export const nodeHelperThreads: HelperThreadStarter = {
  name: 'node:worker_threads',
  start(data, failed) {
    const worker = new Worker(`${HELPER_SCRIPT}\nrunGemmHelper(require('node:worker_threads').workerData);`, {
      eval: true, workerData: data, stdout: true, stderr: true,
    });
    worker.unref();
    worker.on('error', (error) => failed(`failed: ${error.message}`));
    worker.on('exit', (code) => failed(`ended (exit code ${code})`));
    return { stop: () => void worker.terminate() };
  },
};

/** Lets this thread's engine split large products with a Node helper thread (where SharedArrayBuffer exists). */
export function enableNodeKernelThreads(): void {
  useKernelThreads(nodeHelperThreads);
}
