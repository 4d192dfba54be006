import { expect } from 'vitest';

/**
 * Asserts that `actual` equals a published figure to the digits it was published with:
 * "0.35891648" allows ±0.5e-8 (plus a hair for binary rounding).
 */
export function expectPublished(actual: number, published: string): void {
  const decimals = (published.split('.')[1] ?? '').length;
  const tolerance = 0.5 * 10 ** -decimals + 1e-15;
  expect(Math.abs(actual - Number(published)), `${actual} vs published ${published}`).toBeLessThanOrEqual(tolerance);
}

export function expectAllPublished(actual: readonly (readonly number[])[], published: readonly (readonly string[])[]): void {
  expect(actual.length).toBe(published.length);
  actual.forEach((row, r) => {
    expect(row.length).toBe(published[r].length);
    row.forEach((v, c) => expectPublished(v, published[r][c]));
  });
}
