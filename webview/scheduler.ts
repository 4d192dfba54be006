/**
 * Coalesces render requests: however many messages arrive, the panel renders at most once per
 * animation frame and at most `maxPerSecond` times a second. DOM-free (the frame and clock functions
 * are injected), so it is unit-tested in Node.
 */
export interface RenderScheduler {
  /** Ask for a render; cheap to call any number of times. */
  request(): void;
  /** Renders so far (for tests and diagnostics). */
  readonly renders: number;
  /** True from a request until the render that answers it (tests wait for false instead of a fixed time). */
  readonly pending: boolean;
  dispose(): void;
}

export interface SchedulerClock {
  requestFrame(callback: () => void): unknown;
  now(): number;
}

export function createRenderScheduler(render: () => void, clock: SchedulerClock, maxPerSecond = 30): RenderScheduler {
  const minInterval = 1000 / maxPerSecond;
  let dirty = false;
  let waiting = false;
  let disposed = false;
  let last = -Infinity;
  let renders = 0;

  const tick = () => {
    waiting = false;
    if (disposed || !dirty) return;
    const now = clock.now();
    // A frame may come a little early; a 10 % allowance keeps 30/s from becoming 20/s at 60 Hz.
    if (now - last < minInterval * 0.9) { waiting = true; clock.requestFrame(tick); return; }
    dirty = false;
    last = now;
    renders++;
    render();
  };

  return {
    request() {
      dirty = true;
      if (!waiting && !disposed) { waiting = true; clock.requestFrame(tick); }
    },
    get renders() { return renders; },
    get pending() { return dirty && !disposed; },
    dispose() { disposed = true; },
  };
}
