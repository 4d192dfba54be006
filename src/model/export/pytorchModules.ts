/**
 * The `nn.Sequential` of an exported network: one PyTorch module per GradLens operation (a dense or
 * convolution layer with an activation is two modules: nn.Linear/nn.Conv2d, then the activation), the
 * state-dict entries that load its parameters, and the parameters an optimiser must leave alone.
 * Custom activations become small modules (see {@link customActivationClasses}) that apply f forward
 * and the model file's df backward, exactly as GradLens back-propagates them (even a wrong df).
 */
import { compileActivation } from '../../expr';
import type { ActivationSpec, CustomActivation } from '../../engine/spec';
import type { ExportLayer, ExportNetwork, ExportTrainable } from './exportedNetwork';
import { torchExpression } from './pythonExpression';
import { pythonComment, pythonFloat, pythonTensor } from './pythonText';

export interface SequentialModule { readonly code: string; readonly comment: string }
export interface StateEntry { readonly key: string; readonly tensor: string }

export interface SequentialPlan {
  readonly modules: readonly SequentialModule[];
  readonly state: readonly StateEntry[];
  /** `model[i].weight`-style names of frozen parameters (`trainable: false`). */
  readonly frozen: readonly string[];
  /** Parameters that take weight decay: dense and convolution weights (never biases, γ or β). */
  readonly decayed: readonly string[];
  /** Each custom activation's class name, by its f and df text. */
  readonly customClasses: ReadonlyMap<string, CustomActivation & { readonly className: string }>;
  /** For each GradLens layer, the index of its own module in the Sequential (its activation follows it). */
  readonly layerModules: readonly number[];
}

const BUILTIN_MODULES: Readonly<Record<string, string>> = {
  sigmoid: 'nn.Sigmoid()', tanh: 'nn.Tanh()', relu: 'nn.ReLU()', 'leaky-relu': 'nn.LeakyReLU(0.01)', softmax: 'nn.Softmax(dim=1)',
};

function customKey(a: CustomActivation): string {
  return `${a.fText}\u0000${a.dfText}`;
}

/** A Python class name from an activation's name: `softsign` → `CustomSoftsign`. */
function className(name: string, taken: ReadonlySet<string>): string {
  const base = `Custom${name.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase()).replace(/^./, (c) => c.toUpperCase())}`;
  let candidate = base, n = 2;
  while (taken.has(candidate)) candidate = `${base}${n++}`;
  return candidate;
}

/** The activation's module, or undefined for linear (no module). */
function activationModule(a: ActivationSpec, classes: Map<string, CustomActivation & { className: string }>): string | undefined {
  if (typeof a === 'object') {
    let entry = classes.get(customKey(a));
    if (!entry) {
      entry = { ...a, className: className(a.name, new Set([...classes.values()].map((c) => c.className))) };
      classes.set(customKey(a), entry);
    }
    return `${entry.className}()`;
  }
  return a === 'linear' ? undefined : BUILTIN_MODULES[a];
}

function pairText(p: readonly [number, number]): string {
  return `(${p[0]}, ${p[1]})`;
}

/** The layer's own module (before its activation). */
function layerModule(layer: ExportLayer): string {
  switch (layer.type) {
    case 'dense': return `nn.Linear(${layer.fanIn}, ${layer.units})`;
    case 'conv2d': return `nn.Conv2d(${layer.channels}, ${layer.filters}, kernel_size=${pairText(layer.kernel)}, stride=${pairText(layer.stride)}, padding=${pairText(layer.padding)})`;
    case 'maxpool2d': return `nn.MaxPool2d(kernel_size=${pairText(layer.kernel)}, stride=${pairText(layer.stride)}, padding=${pairText(layer.padding)})`;
    case 'avgpool2d': return `nn.AvgPool2d(kernel_size=${pairText(layer.kernel)}, stride=${pairText(layer.stride)}, padding=${pairText(layer.padding)})`;
    case 'flatten': return 'nn.Flatten()';
    case 'dropout': return `nn.Dropout(p=${pythonFloat(layer.rate)})`;
    case 'activation': return 'nn.Identity()';
    case 'batchnorm': return `nn.BatchNorm${layer.image ? '2d' : '1d'}(${layer.features}, eps=${pythonFloat(layer.epsilon)}, momentum=${pythonFloat(layer.momentum)})`;
  }
}

/** State-dict entries of the module at `index` (none for layers without parameters). */
function stateEntries(layer: ExportLayer, index: number): StateEntry[] {
  const t = (values: Float64Array, shape: number[]) => pythonTensor(values, shape, '    ');
  switch (layer.type) {
    case 'dense':
      return [{ key: `${index}.weight`, tensor: t(layer.weights, [layer.units, layer.fanIn]) }, { key: `${index}.bias`, tensor: t(layer.bias, [layer.units]) }];
    case 'conv2d': {
      const shape = [layer.filters, layer.channels, layer.kernel[0], layer.kernel[1]];
      return [{ key: `${index}.weight`, tensor: t(layer.weights, shape) }, { key: `${index}.bias`, tensor: t(layer.bias, [layer.filters]) }];
    }
    case 'batchnorm': {
      const f = [layer.features];
      return [
        { key: `${index}.weight`, tensor: t(layer.scale, f) }, { key: `${index}.bias`, tensor: t(layer.shift, f) },
        { key: `${index}.running_mean`, tensor: t(layer.runningMean, f) }, { key: `${index}.running_var`, tensor: t(layer.runningVar, f) },
        { key: `${index}.num_batches_tracked`, tensor: 'torch.tensor(0)' },
      ];
    }
    default: return [];
  }
}

function frozenNames(trainable: ExportTrainable | undefined, index: number): string[] {
  if (!trainable) return [];
  return [...(trainable.weights ? [] : [`model[${index}].weight`]), ...(trainable.bias ? [] : [`model[${index}].bias`])];
}

/** Modules, parameters and frozen names of the whole network, in order. */
export function sequentialPlan(network: ExportNetwork): SequentialPlan {
  const modules: SequentialModule[] = [], state: StateEntry[] = [], frozen: string[] = [], decayed: string[] = [];
  const classes = new Map<string, CustomActivation & { className: string }>();
  const layerModules: number[] = [];
  for (const layer of network.layers) {
    const index = modules.length;
    layerModules.push(index);
    const name = pythonComment(layer.name);
    modules.push({ code: layerModule(layer), comment: `layer "${name}" (${layer.type})` });
    state.push(...stateEntries(layer, index));
    if ('trainable' in layer) frozen.push(...frozenNames(layer.trainable, index));
    if (layer.type === 'dense' || layer.type === 'conv2d') decayed.push(`model[${index}].weight`);
    const activation = 'activation' in layer ? activationModule(layer.activation, classes) : undefined;
    if (activation !== undefined && layer.type === 'activation') modules[index] = { code: activation, comment: modules[index]!.comment };
    else if (activation !== undefined) modules.push({ code: activation, comment: `activation of "${name}"` });
  }
  return { modules, state, frozen, decayed, customClasses: classes, layerModules };
}

/** One class per custom activation: f forward, the model file's df backward (torch.autograd.Function). */
export function customActivationClasses(classes: SequentialPlan['customClasses']): string {
  return [...classes.values()].map((a) => {
    const compiled = compileActivation(a.fText, a.dfText);
    if (!compiled.ok) throw new Error(`custom activation '${a.name}' does not compile`);
    const f = torchExpression(compiled.fAst), df = torchExpression(compiled.dfAst);
    return `class _${a.className}Function(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.as_tensor(${f}, dtype=x.dtype).expand(x.shape).clone()

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * ${df}


class ${a.className}(nn.Module):
    """Custom activation "${pythonComment(a.name)}" of the model file:
    f(x)  = ${pythonComment(a.fText)}
    df(x) = ${pythonComment(a.dfText)}   (used backward as written, as GradLens does)"""

    def forward(self, x):
        return _${a.className}Function.apply(x)
`;
  }).join('\n\n');
}
