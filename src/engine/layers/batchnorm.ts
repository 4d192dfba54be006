/**
 * Batch normalisation as PyTorch's `nn.BatchNorm1d` (after a flat layer: one group per feature,
 * over the N samples) and `nn.BatchNorm2d` (after an image layer: one group per channel, over the
 * N·H·W values), then the layer's activation. For a group of M values x_k with γ, β:
 *
 * training   μ = (1/M)·Σ x_k,  σ² = (1/M)·Σ (x_k − μ)²   (biased),  s = 1/sqrt(σ² + ε)
 *            x̂_k = (x_k − μ)·s,  y_k = γ·x̂_k + β
 *            running mean ← (1 − momentum)·running mean + momentum·μ
 *            running var  ← (1 − momentum)·running var  + momentum·σ²·M/(M − 1)   (unbiased; with
 *            M = 1 the unbiased variance does not exist and the biased one, 0, is used: the
 *            batch-size-1 detector warns)
 * evaluation x̂_k = (x_k − running mean)/sqrt(running var + ε), y_k = γ·x̂_k + β
 * backward   (g_k = N·∂L/∂y_k, the pass's δ)
 *            ∂L/∂γ += (1/N)·Σ g_k·x̂_k,   ∂L/∂β += (1/N)·Σ g_k
 *            training:   dx_k = γ·s·(g_k − (1/M)·Σ_j g_j − x̂_k·(1/M)·Σ_j g_j·x̂_j)
 *            evaluation: dx_k = γ·s·g_k   (the statistics are constants)
 * gradient check (incremental.ts): a nudged γ_g or β_g changes group g only (y = γ·x̂ + β on the kept
 * x̂); an input changed in some groups gives those groups recomputed, statistics included.
 * Parameters: γ is reported as `weights`, β as `bias` (model-file keys `scale`, `shift`).
 */
import { activationCode } from '../activations';
import type { ActivationSpec, CustomActivation } from '../spec';
import { ensure, isTrainable, perUnitVector, sizeOf, type Changed, type Layer, type Param, type PassMode } from './layer';
import type { BatchNormSpec, SampleShape } from './spec';

export class BatchNormLayer implements Layer {
  readonly type = 'batchnorm' as const;
  readonly inSize: number;
  readonly outSize: number;
  readonly outShape: SampleShape;
  readonly params: readonly Param[];
  readonly code: number;
  readonly custom: CustomActivation | undefined;
  /** Groups G (features or channels) and values per group per sample S (1 or H·W). */
  readonly groups: number;
  readonly spatial: number;
  readonly gamma: Float64Array;
  readonly beta: Float64Array;
  readonly runningMean: Float64Array;
  readonly runningVar: Float64Array;
  /** μ and biased σ² of the last training pass, per group. */
  readonly batchMean: Float64Array;
  readonly batchVar: Float64Array;
  /** 1/sqrt(σ² + ε) of the last pass (running variance in evaluation). */
  protected readonly invStd: Float64Array;
  /** x̂ of the last pass, n × size. */
  protected xhat: Float64Array = new Float64Array(0);
  /** Whether the last pass used batch statistics. */
  protected trainingPass = false;
  /** Values per group in the last training pass (M = N·S). */
  lastGroupSize = 0;

  constructor(
    readonly name: string, readonly index: number, readonly inShape: SampleShape, readonly activation: ActivationSpec,
    readonly momentum: number, readonly epsilon: number,
    gamma: Float64Array, beta: Float64Array, runningMean: Float64Array, runningVar: Float64Array,
    trainable: BatchNormSpec['trainable'],
  ) {
    this.inSize = sizeOf(inShape);
    this.outSize = this.inSize;
    this.outShape = inShape;
    this.groups = inShape[0];
    this.spatial = this.inSize / this.groups;
    for (const [what, a] of [['scale', gamma], ['shift', beta], ['runningMean', runningMean], ['runningVar', runningVar]] as const) {
      if (a.length !== this.groups) {
        throw new Error(`layer '${name}': ${what} has ${a.length} numbers, expected one per ${inShape.length === 3 ? 'channel' : 'feature'} (${this.groups})`);
      }
    }
    if (!(momentum >= 0 && momentum <= 1)) throw new Error(`layer '${name}': momentum must be between 0 and 1, got ${momentum}`);
    if (!(epsilon > 0)) throw new Error(`layer '${name}': epsilon must be positive, got ${epsilon}`);
    this.gamma = gamma;
    this.beta = beta;
    this.runningMean = runningMean;
    this.runningVar = runningVar;
    this.batchMean = new Float64Array(this.groups);
    this.batchVar = new Float64Array(this.groups);
    this.invStd = new Float64Array(this.groups);
    this.params = [
      { name: 'weights', values: gamma, shape: [this.groups], trainable: isTrainable(trainable, 'weights') },
      { name: 'bias', values: beta, shape: [this.groups], trainable: isTrainable(trainable, 'bias') },
    ];
    this.code = activationCode(activation);
    this.custom = typeof activation === 'object' ? activation : undefined;
  }

  static fromSpec(spec: BatchNormSpec, index: number, inShape: SampleShape): BatchNormLayer {
    const G = inShape[0], per = inShape.length === 3 ? 'channel' : 'feature';
    const vector = (key: string, v: number | readonly number[] | undefined, fallback: number) => perUnitVector(spec.name, key, v, G, fallback, per);
    return new BatchNormLayer(
      spec.name, index, inShape, spec.activation ?? 'linear', spec.momentum ?? 0.1, spec.epsilon ?? 1e-5,
      vector('scale', spec.scale, 1), vector('shift', spec.shift, 0), vector('runningMean', spec.runningMean, 0), vector('runningVar', spec.runningVar, 1),
      spec.trainable,
    );
  }

  reserve(n: number): void {
    this.xhat = ensure(this.xhat, n * this.inSize);
  }

  forward(x: Float64Array, n: number, net: Float64Array, mode: PassMode): void {
    this.reserve(n);
    this.trainingPass = mode.training;
    for (let g = 0; g < this.groups; g++) this.forwardGroup(g, x, n, net, mode);
    if (mode.training) this.lastGroupSize = n * this.spatial;
  }

  forwardNudged(_x: Float64Array, n: number, net: Float64Array, _param: number, g: number): Changed {
    const { spatial: S, inSize, xhat } = this;
    const ga = this.gamma[g], be = this.beta[g];
    for (let k = 0; k < n; k++) for (let i = k * inSize + g * S, e = i + S; i < e; i++) net[i] = ga * xhat[i] + be;
    return { size: S, groups: [g] };
  }

  forwardChanged(x: Float64Array, _baseX: Float64Array, n: number, net: Float64Array, _baseNet: Float64Array, changed: Changed, mode: PassMode): Changed {
    if (changed === 'all') {
      this.forward(x, n, net, mode);
      return 'all';
    }
    const S = this.spatial, touched = new Set<number>();
    for (const g of changed.groups) {
      for (let b = Math.floor((g * changed.size) / S), e = Math.floor(((g + 1) * changed.size - 1) / S); b <= e; b++) touched.add(b);
    }
    const groups = [...touched].sort((a, b) => a - b);
    for (const g of groups) this.forwardGroup(g, x, n, net, mode);
    return { size: S, groups };
  }

  /** Group g over n samples: its statistics (training) and its outputs, as the formulas above. */
  private forwardGroup(g: number, x: Float64Array, n: number, net: Float64Array, mode: PassMode): void {
    const { spatial: S, inSize, xhat } = this;
    const M = n * S;
    let mu: number, s: number;
    if (mode.training) {
      let sum = 0;
      for (let k = 0; k < n; k++) for (let i = k * inSize + g * S, e = i + S; i < e; i++) sum += x[i];
      mu = sum / M;
      let sq = 0;
      for (let k = 0; k < n; k++) for (let i = k * inSize + g * S, e = i + S; i < e; i++) { const d = x[i] - mu; sq += d * d; }
      const variance = sq / M;
      this.batchMean[g] = mu;
      this.batchVar[g] = variance;
      s = 1 / Math.sqrt(variance + this.epsilon);
      if (mode.updateStatistics) {
        const m = this.momentum;
        const unbiased = M > 1 ? variance * (M / (M - 1)) : variance;
        this.runningMean[g] = (1 - m) * this.runningMean[g] + m * mu;
        this.runningVar[g] = (1 - m) * this.runningVar[g] + m * unbiased;
      }
    } else {
      mu = this.runningMean[g];
      s = 1 / Math.sqrt(this.runningVar[g] + this.epsilon);
    }
    this.invStd[g] = s;
    const ga = this.gamma[g], be = this.beta[g];
    for (let k = 0; k < n; k++) {
      for (let i = k * inSize + g * S, e = i + S; i < e; i++) {
        const h = (x[i] - mu) * s;
        xhat[i] = h;
        net[i] = ga * h + be;
      }
    }
  }

  backward(_x: Float64Array, n: number, delta: Float64Array, dx: Float64Array | undefined, grads: readonly Float64Array[], scale: number): void {
    const { groups: G, spatial: S, inSize, gamma, xhat, invStd } = this;
    const M = n * S;
    for (let g = 0; g < G; g++) {
      let sumG = 0, sumGX = 0;
      for (let k = 0; k < n; k++) {
        for (let i = k * inSize + g * S, e = i + S; i < e; i++) { sumG += delta[i]; sumGX += delta[i] * xhat[i]; }
      }
      grads[0][g] += scale * sumGX;
      grads[1][g] += scale * sumG;
      if (!dx) continue;
      const c = gamma[g] * invStd[g];
      if (this.trainingPass) {
        const meanG = sumG / M, meanGX = sumGX / M;
        for (let k = 0; k < n; k++) {
          for (let i = k * inSize + g * S, e = i + S; i < e; i++) dx[i] = c * (delta[i] - meanG - xhat[i] * meanGX);
        }
      } else {
        for (let k = 0; k < n; k++) for (let i = k * inSize + g * S, e = i + S; i < e; i++) dx[i] = c * delta[i];
      }
    }
  }
}
