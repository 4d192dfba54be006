/**
 * Issue 9, data safety:
 * - GradLens never writes a file unless asked: opening model files, analysing, stepping, training,
 *   pausing, resetting, the gradient check and the panel's buttons call no `workspace.fs.writeFile`,
 *   `fs.copy`, `applyEdit` or `save`, and leave the model's folder on disk byte for byte as it was
 *   (the whole extension, activated against the vscode fake, with the real worker);
 * - Write Trained Weights is one WorkspaceEdit of the open document (undoable), never a save or a
 *   file write; and it writes nothing when training diverged (NaN weights are not made up into 0);
 * - a CSV path cannot leave the model file's folder tree, symbolic links included, on the analysis
 *   path the extension uses (the real worker and its file reader): nothing of the file outside leaks
 *   into the outcome.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as vscode from 'vscode';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import type { AnalysisWorkerClient } from '../../src/session/workerClient';
import { registered, webviewPanels } from '../fakes/vscode';
import { activateWithFake, openModel, type Activated, type OpenModel } from './activation';
import { realClient, ROOT, until, within } from './helpers';

/** Every file under `folder` with its size, modification time and content hash. */
function snapshotOf(folder: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      const s = statSync(full);
      if (s.isDirectory()) walk(full);
      else out[path.relative(folder, full)] = `${s.size} ${s.mtimeMs} ${createHash('sha256').update(readFileSync(full)).digest('hex')}`;
    }
  };
  walk(folder);
  return out;
}

const example = (name: string) => readFileSync(path.join(ROOT, 'examples', name), 'utf8');

describe('the extension writes nothing unless asked', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'gradlens-safety-'));
  mkdirSync(path.join(folder, 'data'));
  copyFileSync(path.join(ROOT, 'examples/data/iris.csv'), path.join(folder, 'data/iris.csv'));
  const files = {
    iris: path.join(folder, 'iris.nn.json'),
    xor: path.join(folder, 'xor.nn.json'),
    exploding: path.join(folder, 'exploding.nn.json'),
  };
  const exploding = example('worked-example.nn.json').replace(/"sigmoid"/g, '"linear"').replace('"learningRate": 0.5', '"learningRate": 1e6');
  writeFileSync(files.iris, example('iris.nn.json'));
  writeFileSync(files.xor, example('xor.nn.json'));
  writeFileSync(files.exploding, exploding);
  const models: Record<keyof typeof files, OpenModel> = {
    iris: openModel(files.iris, example('iris.nn.json')),
    xor: openModel(files.xor, example('xor.nn.json')),
    exploding: openModel(files.exploding, exploding),
  };
  const onDisk = snapshotOf(folder);
  const fs = vscode.workspace.fs as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  fs.copy ??= async () => undefined;
  const writes = {
    writeFile: vi.spyOn(fs, 'writeFile'),
    copy: vi.spyOn(fs, 'copy'),
    applyEdit: vi.spyOn(vscode.workspace, 'applyEdit'),
  };
  let ext: Activated;
  const run = (command: string, ...args: unknown[]) => within(Promise.resolve(vscode.commands.executeCommand(command, ...args)), 60_000, command);
  const uri = (m: OpenModel) => m.uri.toString();

  beforeAll(async () => {
    ext = await activateWithFake(Object.values(models));
    // Opening the files analyses them (after the debounce): their diagnostics are published.
    await until(() => Object.values(models).every((m) => ext.diagnostics.has(uri(m))), 60_000, 'the analyses of the open files');
  });
  afterAll(() => ext?.deactivate());

  it('opening, analysing, stepping, training, pausing, resetting, checking and the panel write nothing', async () => {
    for (const m of Object.values(models)) {
      await run('gradlens.run', uri(m));
      await run('gradlens.step', uri(m));
      await run('gradlens.gradientCheck', uri(m));
    }
    await run('gradlens.train', uri(models.xor), { epochs: 20 });
    await run('gradlens.train', uri(models.exploding), { epochs: 100 }); // diverges: NaN weights
    const long = run('gradlens.train', uri(models.iris), { epochs: 100_000 });
    await new Promise((r) => setTimeout(r, 200));
    await run('gradlens.pause', uri(models.iris));
    await long;
    await run('gradlens.reset', uri(models.iris));
    await run('gradlens.openPanel');
    const panel = webviewPanels.at(-1)!;
    panel.webview.fireMessage({ type: 'ready' });
    panel.webview.fireMessage({ type: 'command', command: 'step' });
    panel.webview.fireMessage({ type: 'command', command: 'run' });
    await new Promise((r) => setTimeout(r, 500));

    expect(writes.writeFile).not.toHaveBeenCalled();
    expect(writes.copy).not.toHaveBeenCalled();
    expect(writes.applyEdit).not.toHaveBeenCalled();
    expect(Object.values(models).map((m) => m.saves)).toEqual([0, 0, 0]);
    expect(snapshotOf(folder)).toEqual(onDisk);
  });

  it('Write Trained Weights is one undoable edit of the open document, never a save or a file write', async () => {
    await run('gradlens.reset', uri(models.xor));
    await run('gradlens.train', uri(models.xor), { steps: 3 });
    await run('gradlens.writeWeights', uri(models.xor));
    expect(writes.applyEdit).toHaveBeenCalledTimes(1);
    const edit = writes.applyEdit.mock.calls[0]![0] as unknown as vscode.WorkspaceEdit & { edits: { uri: vscode.Uri; newText: string }[] };
    expect(edit).toBeInstanceOf(vscode.WorkspaceEdit);
    expect(edit.edits.length).toBeGreaterThan(0);
    for (const e of edit.edits) {
      expect(e.uri.toString()).toBe(uri(models.xor));
      expect(e.newText).toMatch(/"weights": \[\[-?\d/);
    }
    expect(registered.messages).toContainEqual({ level: 'info', text: 'GradLens wrote the weights after 3 steps into the file (not saved; Undo takes them back).' });
    expect(writes.writeFile).not.toHaveBeenCalled();
    expect(models.xor.saves).toBe(0);
    expect(snapshotOf(folder)).toEqual(onDisk);
  });

  it('Write Trained Weights writes nothing when training diverged to NaN', async () => {
    writes.applyEdit.mockClear();
    await run('gradlens.reset', uri(models.exploding));
    await run('gradlens.train', uri(models.exploding), { epochs: 100 });
    registered.messages.length = 0;
    await run('gradlens.writeWeights', uri(models.exploding));
    expect(writes.applyEdit).not.toHaveBeenCalled();
    expect(registered.messages).toHaveLength(1);
    expect(registered.messages[0]!.level).toBe('warning');
    expect(registered.messages[0]!.text).toMatch(/^GradLens: the trained weights of layer '(hidden|output)' are NaN or infinite \(training diverged\), so nothing was written\./);
    expect(snapshotOf(folder)).toEqual(onDisk);
  });
});

describe('CSV paths cannot leave the model file\'s folder tree on the analysis path', () => {
  // outside/secret.csv is a valid data file whose header holds a token: were it read, the diagnostic
  // about the missing target column would list that header (as the control case shows).
  const root = mkdtempSync(path.join(tmpdir(), 'gradlens-contain-'));
  const modelFolder = path.join(root, 'model');
  const outside = path.join(root, 'outside');
  const TOKEN = 'SECRET_COLUMN_7f3a';
  mkdirSync(path.join(modelFolder, 'data'), { recursive: true });
  mkdirSync(outside);
  const secret = `${TOKEN},y\n1,0\n2,1\n`;
  writeFileSync(path.join(outside, 'secret.csv'), secret);
  writeFileSync(path.join(modelFolder, 'data', 'inside.csv'), secret);
  symlinkSync(path.join(outside, 'secret.csv'), path.join(modelFolder, 'data', 'link.csv'));
  symlinkSync(outside, path.join(modelFolder, 'linked-folder'));
  symlinkSync('../../outside/secret.csv', path.join(modelFolder, 'data', 'relative-link.csv'));
  const fileName = path.join(modelFolder, 'contain.nn.json');
  const modelText = (csv: string) => `{ "inputs": 1, "layers": [{ "units": 1, "activation": "sigmoid" }], "loss": "binary-cross-entropy",
  "data": { "csv": ${JSON.stringify(csv)}, "target": "no-such-column" } }`;

  let client: AnalysisWorkerClient;
  beforeAll(async () => { client = (await realClient()).client; });
  afterAll(() => client?.dispose());
  afterEach(() => { registered.messages.length = 0; });

  const analyse = async (csv: string) => {
    const text = modelText(csv);
    const answer = await within(client.request({
      type: 'analyze', document: { uri: vscode.Uri.file(fileName).toString(), version: 1, text, fileName, settings: DEFAULT_ANALYSIS_SETTINGS },
    }), 30_000, csv);
    return { text, outcome: answer.outcome };
  };

  it('control: a file inside the folder is read (its header shows in the diagnostic)', async () => {
    const { outcome } = await analyse('data/inside.csv');
    expect(JSON.stringify(outcome)).toContain(TOKEN);
  });

  it.each([
    ['../outside/secret.csv', /the path leaves the model file's folder|outside the model/],
    ['data/../../outside/secret.csv', /the path leaves the model file's folder|outside the model/],
    [path.join(outside, 'secret.csv'), /absolute paths are refused|only local files|folder/],
    ['file://' + path.join(outside, 'secret.csv'), /not URLs|refused/],
    ['data/link.csv', /through a symbolic link, outside the model file's folder/],
    ['data/relative-link.csv', /through a symbolic link, outside the model file's folder/],
    ['linked-folder/secret.csv', /through a symbolic link, outside the model file's folder/],
  ])('%s is refused where it is written, and nothing of it leaks', async (csv, why) => {
    const { text, outcome } = await analyse(csv);
    expect(outcome.analysis).toBeUndefined();
    const refusal = outcome.diagnostics.find((d) => d.code === 'csv-error');
    expect(refusal, JSON.stringify(outcome.diagnostics)).toBeDefined();
    expect(text.slice(refusal!.range.startOffset, refusal!.range.endOffset)).toBe(JSON.stringify(csv));
    expect(refusal!.message).toMatch(why);
    expect(JSON.stringify(outcome)).not.toContain(TOKEN);
  });
});
