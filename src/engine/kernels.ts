/**
 * The three matrix products of a dense layer, written for speed on row-major Float64Arrays.
 * W is `units × fanIn` (row = a unit's incoming weights), A is `n × fanIn` (row = a sample's inputs),
 * net and delta are `n × units`. No transposes are ever materialised: loop order does the work.
 *
 * - forward  net = A·Wᵀ + b : net[i][u] = Σ_c A[i][c]·W[u][c] — both rows contiguous; a 4-sample ×
 *   3-unit register block keeps twelve independent sums for seven loads (measured ~10 % faster than
 *   2 × 4 on 784-128 and 512-512 layers; 4 × 4, 3 × 4 and 5 × 3 measured slower), then 2 × 4 and 1 × 4
 *   blocks for the last rows.
 * - backward dA = Δ·W       : i-k-j order, dA[i][:] += Δ[i][u]·W[u][:], 4 samples × 4 units per pass
 *   (sixteen Δ values held in registers; ~25 % faster than 2 × 4), then 2 × 4 and 1 × 4.
 * - backward dW = Δᵀ·A      : i-k-j order, dW[u][:] += Δ[i][u]·A[i][:], 4 units × 4 samples per pass
 *   (~25 % faster than 2 × 4), then 2 × 4 and single units.
 * Every entry sums its terms in the same groups whatever block it falls in (forward: sequentially
 * over c; backward: four terms at a time, then the rest one by one).
 * Blocks whose Δ values are all zero (dead relu units) are skipped.
 *
 * Summation order of `denseForward` for one unit is sequential over c and then adds the bias, so
 * `denseForwardUnit` reproduces any single net value bit for bit (the gradient check relies on it).
 */

/** net[i][u] = Σ_c A[i][c]·W[u][c] + b[u] for the first n rows. Register-blocked 4 samples × 3 units. */
export function denseForward(
  A: Float64Array, n: number, fanIn: number,
  W: Float64Array, b: Float64Array, units: number, net: Float64Array,
): void {
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const p0 = i * fanIn, p1 = p0 + fanIn, p2 = p1 + fanIn, p3 = p2 + fanIn;
    const n0 = i * units, n1 = n0 + units, n2 = n1 + units, n3 = n2 + units;
    let u = 0;
    for (; u + 2 < units; u += 3) {
      const w0 = u * fanIn, w1 = w0 + fanIn, w2 = w1 + fanIn;
      let s00 = 0, s01 = 0, s02 = 0, s10 = 0, s11 = 0, s12 = 0, s20 = 0, s21 = 0, s22 = 0, s30 = 0, s31 = 0, s32 = 0;
      for (let c = 0; c < fanIn; c++) {
        const x0 = W[w0 + c], x1 = W[w1 + c], x2 = W[w2 + c];
        const a0 = A[p0 + c]; s00 += a0 * x0; s01 += a0 * x1; s02 += a0 * x2;
        const a1 = A[p1 + c]; s10 += a1 * x0; s11 += a1 * x1; s12 += a1 * x2;
        const a2 = A[p2 + c]; s20 += a2 * x0; s21 += a2 * x1; s22 += a2 * x2;
        const a3 = A[p3 + c]; s30 += a3 * x0; s31 += a3 * x1; s32 += a3 * x2;
      }
      const b0 = b[u], b1 = b[u + 1], b2 = b[u + 2];
      net[n0 + u] = s00 + b0; net[n0 + u + 1] = s01 + b1; net[n0 + u + 2] = s02 + b2;
      net[n1 + u] = s10 + b0; net[n1 + u + 1] = s11 + b1; net[n1 + u + 2] = s12 + b2;
      net[n2 + u] = s20 + b0; net[n2 + u + 1] = s21 + b1; net[n2 + u + 2] = s22 + b2;
      net[n3 + u] = s30 + b0; net[n3 + u + 1] = s31 + b1; net[n3 + u + 2] = s32 + b2;
    }
    for (; u < units; u++) {
      const wo = u * fanIn;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let c = 0; c < fanIn; c++) {
        const x = W[wo + c];
        s0 += A[p0 + c] * x; s1 += A[p1 + c] * x; s2 += A[p2 + c] * x; s3 += A[p3 + c] * x;
      }
      const bu = b[u];
      net[n0 + u] = s0 + bu; net[n1 + u] = s1 + bu; net[n2 + u] = s2 + bu; net[n3 + u] = s3 + bu;
    }
  }
  for (; i + 1 < n; i += 2) {
    const p = i * fanIn, q = p + fanIn;
    const n0 = i * units, n1 = n0 + units;
    let u = 0;
    for (; u + 3 < units; u += 4) {
      const w0 = u * fanIn, w1 = w0 + fanIn, w2 = w1 + fanIn, w3 = w2 + fanIn;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let c = 0; c < fanIn; c++) {
        const a = A[p + c], e = A[q + c];
        const x0 = W[w0 + c], x1 = W[w1 + c], x2 = W[w2 + c], x3 = W[w3 + c];
        s00 += a * x0; s01 += a * x1; s02 += a * x2; s03 += a * x3;
        s10 += e * x0; s11 += e * x1; s12 += e * x2; s13 += e * x3;
      }
      net[n0 + u] = s00 + b[u]; net[n0 + u + 1] = s01 + b[u + 1];
      net[n0 + u + 2] = s02 + b[u + 2]; net[n0 + u + 3] = s03 + b[u + 3];
      net[n1 + u] = s10 + b[u]; net[n1 + u + 1] = s11 + b[u + 1];
      net[n1 + u + 2] = s12 + b[u + 2]; net[n1 + u + 3] = s13 + b[u + 3];
    }
    for (; u < units; u++) {
      const wo = u * fanIn;
      let s0 = 0, s1 = 0;
      for (let c = 0; c < fanIn; c++) {
        const x = W[wo + c];
        s0 += A[p + c] * x;
        s1 += A[q + c] * x;
      }
      net[n0 + u] = s0 + b[u];
      net[n1 + u] = s1 + b[u];
    }
  }
  if (i < n) {
    const p = i * fanIn, n0 = i * units;
    let u = 0;
    for (; u + 3 < units; u += 4) {
      const w0 = u * fanIn, w1 = w0 + fanIn, w2 = w1 + fanIn, w3 = w2 + fanIn;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let c = 0; c < fanIn; c++) {
        const a = A[p + c];
        s0 += a * W[w0 + c]; s1 += a * W[w1 + c]; s2 += a * W[w2 + c]; s3 += a * W[w3 + c];
      }
      net[n0 + u] = s0 + b[u]; net[n0 + u + 1] = s1 + b[u + 1];
      net[n0 + u + 2] = s2 + b[u + 2]; net[n0 + u + 3] = s3 + b[u + 3];
    }
    for (; u < units; u++) {
      const wo = u * fanIn;
      let s = 0;
      for (let c = 0; c < fanIn; c++) s += A[p + c] * W[wo + c];
      net[n0 + u] = s + b[u];
    }
  }
}

/** Only column `unit` of `denseForward`, bit-identical to it. */
export function denseForwardUnit(
  A: Float64Array, n: number, fanIn: number,
  W: Float64Array, b: Float64Array, units: number, net: Float64Array, unit: number,
): void {
  const wo = unit * fanIn;
  const bu = b[unit];
  for (let i = 0; i < n; i++) {
    const ao = i * fanIn;
    let s = 0;
    for (let c = 0; c < fanIn; c++) s += A[ao + c] * W[wo + c];
    net[i * units + unit] = s + bu;
  }
}

/** The product without the bias, for one entry: tells a non-finite matmul from a non-finite bias-add. */
export function dotUnit(A: Float64Array, row: number, fanIn: number, W: Float64Array, unit: number): number {
  const ao = row * fanIn, wo = unit * fanIn;
  let s = 0;
  for (let c = 0; c < fanIn; c++) s += A[ao + c] * W[wo + c];
  return s;
}

/** dA[i][c] = Σ_u Δ[i][u]·W[u][c] for the first n rows (overwrites dA). Blocked 4 samples × 4 units. */
export function denseBackwardInput(
  D: Float64Array, n: number, units: number,
  W: Float64Array, fanIn: number, dA: Float64Array,
): void {
  dA.fill(0, 0, n * fanIn);
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const p0 = i * fanIn, p1 = p0 + fanIn, p2 = p1 + fanIn, p3 = p2 + fanIn;
    const e0 = i * units, e1 = e0 + units, e2 = e1 + units, e3 = e2 + units;
    let u = 0;
    for (; u + 3 < units; u += 4) {
      const d00 = D[e0 + u], d01 = D[e0 + u + 1], d02 = D[e0 + u + 2], d03 = D[e0 + u + 3];
      const d10 = D[e1 + u], d11 = D[e1 + u + 1], d12 = D[e1 + u + 2], d13 = D[e1 + u + 3];
      const d20 = D[e2 + u], d21 = D[e2 + u + 1], d22 = D[e2 + u + 2], d23 = D[e2 + u + 3];
      const d30 = D[e3 + u], d31 = D[e3 + u + 1], d32 = D[e3 + u + 2], d33 = D[e3 + u + 3];
      if (d00 === 0 && d01 === 0 && d02 === 0 && d03 === 0 && d10 === 0 && d11 === 0 && d12 === 0 && d13 === 0
        && d20 === 0 && d21 === 0 && d22 === 0 && d23 === 0 && d30 === 0 && d31 === 0 && d32 === 0 && d33 === 0) continue;
      const w0 = u * fanIn, w1 = w0 + fanIn, w2 = w1 + fanIn, w3 = w2 + fanIn;
      for (let c = 0; c < fanIn; c++) {
        const x0 = W[w0 + c], x1 = W[w1 + c], x2 = W[w2 + c], x3 = W[w3 + c];
        dA[p0 + c] += d00 * x0 + d01 * x1 + d02 * x2 + d03 * x3;
        dA[p1 + c] += d10 * x0 + d11 * x1 + d12 * x2 + d13 * x3;
        dA[p2 + c] += d20 * x0 + d21 * x1 + d22 * x2 + d23 * x3;
        dA[p3 + c] += d30 * x0 + d31 * x1 + d32 * x2 + d33 * x3;
      }
    }
    for (; u < units; u++) {
      const d0 = D[e0 + u], d1 = D[e1 + u], d2 = D[e2 + u], d3 = D[e3 + u];
      if (d0 === 0 && d1 === 0 && d2 === 0 && d3 === 0) continue;
      const wo = u * fanIn;
      for (let c = 0; c < fanIn; c++) {
        const x = W[wo + c];
        dA[p0 + c] += d0 * x;
        dA[p1 + c] += d1 * x;
        dA[p2 + c] += d2 * x;
        dA[p3 + c] += d3 * x;
      }
    }
  }
  for (; i + 1 < n; i += 2) {
    const p = i * fanIn, q = p + fanIn;
    const e0 = i * units, e1 = e0 + units;
    let u = 0;
    for (; u + 3 < units; u += 4) {
      const d00 = D[e0 + u], d01 = D[e0 + u + 1], d02 = D[e0 + u + 2], d03 = D[e0 + u + 3];
      const d10 = D[e1 + u], d11 = D[e1 + u + 1], d12 = D[e1 + u + 2], d13 = D[e1 + u + 3];
      if (d00 === 0 && d01 === 0 && d02 === 0 && d03 === 0 && d10 === 0 && d11 === 0 && d12 === 0 && d13 === 0) continue;
      const w0 = u * fanIn, w1 = w0 + fanIn, w2 = w1 + fanIn, w3 = w2 + fanIn;
      for (let c = 0; c < fanIn; c++) {
        const x0 = W[w0 + c], x1 = W[w1 + c], x2 = W[w2 + c], x3 = W[w3 + c];
        dA[p + c] += d00 * x0 + d01 * x1 + d02 * x2 + d03 * x3;
        dA[q + c] += d10 * x0 + d11 * x1 + d12 * x2 + d13 * x3;
      }
    }
    for (; u < units; u++) {
      const d0 = D[e0 + u], d1 = D[e1 + u];
      if (d0 === 0 && d1 === 0) continue;
      const wo = u * fanIn;
      for (let c = 0; c < fanIn; c++) {
        const x = W[wo + c];
        dA[p + c] += d0 * x;
        dA[q + c] += d1 * x;
      }
    }
  }
  if (i < n) {
    const p = i * fanIn, e0 = i * units;
    let u = 0;
    for (; u + 3 < units; u += 4) {
      const d0 = D[e0 + u], d1 = D[e0 + u + 1], d2 = D[e0 + u + 2], d3 = D[e0 + u + 3];
      if (d0 === 0 && d1 === 0 && d2 === 0 && d3 === 0) continue;
      const w0 = u * fanIn, w1 = w0 + fanIn, w2 = w1 + fanIn, w3 = w2 + fanIn;
      for (let c = 0; c < fanIn; c++) {
        dA[p + c] += d0 * W[w0 + c] + d1 * W[w1 + c] + d2 * W[w2 + c] + d3 * W[w3 + c];
      }
    }
    for (; u < units; u++) {
      const d = D[e0 + u];
      if (d === 0) continue;
      const wo = u * fanIn;
      for (let c = 0; c < fanIn; c++) dA[p + c] += d * W[wo + c];
    }
  }
}

/**
 * dW[u][c] += scale·Σ_i Δ[i][u]·A[i][c] and db[u] += scale·Σ_i Δ[i][u] over the first n rows
 * (accumulates: zero dW and db first). Blocked 4 units × 4 samples.
 */
export function denseBackwardParams(
  D: Float64Array, n: number, units: number,
  A: Float64Array, fanIn: number, scale: number,
  dW: Float64Array, db: Float64Array,
): void {
  let u = 0;
  for (; u + 3 < units; u += 4) {
    const r0 = u * fanIn, r1 = r0 + fanIn, r2 = r1 + fanIn, r3 = r2 + fanIn;
    let b0 = 0, b1 = 0, b2 = 0, b3 = 0;
    let i = 0;
    for (; i + 3 < n; i += 4) {
      const e0 = i * units + u, e1 = e0 + units, e2 = e1 + units, e3 = e2 + units;
      const d00 = D[e0] * scale, d01 = D[e1] * scale, d02 = D[e2] * scale, d03 = D[e3] * scale;
      const d10 = D[e0 + 1] * scale, d11 = D[e1 + 1] * scale, d12 = D[e2 + 1] * scale, d13 = D[e3 + 1] * scale;
      const d20 = D[e0 + 2] * scale, d21 = D[e1 + 2] * scale, d22 = D[e2 + 2] * scale, d23 = D[e3 + 2] * scale;
      const d30 = D[e0 + 3] * scale, d31 = D[e1 + 3] * scale, d32 = D[e2 + 3] * scale, d33 = D[e3 + 3] * scale;
      b0 += d00 + d01 + d02 + d03;
      b1 += d10 + d11 + d12 + d13;
      b2 += d20 + d21 + d22 + d23;
      b3 += d30 + d31 + d32 + d33;
      if (d00 === 0 && d01 === 0 && d02 === 0 && d03 === 0 && d10 === 0 && d11 === 0 && d12 === 0 && d13 === 0
        && d20 === 0 && d21 === 0 && d22 === 0 && d23 === 0 && d30 === 0 && d31 === 0 && d32 === 0 && d33 === 0) continue;
      const a0 = i * fanIn, a1 = a0 + fanIn, a2 = a1 + fanIn, a3 = a2 + fanIn;
      for (let c = 0; c < fanIn; c++) {
        const x0 = A[a0 + c], x1 = A[a1 + c], x2 = A[a2 + c], x3 = A[a3 + c];
        dW[r0 + c] += d00 * x0 + d01 * x1 + d02 * x2 + d03 * x3;
        dW[r1 + c] += d10 * x0 + d11 * x1 + d12 * x2 + d13 * x3;
        dW[r2 + c] += d20 * x0 + d21 * x1 + d22 * x2 + d23 * x3;
        dW[r3 + c] += d30 * x0 + d31 * x1 + d32 * x2 + d33 * x3;
      }
    }
    for (; i < n; i++) {
      const e = i * units + u;
      const d0 = D[e] * scale, d1 = D[e + 1] * scale, d2 = D[e + 2] * scale, d3 = D[e + 3] * scale;
      b0 += d0;
      b1 += d1;
      b2 += d2;
      b3 += d3;
      if (d0 === 0 && d1 === 0 && d2 === 0 && d3 === 0) continue;
      const ao = i * fanIn;
      for (let c = 0; c < fanIn; c++) {
        const x = A[ao + c];
        dW[r0 + c] += d0 * x;
        dW[r1 + c] += d1 * x;
        dW[r2 + c] += d2 * x;
        dW[r3 + c] += d3 * x;
      }
    }
    db[u] += b0;
    db[u + 1] += b1;
    db[u + 2] += b2;
    db[u + 3] += b3;
  }
  for (; u + 1 < units; u += 2) {
    const r0 = u * fanIn, r1 = r0 + fanIn;
    let b0 = 0, b1 = 0;
    let i = 0;
    for (; i + 3 < n; i += 4) {
      const e0 = i * units + u, e1 = e0 + units, e2 = e1 + units, e3 = e2 + units;
      const d00 = D[e0] * scale, d01 = D[e1] * scale, d02 = D[e2] * scale, d03 = D[e3] * scale;
      const d10 = D[e0 + 1] * scale, d11 = D[e1 + 1] * scale, d12 = D[e2 + 1] * scale, d13 = D[e3 + 1] * scale;
      b0 += d00 + d01 + d02 + d03;
      b1 += d10 + d11 + d12 + d13;
      if (d00 === 0 && d01 === 0 && d02 === 0 && d03 === 0 && d10 === 0 && d11 === 0 && d12 === 0 && d13 === 0) continue;
      const a0 = i * fanIn, a1 = a0 + fanIn, a2 = a1 + fanIn, a3 = a2 + fanIn;
      for (let c = 0; c < fanIn; c++) {
        const x0 = A[a0 + c], x1 = A[a1 + c], x2 = A[a2 + c], x3 = A[a3 + c];
        dW[r0 + c] += d00 * x0 + d01 * x1 + d02 * x2 + d03 * x3;
        dW[r1 + c] += d10 * x0 + d11 * x1 + d12 * x2 + d13 * x3;
      }
    }
    for (; i < n; i++) {
      const d0 = D[i * units + u] * scale, d1 = D[i * units + u + 1] * scale;
      b0 += d0;
      b1 += d1;
      if (d0 === 0 && d1 === 0) continue;
      const ao = i * fanIn;
      for (let c = 0; c < fanIn; c++) {
        const x = A[ao + c];
        dW[r0 + c] += d0 * x;
        dW[r1 + c] += d1 * x;
      }
    }
    db[u] += b0;
    db[u + 1] += b1;
  }
  if (u < units) {
    const wo = u * fanIn;
    let bsum = 0;
    for (let i = 0; i < n; i++) {
      const d = D[i * units + u] * scale;
      bsum += d;
      if (d === 0) continue;
      const ao = i * fanIn;
      for (let c = 0; c < fanIn; c++) dW[wo + c] += d * A[ao + c];
    }
    db[u] += bsum;
  }
}
