/**
 * Runs one file's job under its budgets: in a worker thread whose heap is capped (`resourceLimits`) and
 * which is terminated when the wall-clock budget runs out, so one hostile or huge submission becomes a
 * clear per-file failure and the run goes on. The worker is the CLI bundle itself (`workerScript`),
 * started with the job in `workerData`. Without a worker script (the tests that run the CLI from its
 * TypeScript source) the job runs in-process, without a time or memory budget.
 */
import { Worker } from 'node:worker_threads';
import { fileProblem } from './diagnosticOutput';
import { runFileJob, type FileJob, type FileJobResult } from './fileJob';

export interface Budget {
  readonly timeoutMs: number;
  readonly maxMemoryMb: number;
}

/** The key under which a worker finds its job in `workerData`. */
export const JOB_KEY = 'gradlensFileJob';
/** What a worker posts when it begins the job (its time budget starts then). */
export const STARTED = 'gradlens-job-started';
/** Time a worker may take to start, before its budget begins. */
const STARTUP_MS = 60_000;

function overBudget(code: string, message: string): FileJobResult {
  return { kind: 'invalid', diagnostics: [fileProblem(code, message)] };
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toPrecision(3))} s`;
}

export function runBudgeted(job: FileJob, budget: Budget, workerScript: string | undefined): Promise<FileJobResult> {
  if (!workerScript) return runFileJob(job);
  return new Promise((resolve) => {
    let settled = false;
    const worker = new Worker(workerScript, {
      workerData: { [JOB_KEY]: job },
      resourceLimits: { maxOldGenerationSizeMb: budget.maxMemoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(16, budget.maxMemoryMb / 16)) },
      stdout: true, stderr: true, // whatever the job might print stays out of the report
    });
    const finish = (result: FileJobResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    // The budget counts from the moment the worker starts the job: starting a thread and loading the
    // tool is the same for every file (and slower on a busy machine), so it is not charged to the file.
    const overTime = () => finish(overBudget('time-budget', `the analysis took longer than its budget of ${seconds(budget.timeoutMs)} (--timeout)`));
    let timer = setTimeout(overTime, Math.max(budget.timeoutMs, STARTUP_MS));
    worker.on('message', (message: FileJobResult | typeof STARTED) => {
      if (message === STARTED) {
        clearTimeout(timer);
        timer = setTimeout(overTime, budget.timeoutMs);
      } else {
        finish(message);
      }
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY' || /out of memory|allocation failed/i.test(error.message)) {
        finish(overBudget('memory-budget', `the analysis needed more memory than its ceiling of ${budget.maxMemoryMb} MB (--max-memory)`));
      } else {
        finish(overBudget('internal-error', `internal error while analysing the file (please report it): ${error.message}`));
      }
    });
    worker.on('exit', () => finish(overBudget('internal-error', 'the analysis ended without a result (please report it)')));
  });
}
