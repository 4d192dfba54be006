/**
 * Convolution and pooling ops for the autodiff, written as plain nested loops straight from
 * PyTorch's definitions (no im2col, no shared code with the fused layers): the reference the fused
 * layers are tested against. Shapes: x [N, C, H, W], w [F, C, kh, kw], b [F]; H' = floor((H + 2ph − kh)/sh) + 1.
 *
 * conv2d     out[n][f][i][j] = b[f] + Σ_c,u,v w[f][c][u][v]·x[n][c][i·sh−ph+u][j·sw−pw+v]  (0 outside)
 *            ∂x[n][c][y][x] += g[n][f][i][j]·w[f][c][u][v]; ∂w[f][c][u][v] += g·x[…]; ∂b[f] += g
 * maxpool2d  out = max of the window (first maximum in row-major order wins); ∂x[argmax] += g
 * avgpool2d  out = Σ window / (kh·kw) (padding counted); ∂x[y][x] += g/(kh·kw) for each window holding it
 */
import { asTensor, defineOp, shapeString, type Tensor, type TensorLike } from './tensor';

/** Kernel, stride and padding of a window op. */
export interface WindowSpec {
  readonly kh: number; readonly kw: number;
  readonly sh: number; readonly sw: number;
  readonly ph: number; readonly pw: number;
}

interface Geometry extends WindowSpec {
  readonly N: number; readonly C: number; readonly H: number; readonly W: number;
  readonly Ho: number; readonly Wo: number;
}

function geometry(op: string, x: Tensor, w: WindowSpec): Geometry {
  if (x.rank !== 4) throw new Error(`${op}: input must be [N, C, H, W], got ${shapeString(x.shape)}`);
  const [N, C, H, W] = x.shape;
  const Ho = Math.floor((H + 2 * w.ph - w.kh) / w.sh) + 1, Wo = Math.floor((W + 2 * w.pw - w.kw) / w.sw) + 1;
  if (Ho < 1 || Wo < 1) throw new Error(`${op}: window ${w.kh}×${w.kw} does not fit ${H}×${W} with padding ${w.ph}×${w.pw}`);
  return { ...w, N, C, H, W, Ho, Wo };
}

/** Calls visit(inputFlatIndex, u, v) for every in-image position of window (i, j) of plane (n, c). */
function eachInWindow(g: Geometry, n: number, c: number, i: number, j: number, visit: (at: number, u: number, v: number) => void): void {
  for (let u = 0; u < g.kh; u++) {
    const y = i * g.sh - g.ph + u;
    if (y < 0 || y >= g.H) continue;
    for (let v = 0; v < g.kw; v++) {
      const xx = j * g.sw - g.pw + v;
      if (xx < 0 || xx >= g.W) continue;
      visit(((n * g.C + c) * g.H + y) * g.W + xx, u, v);
    }
  }
}

const recordConv = defineOp({
  name: 'conv2d',
  backward(grad, node) {
    const [x, w, b] = node.inputs;
    const g = node.saved as Geometry;
    const F = w.shape[0];
    const gx = new Float64Array(x.size), gw = new Float64Array(w.size), gb = new Float64Array(F);
    for (let n = 0; n < g.N; n++) for (let f = 0; f < F; f++) for (let i = 0; i < g.Ho; i++) for (let j = 0; j < g.Wo; j++) {
      const go = grad[((n * F + f) * g.Ho + i) * g.Wo + j];
      gb[f] += go;
      for (let c = 0; c < g.C; c++) {
        eachInWindow(g, n, c, i, j, (at, u, v) => {
          const wi = ((f * g.C + c) * g.kh + u) * g.kw + v;
          gx[at] += go * w.data[wi];
          gw[wi] += go * x.data[at];
        });
      }
    }
    return [{ shape: x.shape, data: gx }, { shape: w.shape, data: gw }, { shape: b.shape, data: gb }];
  },
});

/** PyTorch's conv2d (cross-correlation) with zero padding. */
export function conv2d(xIn: TensorLike, wIn: TensorLike, bIn: TensorLike, window: WindowSpec): Tensor {
  const x = asTensor(xIn), w = asTensor(wIn), b = asTensor(bIn);
  const g = geometry('conv2d', x, window);
  if (w.rank !== 4 || w.shape[1] !== g.C || w.shape[2] !== window.kh || w.shape[3] !== window.kw) {
    throw new Error(`conv2d: weights ${shapeString(w.shape)} do not fit input ${shapeString(x.shape)} and kernel ${window.kh}×${window.kw}`);
  }
  const F = w.shape[0];
  if (b.rank !== 1 || b.shape[0] !== F) throw new Error(`conv2d: bias ${shapeString(b.shape)} should be [${F}]`);
  const out = new Float64Array(g.N * F * g.Ho * g.Wo);
  for (let n = 0; n < g.N; n++) for (let f = 0; f < F; f++) for (let i = 0; i < g.Ho; i++) for (let j = 0; j < g.Wo; j++) {
    let s = b.data[f];
    for (let c = 0; c < g.C; c++) {
      eachInWindow(g, n, c, i, j, (at, u, v) => { s += w.data[((f * g.C + c) * g.kh + u) * g.kw + v] * x.data[at]; });
    }
    out[((n * F + f) * g.Ho + i) * g.Wo + j] = s;
  }
  return recordConv(out, [g.N, F, g.Ho, g.Wo], [x, w, b], g);
}

const recordMaxPool = defineOp({
  name: 'maxpool2d',
  backward(grad, node) {
    const [x] = node.inputs;
    const arg = node.saved as Int32Array;
    const gx = new Float64Array(x.size);
    for (let k = 0; k < grad.length; k++) gx[arg[k]] += grad[k];
    return [{ shape: x.shape, data: gx }];
  },
});

/** Max over each window; the first maximum in row-major window order takes the gradient. */
export function maxpool2d(xIn: TensorLike, window: WindowSpec): Tensor {
  const x = asTensor(xIn);
  const g = geometry('maxpool2d', x, window);
  const out = new Float64Array(g.N * g.C * g.Ho * g.Wo);
  const arg = new Int32Array(out.length);
  let k = 0;
  for (let n = 0; n < g.N; n++) for (let c = 0; c < g.C; c++) for (let i = 0; i < g.Ho; i++) for (let j = 0; j < g.Wo; j++, k++) {
    let best = -Infinity, at = -1;
    eachInWindow(g, n, c, i, j, (p) => { if (at < 0 || x.data[p] > best) { best = x.data[p]; at = p; } });
    out[k] = best;
    arg[k] = at;
  }
  return recordMaxPool(out, [g.N, g.C, g.Ho, g.Wo], [x], arg);
}

const recordAvgPool = defineOp({
  name: 'avgpool2d',
  backward(grad, node) {
    const [x] = node.inputs;
    const g = node.saved as Geometry;
    const gx = new Float64Array(x.size);
    const inv = 1 / (g.kh * g.kw);
    let k = 0;
    for (let n = 0; n < g.N; n++) for (let c = 0; c < g.C; c++) for (let i = 0; i < g.Ho; i++) for (let j = 0; j < g.Wo; j++, k++) {
      const go = grad[k] * inv;
      eachInWindow(g, n, c, i, j, (p) => { gx[p] += go; });
    }
    return [{ shape: x.shape, data: gx }];
  },
});

/** Mean over each window, zeros of the padding included (count_include_pad). */
export function avgpool2d(xIn: TensorLike, window: WindowSpec): Tensor {
  const x = asTensor(xIn);
  const g = geometry('avgpool2d', x, window);
  const out = new Float64Array(g.N * g.C * g.Ho * g.Wo);
  let k = 0;
  for (let n = 0; n < g.N; n++) for (let c = 0; c < g.C; c++) for (let i = 0; i < g.Ho; i++) for (let j = 0; j < g.Wo; j++, k++) {
    let s = 0;
    eachInWindow(g, n, c, i, j, (p) => { s += x.data[p]; });
    out[k] = s / (g.kh * g.kw);
  }
  return recordAvgPool(out, [g.N, g.C, g.Ho, g.Wo], [x], g);
}
