/**
 * Shapes flow through a layered network as PyTorch computes them, and a layer that does not fit says
 * which layer and which numbers.
 */
import { describe, expect, it } from 'vitest';
import { LayeredNetwork } from '../../src/engine/layers/network';
import type { LayerSpec } from '../../src/engine/layers/spec';

const build = (inputs: number | number[], layers: LayerSpec[]): LayeredNetwork => LayeredNetwork.fromSpec({ inputs, layers, seed: 1 });

describe('layer shapes', () => {
  it('of LeNet-5 on 1×28×28 are 6×24×24, 6×12×12, 16×8×8, 16×4×4, 256, 120, 84 and 10', () => {
    const net = build([1, 28, 28], [
      { type: 'conv2d', name: 'c1', filters: 6, kernel: 5, activation: 'relu', init: 'he' },
      { type: 'maxpool2d', name: 'p1', size: 2 },
      { type: 'conv2d', name: 'c2', filters: 16, kernel: 5, activation: 'relu', init: 'he' },
      { type: 'maxpool2d', name: 'p2', size: 2 },
      { type: 'flatten', name: 'f' },
      { type: 'dense', name: 'd1', units: 120, activation: 'relu', init: 'he' },
      { type: 'dense', name: 'd2', units: 84, activation: 'relu', init: 'he' },
      { type: 'dense', name: 'out', units: 10, activation: 'softmax', init: 'xavier' },
    ]);
    expect(net.layers.map((l) => l.outShape.join('×'))).toEqual(['6×24×24', '6×12×12', '16×8×8', '16×4×4', '256', '120', '84', '10']);
    expect(net.parameterCount).toBe(6 * 25 + 6 + 16 * 6 * 25 + 16 + 256 * 120 + 120 + 120 * 84 + 84 + 84 * 10 + 10);
    expect(net.layers[2].params[0].shape).toEqual([16, 6, 5, 5]);
  });

  it('follow strides, non-square kernels, "same" padding and pooling with padding', () => {
    const net = build([3, 7, 9], [
      { type: 'conv2d', name: 'a', filters: 4, kernel: [3, 2], stride: [2, 3], padding: 1, activation: 'linear', init: 'xavier' },
      { type: 'conv2d', name: 'b', filters: 2, kernel: [3, 5], padding: 'same', activation: 'linear', init: 'xavier' },
      { type: 'avgpool2d', name: 'c', size: 3, stride: 2, padding: 1 },
      { type: 'batchnorm', name: 'd' },
    ]);
    // a: floor((7 + 2 − 3)/2) + 1 = 4, floor((9 + 2 − 2)/3) + 1 = 4; c: floor((4 + 2 − 3)/2) + 1 = 2
    expect(net.layers.map((l) => l.outShape.join('×'))).toEqual(['4×4×4', '2×4×4', '2×2×2', '2×2×2']);
    expect(net.layers[3].params[0].shape).toEqual([2]);
  });

  const errors: [string, number[] | number, LayerSpec[], string][] = [
    ['a kernel larger than the padded input', [1, 4, 4], [{ type: 'conv2d', name: 'conv1', filters: 2, kernel: 5, activation: 'relu', init: 'he' }],
      'conv1 output would be 0×0: kernel 5 on a 4×4 input with padding 0'],
    ['a dense layer straight after an image', [1, 4, 4], [{ type: 'dense', name: 'd', units: 3, activation: 'relu', init: 'he' }],
      "layer 'd': a dense layer needs a flat input, but it receives an image [1, 4, 4]: add a \"flatten\" layer before it"],
    ['"same" padding with stride 2', [1, 6, 6], [{ type: 'conv2d', name: 'c', filters: 1, kernel: 3, stride: 2, padding: 'same', activation: 'linear', init: 'he' }],
      "layer 'c': padding \"same\" needs stride 1, got 2×2"],
    ['"same" padding with an even kernel', [1, 6, 6], [{ type: 'conv2d', name: 'c', filters: 1, kernel: [2, 3], padding: 'same', activation: 'linear', init: 'he' }],
      "layer 'c': padding \"same\" needs an odd kernel, got 2×3"],
    ['a dropout rate of 1', 3, [{ type: 'dropout', name: 'drop', rate: 1 }],
      "layer 'drop': dropout rate must be at least 0 and below 1, got 1"],
    ['batch norm parameters of the wrong length', [2, 3, 3], [{ type: 'batchnorm', name: 'bn', scale: [1, 2, 3] }],
      "layer 'bn': scale has 3 numbers, expected one per channel (2)"],
    ['conv weights of the wrong size', [2, 3, 3], [{ type: 'conv2d', name: 'c', filters: 1, kernel: 2, activation: 'linear', init: 'he', weights: [1, 2, 3] }],
      "layer 'c': weights hold 3 numbers, expected [1, 2, 2, 2] = 8"],
    ['pool padding over half the window', [1, 5, 5], [{ type: 'maxpool2d', name: 'p', size: 2, padding: 2 }],
      "layer 'p': padding 2×2 is more than half the window 2×2"],
    ['flatten of a flat input', 4, [{ type: 'flatten', name: 'f' }],
      "layer 'f': flatten needs an image input [C, H, W], got [4]"],
    ['softmax on an image', [1, 3, 3], [{ type: 'activation', name: 's', activation: 'softmax' }],
      "layer 's': softmax needs a flat output, but this layer's output is an image [1, 3, 3]: flatten first"],
  ];
  for (const [what, inputs, layers, message] of errors) {
    it(`rejects ${what}, naming the layer and the numbers`, () => {
      expect(() => build(inputs, layers)).toThrow(message);
    });
  }
});
