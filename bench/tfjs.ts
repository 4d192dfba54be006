/**
 * The TensorFlow.js contenders: the same network written the way a TensorFlow.js user would
 * (variables, `matMul`, `tf.losses.softmaxCrossEntropy`, `tf.train.sgd(lr).minimize`), float32,
 * on the cpu backend (plain JavaScript) or the wasm backend (XNNPACK, SIMD when available).
 * The weights are stored `fanIn × units`, TensorFlow.js's own dense-kernel layout, so no transpose
 * is asked for; the loss is read back with `dataSync()` so every step's work is finished when timed.
 */
import * as path from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import type { BenchProblem, Contender, HiddenActivation } from './problem';

type Tf = typeof TF;

/** The folder holding the wasm backend's .wasm files, inside node_modules (no network needed). */
export function localWasmFolder(repoRoot: string): string {
  return path.join(repoRoot, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist') + path.sep;
}

/** What the wasm backend could use on this machine. */
export interface WasmFeatures {
  readonly simd: boolean;
  readonly threads: boolean;
}

/**
 * Registers the wasm backend's files from node_modules and initialises it. Returns its features,
 * or throws when it cannot start.
 */
export async function initWasmBackend(tf: Tf, setWasmPaths: (prefix: string) => void, repoRoot: string): Promise<WasmFeatures> {
  setWasmPaths(localWasmFolder(repoRoot));
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not initialise');
  await tf.ready();
  return { simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'), threads: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') };
}

function activate(tf: Tf, x: TF.Tensor2D, a: HiddenActivation): TF.Tensor2D {
  switch (a) {
    case 'relu': return tf.relu(x);
    case 'tanh': return tf.tanh(x);
    case 'sigmoid': return tf.sigmoid(x);
    case 'linear': return x;
    default: throw new Error(`unknown activation ${String(a)}`);
  }
}

/** `units × fanIn` row-major → `fanIn × units` row-major, as float32. */
function transposeToF32(w: Float64Array, units: number, fanIn: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let u = 0; u < units; u++) for (let c = 0; c < fanIn; c++) out[c * units + u] = w[u * fanIn + c];
  return out;
}

/**
 * The part every TensorFlow.js contender shares: its name and precision, `activate()` selecting
 * `backend` again, and `step()`: one `tf.train.sgd(learningRate).minimize` of `loss` over `vars`,
 * the loss read back with `dataSync()` so the step's work is finished when timed; and `dispose()`
 * of the variables, the `inputs` tensors and the optimiser.
 */
export function sgdSteps(
  tf: Tf, backend: 'cpu' | 'wasm', learningRate: number, loss: () => TF.Scalar, vars: TF.Variable[], inputs: TF.Tensor[],
): Pick<Contender, 'name' | 'precision' | 'activate' | 'step' | 'dispose'> {
  const optimizer = tf.train.sgd(learningRate);
  return {
    name: `tfjs-${backend}`,
    precision: 'float32',
    activate: async () => {
      if (tf.getBackend() !== backend) await tf.setBackend(backend);
    },
    step: () => {
      const cost = optimizer.minimize(loss, true, vars);
      if (!cost) throw new Error('minimize returned no cost');
      const value = cost.dataSync()[0];
      cost.dispose();
      return value;
    },
    dispose: () => {
      for (const v of vars) v.dispose();
      for (const tensor of inputs) tensor.dispose();
      optimizer.dispose();
    },
  };
}

/**
 * A contender on `backend` ('cpu' or 'wasm', already registered). Its tensors live on that backend;
 * `activate()` selects the backend again before each block of steps.
 */
export async function tfjsContender(tf: Tf, backend: 'cpu' | 'wasm', p: BenchProblem): Promise<Contender> {
  if (!(await tf.setBackend(backend))) throw new Error(`TensorFlow.js backend '${backend}' is not available`);
  const s = p.shape;
  const K = s.units[s.units.length - 1];
  const x = tf.tensor2d(Float32Array.from(p.x), [s.batch, s.inputs], 'float32');
  const t = tf.tensor2d(Float32Array.from(p.t), [s.batch, K], 'float32');
  const W: TF.Variable[] = [];
  const b: TF.Variable[] = [];
  let fanIn = s.inputs;
  s.units.forEach((units, l) => {
    W.push(tf.variable(tf.tensor2d(transposeToF32(p.weights[l], units, fanIn), [fanIn, units], 'float32'), true));
    b.push(tf.variable(tf.tensor1d(Float32Array.from(p.bias[l]), 'float32'), true));
    fanIn = units;
  });
  const vars = [...W, ...b];
  const loss = (): TF.Scalar => {
    let a = x;
    for (let l = 0; l < s.units.length; l++) {
      const z = tf.add(tf.matMul(a, W[l]), b[l]) as TF.Tensor2D;
      if (l === s.units.length - 1) return tf.losses.softmaxCrossEntropy(t, z) as TF.Scalar;
      a = activate(tf, z, s.hidden);
    }
    throw new Error('unreachable');
  };
  return {
    ...sgdSteps(tf, backend, p.learningRate, loss, vars, [x, t]),
    parameters: () => {
      const weights: Float64Array[] = [];
      let f = s.inputs;
      s.units.forEach((units, l) => {
        const wt = W[l].dataSync();
        const w = new Float64Array(units * f);
        for (let u = 0; u < units; u++) for (let c = 0; c < f; c++) w[u * f + c] = wt[c * units + u];
        weights.push(w);
        f = units;
      });
      return { weights, bias: b.map((v) => Float64Array.from(v.dataSync())) };
    },
  };
}
