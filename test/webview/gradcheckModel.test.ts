import { describe, expect, it } from 'vitest';
import type { Analysis } from '../../src/analysis/types';
import { checkedSamples, entryLabel, gradCheckRows, statusOfError } from '../../webview/model/gradcheckModel';
import { workedExample } from './fixture';

function withEntry(change: (a: { gradcheck: { entries: { relError: number; kink: boolean }[] } }) => void): Analysis {
  const a = structuredClone(workedExample);
  change(a as never);
  return a;
}

describe('the gradient-check table model', () => {
  it('has one row per parameter tensor, all passing for the worked example', () => {
    const rows = gradCheckRows(workedExample);
    expect(rows.map((r) => `${r.layer}.${r.param} ${r.status} ${r.checked}`)).toEqual([
      'hidden.weights pass 4', 'hidden.bias pass 2', 'output.weights pass 4', 'output.bias pass 2',
    ]);
    for (const r of rows) expect(r.maxRelError).toBeLessThan(1e-5);
  });

  it('puts the worst entry first, analytic beside numeric', () => {
    const row = gradCheckRows(workedExample)[2];
    expect(row.entries[0].relError).toBe(row.maxRelError);
    const w5 = row.entries.find((e) => e.index[0] === 0 && e.index[1] === 0);
    expect(w5?.analytic).toBeCloseTo(0.08216704056, 10);
    expect(w5?.numeric).toBeCloseTo(0.08216704056, 8);
    expect(entryLabel(w5!)).toBe('output.weights[1, 1]');
  });

  it('classifies relative errors by the report thresholds', () => {
    expect([1e-9, 1e-5, 2e-5, 1e-2, 0.02, NaN].map(statusOfError)).toEqual(['pass', 'pass', 'warn', 'warn', 'fail', 'fail']);
  });

  it('marks a failing tensor, but never more severely than the engine said for its layer', () => {
    const failing = withEntry((a) => { a.gradcheck.entries[8].relError = 0.5; });
    (failing.layers[1] as { gradcheck: unknown }).gradcheck = { status: 'fail', maxRelError: 0.5, checked: 6 };
    expect(gradCheckRows(failing)[2].status).toBe('fail');
    (failing.layers[1] as { gradcheck: unknown }).gradcheck = { status: 'warn', maxRelError: 0.5, checked: 6 };
    expect(gradCheckRows(failing)[2].status).toBe('warn');
  });

  it('counts kinks and does not fail on them', () => {
    const kinked = withEntry((a) => { a.gradcheck.entries[0].relError = 0.9; a.gradcheck.entries[0].kink = true; });
    const row = gradCheckRows(kinked)[0];
    expect(row.kinks).toBe(1);
    expect(row.status).toBe('pass');
  });
});

describe('the gradient-check caption says whose loss was checked', () => {
  it('all samples for a small model, the one sample of the worked example', () => {
    expect(checkedSamples({ samples: 120, gradcheck: { ...workedExample.gradcheck, samples: 120 } })).toBe('on the loss of all 120 training samples');
    expect(checkedSamples({ samples: 1, gradcheck: { ...workedExample.gradcheck, samples: 1 } })).toBe('on the loss of the one training sample');
  });

  it('a seeded subset for a large model', () => {
    expect(checkedSamples({ samples: 2560, gradcheck: { ...workedExample.gradcheck, samples: 658, sampleIndices: [] } }))
      .toBe('on the loss of a seeded subset of 658 of the 2560 training samples');
  });
});
