/**
 * A dense layer inside a layered network: the fused dense path's products (products.ts: WebAssembly
 * SIMD above the measured crossover sizes, the TypeScript kernels below) on [N, F] buffers.
 *   forward  net = X·Wᵀ + b               (denseForward)
 *   backward ∂L/∂W += (1/N)·δᵀ·X, ∂L/∂b += (1/N)·Σ_n δ_n   (denseBackwardParams)
 *            dX = δ·W                      (denseBackwardInput)
 * gradient check (incremental.ts): a nudged W[u][c] or b[u] changes unit u only, recomputed as the
 * forward product computes it (denseForwardUnit); an input changed in the entries E gives
 * net = net_base + Σ_{c∈E} W[:, c]·(x[c] − x_base[c]) (the full product when E is over half the input).
 */
import { activationCode } from '../activations';
import { initWeights } from '../init';
import { denseForwardUnit } from '../kernels';
import { denseBackwardInput, denseBackwardParams, denseForward } from '../products';
import type { ActivationSpec, CustomActivation } from '../spec';
import { changedEntries, isTrainable, perUnitVector, type Changed, type Layer, type Param } from './layer';
import type { DenseSpec, SampleShape } from './spec';

export class DenseLayerOp implements Layer {
  readonly type = 'dense' as const;
  readonly inSize: number;
  readonly outSize: number;
  readonly outShape: SampleShape;
  readonly params: readonly Param[];
  readonly code: number;
  readonly custom: CustomActivation | undefined;

  constructor(
    readonly name: string, readonly index: number, readonly inShape: SampleShape, readonly activation: ActivationSpec,
    readonly units: number, readonly weights: Float64Array, readonly bias: Float64Array, trainable: DenseSpec['trainable'],
  ) {
    if (inShape.length !== 1) {
      throw new Error(`layer '${name}': a dense layer needs a flat input, but it receives an image [${inShape.join(', ')}]: add a "flatten" layer before it`);
    }
    this.inSize = inShape[0];
    this.outSize = units;
    this.outShape = [units];
    if (weights.length !== units * this.inSize) {
      throw new Error(`layer '${name}': weights hold ${weights.length} numbers, expected ${units}×${this.inSize} = ${units * this.inSize}`);
    }
    if (bias.length !== units) throw new Error(`layer '${name}': bias holds ${bias.length} numbers, expected ${units}`);
    this.params = [
      { name: 'weights', values: weights, shape: [units, this.inSize], trainable: isTrainable(trainable, 'weights') },
      { name: 'bias', values: bias, shape: [units], trainable: isTrainable(trainable, 'bias') },
    ];
    this.code = activationCode(activation);
    this.custom = typeof activation === 'object' ? activation : undefined;
  }

  static fromSpec(spec: DenseSpec, index: number, inShape: SampleShape, seed: number): DenseLayerOp {
    if (inShape.length !== 1) {
      throw new Error(`layer '${spec.name}': a dense layer needs a flat input, but it receives an image [${inShape.join(', ')}]: add a "flatten" layer before it`);
    }
    const fanIn = inShape[0], units = spec.units;
    let weights: Float64Array;
    if (spec.weights !== undefined) {
      if (spec.weights.length !== units) throw new Error(`layer '${spec.name}': weights has ${spec.weights.length} rows, expected one per unit (${units})`);
      weights = new Float64Array(units * fanIn);
      spec.weights.forEach((row, r) => {
        if (row.length !== fanIn) throw new Error(`layer '${spec.name}': weights row ${r} has ${row.length} numbers, expected fan-in ${fanIn}`);
        weights.set(row, r * fanIn);
      });
    } else {
      weights = initWeights(spec.init, units, fanIn, seed, index);
    }
    const bias = perUnitVector(spec.name, 'bias', spec.bias, units, 0, 'unit');
    return new DenseLayerOp(spec.name, index, inShape, spec.activation, units, weights, bias, spec.trainable);
  }

  reserve(): void { /* no buffers */ }

  forward(x: Float64Array, n: number, net: Float64Array): void {
    denseForward(x, n, this.inSize, this.weights, this.bias, this.units, net);
  }

  backward(x: Float64Array, n: number, delta: Float64Array, dx: Float64Array | undefined, grads: readonly Float64Array[], scale: number): void {
    denseBackwardParams(delta, n, this.units, x, this.inSize, scale, grads[0], grads[1]);
    if (dx) denseBackwardInput(delta, n, this.units, this.weights, this.inSize, dx);
  }

  forwardNudged(x: Float64Array, n: number, net: Float64Array, param: number, index: number): Changed {
    const u = param === 0 ? Math.floor(index / this.inSize) : index;
    denseForwardUnit(x, n, this.inSize, this.weights, this.bias, this.units, net, u);
    return { size: 1, groups: [u] };
  }

  forwardChanged(x: Float64Array, baseX: Float64Array, n: number, net: Float64Array, baseNet: Float64Array, changed: Changed): Changed {
    const { inSize, units, weights } = this;
    const entries = changedEntries(changed, inSize);
    if (!entries || 2 * entries.length > inSize) {
      this.forward(x, n, net);
      return 'all';
    }
    const E = entries.length, d = new Float64Array(E);
    for (let s = 0; s < n; s++) {
      const xo = s * inSize, no = s * units;
      for (let k = 0; k < E; k++) d[k] = x[xo + entries[k]] - baseX[xo + entries[k]];
      for (let u = 0; u < units; u++) {
        const wo = u * inSize;
        let sum = 0;
        for (let k = 0; k < E; k++) sum += weights[wo + entries[k]] * d[k];
        net[no + u] = baseNet[no + u] + sum;
      }
    }
    return 'all';
  }
}
