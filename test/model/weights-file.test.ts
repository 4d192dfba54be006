/**
 * A model file's `"weightsFile"`: a safetensors file beside it whose tensors `<layer>.<key>` fill the
 * layers' parameters. Every damaged or unfitting file is one `weights-file-error` on the `weightsFile`
 * value, naming what is wrong, and never a thrown error.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseModelText } from '../../src/model';
import { createNodeDataFileReader } from '../../src/model/nodeDataFiles';
import { decodeSafetensors, encodeSafetensors, type NamedTensor } from '../../src/model/safetensors';

let root: string;
let project: string;

const HIDDEN_W = [[0.15, 0.2], [0.25, 0.3]];
const HIDDEN_B = [0.35, 0.35];
const OUT_W = [[0.4, 0.45]];
const OUT_B = [0.6];

function tensor(name: string, shape: number[], values: number[], dtype: 'F32' | 'F64' = 'F64'): NamedTensor {
  return { name, dtype, shape, values: Float64Array.from(values) };
}

const GOOD = [
  tensor('hidden.weights', [2, 2], HIDDEN_W.flat()), tensor('hidden.bias', [2], HIDDEN_B),
  tensor('out.weights', [1, 2], OUT_W.flat()), tensor('out.bias', [1], OUT_B),
];

function modelText(weightsFile: string, outLayer = '{ "name": "out", "units": 1, "activation": "sigmoid" }'): string {
  return `{
  "inputs": 2,
  "weightsFile": ${JSON.stringify(weightsFile)},
  "layers": [
    { "name": "hidden", "units": 2, "activation": "sigmoid" },
    ${outLayer}
  ],
  "loss": "squared",
  "data": { "inputs": [[0.05, 0.1]], "targets": [[0.99]] }
}
`;
}

function writeWeights(name: string, bytes: Uint8Array): void {
  writeFileSync(join(project, name), bytes);
}

function read(text: string) {
  const file = join(project, 'model.nn.json');
  return parseModelText(text, { fileName: file, dataFiles: createNodeDataFileReader(file) });
}

/** The only error: its code, its text, and whether it lies on the `weightsFile` value. */
function onlyError(text: string, weightsFile: string) {
  const errors = read(text).diagnostics.filter((d) => d.severity === 'error');
  expect(errors).toHaveLength(1);
  const at = text.indexOf(JSON.stringify(weightsFile));
  expect(errors[0]!.range.startOffset).toBe(at);
  expect(errors[0]!.range.endOffset).toBe(at + JSON.stringify(weightsFile).length);
  return errors[0]!;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'gradlens-weightsfile-'));
  project = join(root, 'project');
  mkdirSync(project);
  writeFileSync(join(root, 'outside.safetensors'), encodeSafetensors(GOOD));
  writeWeights('good.safetensors', encodeSafetensors(GOOD));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a model whose parameters are in a weights file', () => {
  test('reads every weight and bias from the file, exactly, and marks the layers as read from it', () => {
    const result = read(modelText('good.safetensors'));
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const [hidden, out] = result.model!.layers;
    expect(hidden!.weights).toEqual(HIDDEN_W);
    expect(hidden!.bias).toEqual(HIDDEN_B);
    expect(out!.weights).toEqual(OUT_W);
    expect(out!.bias).toEqual(OUT_B);
    expect(hidden!.source.weightsFile).toBe('good.safetensors');
  });

  test('a safetensors file written and read back holds the same numbers, F32 rounded to float32 and F64 exact', () => {
    const bytes = encodeSafetensors([tensor('a', [3], [0.1, 0.2, 0.3], 'F32'), tensor('b', [1, 2], [0.1, 1 / 3])]);
    expect(new DataView(bytes.buffer).getBigUint64(0, true) % 8n).toBe(0n);
    const decoded = decodeSafetensors(bytes);
    expect('tensors' in decoded && decoded.tensors.map((t) => [t.name, t.dtype, t.shape, Array.from(t.values)])).toEqual([
      ['a', 'F32', [3], [Math.fround(0.1), Math.fround(0.2), Math.fround(0.3)]],
      ['b', 'F64', [1, 2], [0.1, 1 / 3]],
    ]);
  });

  test('a truncated file is refused as truncated', () => {
    const bytes = encodeSafetensors(GOOD);
    writeWeights('truncated.safetensors', bytes.subarray(0, bytes.length - 5));
    expect(onlyError(modelText('truncated.safetensors'), 'truncated.safetensors').message).toMatch(/tensor 'out\.bias' ends at byte .* the file is truncated/);
  });

  test('a header length beyond the end of the file is refused, with both byte counts', () => {
    const bytes = new Uint8Array(20);
    new DataView(bytes.buffer).setBigUint64(0, 1000n, true);
    writeWeights('long-header.safetensors', bytes);
    const error = onlyError(modelText('long-header.safetensors'), 'long-header.safetensors');
    expect(error.code).toBe('weights-file-error');
    expect(error.message).toContain('its header length says 1000 bytes, but only 12 follow');
  });

  test('a tensor of another element type (I32) is refused, naming it and the types GradLens reads', () => {
    const header = new TextEncoder().encode(JSON.stringify({ 'hidden.bias': { dtype: 'I32', shape: [2], data_offsets: [0, 8] } }));
    const bytes = new Uint8Array(8 + header.length + 8);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(header.length), true);
    bytes.set(header, 8);
    writeWeights('int.safetensors', bytes);
    expect(onlyError(modelText('int.safetensors'), 'int.safetensors').message).toContain(`tensor 'hidden.bias' has dtype "I32"; GradLens reads F32 and F64`);
  });

  test('a tensor whose shape does not fit its layer is refused with both shapes', () => {
    writeWeights('transposed.safetensors', encodeSafetensors([tensor('out.weights', [2, 1], OUT_W.flat())]));
    expect(onlyError(modelText('transposed.safetensors'), 'transposed.safetensors').message)
      .toContain("tensor 'out.weights' has shape [2, 1], but the weights of layer 'out' has shape [1, 2]");
  });

  test('a tensor that fills no parameter (a misspelt layer) is refused rather than ignored', () => {
    writeWeights('typo.safetensors', encodeSafetensors([tensor('hiden.weights', [2, 2], HIDDEN_W.flat())]));
    expect(onlyError(modelText('typo.safetensors'), 'typo.safetensors').message).toContain("tensor 'hiden.weights' fills no parameter of the model");
  });

  test('a parameter written both inline and in the file is refused', () => {
    const text = modelText('good.safetensors', '{ "name": "out", "units": 1, "activation": "sigmoid", "bias": 0.6 }');
    expect(onlyError(text, 'good.safetensors').message).toContain("tensor 'out.bias' gives the bias of layer 'out', which the model file also writes inline");
  });

  test('a path that leaves the model file\'s folder is refused before anything is read', () => {
    expect(onlyError(modelText('../outside.safetensors'), '../outside.safetensors').message).toContain("leaves the model file's folder");
  });

  test('a symbolic link that leads outside the folder is refused', () => {
    symlinkSync(join(root, 'outside.safetensors'), join(project, 'link.safetensors'));
    expect(onlyError(modelText('link.safetensors'), 'link.safetensors').message).toContain('through a symbolic link, outside');
  });

  test('a missing file is named', () => {
    expect(onlyError(modelText('absent.safetensors'), 'absent.safetensors').message).toContain("cannot read the weights file 'absent.safetensors': no such file");
  });

  test('without a reader that can read bytes (VS Code for the Web), the file is reported as not read', () => {
    const result = parseModelText(modelText('good.safetensors'), { fileName: 'model.nn.json', dataFiles: { readText: () => ({ error: 'no' }) } });
    expect(result.diagnostics.map((d) => d.code)).toContain('weights-file-error');
  });
});
