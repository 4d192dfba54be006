/**
 * One WebAssembly gemm, C = X·Y (X: m × k, Y: k × n), on two threads: the calling thread and one
 * helper, each with an instance of the shared-memory module on the same `WebAssembly.Memory`.
 *
 *   C[rows r0…r1) = X[rows r0…r1)·Y          (row chunks, when m ≥ n)
 *   C[cols j0…j1) = X·Y[cols j0…j1)          (column chunks, j0 a multiple of the 4-column strip)
 *
 * A chunk is a gemm of its own on a part of the operands, and every entry is still summed
 * sequentially over p = 0…k−1 by whichever thread computes it: the result is bit for bit the
 * one-thread gemm's, however the chunks fall between the threads.
 *
 * Synchronisation, no messages: a control block of Int32s in a SharedArrayBuffer.
 *   STATE = gen·2¹² + chunks·2⁶ + next  the job's generation, its chunk count (≤ 63), the next chunk
 *   DONE                                chunks finished in this job
 *   HELPED, CALLED                      chunks the helper / the caller has computed, ever (tests, the log)
 *   TABLE + 8·i …                       chunk i's gemm arguments (x, ldx, y, c, ldc, m, k, n)
 * The caller writes the table, sets DONE = 0 and publishes STATE (a new generation) with
 * Atomics.store and wakes the helper (Atomics.notify). Both threads claim chunks by compare-exchange
 * on STATE, so a claim is valid only for the generation it read (a helper that wakes late can never
 * take a chunk of the next job), run them, and add to DONE. The caller works too, then waits
 * (Atomics.wait) until DONE equals the count: it waits only for chunks the helper has claimed and is
 * running, so a helper that is slow to wake (a loaded machine) or not started costs nothing.
 *
 * Nothing here needs Node or a browser: the helper is started through a `HelperThreadStarter` the
 * platform injects (src/worker/kernelThreads.ts), and runs `HELPER_SCRIPT`, plain JavaScript.
 */

/** Indices into the control block (Int32). */
const STATE = 0, DONE = 1, READY = 2, STOP = 3, HELPED = 4, CALLED = 5, TABLE = 8;
/** Chunks per job at most (6 bits of STATE). */
const MAX_CHUNKS = 63;
/** The control block's length in Int32s. */
export const CONTROL_INTS = TABLE + 8 * MAX_CHUNKS;

/** What the helper is given to start: the compiled shared module, the shared memory, the control block. */
export interface HelperThreadData {
  readonly module: object;
  readonly memory: object;
  readonly control: SharedArrayBuffer;
}

/** A running helper, as the platform gives it back. */
export interface HelperThread {
  /** Ends the helper (it is never in the middle of a product when this is called). */
  stop(): void;
}

/**
 * How the platform starts a helper thread: a Node `worker_threads` Worker, or a browser's Web Worker.
 * `start` runs `HELPER_SCRIPT` with `runGemmHelper(data)` in a new thread that never keeps its process
 * alive; `failed(reason)` is called if it cannot start or ends on its own (`failed: …`, `ended …`).
 */
export interface HelperThreadStarter {
  /** For the log: `node:worker_threads`, `Web Worker`. */
  readonly name: string;
  start(data: HelperThreadData, failed: (reason: string) => void): HelperThread;
}

/**
 * The helper's whole program (plain JavaScript, run by the platform as `runGemmHelper(data)`): an
 * instance of the shared module, then forever: claim a chunk of the current job, run it, count it;
 * when none is left, sleep until STATE changes.
 */
export const HELPER_SCRIPT = `
function runGemmHelper(d) {
  const c = new Int32Array(d.control);
  let gemm;
  try {
    gemm = new WebAssembly.Instance(d.module, { env: { memory: d.memory } }).exports.gemm;
  } catch (e) {
    Atomics.store(c, ${READY}, -1);
    throw e;
  }
  Atomics.store(c, ${READY}, 1);
  while (Atomics.load(c, ${STOP}) === 0) {
    const s = Atomics.load(c, ${STATE});
    const next = s & 63, chunks = (s >>> 6) & 63;
    if (next >= chunks) { Atomics.wait(c, ${STATE}, s); continue; }
    if (Atomics.compareExchange(c, ${STATE}, s, s + 1) !== s) continue;
    const t = ${TABLE} + 8 * next;
    gemm(c[t], c[t + 1], c[t + 2], c[t + 3], c[t + 4], c[t + 5], c[t + 6], c[t + 7]);
    Atomics.add(c, ${HELPED}, 1);
    Atomics.add(c, ${DONE}, 1);
    Atomics.notify(c, ${DONE});
  }
}
`;

type Gemm = (x: number, ldx: number, y: number, c: number, ldc: number, m: number, k: number, n: number) => void;

/** Columns of the module's widest strip (4): column chunks start on a strip. */
const STRIP_COLUMNS = 4;
/** Rows or columns of a chunk at least, and the chunks a job aims for (load balance against overhead). */
const MIN_CHUNK = 16, TARGET_CHUNKS = 8;

/**
 * The calling thread's side: starts the helper on the first product that wants it, then splits.
 * `run` falls back to the one-thread gemm while the helper is not running (starting, failed, stopped).
 */
export class TwoThreadGemm {
  private readonly control: Int32Array;
  private helper: HelperThread | undefined;
  private failure: string | undefined;
  private generation = 0;

  /**
   * `gemm`: this thread's instance on `memory`; `module`: the compiled shared module for the helper.
   * `callerWorks` false: the caller only waits, the helper computes every chunk (tests, to check
   * the helper's results deterministically).
   */
  constructor(
    private readonly gemm: Gemm,
    private readonly module: object,
    private readonly memory: object,
    private readonly starter: HelperThreadStarter,
    public callerWorks = true,
  ) {
    this.control = new Int32Array(new SharedArrayBuffer(4 * CONTROL_INTS));
  }

  /** `running`, `starting`, `stopped` or why the helper failed. */
  status(): string {
    if (this.failure !== undefined) return this.failure;
    if (!this.helper) return 'not started';
    const ready = Atomics.load(this.control, READY);
    return ready === 1 ? 'running' : ready === 0 ? 'starting' : 'failed to start';
  }

  /** True when the helper runs and takes chunks. */
  ready(): boolean {
    if (!this.helper && this.failure === undefined) this.startHelper();
    return this.failure === undefined && Atomics.load(this.control, READY) === 1;
  }

  /** Chunks the helper has computed since it started (the benchmark and tests report it). */
  helperChunks(): number {
    return Atomics.load(this.control, HELPED);
  }

  /** Chunks the calling thread has computed of split products (with `helperChunks`: every chunk). */
  callerChunks(): number {
    return Atomics.load(this.control, CALLED);
  }

  /** Ends the helper; later products run on one thread. */
  stop(): void {
    if (this.helper) {
      Atomics.store(this.control, STOP, 1);
      Atomics.notify(this.control, STATE);
      this.helper.stop();
    }
    this.failure ??= 'stopped';
  }

  private startHelper(): void {
    try {
      this.helper = this.starter.start(
        { module: this.module, memory: this.memory, control: this.control.buffer as SharedArrayBuffer },
        (reason) => { this.failure ??= reason; },
      );
    } catch (e) {
      this.failure = `failed to start: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  /** C = X·Y as `gemm(x, ldx, y, c, ldc, m, k, n)`, split between the two threads when the helper runs. */
  run(x: number, ldx: number, y: number, c: number, ldc: number, m: number, k: number, n: number): void {
    if (!this.ready() || Math.max(m, n) < 2 * MIN_CHUNK) {
      this.gemm(x, ldx, y, c, ldc, m, k, n);
      return;
    }
    const ctl = this.control;
    const byRows = m >= n, extent = byRows ? m : n;
    const unit = byRows ? 1 : STRIP_COLUMNS;
    let size = Math.max(MIN_CHUNK, Math.ceil(extent / TARGET_CHUNKS));
    size = Math.ceil(size / unit) * unit;
    const chunks = Math.min(MAX_CHUNKS, Math.ceil(extent / size));
    size = Math.ceil(Math.ceil(extent / chunks) / unit) * unit;
    let count = 0;
    for (let start = 0; start < extent; start += size, count++) {
      const t = TABLE + 8 * count, len = Math.min(size, extent - start);
      if (byRows) {
        ctl[t] = x + start * ldx; ctl[t + 1] = ldx; ctl[t + 2] = y; ctl[t + 3] = c + start * ldc;
        ctl[t + 4] = ldc; ctl[t + 5] = len; ctl[t + 6] = k; ctl[t + 7] = n;
      } else {
        // Y's packed strips of 4 columns lie one after the other, k rows each: column `start` (a
        // multiple of 4) begins start·k doubles in, and the rest of Y is packed as if it began there.
        ctl[t] = x; ctl[t + 1] = ldx; ctl[t + 2] = y + 8 * start * k; ctl[t + 3] = c + 8 * start;
        ctl[t + 4] = ldc; ctl[t + 5] = m; ctl[t + 6] = k; ctl[t + 7] = len;
      }
    }
    this.generation = (this.generation + 1) & 0x7ffff || 1;
    const gen = this.generation;
    Atomics.store(ctl, DONE, 0);
    Atomics.store(ctl, STATE, (gen << 12) | (count << 6));
    Atomics.notify(ctl, STATE, 1);
    if (this.callerWorks) {
      for (;;) {
        const s = Atomics.load(ctl, STATE);
        const next = s & 63;
        if (next >= count) break;
        if (Atomics.compareExchange(ctl, STATE, s, s + 1) !== s) continue;
        const t = TABLE + 8 * next;
        this.gemm(ctl[t], ctl[t + 1], ctl[t + 2], ctl[t + 3], ctl[t + 4], ctl[t + 5], ctl[t + 6], ctl[t + 7]);
        Atomics.add(ctl, CALLED, 1);
        Atomics.add(ctl, DONE, 1);
      }
    }
    for (let done = Atomics.load(ctl, DONE); done < count; done = Atomics.load(ctl, DONE)) Atomics.wait(ctl, DONE, done);
  }
}
