/**
 * A small layered model for the teaching tests: a 3×3 conv with ReLU, batch norm, 2×2 max pooling,
 * dropout, flatten and a dense softmax layer, on eight 1×4×4 images of two classes (bright top half
 * or bright bottom half, with seeded noise written into the file).
 */

/** Eight 1×4×4 images (a seeded sequence, written out), two classes: bright top half or bright bottom half. */
function images(): { inputs: number[][]; targets: number[][] } {
  const inputs: number[][] = [], targets: number[][] = [];
  let s = 11;
  const next = () => { s = (s * 48271) % 2147483647; return s / 2147483647; };
  for (let n = 0; n < 8; n++) {
    const top = n % 2 === 0;
    inputs.push(Array.from({ length: 16 }, (_, k) => Number((((k < 8) === top ? 0.8 : 0.1) + 0.2 * next()).toFixed(3))));
    targets.push(top ? [1, 0] : [0, 1]);
  }
  return { inputs, targets };
}

/** The model file as JSON (written as a person would), before any change. */
export function tinyCnn(): Record<string, any> {
  return {
    name: 'Tiny CNN', seed: 5, inputs: [1, 4, 4], init: 'he',
    layers: [
      { name: 'conv', type: 'conv2d', filters: 2, kernel: 3, padding: 1, activation: 'relu' },
      { name: 'bn', type: 'batchnorm' },
      { name: 'pool', type: 'maxpool2d', size: 2 },
      { name: 'drop', type: 'dropout', rate: 0.25 },
      { name: 'flat', type: 'flatten' },
      { name: 'output', type: 'dense', units: 2, activation: 'softmax', init: 'xavier' },
    ],
    loss: 'cross-entropy',
    data: images(),
    train: { optimizer: 'adam', learningRate: 0.05, batchSize: 4, epochs: 10 },
  };
}
