/** Nesting flat numbers to a shape, for the report JSON of layered models ([F, C, kh, kw] weights, [C, H, W] values). */

/** Flat values nested to `shape` (row-major): [F, C, kh, kw] → number[][][][]; a shape of one axis gives a plain array. */
export function nest(values: ArrayLike<number>, shape: readonly number[]): unknown[] {
  if (shape.length <= 1) return Array.from(values);
  const inner = shape.slice(1).reduce((a, b) => a * b, 1);
  const out: unknown[] = [];
  for (let i = 0; i < shape[0]; i++) out.push(nest(Array.prototype.slice.call(values, i * inner, (i + 1) * inner) as number[], shape.slice(1)));
  return out;
}
