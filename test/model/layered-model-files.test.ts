/**
 * Reading model file 1.1 (docs/spec/model-file-v1.1-layers.md): shape arithmetic named in the
 * messages, the dense-after-image error and its quick fix, and dense-only files read as before.
 */
import { describe, expect, it } from 'vitest';
import { parseText } from './helpers';

const data = (n: number, k: number) => `"data": { "inputs": [[${new Array(n).fill(0.5).join(', ')}]], "targets": [[${[1, ...new Array(k - 1).fill(0)].join(', ')}]] }`;

function image(layers: string[], inputs = '[1, 4, 4]', k = 2): string {
  return `{\n  "inputs": ${inputs},\n  "layers": [\n    ${layers.join(',\n    ')}\n  ],\n  "loss": "cross-entropy",\n  ${data(16, k)}\n}\n`;
}

describe('model file 1.1 layers', () => {
  it('says what a kernel too large for its input makes of the output, naming the layer and the numbers', () => {
    const result = parseText(image(['{ "name": "conv1", "type": "conv2d", "filters": 2, "kernel": 5 }', '{ "type": "flatten" }', '{ "units": 2, "activation": "softmax" }']));
    expect(result.model).toBeUndefined();
    expect(result.diagnostics.map((d) => d.message)).toContain('conv1 output would be 0×0: kernel 5 on a 4×4 input with padding 0');
  });

  it('rejects a dense layer on an image and offers to insert a flatten layer, which makes the file valid', () => {
    const text = image(['{ "name": "conv1", "type": "conv2d", "filters": 2, "kernel": 3 }', '{ "name": "out", "units": 2, "activation": "softmax" }']);
    const problem = parseText(text).diagnostics.find((d) => d.code === 'shape-mismatch')!;
    expect(problem.message).toMatch(/layer 'out' is dense, but layer 'conv1' gives an image \[2, 2, 2\].*add \{ "type": "flatten" \}/);
    const at = problem.data!.fixRange!;
    const fixed = text.slice(0, at.startOffset) + problem.data!.suggestion! + text.slice(at.endOffset);
    expect(fixed).toContain('{ "type": "flatten" },\n    { "name": "out"');
    const again = parseText(fixed);
    expect(again.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(again.model!.layered!.layers.map((l) => l.outShape)).toEqual([[2, 2, 2], [8], [2]]);
  });

  it('gives the expected nested shape when conv weights do not fit', () => {
    const result = parseText(image(['{ "name": "conv1", "type": "conv2d", "filters": 1, "kernel": 2, "weights": [[[1, 2], [3, 4]]] }', '{ "type": "flatten" }', '{ "units": 2, "activation": "softmax" }']));
    expect(result.diagnostics.map((d) => d.message).join('\n')).toContain("the weights of layer 'conv1' must be nested as [1][1][2][2]");
  });

  it('reads a dense-only file as version 1: no layered part, the same dense layers', () => {
    const text = '{ "inputs": 2, "layers": [{ "units": 2, "activation": "sigmoid" }], "loss": "squared", "data": { "inputs": [[0, 1]], "targets": [[1, 0]] } }';
    const model = parseText(text).model!;
    expect(model.layered).toBeUndefined();
    expect(model.layers.map((l) => [l.units, l.fanIn])).toEqual([[2, 2]]);
  });

  it('reads trainable on a dense layer and a schedule in train', () => {
    const text = '{ "inputs": 2, "layers": [{ "units": 2, "trainable": { "bias": false } }], "loss": "squared", "data": { "inputs": [[0, 1]], "targets": [[1, 0]] }, "train": { "learningRate": 0.1, "schedule": { "type": "step", "every": 10, "factor": 0.5 } } }';
    const model = parseText(text).model!;
    expect(model.layers[0]!.trainable).toEqual({ bias: false });
    expect(model.train.schedule).toEqual({ type: 'step', every: 10, factor: 0.5 });
  });
});
