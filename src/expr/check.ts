/**
 * Compares a derivative with numerical differentiation of the function (Ridders' extrapolation of
 * central differences), point by point.
 */
import type { Expr } from './ast';
import { compile, type RealFunction } from './compile';

/** Odd multiples of 1/8 in (−3, 3): never 0, never an integer or half-integer, where kinks usually sit. */
export const DEFAULT_SAMPLE_POINTS: readonly number[] = Array.from({ length: 24 }, (_, i) => (2 * i - 23) / 8);

/** A relative error above this fails the check. */
export const DERIVATIVE_TOLERANCE = 1e-5;
/** Differences smaller than this are never failures (the relative error's denominator is floored). */
export const ABSOLUTE_FLOOR = 1e-8;

export interface DerivativeCheckPoint {
  readonly x: number;
  /** df(x) as given. */
  readonly given: number;
  /** The numerical derivative of f at x. */
  readonly numeric: number;
  /**
   * |given − numeric| / max(|given|, |numeric|, floor), floor = 1e-3 (so a difference below 1e-8 never
   * fails), raised where f's numerical derivative is uncertain (huge |f|, noise).
   */
  readonly relError: number;
}

export interface DerivativeCheck {
  readonly ok: boolean;
  /** The point with the largest relative error (present when at least one point was checked). */
  readonly worst?: DerivativeCheckPoint;
  /** How many points were compared; points where f's slope cannot be measured reliably are skipped. */
  readonly checkedPoints: number;
}

/** Ridders' method: central differences at shrinking steps, extrapolated; with an error estimate. */
function ridders(f: RealFunction, x: number, h0: number): { value: number; err: number } | undefined {
  const CON = 1.4;
  const CON2 = CON * CON;
  const NTAB = 10;
  const SAFE = 2;
  const a: number[][] = Array.from({ length: NTAB }, () => new Array<number>(NTAB).fill(0));
  let h = h0;
  const central = (step: number): number => (f(x + step) - f(x - step)) / (2 * step);
  a[0]![0] = central(h);
  if (!Number.isFinite(a[0]![0]!)) return undefined;
  let err = Infinity;
  let value = a[0]![0]!;
  for (let i = 1; i < NTAB; i++) {
    h /= CON;
    a[0]![i] = central(h);
    if (!Number.isFinite(a[0]![i]!)) return undefined;
    let fac = CON2;
    for (let j = 1; j <= i; j++) {
      a[j]![i] = (a[j - 1]![i]! * fac - a[j - 1]![i - 1]!) / (fac - 1);
      fac *= CON2;
      const errt = Math.max(Math.abs(a[j]![i]! - a[j - 1]![i]!), Math.abs(a[j]![i]! - a[j - 1]![i - 1]!));
      if (errt <= err) {
        err = errt;
        value = a[j]![i]!;
      }
    }
    if (Math.abs(a[i]![i]! - a[i - 1]![i - 1]!) >= SAFE * err) break;
  }
  // Round-off of the smallest difference taken, amplified a little by the extrapolation.
  const noise = (200 * Number.EPSILON * Math.max(Math.abs(f(x)), Number.MIN_VALUE)) / h0;
  return { value, err: Math.max(err, noise) };
}

/**
 * The numerical derivative of f at x with an error estimate, or undefined where it cannot be trusted
 * (f not finite nearby, a kink, fast oscillation, or round-off from a huge f). Ridders' method is run
 * from starting steps 0.05, 0.005, ... (times max(1, |x|)); the first two consecutive estimates that
 * agree are accepted, so a single fooled estimate (aliasing, noise) is never believed.
 */
export function numericDerivative(f: RealFunction, x: number): { value: number; err: number } | undefined {
  if (!Number.isFinite(f(x))) return undefined;
  const base = Math.max(1, Math.abs(x));
  let prev: { value: number; err: number } | undefined;
  for (let k = 0; k < 5; k++) {
    const r = ridders(f, x, 0.05 * 10 ** -k * base);
    if (r && prev) {
      const diff = Math.abs(r.value - prev.value);
      if (diff <= 1e-7 * Math.max(Math.abs(r.value), Math.abs(prev.value)) + 2 * (r.err + prev.err) + 1e-13) {
        const best = r.err < prev.err ? r : prev;
        const err = Math.max(best.err, diff);
        // Too uncertain to judge a 1e-5 relative error: skip the point rather than guess.
        if (err > 1e-3 * Math.max(Math.abs(best.value), 1e-8)) return undefined;
        return { value: best.value, err };
      }
    }
    prev = r;
  }
  return undefined;
}

/** See `checkDerivative` in ./index. */
export function checkDerivativeFns(
  f: RealFunction, df: RealFunction, samplePoints: readonly number[] = DEFAULT_SAMPLE_POINTS,
): DerivativeCheck {
  let worst: DerivativeCheckPoint | undefined;
  let checkedPoints = 0;
  let ok = true;
  for (const x of samplePoints) {
    const numeric = numericDerivative(f, x);
    if (!numeric) continue;
    checkedPoints++;
    const given = df(x);
    let relError: number;
    if (!Number.isFinite(given)) {
      relError = Infinity;
    } else {
      const floor = Math.max(ABSOLUTE_FLOOR / DERIVATIVE_TOLERANCE, 1e6 * numeric.err);
      relError = Math.abs(given - numeric.value) / Math.max(Math.abs(given), Math.abs(numeric.value), floor);
    }
    if (relError > DERIVATIVE_TOLERANCE) ok = false;
    if (!worst || relError > worst.relError) worst = { x, given, numeric: numeric.value, relError };
  }
  return worst ? { ok, worst, checkedPoints } : { ok, checkedPoints };
}

export function checkDerivativeExprs(f: Expr, df: Expr, samplePoints?: readonly number[]): DerivativeCheck {
  return checkDerivativeFns(compile(f), compile(df), samplePoints);
}
