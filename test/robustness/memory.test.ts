/**
 * Issue 9, memory: the heap is flat after 1,000 analyses. Runs test/robustness/memory.mjs in its own
 * Node process with --expose-gc (host session layer + real worker thread, documents edited, trained,
 * opened and closed) and checks that neither heap grew by more than 2 MB between the warm-up and the
 * end. What it protects: sessions, analyses and pending requests are let go (a worker that kept the
 * sessions of closed documents grows by about 7 MB over this run).
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers';

describe('memory', () => {
  it('is flat after 1,000 analyses, in the host and in the worker', () => {
    const output = execFileSync(process.execPath, ['--expose-gc', path.join(ROOT, 'test/robustness/memory.mjs'), '1000'], {
      cwd: ROOT, encoding: 'utf8', timeout: 180_000,
    });
    const figures = JSON.parse(output.trim().split('\n').at(-1)!) as {
      analyses: number; host: { before: number; after: number; growth: number }; worker: { before: number; after: number; growth: number };
    };
    console.log(`memory after ${figures.analyses} analyses: host ${figures.host.before} → ${figures.host.after} MB, worker ${figures.worker.before} → ${figures.worker.after} MB`);
    expect(figures.analyses).toBe(1000);
    expect(figures.host.growth).toBeLessThan(2);
    expect(figures.worker.growth).toBeLessThan(2);
  }, 200_000);
});
