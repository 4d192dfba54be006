/** The UCI digits data (examples/data/digits.csv, 8×8 pixels 0–16, label 0–9) for engine tests. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DataSet } from '../../src/engine/spec';

/** The first `count` samples, pixels scaled to [0, 1], labels one-hot over 10 classes. */
export function loadDigits(count = 1437): DataSet {
  const text = readFileSync(fileURLToPath(new URL('../../examples/data/digits.csv', import.meta.url)), 'utf8');
  const lines = text.trim().split(/\r?\n/).slice(1, 1 + count);
  const X = new Float64Array(lines.length * 64), T = new Float64Array(lines.length * 10);
  lines.forEach((line, r) => {
    const v = line.split(',').map(Number);
    for (let c = 0; c < 64; c++) X[r * 64 + c] = v[c] / 16;
    T[r * 10 + v[64]] = 1;
  });
  return { inputs: { rows: lines.length, cols: 64, data: X }, targets: { rows: lines.length, cols: 10, data: T } };
}
