/**
 * Quick measurement behind conv2d.ts's choice of im2col + the dense kernels over direct loops:
 * forward and backward of the LeNet-5 and digits-CNN convolutions, median of several runs.
 * Run: npx tsx scripts/bench/measure-conv.ts  (timings are noisy on a shared machine; ratios matter)
 */
import { Conv2dLayer } from '../../src/engine/layers/conv2d';
import { TRAINING } from '../../src/engine/layers/layer';

/** The direct 7-deep loop nest (what conv2d.ts does not use), forward and backward. */
function direct(layer: Conv2dLayer, x: Float64Array, n: number, net: Float64Array, dx: Float64Array, gW: Float64Array): void {
  const { C, H, W, F, Ho, Wo } = layer;
  const { kh, kw, sh, sw, ph, pw } = layer.window;
  const w = layer.weights;
  for (let s = 0; s < n; s++) for (let f = 0; f < F; f++) for (let i = 0; i < Ho; i++) for (let j = 0; j < Wo; j++) {
    let sum = layer.bias[f];
    for (let c = 0; c < C; c++) for (let u = 0; u < kh; u++) {
      const y = i * sh - ph + u;
      if (y < 0 || y >= H) continue;
      for (let v = 0; v < kw; v++) {
        const xx = j * sw - pw + v;
        if (xx >= 0 && xx < W) sum += w[((f * C + c) * kh + u) * kw + v] * x[((s * C + c) * H + y) * W + xx];
      }
    }
    net[((s * F + f) * Ho + i) * Wo + j] = sum;
  }
  dx.fill(0);
  for (let s = 0; s < n; s++) for (let f = 0; f < F; f++) for (let i = 0; i < Ho; i++) for (let j = 0; j < Wo; j++) {
    const g = net[((s * F + f) * Ho + i) * Wo + j];
    for (let c = 0; c < C; c++) for (let u = 0; u < kh; u++) {
      const y = i * sh - ph + u;
      if (y < 0 || y >= H) continue;
      for (let v = 0; v < kw; v++) {
        const xx = j * sw - pw + v;
        if (xx < 0 || xx >= W) continue;
        const wi = ((f * C + c) * kh + u) * kw + v, xi = ((s * C + c) * H + y) * W + xx;
        dx[xi] += g * w[wi];
        gW[wi] += g * x[xi];
      }
    }
  }
}

function median(f: () => void, runs = 9): number {
  const t: number[] = [];
  f();
  for (let r = 0; r < runs; r++) { const s = performance.now(); f(); t.push(performance.now() - s); }
  return t.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

const shapes = [
  { name: 'LeNet conv1 1×28×28 → 6@5×5, batch 64', C: 1, H: 28, W: 28, F: 6, k: 5, n: 64 },
  { name: 'LeNet conv2 6×12×12 → 16@5×5, batch 64', C: 6, H: 12, W: 12, F: 16, k: 5, n: 64 },
  { name: 'digits conv2 8×4×4 → 16@3×3 same, batch 32', C: 8, H: 4, W: 4, F: 16, k: 3, n: 32 },
];
for (const s of shapes) {
  const layer = Conv2dLayer.fromSpec({ type: 'conv2d', name: 'c', filters: s.F, kernel: s.k, padding: s.k === 3 ? 'same' : 0, activation: 'linear', init: 'xavier' }, 0, [s.C, s.H, s.W], 1);
  const x = Float64Array.from({ length: s.n * layer.inSize }, (_, i) => Math.sin(i));
  const net = new Float64Array(s.n * layer.outSize), dx = new Float64Array(s.n * layer.inSize);
  const grads = [new Float64Array(layer.weights.length), new Float64Array(s.F)];
  const tIm2col = median(() => { layer.forward(x, s.n, net, TRAINING); layer.backward(x, s.n, net, dx, grads, 1); });
  const tDirect = median(() => direct(layer, x, s.n, net, dx, grads[0]));
  const flops = 3 * 2 * s.n * layer.outSize * layer.Q;
  console.log(`${s.name}: im2col ${tIm2col.toFixed(2)} ms (${(flops / tIm2col / 1e6).toFixed(2)} GFLOP/s), direct ${tDirect.toFixed(2)} ms, direct/im2col ${(tDirect / tIm2col).toFixed(2)}×`);
}
