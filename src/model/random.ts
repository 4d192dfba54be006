/**
 * The model module's own small seeded random numbers, used for the CSV train/test split.
 * mulberry32 (Tommy Ettinger's 32-bit generator): same seed, same sequence, on every machine,
 * since it uses only 32-bit integer arithmetic (`Math.imul`, `>>>`).
 */

/** A generator of floats in [0, 1) from a seed (any number; only its low 32 bits count). */
export function mulberry32(seed: number): () => number {
  let a = (Number.isFinite(seed) ? Math.trunc(seed) : 0) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A permutation of 0..n-1 by Fisher–Yates with the generator seeded by `seed`. */
export function seededPermutation(n: number, seed: number): number[] {
  const random = mulberry32(seed);
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}
