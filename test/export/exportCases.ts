/**
 * GradLens's side of the export tests: a model file opened as the CLI opens it, exported to Python
 * through the exporter's own functions, and the engine's loss, gradients (one training-mode pass over
 * the whole training set, as the report computes them), dropout masks of that pass, and per-epoch
 * training losses.
 */
import * as path from 'node:path';
import { ModelSession } from '../../src/analysis/modelSession';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { PROBE_TRAINING } from '../../src/analysis/layeredNetworks';
import { exportNetwork } from '../../src/analysis/exportNetwork';
import { backprop } from '../../src/engine/backprop';
import { LayeredNetwork } from '../../src/engine/layers/network';
import { layeredBackprop } from '../../src/engine/layers/pass';
import { DropoutLayer } from '../../src/engine/layers/shape-layers';
import { createNodeDataFileReader } from '../../src/model/nodeDataFiles';
import { pytorchModelText } from '../../src/model/export/pytorchModel';
import { sequentialPlan } from '../../src/model/export/pytorchModules';

export interface EngineCase {
  readonly name: string;
  readonly python: string;
  readonly loss: number;
  /** Gradient of each parameter by its state-dict name (`0.weight`), flat in PyTorch's order. */
  readonly grads: ReadonlyMap<string, Float64Array>;
  /** Dropout masks of the pass, by module index. */
  readonly masks: Readonly<Record<string, number[]>>;
  /** State-dict names of the parameters the file freezes. */
  readonly frozen: readonly string[];
  readonly session: ModelSession;
}

export function openSession(text: string, fileName: string): ModelSession {
  const opened = ModelSession.open(text, fileName, DEFAULT_ANALYSIS_SETTINGS, createNodeDataFileReader(fileName));
  if (!opened.session) throw new Error(`${fileName} does not open: ${opened.diagnostics.map((d) => d.message).join('; ')}`);
  return opened.session;
}

/** The engine's loss, gradients and masks, and the exported Python text, of a model file's text. */
export function engineCase(name: string, text: string, fileName: string): EngineCase {
  const session = openSession(text, fileName);
  const model = session.model;
  const network = session.copy(session.anyNetwork);
  const described = exportNetwork(network);
  const plan = sequentialPlan(described);
  const python = pytorchModelText(model, described, { sourceName: path.basename(fileName), trainedEpochs: 0 });
  const grads = new Map<string, Float64Array>();
  const masks: Record<string, number[]> = {};
  const frozen: string[] = [];
  let loss: number;
  const data = model.data.train;
  if (network instanceof LayeredNetwork) {
    const result = layeredBackprop(network, data, model.loss, { mode: PROBE_TRAINING });
    loss = result.loss;
    network.layers.forEach((layer, l) => {
      const module = plan.layerModules[l]!;
      layer.params.forEach((p, i) => {
        const key = `${module}.${p.name === 'weights' ? 'weight' : 'bias'}`;
        grads.set(key, result.gradients[l]![i]!);
        if (!p.trainable) frozen.push(key);
      });
      if (layer instanceof DropoutLayer) masks[String(module)] = Array.from(layer.mask.subarray(0, data.inputs.rows * layer.inSize));
    });
  } else {
    const result = backprop(network, data, model.loss);
    loss = result.loss;
    network.layers.forEach((layer, l) => {
      const module = plan.layerModules[l]!;
      grads.set(`${module}.weight`, result.gradients.layers[l]!.weights);
      grads.set(`${module}.bias`, result.gradients.layers[l]!.bias);
      if (!layer.trainable.weights) frozen.push(`${module}.weight`);
      if (!layer.trainable.bias) frozen.push(`${module}.bias`);
    });
  }
  return { name, python, loss, grads, masks, frozen, session };
}

/** `gradlens train`'s lines' numbers: the training loss before training and after each epoch. */
export async function engineEpochLosses(session: ModelSession): Promise<number[]> {
  const losses = [session.evaluate().loss];
  let last = 0;
  await session.train({
    epochs: session.model.train.epochs, history: 'epochs', progressEveryMs: 0,
    onProgress: (points) => {
      for (const p of points) if (p.epoch > last) { last = p.epoch; losses.push(p.loss); }
    },
  });
  return losses;
}
