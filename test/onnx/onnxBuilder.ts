/**
 * Writes small ONNX files for tests with protobufjs and ONNX's schema: hand-made graphs that PyTorch
 * does not write (MatMul + Add, external data, and the broken and unsupported ones).
 */
import protobuf from 'protobufjs/light';
import schema from '../../src/model/onnx/onnxSchema.json';

const root = protobuf.Root.fromJSON(schema as protobuf.INamespace);
const ModelProto = root.lookupType('onnx.ModelProto');

export type Attr = { name: string; i?: number; f?: number; ints?: number[]; s?: string };
export interface NodeSpec { op: string; inputs: string[]; outputs: string[]; name?: string; attrs?: Attr[]; domain?: string }
export interface TensorSpec { name: string; dims: number[]; values?: number[]; type?: number; external?: Record<string, string> }

function attribute(a: Attr): Record<string, unknown> {
  if (a.ints) return { name: a.name, type: 7, ints: a.ints };
  if (a.s !== undefined) return { name: a.name, type: 3, s: new TextEncoder().encode(a.s) };
  if (a.f !== undefined) return { name: a.name, type: 1, f: a.f };
  return { name: a.name, type: 2, i: a.i ?? 0 };
}

export function tensor(t: TensorSpec): Record<string, unknown> {
  const type = t.type ?? 1;
  const base = { name: t.name, dims: t.dims, data_type: type };
  if (t.external) return { ...base, data_location: 1, external_data: Object.entries(t.external).map(([key, value]) => ({ key, value })) };
  const values = t.values ?? [];
  if (type === 11) return { ...base, double_data: values };
  if (type === 7) return { ...base, int64_data: values };
  if (type === 10) return { ...base, int32_data: values };
  return { ...base, float_data: values };
}

export function onnxModel(options: {
  input: number[]; nodes: NodeSpec[]; initializers?: TensorSpec[]; output?: string; extraInputs?: string[]; opset?: number;
}): Uint8Array {
  const valueInfo = (name: string, dims: number[]) => ({ name, type: { tensor_type: { elem_type: 1, shape: { dim: dims.map((d) => ({ dim_value: d })) } } } });
  const last = options.nodes[options.nodes.length - 1]!;
  const model = {
    ir_version: 8, producer_name: 'gradlens-test', opset_import: [{ domain: '', version: options.opset ?? 13 }],
    graph: {
      name: 'test',
      node: options.nodes.map((n, k) => ({ name: n.name ?? `/${k}/${n.op}`, op_type: n.op, input: n.inputs, output: n.outputs, attribute: (n.attrs ?? []).map(attribute), ...(n.domain ? { domain: n.domain } : {}) })),
      initializer: (options.initializers ?? []).map(tensor),
      input: [valueInfo('input', [1, ...options.input]), ...(options.extraInputs ?? []).map((n) => valueInfo(n, [1, ...options.input]))],
      output: [valueInfo(options.output ?? last.outputs[0]!, [1])],
    },
  };
  const message = ModelProto.fromObject(model);
  return ModelProto.encode(message).finish();
}
