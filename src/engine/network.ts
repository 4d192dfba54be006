/**
 * A dense feed-forward network as the fused engine runs it: per layer a Float64Array of weights
 * (`units × fanIn`, row-major, row r = unit r's incoming weights, as PyTorch's `nn.Linear.weight`)
 * and a Float64Array bias of `units`.
 */
import { activationCode, activationName } from './activations';
import { initWeights } from './init';
import type { ActivationSpec, CustomActivation, NetworkSpec } from './spec';

/** Which of a dense layer's parameters optimisers may change. */
export interface DenseTrainable {
  readonly weights: boolean;
  readonly bias: boolean;
}

/** Both parameters trainable: the default. */
export const ALL_TRAINABLE: DenseTrainable = { weights: true, bias: true };

/** One dense layer: out = f(W·x + b). Its arrays are live: optimisers update them in place. */
export class DenseLayer {
  /** Numeric activation code (see activations.ts), for hot loops. */
  readonly code: number;
  /** The custom activation, when there is one. */
  readonly custom: CustomActivation | undefined;

  constructor(
    /** The layer's name from the model file (`layer1`, … by default). */
    readonly name: string,
    /** 0-based position, input side first. */
    readonly index: number,
    readonly units: number,
    /** Inputs per unit: the network's inputs for layer 0, else the previous layer's units. */
    readonly fanIn: number,
    readonly activation: ActivationSpec,
    /** `units × fanIn` weights, row-major: weight (r, c) is `weights[r * fanIn + c]`. */
    readonly weights: Float64Array,
    /** One bias per unit. */
    readonly bias: Float64Array,
    /** Frozen parameters keep their values in every optimiser (their gradients are still computed). */
    readonly trainable: DenseTrainable = ALL_TRAINABLE,
  ) {
    if (weights.length !== units * fanIn) {
      throw new Error(`layer '${name}': weights hold ${weights.length} numbers, expected ${units}×${fanIn} = ${units * fanIn}`);
    }
    if (bias.length !== units) {
      throw new Error(`layer '${name}': bias holds ${bias.length} numbers, expected ${units}`);
    }
    this.code = activationCode(activation);
    this.custom = typeof activation === 'object' ? activation : undefined;
  }

  /** `"sigmoid"`, …, or the custom activation's name. */
  get activationName(): string {
    return activationName(this.activation);
  }

  /** Weight (unit, input). */
  weight(unit: number, input: number): number {
    return this.weights[unit * this.fanIn + input];
  }

  /** The weights as nested arrays, `[unit][input]`. */
  weightRows(): number[][] {
    const rows: number[][] = [];
    for (let r = 0; r < this.units; r++) rows.push(Array.from(this.weights.subarray(r * this.fanIn, (r + 1) * this.fanIn)));
    return rows;
  }
}

/** A dense network with float64 parameters. Build one with `Network.fromSpec`. */
export class Network {
  /** The seed the network was built with; also the default seed of training and gradient checks. */
  readonly seed: number;

  constructor(
    /** Number of input features. */
    readonly inputs: number,
    readonly layers: readonly DenseLayer[],
    seed = 1,
  ) {
    if (layers.length === 0) throw new Error('a network needs at least one layer');
    let fanIn = inputs;
    for (const [i, layer] of layers.entries()) {
      if (layer.index !== i) throw new Error(`layer '${layer.name}' has index ${layer.index} but stands at position ${i}`);
      if (layer.fanIn !== fanIn) {
        throw new Error(`layer '${layer.name}' expects ${layer.fanIn} inputs but receives ${fanIn}`);
      }
      fanIn = layer.units;
    }
    this.seed = seed;
  }

  /**
   * Builds a network from its plain-data spec: explicit weights and bias where given, else the
   * seeded initialisation of init.ts (biases default to 0).
   * @throws Error when explicit weights or bias have the wrong shape.
   */
  static fromSpec(spec: NetworkSpec): Network {
    const layers: DenseLayer[] = [];
    let fanIn = spec.inputs;
    spec.layers.forEach((ls, index) => {
      const { units } = ls;
      let weights: Float64Array;
      if (ls.weights !== undefined) {
        if (ls.weights.length !== units) {
          throw new Error(`layer '${ls.name}': weights has ${ls.weights.length} rows, expected one per unit (${units})`);
        }
        weights = new Float64Array(units * fanIn);
        ls.weights.forEach((row, r) => {
          if (row.length !== fanIn) {
            throw new Error(`layer '${ls.name}': weights row ${r} has ${row.length} numbers, expected fan-in ${fanIn}`);
          }
          for (let c = 0; c < fanIn; c++) weights[r * fanIn + c] = row[c];
        });
      } else {
        weights = initWeights(ls.init, units, fanIn, spec.seed, index);
      }
      const bias = new Float64Array(units);
      if (typeof ls.bias === 'number') {
        bias.fill(ls.bias);
      } else if (ls.bias !== undefined) {
        if (ls.bias.length !== units) {
          throw new Error(`layer '${ls.name}': bias has ${ls.bias.length} numbers, expected one per unit (${units})`);
        }
        for (let u = 0; u < units; u++) bias[u] = ls.bias[u];
      }
      const t = ls.trainable;
      const trainable = t === undefined ? ALL_TRAINABLE
        : typeof t === 'boolean' ? { weights: t, bias: t } : { weights: t.weights ?? true, bias: t.bias ?? true };
      layers.push(new DenseLayer(ls.name, index, units, fanIn, ls.activation, weights, bias, trainable));
      fanIn = units;
    });
    return new Network(spec.inputs, layers, spec.seed);
  }

  /** Number of outputs K (units of the last layer). */
  get outputs(): number {
    return this.layers[this.layers.length - 1].units;
  }

  /** Total number of weights and biases. */
  get parameterCount(): number {
    let n = 0;
    for (const l of this.layers) n += l.weights.length + l.bias.length;
    return n;
  }

  /** A deep copy: new weight and bias arrays, same structure and seed. */
  clone(): Network {
    return new Network(
      this.inputs,
      this.layers.map((l) => new DenseLayer(l.name, l.index, l.units, l.fanIn, l.activation, l.weights.slice(), l.bias.slice(), l.trainable)),
      this.seed,
    );
  }
}
