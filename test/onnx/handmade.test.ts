/**
 * ONNX graphs PyTorch's nn.Sequential export does not write but other exporters do: MatMul + Add for a
 * dense layer, a Reshape whose shape is computed by Shape → Gather → Unsqueeze → Concat, and weights
 * kept as external data beside the ONNX file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/runCli';
import { onnxModel } from './onnxBuilder';
import { scratchFolder } from './helpers';

const W1 = [0.5, -0.25, 0.125, 1, 2, -3]; // [fanIn 2][units 3], as MatMul's B
const B1 = [0.1, 0.2, 0.3];
const CSV = 'a,b,y\n0.5,1,0\n-1,2,2\n0.25,0.75,1\n';

function writeAndImport(dir: string, bytes: Uint8Array, ...extra: string[]) {
  writeFileSync(path.join(dir, 'net.onnx'), bytes);
  writeFileSync(path.join(dir, 'data.csv'), CSV);
  return cli('import', path.join(dir, 'net.onnx'), '--data', path.join(dir, 'data.csv'), ...extra);
}

describe('hand-made ONNX graphs', () => {
  it('reads MatMul followed by Add as one dense layer whose rows are the columns of B', async () => {
    const dir = scratchFolder();
    const run = await writeAndImport(dir, onnxModel({
      input: [2],
      nodes: [{ op: 'MatMul', inputs: ['input', 'W'], outputs: ['h'] }, { op: 'Add', inputs: ['h', 'b'], outputs: ['z'] }, { op: 'Softmax', inputs: ['z'], outputs: ['out'], attrs: [{ name: 'axis', i: 1 }] }],
      initializers: [{ name: 'W', dims: [2, 3], values: W1 }, { name: 'b', dims: [3], values: B1 }],
    }));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const model = JSON.parse(readFileSync(path.join(dir, 'net.nn.json'), 'utf8'));
    expect(model.layers).toHaveLength(1);
    expect(model.layers[0].weights).toEqual([[0.5, 1], [-0.25, 2], [0.125, -3]]);
    expect(model.layers[0].bias).toEqual(B1.map(Math.fround));
    expect(model.layers[0].activation).toBe('softmax');
    expect(model.loss).toBe('cross-entropy');
    expect((await cli('report', path.join(dir, 'net.nn.json'))).code).toBe(0);
  });

  it('folds the shape arithmetic of x.view(x.size(0), -1) into a flatten layer', async () => {
    const dir = scratchFolder();
    const run = await writeAndImport(dir, onnxModel({
      input: [1, 1, 2],
      nodes: [
        { op: 'Relu', inputs: ['input'], outputs: ['r'] },
        { op: 'Shape', inputs: ['r'], outputs: ['s'] },
        { op: 'Constant', inputs: [], outputs: ['zero'], attrs: [{ name: 'value_ints', ints: [0] }] },
        { op: 'Gather', inputs: ['s', 'zero'], outputs: ['n'] },
        { op: 'Constant', inputs: [], outputs: ['minus1'], attrs: [{ name: 'value_ints', ints: [-1] }] },
        { op: 'Concat', inputs: ['n', 'minus1'], outputs: ['shape'], attrs: [{ name: 'axis', i: 0 }] },
        { op: 'Reshape', inputs: ['r', 'shape'], outputs: ['flat'] },
        { op: 'Gemm', inputs: ['flat', 'W', 'b'], outputs: ['out'], attrs: [{ name: 'transB', i: 1 }] },
      ],
      initializers: [{ name: 'W', dims: [1, 2], values: [0.5, -0.5] }, { name: 'b', dims: [1], values: [0.25] }],
    }), '--target', 'y', '--loss', 'mse');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const model = JSON.parse(readFileSync(path.join(dir, 'net.nn.json'), 'utf8'));
    expect(model.inputs).toEqual([1, 1, 2]);
    expect(model.layers.map((l: { type?: string }) => l.type ?? 'dense')).toEqual(['activation', 'flatten', 'dense']);
  });

  it('reads weights kept as ONNX external data in a file beside the model', async () => {
    const dir = scratchFolder();
    const bytes = new Uint8Array(16 + 6 * 4);
    const view = new DataView(bytes.buffer);
    W1.forEach((v, i) => view.setFloat32(16 + 4 * i, v, true));
    writeFileSync(path.join(dir, 'weights.bin'), bytes);
    const run = await writeAndImport(dir, onnxModel({
      input: [2],
      nodes: [{ op: 'Gemm', inputs: ['input', 'W', 'b'], outputs: ['out'] }, { op: 'Softmax', inputs: ['out'], outputs: ['p'], attrs: [{ name: 'axis', i: -1 }] }],
      initializers: [{ name: 'W', dims: [2, 3], external: { location: 'weights.bin', offset: '16', length: '24' } }, { name: 'b', dims: [3], values: B1 }],
    }));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const model = JSON.parse(readFileSync(path.join(dir, 'net.nn.json'), 'utf8'));
    expect(model.layers[0].weights).toEqual([[0.5, 1], [-0.25, 2], [0.125, -3]]);
  });

  it('writes beside the ONNX file by default, never over an existing file; -o chooses and replaces', async () => {
    const dir = scratchFolder();
    const bytes = onnxModel({ input: [2], nodes: [{ op: 'Gemm', inputs: ['input', 'W'], outputs: ['out'], attrs: [{ name: 'transB', i: 1 }] }], initializers: [{ name: 'W', dims: [1, 2], values: [1, 2] }] });
    expect((await writeAndImport(dir, bytes)).code).toBe(0);
    const again = await writeAndImport(dir, bytes);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    const chosen = await writeAndImport(dir, bytes, '-o', path.join(dir, 'net.nn.json'));
    expect(chosen.code).toBe(0);
  });
});
