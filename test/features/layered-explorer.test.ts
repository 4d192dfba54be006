/**
 * The Gradient Explorer on the digits CNN: model → layers → parameters → filters → channels with the
 * engine's gradient norms; layers without parameters show the gradient that passes through them.
 */
import { describe, expect, it } from 'vitest';
import { explorerTree } from '../../src/explorer/explorerItems';
import { formatScientific } from '../../src/shared/format';
import { analyseExample } from '../helpers/examples';

const cnn = analyseExample('conv-net.nn.json');
const URI = 'file:///conv-net.nn.json';

function hypot(values: readonly number[]): number {
  return Math.sqrt(values.reduce((s, v) => s + v * v, 0));
}

describe('the Gradient Explorer on the digits CNN', () => {
  const root = explorerTree(URI, cnn, 3);

  it('lists every layer with its type and output shape', () => {
    expect(root.children.map((l) => [l.label, l.description!.split(' · ')[0]])).toEqual([
      ['conv1', 'conv2d → 8×8×8'], ['relu1', 'activation → 8×8×8'], ['pool1', 'maxpool2d → 8×4×4'],
      ['conv2', 'conv2d → 16×4×4'], ['flat', 'flatten → 256'], ['output', 'dense → 10'],
    ]);
  });

  it('opens a conv layer into filters and each filter into its input channels, with their gradient norms', () => {
    const conv2 = root.children[3];
    const weights = conv2.children.find((c) => c.param === 'weights')!;
    expect(weights.children).toHaveLength(16);
    const filter = weights.children[5];
    expect(filter.children.map((c) => c.label)).toEqual(Array.from({ length: 8 }, (_, c) => `channel ${c + 1}`));
    const row = (cnn.layers[3].weights.grad as number[][])[5];
    expect(filter.description).toBe(`‖∂L/∂W[6]‖ ${formatScientific(hypot(row))}`);
    expect(filter.children[2].description).toBe(`‖∂L/∂W[6, 3]‖ ${formatScientific(hypot(row.slice(18, 27)))}`);
  });

  it('shows the gradient passing through the max-pool, and gives it no children', () => {
    const pool = root.children[2];
    const s = cnn.layerSummaries![2];
    expect(pool.children).toEqual([]);
    expect(pool.description).toBe(`maxpool2d → 8×4×4 · ‖∂L/∂out‖ ${formatScientific(s.outGrad.gradNorm)} → ‖∂L/∂in‖ ${formatScientific(s.inGrad.gradNorm)}`);
    expect(pool.tooltip).toContain('75.0 % of its inputs receive none');
  });

  it('keeps the dense layer\'s units, and shows no derivative at depth 1', () => {
    expect(root.children[5].children[0].children).toHaveLength(10);
    const drive = JSON.stringify(explorerTree(URI, cnn, 1));
    expect(drive).not.toMatch(/∂/);
  });
});
