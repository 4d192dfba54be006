/**
 * Broken and unsupported ONNX files: each gives one clear error (the node, its op type and what is
 * supported, where a node is to blame), exit 2, no stack trace, and no model file written.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/runCli';
import { FIXTURES, scratchFolder } from './helpers';
import { onnxModel } from './onnxBuilder';

const CSV = 'a,b,y\n0.5,1,0\n-1,2,1\n';
const dense = (extra: Parameters<typeof onnxModel>[0]['nodes'] = []) => onnxModel({
  input: [2],
  nodes: [{ op: 'Gemm', inputs: ['input', 'W', 'b'], outputs: ['g'], attrs: [{ name: 'transB', i: 1 }] }, ...extra],
  initializers: [{ name: 'W', dims: [2, 2], values: [1, 2, 3, 4] }, { name: 'b', dims: [2], values: [0, 0] }],
});
const real = () => readFileSync(path.join(FIXTURES, 'dense-relu-mse-opset13-f32.onnx'));

const cases: [string, () => Uint8Array, RegExp[], ((dir: string) => void)?][] = [
  ['an empty file', () => new Uint8Array(0), [/empty, not an ONNX model/]],
  ['a file with the wrong magic (a PNG)', () => Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), [/not an ONNX model: it starts with the bytes 89 50 4e 47/]],
  ['a truncated export', () => real().subarray(0, Math.floor(real().length / 2)), [/damaged or truncated/]],
  ['an LSTM', () => onnxModel({ input: [2], nodes: [{ op: 'LSTM', name: 'rnn', inputs: ['input', 'W', 'R'], outputs: ['h'], attrs: [{ name: 'hidden_size', i: 2 }] }], initializers: [{ name: 'W', dims: [1, 8, 2], values: new Array(16).fill(0) }, { name: 'R', dims: [1, 8, 2], values: new Array(16).fill(0) }] }),
    [/node 'rnn' \(LSTM\) is not supported/, /GradLens imports Gemm, MatMul/]],
  ['a Concat of two branches', () => dense([{ op: 'Relu', inputs: ['g'], outputs: ['r'] }, { op: 'Concat', name: '/cat/Concat', inputs: ['g', 'r'], outputs: ['c'], attrs: [{ name: 'axis', i: 1 }] }]),
    [/node '\/cat\/Concat' \(Concat\) is not supported/, /Conv, MaxPool, AveragePool/]],
  ['a missing initializer', () => onnxModel({ input: [2], nodes: [{ op: 'Gemm', name: '/0/Gemm', inputs: ['input', '0.weight', '0.bias'], outputs: ['g'], attrs: [{ name: 'transB', i: 1 }] }], initializers: [{ name: '0.bias', dims: [2], values: [0, 0] }] }),
    [/node '\/0\/Gemm' \(Gemm\): its input 2 '0\.weight' is missing: no initializer, Constant node or earlier node gives it/]],
  ['a 2 GB external-data reference', () => onnxModel({ input: [2], nodes: [{ op: 'Gemm', inputs: ['input', 'W'], outputs: ['g'], attrs: [{ name: 'transB', i: 1 }] }], initializers: [{ name: 'W', dims: [2, 268435456], external: { location: 'huge.bin', offset: '0', length: '2147483648' } }] }),
    [/initializer 'W' has 536,870,912 numbers/, /at most 5,000,000 per tensor/]],
  ['external data outside the model\'s folder', () => onnxModel({ input: [2], nodes: [{ op: 'Gemm', inputs: ['input', 'W'], outputs: ['g'], attrs: [{ name: 'transB', i: 1 }] }], initializers: [{ name: 'W', dims: [1, 2], external: { location: '../secret.bin' } }] }),
    [/external data '\.\.\/secret\.bin': the path leaves the model file's folder/]],
  ['external data shorter than the tensor', () => onnxModel({ input: [2], nodes: [{ op: 'Gemm', inputs: ['input', 'W'], outputs: ['g'], attrs: [{ name: 'transB', i: 1 }] }], initializers: [{ name: 'W', dims: [1, 2], external: { location: 'w.bin' } }] }),
    [/the file has 4 bytes, fewer than the 8 the tensor needs/], (dir) => writeFileSync(path.join(dir, 'w.bin'), new Uint8Array(4))],
  ['float16 weights', () => onnxModel({ input: [2], nodes: [{ op: 'Gemm', inputs: ['input', 'W'], outputs: ['g'], attrs: [{ name: 'transB', i: 1 }] }], initializers: [{ name: 'W', dims: [1, 2], type: 10, values: [15360, 15360] }] }),
    [/holds float16 numbers; GradLens reads float32 and float64 weights/]],
  ['a residual connection', () => dense([{ op: 'Relu', inputs: ['g'], outputs: ['r'] }, { op: 'Add', name: 'skip', inputs: ['r', 'g'], outputs: ['s'] }]),
    [/node 'skip' \(Add\) reads 'g', which is neither the previous node's output nor a constant/]],
  ['a grouped convolution', () => onnxModel({ input: [2, 3, 3], nodes: [{ op: 'Conv', name: 'c', inputs: ['input', 'W'], outputs: ['o'], attrs: [{ name: 'group', i: 2 }, { name: 'kernel_shape', ints: [1, 1] }] }], initializers: [{ name: 'W', dims: [2, 1, 1, 1], values: [1, 1] }] }),
    [/node 'c' \(Conv\) is a grouped convolution \(group 2\)/]],
  ['a LeakyRelu with another slope', () => dense([{ op: 'LeakyRelu', name: 'lr', inputs: ['g'], outputs: ['o'], attrs: [{ name: 'alpha', f: 0.2 }] }]),
    [/node 'lr' \(LeakyRelu\) has slope 0\.2/]],
  ['an op from another domain', () => dense([{ op: 'FusedGemm', name: 'f', domain: 'com.microsoft', inputs: ['g'], outputs: ['o'] }]),
    [/node 'f' \(FusedGemm\) is from the op set 'com\.microsoft'/]],
];

describe('malformed and unsupported ONNX files', () => {
  it.each(cases)('%s: a clear error, exit 2, nothing written', async (_what, bytes, messages, prepare) => {
    const dir = scratchFolder();
    writeFileSync(path.join(dir, 'net.onnx'), bytes());
    writeFileSync(path.join(dir, 'data.csv'), CSV);
    prepare?.(dir);
    const before = readdirSync(dir).sort();
    const run = await cli('import', path.join(dir, 'net.onnx'), '--data', path.join(dir, 'data.csv'));
    expect(run.code).toBe(2);
    for (const m of messages) expect(run.stderr).toMatch(m);
    expect(run.stderr).toMatch(/^\S*net\.onnx:1:1: error: /);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(run.stdout).toBe('');
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('refuses data outside the model file\'s folder, a wrong target and a wrong loss, writing nothing', async () => {
    const dir = scratchFolder();
    const sub = path.join(dir, 'models');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(sub);
    writeFileSync(path.join(sub, 'net.onnx'), dense());
    writeFileSync(path.join(dir, 'data.csv'), CSV);
    writeFileSync(path.join(sub, 'data.csv'), CSV);
    const outside = await cli('import', path.join(sub, 'net.onnx'), '--data', path.join(dir, 'data.csv'));
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/must be in the model file's folder/);
    const target = await cli('import', path.join(sub, 'net.onnx'), '--data', path.join(sub, 'data.csv'), '--target', 'label');
    expect(target.stderr).toMatch(/has no column 'label' \(its columns: a, b, y\)/);
    const loss = await cli('import', path.join(sub, 'net.onnx'), '--data', path.join(sub, 'data.csv'), '--loss', 'hinge');
    expect(loss.stderr).toMatch(/--loss is one of squared, mse, cross-entropy, binary-cross-entropy, not 'hinge'/);
    const noData = await cli('import', path.join(sub, 'net.onnx'));
    expect(noData.code).toBe(2);
    expect(noData.stderr).toMatch(/import needs --data DATA\.csv/);
    expect(readdirSync(sub).sort()).toEqual(['data.csv', 'net.onnx']);
  });
});
