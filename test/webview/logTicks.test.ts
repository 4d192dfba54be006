/** Log-scale axis labels: powers of ten, or the ends of an axis that spans less than a decade. */
import { describe, expect, it } from 'vitest';
import { logTicks } from '../../webview/model/logTicks';

const ticks = (...values: number[]) => values.map((value) => ({ value }));

describe('log-scale tick labels', () => {
  it('label the powers of ten and leave the ticks between them blank', () => {
    const axis = ticks(0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1);
    expect(axis.map((t, i) => logTicks(t.value, i, axis))).toEqual(['1e-2', '', '', '1e-1', '', '', '1e0']);
  });

  it('label the lowest and highest tick of an axis within one decade, which has no power of ten to show', () => {
    const axis = ticks(0.28, 0.285, 0.29, 0.295, 0.3);
    expect(axis.map((t, i) => logTicks(t.value, i, axis))).toEqual(['0.28', '', '', '', '0.3']);
  });

  it('label nothing that is not positive', () => {
    expect(logTicks(0)).toBe('');
    expect(logTicks(-1)).toBe('');
  });
});
