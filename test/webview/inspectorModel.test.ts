import { describe, expect, it } from 'vitest';
import { inspectorView } from '../../webview/model/inspectorModel';
import { workedExample } from './fixture';

const w5 = { kind: 'weight', layer: 1, unit: 0, input: 0 } as const;
const o1 = { kind: 'unit', layer: 1, unit: 0 } as const;

describe('the inspector', () => {
  it('at depth 1 shows values and never a derivative', () => {
    for (const selection of [w5, o1, { kind: 'layer', layer: 0 } as const, { kind: 'input', unit: 1 } as const]) {
      const v = inspectorView(workedExample, selection, 0, 1)!;
      const text = JSON.stringify(v);
      expect(text).not.toMatch(/∂|δ|gradient/i);
      expect(v.explain).toBeUndefined();
      expect(v.derivation).toEqual([]);
    }
    expect(inspectorView(workedExample, o1, 0, 1)!.rows.map((r) => r.label)).toEqual(['output sigmoid(net)', 'target', 'bias b']);
  });

  it('at depth 2 adds the error signal of a unit', () => {
    const v = inspectorView(workedExample, o1, 0, 2)!;
    expect(v.rows.find((r) => r.label.startsWith('error signal'))?.value).toBe('0.1385');
  });

  it('at depth 3 shows ∂L/∂w beside its numerical check, and offers an explanation', () => {
    const v = inspectorView(workedExample, w5, 0, 3)!;
    expect(v.title).toBe('Weight hidden unit 1 → output unit 1');
    expect(v.subtitle).toBe(`output.weights[1, 1], line ${workedExample.layers[1].line}`);
    expect(v.rows.find((r) => r.label === '∂L/∂w')?.value).toBe('0.082167');
    expect(v.rows.find((r) => r.label === 'numeric ∂L/∂w')?.value).toMatch(/^0\.082167 \(rel\. error \d\.\de-\d+\)$/);
    expect(v.explain).toEqual({ layerIndex: 1, param: 'weights', index: [0, 0] });
    expect(v.reveal).toEqual({ layerIndex: 1, param: 'weights', index: [0, 0] });
  });

  it('at depth 4 derives ∂L/∂w5 = δ_o1 · out_h1 with the article\'s numbers', () => {
    const v = inspectorView(workedExample, w5, 0, 4)!;
    expect(v.derivation[1]).toBe('the only sample: 0.1385 × 0.59327 = 0.082167');
  });

  it('lists the incoming weights of a unit, the keyboard\'s way to every edge', () => {
    const v = inspectorView(workedExample, o1, 0, 3)!;
    expect(v.links.map((l) => l.label)).toEqual(['from hidden unit 1: w 0.4, ∂L/∂w 0.082167', 'from hidden unit 2: w 0.45, ∂L/∂w 0.082668']);
  });

  it('gives nothing for a selection the model does not have', () => {
    expect(inspectorView(workedExample, { kind: 'unit', layer: 5, unit: 0 }, 0, 4)).toBeUndefined();
    expect(inspectorView(workedExample, { kind: 'weight', layer: 0, unit: 0, input: 9 }, 0, 4)).toBeUndefined();
  });
});
