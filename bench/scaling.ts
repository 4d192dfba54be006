/**
 * How a training step's time grows with batch size and with width, for GradLens (and, for
 * reference, TensorFlow.js's wasm backend, alternating with it). A complexity regression shows as a
 * bend in the curve; the GFLOP/s column stays roughly flat while the cost is in the matrix products.
 */
import { timeAlternating, type ContenderTiming } from './harness';
import { makeProblem, shape, stepMultiplyAdds, type BenchShape, type Contender, type BenchProblem } from './problem';

/** Batch sizes 1 … 256 on 784-128-10 relu/softmax (shape b's network). */
export const BATCH_SWEEP: readonly BenchShape[] = [1, 2, 4, 8, 16, 32, 64, 128, 256].map((b) => shape(`batch-${b}`, [784, 128, 10], 'relu', b));

/** Widths 64 … 1,024: w-w-w-10 relu/softmax (shape c's network family) at batch 64. */
export const WIDTH_SWEEP: readonly BenchShape[] = [64, 128, 256, 512, 1024].map((w) => shape(`width-${w}`, [w, w, w, 10], 'relu', 64));

export interface ScalingPoint {
  readonly id: string;
  readonly label: string;
  readonly batch: number;
  /** Widest layer (the sweep's variable for the width sweep). */
  readonly width: number;
  readonly multiplyAdds: number;
  readonly timings: ContenderTiming[];
}

/** Times every shape of `sweep` with the contenders `make` builds for it. */
export async function runSweep(
  sweep: readonly BenchShape[], make: (p: BenchProblem) => Promise<Contender[]>,
  options: { rounds: number; blockMs: number; warmupMs: number },
): Promise<ScalingPoint[]> {
  const points: ScalingPoint[] = [];
  for (const s of sweep) {
    const contenders = await make(makeProblem(s));
    try {
      const timings = await timeAlternating(contenders, { ...options, minWarmupSteps: 2 });
      points.push({ id: s.id, label: s.label, batch: s.batch, width: Math.max(s.inputs, ...s.units), multiplyAdds: stepMultiplyAdds(s), timings });
    } finally {
      for (const c of contenders) c.dispose();
    }
  }
  return points;
}

/** Giga floating-point operations per second (a multiply-add counts as two). */
export function gflops(multiplyAdds: number, ms: number): number {
  return (2 * multiplyAdds) / (ms * 1e6);
}
