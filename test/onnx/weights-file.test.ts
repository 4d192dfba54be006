/**
 * `gradlens import --weights file`: the parameters go to a safetensors file beside the model file
 * (`"weightsFile"`), and the model reads back with exactly the numbers it has with the weights inline:
 * the same loss and the same gradients, bit for bit, for every PyTorch fixture.
 */
import { copyFileSync, existsSync, lstatSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeSafetensors } from '../../src/model/safetensors';
import { cli } from '../cli/runCli';
import { FIXTURES, fixtures, scratchFolder, type ModelJson, type TorchFixture } from './helpers';

interface ReportJson {
  loss: { value: number };
  layers: { name: string; weights?: { grad: unknown }; bias?: { grad: unknown } }[];
}

async function importInto(fixture: TorchFixture, ...options: string[]) {
  const dir = scratchFolder();
  for (const ext of ['onnx', 'csv']) copyFileSync(path.join(FIXTURES, `${fixture.name}.${ext}`), path.join(dir, `${fixture.name}.${ext}`));
  const run = await cli('import', path.join(dir, `${fixture.name}.onnx`), '--data', path.join(dir, `${fixture.name}.csv`), ...fixture.importOptions, ...options);
  const file = path.join(dir, `${fixture.name}.nn.json`);
  return { ...run, dir, file, weights: path.join(dir, `${fixture.name}.safetensors`) };
}

async function gradients(file: string): Promise<{ loss: number; grads: unknown[] }> {
  const report = await cli('report', file, '--json');
  expect(report.stderr).toBe('');
  const json = JSON.parse(report.stdout) as ReportJson;
  return { loss: json.loss.value, grads: json.layers.map((l) => [l.name, l.weights?.grad, l.bias?.grad]) };
}

describe.each(fixtures().map((f) => [f.name, f] as const))('%s imported with its weights in a file', (_name, fixture) => {
  it('writes a model file without numbers and a safetensors file, and reads back with the inline import\'s loss and gradients exactly', async () => {
    const inline = await importInto(fixture, '--weights', 'inline');
    const filed = await importInto(fixture, '--weights', 'file');
    expect(filed.stderr).toBe('');
    expect(filed.code).toBe(0);
    const model = JSON.parse(readFileSync(filed.file, 'utf8')) as ModelJson & { weightsFile: string };
    expect(model.weightsFile).toBe(`${fixture.name}.safetensors`);
    for (const layer of model.layers) for (const key of ['weights', 'bias', 'scale', 'shift', 'runningMean', 'runningVar']) expect(layer[key], `${String(layer.name)}.${key}`).toBeUndefined();
    const decoded = decodeSafetensors(readFileSync(filed.weights));
    // float32 weights stay F32 (4 bytes each); a float64 tensor is F64 unless each of its numbers is a float32 exactly.
    const tensors = 'tensors' in decoded ? decoded.tensors : [];
    expect(tensors.length).toBeGreaterThan(0);
    for (const t of tensors) expect(t.dtype, t.name).toBe(fixture.weights === 'float32' || t.values.every((v) => Math.fround(v) === v) ? 'F32' : 'F64');
    expect(await gradients(filed.file)).toEqual(await gradients(inline.file));
  });
});

describe('where import puts the weights', () => {
  const small = fixtures().find((f) => f.name.startsWith('conv-batchnorm-avgpool'))!;

  it('keeps a network of at most 10,000 parameters inline by default, and writes no weights file', async () => {
    const run = await importInto(small);
    expect(run.code).toBe(0);
    expect((JSON.parse(readFileSync(run.file, 'utf8')) as { weightsFile?: string }).weightsFile).toBeUndefined();
    expect(existsSync(run.weights)).toBe(false);
  });

  it('refuses an unknown --weights value', async () => {
    const run = await cli('import', 'x.onnx', '--data', 'x.csv', '--weights', 'disk');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--weights is inline or file, not 'disk'");
  });

  it('never writes through a symbolic link where the weights file would go, and writes no model file then', async () => {
    const dir = scratchFolder();
    for (const ext of ['onnx', 'csv']) copyFileSync(path.join(FIXTURES, `${small.name}.${ext}`), path.join(dir, `${small.name}.${ext}`));
    const victim = path.join(dir, 'victim.txt');
    writeFileSync(victim, 'keep me');
    symlinkSync(victim, path.join(dir, `${small.name}.safetensors`));
    const run = await cli('import', path.join(dir, `${small.name}.onnx`), '--data', path.join(dir, `${small.name}.csv`), ...small.importOptions, '--weights', 'file');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot write the weights file');
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    expect(lstatSync(path.join(dir, `${small.name}.safetensors`)).isSymbolicLink()).toBe(true);
    expect(existsSync(path.join(dir, `${small.name}.nn.json`))).toBe(false);
  });
});
