import { describe, expect, it } from 'vitest';
import { createRenderScheduler } from '../../webview/scheduler';

/** A 60 Hz display: frames every 16.7 ms of fake time. */
function fakeDisplay() {
  let now = 0;
  let queued: (() => void)[] = [];
  return {
    clock: { requestFrame: (cb: () => void) => { queued.push(cb); }, now: () => now },
    frame() { now += 1000 / 60; const q = queued; queued = []; q.forEach((cb) => cb()); },
  };
}

describe('the render scheduler', () => {
  it('renders once for any number of requests before a frame', () => {
    const display = fakeDisplay();
    let renders = 0;
    const s = createRenderScheduler(() => renders++, display.clock);
    for (let i = 0; i < 100; i++) s.request();
    display.frame();
    display.frame();
    expect(renders).toBe(1);
  });

  it('renders at most about 30 times a second however often messages arrive', () => {
    const display = fakeDisplay();
    let renders = 0;
    const s = createRenderScheduler(() => renders++, display.clock, 30);
    for (let frame = 0; frame < 120; frame++) { s.request(); s.request(); display.frame(); }
    expect(renders).toBeGreaterThanOrEqual(55);
    expect(renders).toBeLessThanOrEqual(61);
  });

  it('stops after dispose', () => {
    const display = fakeDisplay();
    let renders = 0;
    const s = createRenderScheduler(() => renders++, display.clock);
    s.request();
    s.dispose();
    display.frame();
    expect(renders).toBe(0);
  });
});
