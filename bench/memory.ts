/**
 * Peak resident memory per contender: each contender trains in a fresh Node process of its own
 * (the benchmark's bundle, started again with `--memory-probe=<shape>:<contender>`), and the
 * process reports its peak resident set size. On Linux that is `VmHWM` of /proc/self/status: the
 * high-water mark of the process's own memory. `process.resourceUsage().maxRSS` is no good there,
 * because Linux carries `ru_maxrss` across fork and exec, so every child reported the benchmark
 * parent's size (162 MB for every contender in one run); it is the fallback elsewhere. A probe that loads
 * everything and trains nothing (`none`) gives the baseline every process pays (Node, TensorFlow.js's
 * modules, the engine).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type * as TF from '@tensorflow/tfjs';
import { gradLensContender } from './gradlens';
import { ISSUE_SHAPES, makeProblem, type Contender } from './problem';
import { initWasmBackend, tfjsContender } from './tfjs';

export const MEMORY_CONTENDERS = ['none', 'GradLens', 'GradLens-ts', 'tfjs-cpu', 'tfjs-wasm'] as const;
export type MemoryContender = (typeof MEMORY_CONTENDERS)[number];

export interface MemoryPoint {
  readonly shape: string;
  readonly contender: MemoryContender;
  /** Peak resident set size of the whole process, bytes (NaN when the probe failed). */
  readonly peakBytes: number;
  readonly steps: number;
  readonly error?: string;
}

/** In the child: trains `steps` steps of `shapeId` with `name`, then prints its peak RSS as JSON. */
export async function runMemoryProbe(
  spec: string, tf: typeof TF, setWasmPaths: (prefix: string) => void, repoRoot: string,
): Promise<void> {
  const [shapeId, name] = spec.split(':') as [string, MemoryContender];
  const s = ISSUE_SHAPES.find((x) => x.id === shapeId);
  if (!s) throw new Error(`no shape ${shapeId}`);
  const steps = shapeId === 'c' ? 5 : 30;
  tf.enableProdMode();
  let contender: Contender | undefined;
  const p = makeProblem(s);
  if (name === 'GradLens') contender = gradLensContender(p);
  else if (name === 'GradLens-ts') contender = gradLensContender(p, 'typescript');
  else if (name === 'tfjs-cpu') { await tf.setBackend('cpu'); contender = await tfjsContender(tf, 'cpu', p); }
  else if (name === 'tfjs-wasm') { await initWasmBackend(tf, setWasmPaths, repoRoot); contender = await tfjsContender(tf, 'wasm', p); }
  if (contender) {
    await contender.activate();
    for (let i = 0; i < steps; i++) contender.step();
  }
  process.stdout.write(`${JSON.stringify({ peakBytes: peakResidentBytes(), steps: contender ? steps : 0 })}\n`);
}

/** This process's own peak resident set size, bytes (see the file's comment for why not maxRSS on Linux). */
function peakResidentBytes(): number {
  try {
    const hwm = /^VmHWM:\s*(\d+)\s*kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) * 1024;
  } catch { /* not Linux */ }
  return process.resourceUsage().maxRSS * 1024;
}

/** In the parent: one fresh process per shape and contender. */
export function measureMemory(bundle: string, repoRoot: string, shapes: readonly string[]): MemoryPoint[] {
  const points: MemoryPoint[] = [];
  for (const shape of shapes) {
    for (const contender of MEMORY_CONTENDERS) {
      const r = spawnSync(process.execPath, [bundle, `--memory-probe=${shape}:${contender}`], {
        cwd: repoRoot, encoding: 'utf8', env: { ...process.env, GRADLENS_REPO_ROOT: repoRoot }, timeout: 300_000,
      });
      try {
        const { peakBytes, steps } = JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as { peakBytes: number; steps: number };
        points.push({ shape, contender, peakBytes, steps });
      } catch {
        points.push({ shape, contender, peakBytes: NaN, steps: 0, error: (r.stderr || r.error?.message || `exit ${r.status}`).slice(0, 300) });
      }
    }
  }
  return points;
}
