/**
 * The one naming convention (src/shared/names.ts): 1-based, layer-qualified, comma-separated; and the
 * classic walkthrough's names, checked against Mazur's article (oracles.md): w5 is the weight from
 * h1 into o1, output.weights[1, 1], whose gradient is ∂E/∂w5 = 0.082167041.
 */
import { describe, expect, it } from 'vitest';
import {
  channelName, classicInputName, classicParameterName, classicUnitName, classicValueName, displayParameterName, displayUnitName,
  entryIndex, filterName, inputPositionName, isClassicShape, ordinal, outputPositionName, parameterName, sampleName, tensorName, unitName,
} from '../../src/shared/names';
import { analyseExample } from '../helpers/examples';

const classic = { inputs: 2, layers: [{ name: 'hidden', units: 2 }, { name: 'output', units: 2 }] };

describe('the naming convention writes every index from 1, qualified by its layer, in one pair of brackets', () => {
  it('a dense weight is LAYER.weights[unit, input], a bias LAYER.bias[unit], from the 0-based index of the report JSON', () => {
    expect(parameterName('output', 'weights', [0, 0])).toBe('output.weights[1, 1]');
    expect(parameterName('hidden', 'weights', [1, 0])).toBe('hidden.weights[2, 1]');
    expect(parameterName('hidden', 'bias', [1])).toBe('hidden.bias[2]');
    expect(tensorName('output', 'weights')).toBe('output.weights');
  });

  it('a conv weight is LAYER.weights[filter, channel, row, column]', () => {
    expect(parameterName('conv1', 'weights', [0, 2, 1, 0])).toBe('conv1.weights[1, 3, 2, 1]');
    expect(entryIndex([4, 0])).toBe('[5, 1]');
  });

  it('units, samples, filters, channels and output positions are counted from 1', () => {
    expect(ordinal(0)).toBe(1);
    expect(unitName('hidden', 0)).toBe('hidden unit 1');
    expect(sampleName(0)).toBe('sample 1');
    expect(filterName('conv1', 1)).toBe('conv1 filter 2');
    expect(channelName(2)).toBe('channel 3');
    expect(outputPositionName('pool1', [0, 3, 1])).toBe('pool1[1, 4, 2]');
    expect(inputPositionName([0, 0, 2])).toBe('input[1, 1, 3]');
  });

  it('never writes a 0-based or [i][j] form', () => {
    for (const name of [parameterName('output', 'weights', [0, 0]), parameterName('c', 'weights', [0, 0, 0, 0]), parameterName('b', 'bias', [0])]) {
      expect(name).not.toMatch(/\]\[|\[0|, 0/);
    }
  });
});

describe('the classic walkthrough names (Mazur 2015) for the 2-2-2 shape only', () => {
  it('knows the shape: 2 inputs, dense "hidden" and "output" of 2 units each', () => {
    expect(isClassicShape(classic)).toBe(true);
    expect(isClassicShape({ ...classic, inputs: 3 })).toBe(false);
    expect(isClassicShape({ inputs: 2, layers: [{ name: 'h', units: 2 }, { name: 'output', units: 2 }] })).toBe(false);
    expect(isClassicShape({ inputs: 2, layers: [{ name: 'hidden', units: 3 }, { name: 'output', units: 2 }] })).toBe(false);
    expect(isClassicShape({ inputs: 2, layers: [{ name: 'hidden', units: 2 }] })).toBe(false);
  });

  it('numbers the weights as the article: w1 = i1→h1, w2 = i2→h1, w3 = i1→h2, w4 = i2→h2, w5 = h1→o1 … w8 = h2→o2', () => {
    const names: Record<string, string> = {};
    for (let l = 0; l < 2; l++) for (let u = 0; u < 2; u++) for (let i = 0; i < 2; i++) names[parameterName(classic.layers[l].name, 'weights', [u, i])] = classicParameterName(l, 'weights', [u, i])!;
    expect(names).toEqual({
      'hidden.weights[1, 1]': 'w1', 'hidden.weights[1, 2]': 'w2', 'hidden.weights[2, 1]': 'w3', 'hidden.weights[2, 2]': 'w4',
      'output.weights[1, 1]': 'w5', 'output.weights[1, 2]': 'w6', 'output.weights[2, 1]': 'w7', 'output.weights[2, 2]': 'w8',
    });
    expect(classicParameterName(0, 'bias', [1])).toBe('b1 (h2)');
    expect(classicParameterName(1, 'bias', [0])).toBe('b2 (o1)');
    expect([classicUnitName(0, 0), classicUnitName(1, 1), classicInputName(1)]).toEqual(['h1', 'o2', 'i2']);
    expect([classicValueName('out', 0, 0), classicValueName('net', 1, 0)]).toEqual(['out_h1', 'net_o1']);
  });

  it('w5 is output.weights[1, 1] of the worked example, with the article\'s ∂E/∂w5 = 0.082167041', () => {
    const analysis = analyseExample('worked-example.nn.json');
    const model = { inputs: analysis.inputs, layers: analysis.layers.map((l) => ({ name: l.name, units: l.units })) };
    expect(isClassicShape(model)).toBe(true);
    expect(displayParameterName(model, true, 1, 'weights', [0, 0])).toBe('w5 (output.weights[1, 1])');
    expect((analysis.layers[1].weights.grad as number[][])[0][0]).toBeCloseTo(0.082167041, 9);
    expect(displayUnitName(model, true, 0, 0)).toBe('h1 (hidden unit 1)');
  });

  it('shows the convention alone when the setting is off or the model has another shape', () => {
    expect(displayParameterName(classic, false, 1, 'weights', [0, 0])).toBe('output.weights[1, 1]');
    expect(displayParameterName({ ...classic, inputs: 3 }, true, 1, 'weights', [0, 0])).toBe('output.weights[1, 1]');
    expect(displayUnitName(classic, false, 1, 1)).toBe('output unit 2');
  });
});
