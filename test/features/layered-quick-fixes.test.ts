/**
 * Quick fixes for a layered model's warnings: a dropout rate ≥ 0.9 lowered to 0.5, and He
 * initialisation for a relu convolution with dead filters, each one edit that leaves a valid model.
 */
import { describe, expect, it } from 'vitest';
import { openText } from '../helpers/examples';
import type { AnalysisWarning } from '../../src/analysis/types';

function apply(text: string, fix: NonNullable<AnalysisWarning['quickFix']>): string {
  return text.slice(0, fix.range.startOffset) + fix.newText + text.slice(fix.range.endOffset);
}

const DATA = '"data": { "inputs": [[0, 1, 2, 3, 4, 5, 6, 7, 8], [8, 7, 6, 5, 4, 3, 2, 1, 0], [1, 0, 1, 0, 1, 0, 1, 0, 1]], "targets": [[1, 0], [0, 1], [1, 0]] }';

describe('quick fixes on a layered model', () => {
  it('lower a dropout rate of 0.95 to 0.5, and the warning goes', () => {
    const text = `{
  "inputs": 4, "seed": 2,
  "layers": [
    { "name": "hidden", "units": 6, "activation": "relu" },
    { "name": "drop", "type": "dropout", "rate": 0.95 },
    { "name": "out", "units": 2, "activation": "softmax" }
  ],
  "loss": "cross-entropy",
  "data": { "inputs": [[0, 1, 2, 3], [3, 2, 1, 0], [1, 0, 1, 0]], "targets": [[1, 0], [0, 1], [1, 0]] }
}`;
    const warning = openText(text, '/tmp/drop.nn.json').analyse().analysis!.warnings.find((w) => w.code === 'dropout-rate')!;
    expect(warning.quickFix!.title).toBe('Lower the dropout rate to 0.5');
    expect(text.slice(warning.quickFix!.range.startOffset, warning.quickFix!.range.endOffset)).toBe('0.95');
    const fixed = apply(text, warning.quickFix!);
    expect(fixed).toContain('"type": "dropout", "rate": 0.5 }');
    expect(openText(fixed, '/tmp/drop.nn.json').analyse().analysis!.warnings.map((w) => w.code)).not.toContain('dropout-rate');
  });

  it('initialise a relu convolution with dead filters the He way', () => {
    const text = `{
  "inputs": [1, 3, 3], "seed": 4, "init": "xavier",
  "layers": [
    { "name": "conv", "type": "conv2d", "filters": 2, "kernel": 2, "activation": "relu", "bias": [-100, 0] },
    { "type": "flatten" },
    { "name": "out", "units": 2, "activation": "softmax" }
  ],
  "loss": "cross-entropy",
  ${DATA}
}`;
    const warning = openText(text, '/tmp/dead.nn.json').analyse().analysis!.warnings.find((w) => w.code === 'dead-relu')!;
    expect(warning.quickFix!.title).toBe('Initialise this relu convolution the He way ("init": "he")');
    const fixed = apply(text, warning.quickFix!);
    expect(fixed).toContain('"activation": "relu", "init": "he", "bias": [-100, 0] }');
    const session = openText(fixed, '/tmp/dead.nn.json');
    expect(session.model.layered!.spec.layers[0]).toMatchObject({ type: 'conv2d', init: 'he' });
  });

  it('offer nothing for a relu convolution that already starts the He way', () => {
    const text = `{
  "inputs": [1, 3, 3], "seed": 4, "init": "he",
  "layers": [
    { "name": "conv", "type": "conv2d", "filters": 2, "kernel": 2, "activation": "relu", "bias": [-100, 0] },
    { "type": "flatten" },
    { "name": "out", "units": 2, "activation": "softmax" }
  ],
  "loss": "cross-entropy",
  ${DATA}
}`;
    const warning = openText(text, '/tmp/dead.nn.json').analyse().analysis!.warnings.find((w) => w.code === 'dead-relu')!;
    expect(warning.quickFix).toBeUndefined();
  });
});
