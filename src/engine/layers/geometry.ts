/**
 * Window arithmetic shared by convolution and pooling (PyTorch's definitions):
 * H' = floor((H + 2·ph − kh) / sh) + 1, W' likewise; output (i, j) reads input rows
 * i·sh − ph … i·sh − ph + kh − 1 and columns j·sw − pw … j·sw − pw + kw − 1.
 * `"same"` padding (stride 1, odd kernel) is p = (k − 1) / 2 on each side, so H' = H.
 */
import type { Pair } from './spec';

/** Kernel, stride and padding of a 2-D window op, resolved to numbers. */
export interface Window {
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly ph: number;
  readonly pw: number;
}

/** [a, a] for a number, the pair itself otherwise. */
export function pair(p: Pair): [number, number] {
  return typeof p === 'number' ? [p, p] : [p[0], p[1]];
}

/**
 * Resolves a window op's keys; throws a message naming the layer and the numbers when they do not fit.
 */
export function resolveWindow(
  layer: string, kernel: Pair, stride: Pair | undefined, padding: Pair | 'same' | 'valid' | undefined,
): Window {
  const [kh, kw] = pair(kernel);
  const [sh, sw] = stride === undefined ? [1, 1] : pair(stride);
  let ph: number, pw: number;
  if (padding === 'same') {
    if (sh !== 1 || sw !== 1) throw new Error(`layer '${layer}': padding "same" needs stride 1, got ${sh}×${sw}`);
    if (kh % 2 === 0 || kw % 2 === 0) throw new Error(`layer '${layer}': padding "same" needs an odd kernel, got ${kh}×${kw}`);
    ph = (kh - 1) / 2;
    pw = (kw - 1) / 2;
  } else if (padding === 'valid' || padding === undefined) {
    ph = 0;
    pw = 0;
  } else {
    [ph, pw] = pair(padding);
  }
  for (const [what, v, min] of [['kernel', kh, 1], ['kernel', kw, 1], ['stride', sh, 1], ['stride', sw, 1], ['padding', ph, 0], ['padding', pw, 0]] as const) {
    if (!Number.isInteger(v) || v < min) throw new Error(`layer '${layer}': ${what} must be an integer >= ${min}, got ${v}`);
  }
  return { kh, kw, sh, sw, ph, pw };
}

/** Output height and width, or an error naming the layer and the numbers. */
export function windowOutput(layer: string, H: number, W: number, w: Window): [number, number] {
  const Ho = Math.floor((H + 2 * w.ph - w.kh) / w.sh) + 1;
  const Wo = Math.floor((W + 2 * w.pw - w.kw) / w.sw) + 1;
  if (!(Ho >= 1 && Wo >= 1)) {
    const k = w.kh === w.kw ? `${w.kh}` : `${w.kh}×${w.kw}`;
    const p = w.ph === w.pw ? `${w.ph}` : `${w.ph}×${w.pw}`;
    throw new Error(`${layer} output would be ${Math.max(Ho, 0)}×${Math.max(Wo, 0)}: kernel ${k} on a ${H}×${W} input with padding ${p}`);
  }
  return [Ho, Wo];
}
