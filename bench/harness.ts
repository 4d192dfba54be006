/**
 * Timing contenders side by side: warm-up, calibrated blocks of steps, and rounds that alternate the
 * contenders (A B C A B C …) so that a burst of machine noise lands on all of them alike.
 */
import { performance } from 'node:perf_hooks';
import type { Contender } from './problem';
import { summarize, type Summary } from './stats';

export interface AlternatingOptions {
  /** Rounds of one block per contender (default 21). */
  readonly rounds?: number;
  /** Aim of one block's duration in ms; fast steps are repeated to fill it (default 30). */
  readonly blockMs?: number;
  /** Warm-up per contender in ms, at least `minWarmupSteps` steps (defaults 300 and 3). */
  readonly warmupMs?: number;
  readonly minWarmupSteps?: number;
  /** Stop adding rounds once this much time has passed (at least 5 rounds are always run). */
  readonly maxTotalMs?: number;
}

/** One contender's timings: one sample per block, each the block's time divided by its steps. */
export interface ContenderTiming {
  readonly name: string;
  readonly precision: string;
  readonly stepsPerBlock: number;
  readonly warmupSteps: number;
  /** ms per step, one value per round. */
  readonly samplesMs: number[];
  readonly summary: Summary;
  /** The last step's loss (a finite number shows the run stayed sane). */
  readonly lastLoss: number;
}

/** Runs `contenders` alternately and returns their per-step timings in the same order. */
export async function timeAlternating(contenders: readonly Contender[], options: AlternatingOptions = {}): Promise<ContenderTiming[]> {
  const rounds = options.rounds ?? 21;
  const blockMs = options.blockMs ?? 30;
  const warmupMs = options.warmupMs ?? 300;
  const minWarmupSteps = options.minWarmupSteps ?? 3;
  const maxTotalMs = options.maxTotalMs ?? Infinity;

  // Warm-up and calibration: the later half of the warm-up estimates one step's time.
  const perBlock: number[] = [];
  const warmups: number[] = [];
  for (const c of contenders) {
    await c.activate();
    const started = performance.now();
    const times: number[] = [];
    while (times.length < minWarmupSteps || performance.now() - started < warmupMs) {
      const t0 = performance.now();
      c.step();
      times.push(performance.now() - t0);
      if (times.length >= 200_000) break;
    }
    const late = times.slice(Math.floor(times.length / 2));
    const estimate = late.reduce((a, b) => a + b, 0) / late.length;
    perBlock.push(Math.max(1, Math.round(blockMs / Math.max(estimate, 1e-6))));
    warmups.push(times.length);
  }

  // With --expose-gc (bench/run.mjs passes it), every block starts on a collected heap, so one
  // contender's garbage is not collected during another's block; its own garbage still counts.
  const gc = (globalThis as { gc?: () => void }).gc;
  const samples: number[][] = contenders.map(() => []);
  const lastLoss: number[] = contenders.map(() => NaN);
  const started = performance.now();
  for (let r = 0; r < rounds; r++) {
    if (r >= 5 && performance.now() - started > maxTotalMs) break;
    for (let i = 0; i < contenders.length; i++) {
      const c = contenders[i], k = perBlock[i];
      await c.activate();
      gc?.();
      let loss = NaN;
      const t0 = performance.now();
      for (let s = 0; s < k; s++) loss = c.step();
      const t1 = performance.now();
      samples[i].push((t1 - t0) / k);
      lastLoss[i] = loss;
    }
  }
  return contenders.map((c, i) => ({
    name: c.name, precision: c.precision, stepsPerBlock: perBlock[i], warmupSteps: warmups[i],
    samplesMs: samples[i], summary: summarize(samples[i]), lastLoss: lastLoss[i],
  }));
}

/** How far a contender's first steps are from the reference's (GradLens's), from the same initial state. */
export interface Agreement {
  readonly name: string;
  /** Losses of the first steps (the first is at the initial weights, the next after one update, …). */
  readonly losses: number[];
  /** max over steps of |loss − reference loss| / max(|reference loss|, 1e-12). */
  readonly maxLossRelDiff: number;
  /** After the steps: max |θ − θ_ref| / max |θ_ref| over all weights and biases. */
  readonly paramRelDiff: number;
}

/**
 * Takes `steps` steps with every contender (fresh, untimed) and compares losses and parameters with
 * the first contender's. Run it before timing: the contenders are then a few steps into training.
 */
export async function checkAgreement(contenders: readonly Contender[], steps = 3): Promise<Agreement[]> {
  const runs: { losses: number[]; params: { weights: Float64Array[]; bias: Float64Array[] } }[] = [];
  for (const c of contenders) {
    await c.activate();
    const losses: number[] = [];
    for (let s = 0; s < steps; s++) losses.push(c.step());
    runs.push({ losses, params: c.parameters() });
  }
  const ref = runs[0];
  const flat = (p: { weights: Float64Array[]; bias: Float64Array[] }) => [...p.weights, ...p.bias];
  let scale = 0;
  for (const a of flat(ref.params)) for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i]));
  return contenders.map((c, k) => {
    const run = runs[k];
    let lossDiff = 0;
    run.losses.forEach((l, s) => { lossDiff = Math.max(lossDiff, Math.abs(l - ref.losses[s]) / Math.max(Math.abs(ref.losses[s]), 1e-12)); });
    let paramDiff = 0;
    const mine = flat(run.params), theirs = flat(ref.params);
    mine.forEach((a, j) => { for (let i = 0; i < a.length; i++) paramDiff = Math.max(paramDiff, Math.abs(a[i] - theirs[j][i])); });
    return { name: c.name, losses: run.losses, maxLossRelDiff: lossDiff, paramRelDiff: paramDiff / Math.max(scale, 1e-300) };
  });
}

/** The benchmark's correctness bar: float32 TensorFlow.js against float64 GradLens. */
export const AGREEMENT_TOLERANCE = 1e-4;

/** True when every agreement is within tolerance (NaN fails). */
export function agreementHolds(a: readonly Agreement[], tolerance = AGREEMENT_TOLERANCE): boolean {
  return a.every((x) => x.maxLossRelDiff <= tolerance && x.paramRelDiff <= tolerance);
}

