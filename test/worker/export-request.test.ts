/**
 * The worker's `exportModel` request: it answers with the bytes `gradlens export` writes, also for a
 * model whose parameters are in a `weightsFile` (read by the worker as for the analysis), from the
 * file's own parameters even after the editor's session has trained; a malformed request or answer
 * is refused by the strict wire types; a cancel stops the training and answers that nothing came of it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AnalysisWorkerClient } from '../../src/session/workerClient';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { encodeSafetensors } from '../../src/model/safetensors';
import { parseExportAnswer, parseExportOptions, type ExportedModel } from '../../src/shared/modelExport';
import type { WorkerRequest } from '../../src/worker/workerProtocol';
import { InProcessWorker } from '../helpers/inProcessWorker';
import { examplePath, exampleText } from '../helpers/examples';
import { cli } from '../cli/runCli';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const worker = new InProcessWorker();
const client = new AnalysisWorkerClient(() => worker, quiet);
afterAll(() => client.dispose());

function document(file: string, text = readFileSync(file, 'utf8')) {
  return { uri: `file://${file}`, version: 1, text, fileName: file, settings: DEFAULT_ANALYSIS_SETTINGS };
}

async function cliBytes(file: string, to: 'pytorch' | 'onnx'): Promise<Uint8Array> {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'gradlens-export-req-')), 'out');
  const run = await cli('export', '--to', to, file, '-o', out);
  expect([run.code, run.stderr]).toEqual([0, '']);
  return new Uint8Array(readFileSync(out));
}

/** Mazur's worked example, inline and with its weights in worked.safetensors. */
const INLINE = exampleText('worked-example.nn.json');
function weightsFileModel(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gradlens-export-weights-'));
  const model = JSON.parse(INLINE.replace(/^\s*\/\/.*$/gm, '')) as { layers: Record<string, unknown>[]; weightsFile?: string };
  const tensors = model.layers.flatMap((layer) => {
    const weights = layer.weights as number[][];
    const bias = layer.bias as number[] | number;
    const units = weights.length;
    delete layer.weights;
    delete layer.bias;
    return [
      { name: `${String(layer.name)}.weights`, dtype: 'F64' as const, shape: [units, weights[0]!.length], values: Float64Array.from(weights.flat()) },
      { name: `${String(layer.name)}.bias`, dtype: 'F64' as const, shape: [units], values: Float64Array.from(Array.isArray(bias) ? bias : new Array<number>(units).fill(bias)) },
    ];
  });
  model.weightsFile = 'worked.safetensors';
  writeFileSync(path.join(dir, 'worked-example.nn.json'), JSON.stringify(model, null, 2));
  writeFileSync(path.join(dir, 'worked.safetensors'), encodeSafetensors(tensors));
  return path.join(dir, 'worked-example.nn.json');
}

describe('the worker\'s exportModel request', () => {
  it('answers with the bytes gradlens export writes, for PyTorch and ONNX', async () => {
    const file = examplePath('xor.nn.json');
    for (const format of ['pytorch', 'onnx'] as const) {
      const answer = await client.exportModel(document(file), { format, weights: 'current' }) as ExportedModel;
      expect(answer.bytes).toEqual(await cliBytes(file, format));
      expect([answer.modelName, answer.layers, answer.epochs]).toEqual(['XOR 2-3-1', 2, 0]);
    }
  });

  it('exports a model whose parameters are in a weights file, to the same ONNX bytes as with the weights inline', async () => {
    const file = weightsFileModel();
    expect(readFileSync(file, 'utf8')).not.toContain('"weights"');
    const fromFile = await client.exportModel(document(file), { format: 'onnx', weights: 'current' }) as ExportedModel;
    const inline = await client.exportModel(document(examplePath('worked-example.nn.json')), { format: 'onnx', weights: 'current' }) as ExportedModel;
    expect(fromFile.bytes).toEqual(inline.bytes);
    expect(fromFile.bytes).toEqual(await cliBytes(file, 'onnx'));
    const python = await client.exportModel(document(file), { format: 'pytorch', weights: 'trained' }) as ExportedModel;
    expect(new TextDecoder().decode(python.bytes)).toContain('after 1 epochs of training by GradLens');
  });

  it('exports the file\'s own parameters, not those the editor\'s session has trained to', async () => {
    const doc = document(examplePath('xor.nn.json'));
    await client.request({ type: 'train', document: doc, steps: 50 });
    const answer = await client.exportModel(doc, { format: 'pytorch', weights: 'current' }) as ExportedModel;
    expect(answer.bytes).toEqual(await cliBytes(examplePath('xor.nn.json'), 'pytorch'));
  });

  it('refuses a request whose options are not exactly a format and a weights choice', async () => {
    const bad = new InProcessWorker();
    const raw = new AnalysisWorkerClient(() => ({
      ...bad, on: bad.on.bind(bad), terminate: () => bad.terminate(),
      postMessage: (m: WorkerRequest) => bad.postMessage(m.type === 'exportModel' ? { ...m, options: { format: 'keras', weights: 'current' } as never } : m),
    }), quiet);
    await expect(raw.exportModel(document(examplePath('xor.nn.json')), { format: 'pytorch', weights: 'current' }))
      .rejects.toThrow('the export request is malformed (its options are not a known format and weights choice)');
    raw.dispose();
    expect(parseExportOptions({ format: 'onnx', weights: 'trained', extra: 1 })).toBeUndefined();
    expect(parseExportOptions({ format: 'onnx', weights: 'trained' })).toEqual({ format: 'onnx', weights: 'trained' });
  });

  it('the host refuses an answer that is not exactly an exported file', async () => {
    const doctored = new InProcessWorker((m) => (m.type === 'exportModel' && 'bytes' in m.answer ? { ...m, answer: { ...m.answer, bytes: 'print(1)' as never } } : m));
    const host = new AnalysisWorkerClient(() => doctored, quiet);
    await expect(host.exportModel(document(examplePath('xor.nn.json')), { format: 'pytorch', weights: 'current' }))
      .rejects.toThrow('the analysis worker sent an export that is not one; nothing was written');
    host.dispose();
    const good = { format: 'onnx', weights: 'current', bytes: new Uint8Array(2), modelName: 'm', layers: 1, epochs: 0 };
    expect(parseExportAnswer(good)).toEqual(good);
    expect(parseExportAnswer({ ...good, epochs: 3 })).toBeUndefined();
    expect(parseExportAnswer({ ...good, format: 'keras' })).toBeUndefined();
    expect(parseExportAnswer({ problem: 'x', bytes: good.bytes })).toBeUndefined();
  });

  it('a cancel stops the training for the trained weights, and the answer says nothing was exported', async () => {
    let started = false;
    const watched = new InProcessWorker((m) => { if (m.type === 'started') started = true; return m; });
    const host = new AnalysisWorkerClient(() => watched, quiet);
    const listeners: (() => void)[] = [];
    const signal = { aborted: false, onAbort: (l: () => void) => { listeners.push(l); } };
    const text = exampleText('xor.nn.json').replace('"epochs": 500', '"epochs": 10000000');
    const asked = host.exportModel(document(examplePath('xor.nn.json'), text), { format: 'pytorch', weights: 'trained' }, signal);
    // Cancelled once the worker has begun (its training would take hours), as the notification's Cancel button does.
    while (!started) await new Promise((r) => setImmediate(r));
    signal.aborted = true;
    listeners.forEach((l) => l());
    expect(await asked).toEqual({ problem: 'the export was cancelled.' });
    host.dispose();
  });
});
