/**
 * Hovers over a layered model's layers: a conv layer's output size worked out with its own numbers,
 * its receptive field, parameter count and gradient per filter; a pool's arithmetic and where its
 * gradient goes; batch norm's parameters and statistics; dropout's scale; flatten's layout.
 */
import { describe, expect, it } from 'vitest';
import { layerHoverMarkdown } from '../../src/hover/layerHover';
import { outputSizeArithmetic } from '../../src/hover/layeredHover';
import { formatScientific, formatValue } from '../../src/shared/format';
import { analyseExample } from '../helpers/examples';

const cnn = analyseExample('conv-net.nn.json');
const hover = (index: number, depth: 1 | 2 | 3 | 4 = 3) => layerHoverMarkdown(cnn, cnn.layers[index], depth);

describe('the hover over a conv layer', () => {
  it('works out the output size with the layer\'s numbers', () => {
    expect(hover(0)).toContain('- H′ = (8 + 2·1 − 3)/1 + 1 = 8');
    expect(hover(0)).toContain('- W′ = (8 + 2·1 − 3)/1 + 1 = 8');
    expect(hover(3)).toContain('- H′ = (4 + 2·1 − 3)/1 + 1 = 4');
  });

  it('writes the floor when the stride does not divide', () => {
    expect(outputSizeArithmetic('H′', 7, 0, 2, 2, 3)).toBe('H′ = ⌊(7 + 2·0 − 2)/2⌋ + 1 = 3');
  });

  it('gives the receptive field on the input image, grown by the pool between the convs', () => {
    expect(hover(0)).toContain('each output value sees a 3×3 patch of the input image (neighbouring outputs 1 pixel(s) apart)');
    // conv1 3×3 → pool 2×2 (4×4, jump 2) → conv2 3×3: 4 + (3 − 1)·2 = 8.
    expect(hover(3)).toContain('each output value sees a 8×8 patch of the input image (neighbouring outputs 2 pixel(s) apart)');
  });

  it('counts the parameters as F·C·kh·kw weights and F biases', () => {
    expect(hover(0)).toContain('Parameters: 80 = 8·1·3·3 weights + 8 biases.');
    expect(hover(3)).toContain('Parameters: 1168 = 16·8·3·3 weights + 16 biases.');
  });

  it('lists the gradient of each filter, as the engine computed it', () => {
    const grads = cnn.layers[0].weights.grad as number[][];
    const bias = cnn.layers[0].bias.grad as number[];
    const norm = Math.sqrt(grads[2].reduce((s, g) => s + g * g, 0));
    const max = Math.max(...grads[2].map(Math.abs));
    // filter index 2 (0-based) is filter 3 to people (src/shared/names.ts)
    expect(hover(0)).toContain(`| 3 | ${formatScientific(norm, 2)} | ${formatScientific(max, 2)} | ${formatScientific(bias[2], 2)} |`);
    expect(hover(0).match(/^\| \d+ \| /gm)).toHaveLength(8);
    // 16 filters in conv2: every one fits under the cap.
    expect(hover(3).match(/^\| \d+ \| /gm)).toHaveLength(16);
  });

  it('shows no derivative at depth 1', () => {
    expect(hover(0, 1)).not.toMatch(/∂/);
    expect(hover(0, 1)).toContain('H′ = (8 + 2·1 − 3)/1 + 1 = 8');
  });
});

describe('hovers over layers without weights', () => {
  it('says a max-pool sends each window\'s gradient to its largest value only', () => {
    expect(hover(2)).toContain('- H′ = (8 + 2·0 − 2)/2 + 1 = 4');
    expect(hover(2)).toContain('only the largest value of each window receives the window\'s gradient');
    expect(hover(2)).toMatch(/‖∂L\/∂out‖ \S+ → ‖∂L\/∂in‖ \S+; 75\.0 % of its inputs receive none/);
    expect(hover(2)).not.toContain('| ∂L/∂W |');
  });

  it('lays out how flatten orders the numbers', () => {
    expect(hover(4)).toContain('16×4×4 = 256 numbers in one vector: value (c, h, w) goes to position c·16 + h·4 + w.');
  });

  it('gives dropout\'s rate and the scale of the kept values', () => {
    const dropout = analyseExample('dropout.nn.json');
    const layer = dropout.layers.find((l) => l.layered?.type === 'dropout')!;
    expect(layerHoverMarkdown(dropout, layer, 2)).toContain('dropped with probability 0.5; the kept ones are multiplied by 1/(1 − 0.5) = 2.');
  });

  it('gives batch norm\'s γ, β, gradients and statistics per feature', () => {
    const bn = analyseExample('batchnorm-rescue.nn.json');
    const layer = bn.layers.find((l) => l.layered?.type === 'batchnorm')!;
    const text = layerHoverMarkdown(bn, layer, 2);
    const l = layer.layered!;
    expect(text).toContain(`| 1 | ${formatValue((layer.weights.value as number[][])[0][0])} | ${formatValue((layer.bias.value as number[])[0])} | ${formatScientific((layer.weights.grad as number[][])[0][0], 2)} | ${formatScientific((layer.bias.grad as number[])[0], 2)} | ${formatValue(l.batchMean![0])} | ${formatValue(l.batchVar![0])} |`);
    expect(text).toContain('| ∂L/∂γ |');
  });
});
