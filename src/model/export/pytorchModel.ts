/**
 * `gradlens export --to pytorch`: a readable Python file that rebuilds a model file's network as a
 * float64 `nn.Sequential` with the current parameters, its training data exactly as GradLens read it,
 * the loss, the optimiser and the training loop. Its interface is fixed (README, "Bring your own model"):
 * `build_model()`, `load_data()`, `loss_fn(output, target)`, `make_optimizer(model)`, and
 * `python model.py` trains for the model's epochs, printing the loss after each.
 * Every number is written in its shortest round-trip form, so Python reads back the same float64.
 */
import type { ModelFile } from '../types';
import type { ExportNetwork } from './exportedNetwork';
import { customActivationClasses, sequentialPlan, type SequentialPlan } from './pytorchModules';
import { GRADLENS_RNG, lossFunction, optimizerFunction, scheduleFunction, TRAINING_LOOP } from './pytorchTraining';
import { pythonComment, pythonFloat, pythonString, pythonTensor } from './pythonText';

export interface PytorchExportOptions {
  /** The model file's name as the header names it. */
  readonly sourceName: string;
  /** Epochs GradLens trained before export (0: the file's own parameters). */
  readonly trainedEpochs: number;
}

function header(model: ModelFile, options: PytorchExportOptions): string {
  const origin = options.trainedEpochs > 0 ? `after ${options.trainedEpochs} epochs of training by GradLens` : 'as the model file gives them (or as GradLens initialises them from its seed)';
  return `"""${pythonComment(model.name)}: exported by GradLens from ${pythonComment(options.sourceName)}.

The same network as a float64 torch.nn.Sequential, with the parameters ${origin}.
Interface (fixed; scripts and graders rely on it):
    build_model()            the nn.Sequential, float64, parameters loaded, in training mode
    load_data()              (inputs, targets) of the training set as GradLens reads them
    loss_fn(output, target)  the model's loss, "${model.loss}", same definition and scale as GradLens
    make_optimizer(model)    the optimiser with the model's settings
Run as a script (python FILE.py), it trains for EPOCHS epochs and prints the training loss after each one.
"""
import math

import torch
from torch import nn

torch.set_default_dtype(torch.float64)

NAME = ${pythonString(model.name)}
SEED = ${model.seed}
EPOCHS = ${model.train.epochs}
BATCH_SIZE = ${model.train.batchSize === undefined ? 'None  # the whole training set' : String(model.train.batchSize)}
SHUFFLE = ${model.train.shuffle ? 'True' : 'False'}
LEARNING_RATE = ${pythonFloat(model.train.learningRate)}
WEIGHT_DECAY = ${pythonFloat(model.train.weightDecay)}


def _tensor(values, shape):
    return torch.tensor(values, dtype=torch.float64).reshape(shape)


def _c(value):
    return torch.tensor(value, dtype=torch.float64)
`;
}

function buildModelFunction(plan: SequentialPlan): string {
  const modules = plan.modules.map((m, i) => `        ${m.code},  # ${i}: ${m.comment}`).join('\n');
  const frozen = plan.frozen.length === 0 ? '' : `\n    # trainable: false in the model file: no optimiser changes these\n${plan.frozen.map((p) => `    ${p}.requires_grad_(False)`).join('\n')}`;
  return `def build_model():
    """The network as an nn.Sequential in float64, with the exported parameters, in training mode."""
    model = nn.Sequential(
${modules}
    ).double()
    model.load_state_dict(_parameters(), strict=True)${frozen}
    model.train()
    return model
`;
}

function parametersFunction(plan: SequentialPlan): string {
  const entries = plan.state.map((e) => `        "${e.key}": ${e.tensor},`).join('\n');
  return `def _parameters():
    """Every parameter and batch-norm statistic, in float64 (shortest round-trip decimal form)."""
    return {
${entries}
    }
`;
}

function describeData(model: ModelFile): string {
  const d = model.data;
  const parts = [d.csv ? `read from ${pythonComment(d.csv.file)} (target column "${pythonComment(d.csv.targetName)}")` : 'written in the model file'];
  if (d.classLabels) parts.push(`one-hot targets in the class order ${pythonComment(d.classLabels.join(', '))}`);
  if (d.normalization) parts.push(`inputs normalised (${d.normalization.kind}, fitted on the training rows)`);
  if (d.test) parts.push(`the training part of the split (${d.train.inputs.rows} of ${d.train.inputs.rows + d.test.inputs.rows} rows)`);
  return parts.join('; ');
}

function dataFunction(model: ModelFile, network: ExportNetwork): string {
  const { inputs, targets } = model.data.train;
  return `def load_data():
    """The training inputs and targets exactly as GradLens uses them: ${describeData(model)}."""
    inputs = ${pythonTensor(inputs.data, [inputs.rows, ...network.inputShape], '    ')}
    targets = ${pythonTensor(targets.data, [targets.rows, targets.cols], '    ')}
    return inputs, targets
`;
}

/** The whole Python file. */
export function pytorchModelText(model: ModelFile, network: ExportNetwork, options: PytorchExportOptions): string {
  const plan = sequentialPlan(network);
  const custom = customActivationClasses(plan.customClasses);
  return [
    header(model, options),
    ...(custom ? [custom] : []),
    buildModelFunction(plan),
    dataFunction(model, network),
    lossFunction(model.loss),
    optimizerFunction(model.train, plan.decayed),
    scheduleFunction(model.train),
    GRADLENS_RNG,
    TRAINING_LOOP,
    parametersFunction(plan),
    'if __name__ == "__main__":\n    train()\n',
  ].join('\n\n');
}
