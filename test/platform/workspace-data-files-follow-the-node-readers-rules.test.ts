/**
 * In the web worker extension host the CSV files of a model are read by the host through
 * `vscode.workspace.fs` (src/platform/workspaceDataFiles.ts) and handed to the Web Worker with the
 * document. They follow the Node reader's rules (src/model/nodeDataFiles.ts): the same paths are read
 * or refused, with the same texts. One difference, by design: a workspace file system cannot resolve a
 * symbolic link, so every link is refused, even one that stays inside the folder.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import { createNodeDataFileReader } from '../../src/model/nodeDataFiles';
import { createPrefetchedDataFileReader } from '../../src/model/prefetchedDataFiles';
import { csvPathsOf, readWorkspaceDataFile, withDataFiles, withRequestDataFiles, type WorkspaceFiles } from '../../src/platform/workspaceDataFiles';
import type { WorkerDocument } from '../../src/worker/workerProtocol';

/** `vscode.workspace.fs` on this machine's disk, as VS Code's disk provider answers: links carry the SymbolicLink flag (64). */
const diskFiles: WorkspaceFiles = {
  async stat(uri) {
    let link = false;
    try {
      link = fs.lstatSync(uri.fsPath).isSymbolicLink();
      const s = fs.statSync(uri.fsPath);
      return { type: (link ? 64 : 0) | (s.isDirectory() ? 2 : s.isFile() ? 1 : 0), size: s.size };
    } catch {
      if (link) return { type: 64, size: 0 };
      throw Object.assign(new Error('not found'), { code: 'FileNotFound' });
    }
  },
  async readFile(uri) { return new Uint8Array(fs.readFileSync(uri.fsPath)); },
};

let root: string;
let model: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'gradlens-webfiles-'));
  const folder = path.join(root, 'course');
  fs.mkdirSync(path.join(folder, 'data'), { recursive: true });
  fs.writeFileSync(path.join(folder, 'train.csv'), 'x,y\n1,2\n');
  fs.writeFileSync(path.join(folder, 'data', 'test.csv'), 'x,y\n3,4\n');
  fs.writeFileSync(path.join(root, 'secret.csv'), 'password\n');
  fs.symlinkSync(path.join(root, 'secret.csv'), path.join(folder, 'escape.csv'));
  fs.symlinkSync(path.join(folder, 'train.csv'), path.join(folder, 'inside-link.csv'));
  model = path.join(folder, 'model.nn.json');
  fs.writeFileSync(model, '{}');
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const webRead = (relativePath: string) => readWorkspaceDataFile(vscode.Uri.file(model), relativePath, diskFiles);
const nodeRead = (relativePath: string) => createNodeDataFileReader(model).readText(relativePath);

describe('the workspace reader of the web extension', () => {
  it.each(['train.csv', './train.csv', 'data/test.csv', 'data/../train.csv'])('reads %s like the Node reader', async (p) => {
    const node = nodeRead(p);
    expect(node).toHaveProperty('text');
    expect(await webRead(p)).toEqual(node);
  });

  it.each(['', '/etc/passwd', 'C:/x.csv', '../secret.csv', 'data/../../secret.csv', 'a\0b.csv', 'https://example.com/x.csv'])(
    'refuses %j before looking, as the Node reader refuses it', async (p) => {
      const web = await webRead(p);
      expect(web).toHaveProperty('error');
      expect(nodeRead(p)).toHaveProperty('error');
      expect('text' in web).toBe(false);
    });

  it('says a missing file is missing, and a folder is a folder', async () => {
    expect(await webRead('nothing.csv')).toEqual({ error: expect.stringMatching(/^no such file \(looked for .*\/course\/nothing\.csv\)$/) });
    expect(await webRead('data')).toEqual({ error: 'it is a folder, not a file' });
    expect(nodeRead('data')).toEqual({ error: 'it is a folder, not a file' });
  });

  it('refuses a symbolic link that leads outside the folder (the Node reader refuses it too)', async () => {
    expect(nodeRead('escape.csv')).toEqual({ error: expect.stringMatching(/symbolic link/) });
    expect(await webRead('escape.csv')).toEqual({ error: expect.stringMatching(/symbolic link/) });
  });

  it('refuses even a link that stays inside (Node resolves it with realpath; a workspace file system cannot)', async () => {
    expect(nodeRead('inside-link.csv')).toEqual({ text: 'x,y\n1,2\n' });
    expect(await webRead('inside-link.csv')).toEqual({ error: expect.stringMatching(/symbolic link/) });
  });

  it('refuses a file larger than 64 MiB without reading it', async () => {
    let read = false;
    const huge: WorkspaceFiles = { async stat() { return { type: 1, size: 64 * 1024 * 1024 + 1 }; }, async readFile() { read = true; return new Uint8Array(); } };
    expect(await readWorkspaceDataFile(vscode.Uri.file(model), 'big.csv', huge)).toEqual({ error: expect.stringMatching(/too large/) });
    expect(read).toBe(false);
  });
});

describe('which files a model names', () => {
  it('are the values of its "csv" keys, comments and trailing commas allowed', () => {
    const text = '{ // a model\n "data": { "csv": "train.csv", "test": { "csv": "data/test.csv" }, },\n "note": "csv" }';
    expect(csvPathsOf(text)).toEqual(['train.csv', 'data/test.csv']);
  });

  it('travel with the document to the worker, whose reader finds exactly them', async () => {
    const document: WorkerDocument = {
      uri: vscode.Uri.file(model).toString(), version: 1, fileName: model, settings: {} as WorkerDocument['settings'],
      text: '{ "data": { "csv": "train.csv", "x": { "csv": "../secret.csv" } } }',
    };
    const sent = await withRequestDataFiles({ type: 'analyze', id: 1, document }, diskFiles);
    const reader = createPrefetchedDataFileReader((sent as { document: WorkerDocument }).document.dataFiles);
    expect(reader.readText('train.csv')).toEqual({ text: 'x,y\n1,2\n' });
    expect(reader.readText('../secret.csv')).toEqual({ error: expect.stringMatching(/leaves the model file's folder/) });
    expect(reader.readText('other.csv')).toEqual({ error: expect.stringMatching(/not read/) });
    expect(await withRequestDataFiles({ type: 'pause', uri: document.uri }, diskFiles)).toEqual({ type: 'pause', uri: document.uri });
  });

  it('are not read for an untitled document (it has no folder)', async () => {
    const document = { uri: 'untitled:Untitled-1', version: 1, fileName: '', settings: {} as WorkerDocument['settings'], text: '{"data":{"csv":"x.csv"}}' };
    expect((await withDataFiles(document, diskFiles)).dataFiles).toBeUndefined();
  });
});
