/**
 * In the web worker extension host a model's `"weightsFile"` is read by the host through
 * `vscode.workspace.fs` (src/platform/workspaceDataFiles.ts) and its bytes travel with the document
 * to the Web Worker, whose reader (src/model/prefetchedDataFiles.ts) hands them to the model reader.
 * The rules are the Node reader's: inside the model file's folder, a regular file, at most 64 MiB;
 * and a refusal is the same `weights-file-error` on the key's value, with the same words.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { relativeError } from '../../src/shared/relativeError';
import { sessionOpener } from '../../src/worker/sessionOpener';
import { createWorkerHandler } from '../../src/worker/workerHandler';
import type { WorkerResponse } from '../../src/worker/workerProtocol';
import { cli } from '../cli/runCli';
import { scratchFolder } from '../onnx/helpers';
import { parseModelText } from '../../src/model';
import { createNodeDataFileReader } from '../../src/model/nodeDataFiles';
import { createPrefetchedDataFileReader } from '../../src/model/prefetchedDataFiles';
import { encodeSafetensors } from '../../src/model/safetensors';
import type { DataFileReader } from '../../src/model/types';
import { readWorkspaceFileBytes, weightsFilePathOf, withRequestDataFiles, type WorkspaceFiles } from '../../src/platform/workspaceDataFiles';
import type { WorkerDocument } from '../../src/worker/workerProtocol';

const FOLDER = '/course';
const MODEL = vscode.Uri.file(`${FOLDER}/model.nn.json`);

const WEIGHTS = encodeSafetensors([
  { name: 'hidden.weights', dtype: 'F64', shape: [2, 2], values: Float64Array.of(0.15, 0.2, 0.25, 0.3) },
  { name: 'hidden.bias', dtype: 'F64', shape: [2], values: Float64Array.of(0.35, 0.35) },
  { name: 'out.weights', dtype: 'F64', shape: [1, 2], values: Float64Array.of(0.4, 0.45) },
  { name: 'out.bias', dtype: 'F64', shape: [1], values: Float64Array.of(0.6) },
]);

/**
 * A stubbed `vscode.workspace.fs`: files by path (bytes, or a size for a file never to be read), folders,
 * and which paths were read.
 */
function stubFiles(files: Record<string, Uint8Array | { size: number }>, folders: string[] = [FOLDER]) {
  const read: string[] = [];
  const fs: WorkspaceFiles = {
    async stat(uri) {
      if (folders.includes(uri.path)) return { type: 2, size: 0 };
      const file = files[uri.path];
      if (!file) throw Object.assign(new Error('not found'), { code: 'FileNotFound' });
      return { type: 1, size: file instanceof Uint8Array ? file.byteLength : file.size };
    },
    async readFile(uri) {
      read.push(uri.path);
      const file = files[uri.path];
      if (!(file instanceof Uint8Array)) throw new Error(`read ${uri.path}, which the test never meant to be read`);
      return file;
    },
  };
  return { fs, read };
}

/** A 2-2-1 model (the worked example's numbers) whose parameters are in `weightsFile`. */
const modelText = (weightsFile: string) => `{
  "inputs": 2,
  "weightsFile": ${JSON.stringify(weightsFile)},
  "layers": [
    { "name": "hidden", "units": 2, "activation": "sigmoid" },
    { "name": "out", "units": 1, "activation": "sigmoid" }
  ],
  "loss": "squared",
  "data": { "inputs": [[0.05, 0.1]], "targets": [[0.99]] }
}
`;

/** The model as the Web Worker reads it: the host reads the files through `fs`, the worker looks them up. */
async function readInTheWeb(text: string, fs: WorkspaceFiles) {
  const document: WorkerDocument = { uri: MODEL.toString(), version: 1, fileName: MODEL.fsPath, settings: {} as WorkerDocument['settings'], text };
  const sent = (await withRequestDataFiles({ type: 'analyze', id: 1, document }, fs)) as { document: WorkerDocument };
  // What crosses to the worker is structured-cloned: the bytes must survive it.
  const arrived = structuredClone(sent.document);
  return parseModelText(text, { fileName: arrived.fileName, dataFiles: createPrefetchedDataFileReader(arrived.dataFiles, arrived.weightsFiles) });
}

/** The only error of a parse: its code, its message and where it starts and ends. */
function onlyError(result: ReturnType<typeof parseModelText>) {
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  expect(errors).toHaveLength(1);
  const { code, message, range } = errors[0]!;
  return { code, message, start: range.startOffset, end: range.endOffset };
}

/** Where the `weightsFile` value lies in `text`. */
function valueRange(text: string, weightsFile: string) {
  const start = text.indexOf(JSON.stringify(weightsFile));
  return { start, end: start + JSON.stringify(weightsFile).length };
}

describe('the weights file in VS Code for the Web', () => {
  it('is read through the workspace file system and gives the model its parameters', async () => {
    const { fs, read } = stubFiles({ [`${FOLDER}/model.safetensors`]: WEIGHTS });
    const result = await readInTheWeb(modelText('model.safetensors'), fs);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const [hidden, out] = result.model!.layers;
    expect(hidden!.weights).toEqual([[0.15, 0.2], [0.25, 0.3]]);
    expect(hidden!.bias).toEqual([0.35, 0.35]);
    expect(out!.weights).toEqual([[0.4, 0.45]]);
    expect(out!.bias).toEqual([0.6]);
    expect(read).toEqual([`${FOLDER}/model.safetensors`]);
  });

  it('is read from a folder below the model file\'s', async () => {
    const { fs } = stubFiles({ [`${FOLDER}/weights/model.safetensors`]: WEIGHTS }, [FOLDER, `${FOLDER}/weights`]);
    const result = await readInTheWeb(modelText('weights/model.safetensors'), fs);
    expect(result.model?.layers[1]?.bias).toEqual([0.6]);
  });

  it.each(['../secret.safetensors', 'weights/../../secret.safetensors', '/etc/model.safetensors'])(
    'refuses %j, outside the model file\'s folder, without reading anything, with the Node reader\'s error on the key\'s value', async (path) => {
      const { fs, read } = stubFiles({ '/secret.safetensors': WEIGHTS, '/etc/model.safetensors': WEIGHTS });
      const text = modelText(path);
      const web = onlyError(await readInTheWeb(text, fs));
      const node = onlyError(parseModelText(text, { fileName: '/course/model.nn.json', dataFiles: createNodeDataFileReader('/course/model.nn.json') }));
      expect(web).toEqual(node);
      expect(web).toEqual({ code: 'weights-file-error', message: expect.stringMatching(/^cannot read the weights file '.*': (the path leaves|absolute paths are refused)/), ...valueRange(text, path) });
      expect(read).toEqual([]);
    });

  it('refuses a file larger than 64 MiB without reading it, on the key\'s value', async () => {
    const { fs, read } = stubFiles({ [`${FOLDER}/huge.safetensors`]: { size: 64 * 1024 * 1024 + 1 } });
    const text = modelText('huge.safetensors');
    expect(onlyError(await readInTheWeb(text, fs))).toEqual({
      code: 'weights-file-error', ...valueRange(text, 'huge.safetensors'),
      message: `cannot read the weights file 'huge.safetensors': the file is too large (${64 * 1024 * 1024 + 1} bytes; at most ${64 * 1024 * 1024} are read)`,
    });
    expect(read).toEqual([]);
  });

  it('says a missing file is missing, naming where it looked, on the key\'s value', async () => {
    const { fs } = stubFiles({});
    const text = modelText('gone.safetensors');
    expect(onlyError(await readInTheWeb(text, fs))).toEqual({
      code: 'weights-file-error', ...valueRange(text, 'gone.safetensors'),
      message: "cannot read the weights file 'gone.safetensors': no such file (looked for /course/gone.safetensors)",
    });
  });

  it('refuses a symbolic link, which a workspace file system cannot follow safely', async () => {
    const link: WorkspaceFiles = { async stat() { return { type: 64 | 1, size: WEIGHTS.byteLength }; }, async readFile() { return WEIGHTS; } };
    const folderFirst: WorkspaceFiles = { stat: (uri) => (uri.path === FOLDER ? Promise.resolve({ type: 2, size: 0 }) : link.stat(uri)), readFile: link.readFile };
    const read = await readWorkspaceFileBytes(MODEL, 'model.safetensors', folderFirst);
    expect(read).toEqual({ error: expect.stringMatching(/symbolic link .*refused/) });
  });

  it('is damaged the same way for both readers: the decoder\'s error on the key\'s value', async () => {
    const damaged = WEIGHTS.slice(0, 20);
    const { fs } = stubFiles({ [`${FOLDER}/model.safetensors`]: damaged });
    const text = modelText('model.safetensors');
    const web = onlyError(await readInTheWeb(text, fs));
    expect(web).toMatchObject({ code: 'weights-file-error', ...valueRange(text, 'model.safetensors') });
    const nodeLike: DataFileReader = { readText: () => ({ error: 'unused' }), readBytes: () => ({ bytes: damaged }) };
    expect(web).toEqual(onlyError(parseModelText(text, { fileName: MODEL.fsPath, dataFiles: nodeLike })));
  });
});

describe('which weights file a model names', () => {
  it('is the top-level "weightsFile" string, comments and trailing commas allowed', () => {
    expect(weightsFilePathOf('{ // a model\n "weightsFile": "lenet.safetensors", "layers": [], }')).toBe('lenet.safetensors');
  });

  it('is none when the key is missing, nested or not a string', () => {
    expect(weightsFilePathOf('{ "layers": [] }')).toBeUndefined();
    expect(weightsFilePathOf('{ "data": { "weightsFile": "x.safetensors" } }')).toBeUndefined();
    expect(weightsFilePathOf('{ "weightsFile": 3 }')).toBeUndefined();
  });

  it('is the only file whose bytes the worker\'s reader gives', () => {
    const reader = createPrefetchedDataFileReader({}, { 'a.safetensors': { bytes: WEIGHTS } });
    expect(reader.readBytes!('a.safetensors')).toEqual({ bytes: WEIGHTS });
    expect(reader.readBytes!('b.safetensors')).toEqual({ error: expect.stringMatching(/not read/) });
  });
});

describe('LeNet-5 imported from PyTorch, in VS Code for the Web', () => {
  it('is analysed by the web worker\'s handler from the bytes the host read, with PyTorch\'s loss (1e-6 relative)', async () => {
    const lenet = path.resolve(__dirname, '../fixtures/lenet');
    const torchLoss = (JSON.parse(readFileSync(path.join(lenet, 'lenet.json'), 'utf8')) as { lossValue: number }).lossValue;
    const dir = scratchFolder();
    for (const ext of ['onnx', 'csv']) copyFileSync(path.join(lenet, `lenet.${ext}`), path.join(dir, `lenet.${ext}`));
    expect((await cli('import', path.join(dir, 'lenet.onnx'), '--data', path.join(dir, 'lenet.csv'))).code).toBe(0);
    // workspace.fs on this disk: the host reads lenet.csv and lenet.safetensors through it.
    const disk: WorkspaceFiles = {
      async stat(uri) { return { type: uri.fsPath === dir ? 2 : 1, size: readFileSync(uri.fsPath).byteLength }; },
      async readFile(uri) { return new Uint8Array(readFileSync(uri.fsPath)); },
    };
    const modelUri = vscode.Uri.file(path.join(dir, 'lenet.nn.json'));
    const document: WorkerDocument = {
      uri: modelUri.toString(), version: 1, fileName: modelUri.fsPath, settings: DEFAULT_ANALYSIS_SETTINGS, text: readFileSync(modelUri.fsPath, 'utf8'),
    };
    const request = structuredClone(await withRequestDataFiles({ type: 'analyze', id: 1, document }, disk));
    // The Web Worker's own opener (src/worker/analysisWorker.web.ts): no file system, only what came with the document.
    const openInTheWeb = sessionOpener((d) => (d.dataFiles ? createPrefetchedDataFileReader(d.dataFiles, d.weightsFiles) : undefined));
    const outcome = await new Promise<Extract<WorkerResponse, { type: 'outcome' }>>((resolve) => {
      createWorkerHandler((m) => { if (m.type === 'outcome') resolve(m); }, openInTheWeb)(request);
    });
    const analysis = outcome.outcome.analysis;
    expect(outcome.outcome.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(relativeError(analysis!.loss, torchLoss)).toBeLessThanOrEqual(1e-6);
  });
});
