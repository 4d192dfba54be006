/** Seeded random numbers and weight initialisers: same seed, same numbers, on every machine. */
import { describe, expect, it } from 'vitest';
import { createRng, initWeights, Network } from '../../src/engine/index';
import { rngFromState } from '../../src/engine/rng';
import { layer, spec } from './helpers';

describe('the random number generator', () => {
  it('is xoshiro128**: the reference implementation\'s outputs from state [1, 2, 3, 4]', () => {
    const rng = rngFromState([1, 2, 3, 4]);
    const outputs = Array.from({ length: 10 }, () => rng.nextUint32());
    expect(outputs).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804]);
  });

  it('gives the same numbers for the same seed and stream, and different ones otherwise', () => {
    const draw = (seed: number, stream?: string) => { const r = createRng(seed, stream); return Array.from({ length: 8 }, () => r.next()); };
    expect(draw(42, 'init:0')).toEqual(draw(42, 'init:0'));
    expect(draw(42, 'init:0')).not.toEqual(draw(43, 'init:0'));
    expect(draw(42, 'init:0')).not.toEqual(draw(42, 'init:1'));
    expect(draw(42, 'shuffle')).not.toEqual(draw(42, 'split'));
    expect(draw(7)).toEqual(draw(7, 'default'));
  });

  it('draws uniforms in [0, 1) with mean 1/2 and normals with mean 0 and standard deviation 1', () => {
    const rng = createRng(1, 'stats');
    let sum = 0, min = 1, max = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) { const u = rng.next(); sum += u; min = Math.min(min, u); max = Math.max(max, u); }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(sum / n).toBeCloseTo(0.5, 2);
    let s1 = 0, s2 = 0;
    for (let i = 0; i < n; i++) { const z = rng.normal(); s1 += z; s2 += z * z; }
    expect(s1 / n).toBeCloseTo(0, 1);
    expect(Math.sqrt(s2 / n - (s1 / n) ** 2)).toBeCloseTo(1, 1);
  });

  it('shuffles into a permutation, reproducibly', () => {
    const a = createRng(3, 'shuffle').shuffle(Int32Array.from({ length: 50 }, (_, i) => i));
    const b = createRng(3, 'shuffle').shuffle(Int32Array.from({ length: 50 }, (_, i) => i));
    expect(a).toEqual(b);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...a]).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('treats the seed as an integer and refuses a non-finite one', () => {
    expect(createRng(5.7).next()).toBe(createRng(5).next());
    expect(() => createRng(NaN)).toThrow(/seed/);
  });
});

describe('the initialisers', () => {
  it('xavier draws Glorot-uniform weights within ±sqrt(6 / (fanIn + fanOut))', () => {
    const w = initWeights('xavier', 50, 30, 1, 0);
    const limit = Math.sqrt(6 / 80);
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.95 * limit);
    const mean = w.reduce((a, b) => a + b, 0) / w.length;
    expect(Math.abs(mean)).toBeLessThan(0.05 * limit);
  });

  it('he draws normal weights with standard deviation sqrt(2 / fanIn)', () => {
    const w = initWeights('he', 200, 100, 1, 0);
    const mean = w.reduce((a, b) => a + b, 0) / w.length;
    const std = Math.sqrt(w.reduce((a, b) => a + (b - mean) ** 2, 0) / w.length);
    expect(std).toBeCloseTo(Math.sqrt(2 / 100), 2);
    expect(Math.abs(mean)).toBeLessThan(0.01);
  });

  it('uniform, normal and zeros do what they say', () => {
    const u = initWeights({ uniform: [2, 3] }, 20, 20, 1, 0);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...u)).toBeLessThan(3);
    const n = initWeights({ normal: [5, 0.1] }, 100, 100, 1, 0);
    expect(n.reduce((a, b) => a + b, 0) / n.length).toBeCloseTo(5, 2);
    expect([...initWeights('zeros', 3, 4, 1, 0)]).toEqual(new Array(12).fill(0));
  });

  it('follows the documented draw order: row-major, one draw per weight, from stream init:<layer>', () => {
    const rng = createRng(9, 'init:2');
    const expected = Array.from({ length: 6 }, () => -1 + 2 * rng.next()).map((x) => x * Math.sqrt(6 / (3 + 2)));
    const rng2 = createRng(9, 'init:2');
    const limit = Math.sqrt(6 / 5);
    const direct = Array.from({ length: 6 }, () => -limit + 2 * limit * rng2.next());
    expect([...initWeights('xavier', 2, 3, 9, 2)]).toEqual(direct);
    direct.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
    const hRng = createRng(9, 'init:0');
    expect([...initWeights('he', 1, 2, 9, 0)]).toEqual([Math.sqrt(2 / 2) * hRng.normal(), Math.sqrt(2 / 2) * hRng.normal()]);
  });

  it('builds the same network from the same seed, a different one from another seed, and biases default to 0', () => {
    const s = (seed: number) => spec(4, [layer('h', 5, 'tanh'), layer('o', 3, 'softmax', { init: 'he' })], seed);
    const a = Network.fromSpec(s(11)), b = Network.fromSpec(s(11)), c = Network.fromSpec(s(12));
    a.layers.forEach((l, i) => {
      expect(l.weights).toEqual(b.layers[i].weights);
      expect(l.weights).not.toEqual(c.layers[i].weights);
      expect([...l.bias]).toEqual(new Array(l.units).fill(0));
    });
  });

  it('gives each layer its own stream: explicit weights in one layer do not shift another layer\'s numbers', () => {
    const random = Network.fromSpec(spec(2, [layer('h', 2, 'tanh'), layer('o', 2, 'linear')], 5));
    const explicit = Network.fromSpec(spec(2, [layer('h', 2, 'tanh', { weights: [[1, 2], [3, 4]] }), layer('o', 2, 'linear')], 5));
    expect(explicit.layers[1].weights).toEqual(random.layers[1].weights);
  });

  it('uses explicit weights row by row (row = a unit\'s incoming weights) and explicit biases', () => {
    const n = Network.fromSpec(spec(3, [layer('h', 2, 'linear', { weights: [[1, 2, 3], [4, 5, 6]], bias: [0.5, -0.5] })]));
    expect([...n.layers[0].weights]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(n.layers[0].weight(1, 0)).toBe(4);
    expect([...n.layers[0].bias]).toEqual([0.5, -0.5]);
    expect(() => Network.fromSpec(spec(3, [layer('h', 2, 'linear', { weights: [[1, 2], [4, 5]] })]))).toThrow(/row 0 has 2 numbers, expected fan-in 3/);
    expect(() => Network.fromSpec(spec(3, [layer('h', 2, 'linear', { bias: [1, 2, 3] })]))).toThrow(/bias has 3 numbers/);
  });
});
