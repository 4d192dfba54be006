/**
 * `gradlens export --to onnx`: the network as an ONNX model (opset 13, IR version 7), encoded with
 * protobufjs and ONNX's own schema (third_party/onnx/onnx.proto as src/model/onnx/onnxSchema.json).
 * One node per operation, as `torch.onnx.export` writes an `nn.Sequential`, so that our importer and
 * other ONNX tools read it: dense → Gemm (transB = 1), conv2d → Conv, maxpool2d/avgpool2d → MaxPool/
 * AveragePool (count_include_pad = 1), flatten → Flatten (axis 1), dropout → Dropout (ratio as an
 * input), batchnorm → BatchNormalization (ONNX's momentum is 1 − PyTorch's), activations → Relu,
 * LeakyRelu (alpha 0.01), Sigmoid, Tanh, Softmax (axis 1). Weights are float64 (DOUBLE), raw
 * little-endian. A custom activation has no ONNX operator: it is an error naming the layer.
 * Not carried: which parameters are frozen, the loss, the data and the training settings (ONNX holds
 * a network only).
 */
import protobuf from 'protobufjs/light';
import schema from '../onnx/onnxSchema.json';
import type { ModelFile } from '../types';
import type { ActivationSpec } from '../../engine/spec';
import type { ExportLayer, ExportNetwork } from './exportedNetwork';

export const EXPORT_OPSET = 13;
const IR_VERSION = 7;
const DOUBLE = 11;
const ATTR = { FLOAT: 1, INT: 2, INTS: 7 } as const;

interface Node { name: string; op_type: string; input: string[]; output: string[]; attribute: object[] }
interface Initializer { name: string; dims: number[]; data_type: number; raw_data: Uint8Array }

function rawDoubles(values: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i]!, true);
  return bytes;
}

const intAttr = (name: string, i: number) => ({ name, type: ATTR.INT, i });
const intsAttr = (name: string, ints: readonly number[]) => ({ name, type: ATTR.INTS, ints: [...ints] });
const floatAttr = (name: string, f: number) => ({ name, type: ATTR.FLOAT, f });

const ACTIVATION_OPS: Readonly<Record<string, { op: string; attribute: object[] }>> = {
  relu: { op: 'Relu', attribute: [] }, sigmoid: { op: 'Sigmoid', attribute: [] }, tanh: { op: 'Tanh', attribute: [] },
  'leaky-relu': { op: 'LeakyRelu', attribute: [floatAttr('alpha', 0.01)] }, softmax: { op: 'Softmax', attribute: [intAttr('axis', 1)] },
};

/** Builds the graph's nodes and initializers, one layer after another. */
class GraphBuilder {
  readonly nodes: Node[] = [];
  readonly initializers: Initializer[] = [];
  current = 'input';

  add(name: string, op: string, extraInputs: string[], attribute: object[] = []): void {
    const output = `${name}/${op}_output`;
    this.nodes.push({ name: `${name}/${op}`, op_type: op, input: [this.current, ...extraInputs], output: [output], attribute });
    this.current = output;
  }

  tensor(name: string, values: ArrayLike<number>, dims: number[]): string {
    this.initializers.push({ name, dims, data_type: DOUBLE, raw_data: rawDoubles(values) });
    return name;
  }

  activation(layer: string, a: ActivationSpec): void {
    if (typeof a === 'object') throw new Error(`layer '${layer}' uses the custom activation '${a.name}', which has no ONNX operator (export it to PyTorch instead)`);
    if (a === 'linear') return;
    const op = ACTIVATION_OPS[a]!;
    this.add(layer, op.op, [], op.attribute);
  }

  window(l: { kernel: readonly [number, number]; stride: readonly [number, number]; padding: readonly [number, number] }): object[] {
    return [intsAttr('kernel_shape', l.kernel), intsAttr('strides', l.stride), intsAttr('pads', [l.padding[0], l.padding[1], l.padding[0], l.padding[1]])];
  }

  layer(l: ExportLayer): void {
    switch (l.type) {
      case 'dense':
        this.add(l.name, 'Gemm', [this.tensor(`${l.name}.weight`, l.weights, [l.units, l.fanIn]), this.tensor(`${l.name}.bias`, l.bias, [l.units])], [intAttr('transB', 1)]);
        return this.activation(l.name, l.activation);
      case 'conv2d': {
        const w = this.tensor(`${l.name}.weight`, l.weights, [l.filters, l.channels, l.kernel[0], l.kernel[1]]);
        this.add(l.name, 'Conv', [w, this.tensor(`${l.name}.bias`, l.bias, [l.filters])], this.window(l));
        return this.activation(l.name, l.activation);
      }
      case 'maxpool2d': return this.add(l.name, 'MaxPool', [], this.window(l));
      case 'avgpool2d': return this.add(l.name, 'AveragePool', [], [...this.window(l), intAttr('count_include_pad', 1)]);
      case 'flatten': return this.add(l.name, 'Flatten', [], [intAttr('axis', 1)]);
      case 'dropout': return this.add(l.name, 'Dropout', [this.tensor(`${l.name}.ratio`, [l.rate], [])]);
      case 'activation': return this.activation(l.name, l.activation);
      case 'batchnorm': {
        const f = [l.features];
        const inputs = [this.tensor(`${l.name}.weight`, l.scale, f), this.tensor(`${l.name}.bias`, l.shift, f), this.tensor(`${l.name}.running_mean`, l.runningMean, f), this.tensor(`${l.name}.running_var`, l.runningVar, f)];
        this.add(l.name, 'BatchNormalization', inputs, [floatAttr('epsilon', l.epsilon), floatAttr('momentum', 1 - l.momentum)]);
        return this.activation(l.name, l.activation);
      }
    }
  }
}

function valueInfo(name: string, dims: readonly number[]): object {
  return { name, type: { tensor_type: { elem_type: DOUBLE, shape: { dim: [{ dim_param: 'N' }, ...dims.map((d) => ({ dim_value: d }))] } } } };
}

let modelType: protobuf.Type | undefined;

/** The ONNX file's bytes. @throws Error naming the layer that ONNX cannot express. */
export function onnxModelBytes(model: ModelFile, network: ExportNetwork, options: { readonly producerVersion: string }): Uint8Array {
  const graph = new GraphBuilder();
  for (const layer of network.layers) graph.layer(layer);
  // Identity names the graph's output 'output', as torch.onnx.export's output_names would.
  graph.nodes.push({ name: 'output', op_type: 'Identity', input: [graph.current], output: ['output'], attribute: [] });
  modelType ??= protobuf.Root.fromJSON(schema as protobuf.INamespace).lookupType('onnx.ModelProto');
  const message = modelType.fromObject({
    ir_version: IR_VERSION, producer_name: 'GradLens', producer_version: options.producerVersion,
    opset_import: [{ domain: '', version: EXPORT_OPSET }],
    graph: {
      name: model.name, node: graph.nodes, initializer: graph.initializers,
      input: [valueInfo('input', network.inputShape)], output: [valueInfo('output', [model.data.train.targets.cols])],
    },
  });
  return modelType.encode(message).finish();
}
