/**
 * Export Model… asks for the format, then the weights, asks the worker for the file, then asks where to
 * save it (beside the model file by default) and writes it only there, only then. What it writes is
 * byte for byte what `gradlens export` writes for the same model file, with the current or the trained
 * weights. A cancel at any step writes nothing; a model the format cannot express, or one with errors,
 * gets a clear message and nothing is written.
 */
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import { fakeFiles, messageAnswers, quickPickAnswers, quickPicksShown, registered, resetTeachingFake, shownDocuments } from '../fakes/vscode';
import { exportModel, type ExportModelDeps } from '../../src/commands/exportModelCommand';
import { AnalysisWorkerClient } from '../../src/session/workerClient';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { InProcessWorker } from '../helpers/inProcessWorker';
import { examplePath, exampleText } from '../helpers/examples';
import { cli } from '../cli/runCli';

const worker = new InProcessWorker();
const client = new AnalysisWorkerClient(() => worker, { info: () => undefined, warn: () => undefined, error: () => undefined });
afterAll(() => client.dispose());

function modelDocument(file: string, text = readFileSync(file, 'utf8')) {
  return { uri: vscode.Uri.file(file), version: 1, getText: () => text, languageId: 'nnjson' } as unknown as vscode.TextDocument;
}

function depsFor(document: vscode.TextDocument): ExportModelDeps {
  return { documents: { target: () => document }, exporter: client, settings: () => DEFAULT_ANALYSIS_SETTINGS };
}

/** Everything the person was asked or shown, in order. */
let asked: string[];
/** What the save dialog answers (undefined: cancelled), and the options it was opened with. */
let saveAnswer: vscode.Uri | undefined;
let saveOptions: { defaultUri?: vscode.Uri; title?: string } | undefined;

beforeEach(() => {
  resetTeachingFake();
  asked = [];
  saveAnswer = undefined;
  saveOptions = undefined;
  Object.assign(vscode.window, {
    showSaveDialog: async (options: { defaultUri?: vscode.Uri; title?: string }) => {
      asked.push(`save: ${options.title}`);
      saveOptions = options;
      return saveAnswer;
    },
    withProgress: async <R>(options: { title: string }, task: (p: unknown, token: vscode.CancellationToken) => Promise<R>) => {
      asked.push(`progress: ${options.title}`);
      return task({ report: () => undefined }, new vscode.CancellationTokenSource().token);
    },
  });
});

/** Answers the format and weights picks by label (undefined: Escape). */
function answerPicks(...labels: (string | undefined)[]): void {
  for (const label of labels) quickPickAnswers.push((items) => (label === undefined ? undefined : items.find((i: { label: string }) => i.label === label)));
}

const pickTitles = () => quickPicksShown.map((p) => (p.options as { title: string }).title);

/** The bytes `gradlens export` writes for `file`. */
async function cliExport(file: string, to: 'pytorch' | 'onnx', trained: boolean): Promise<Uint8Array> {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'gradlens-export-cmd-')), `out.${to === 'pytorch' ? 'py' : 'onnx'}`);
  const run = await cli('export', '--to', to, file, '-o', out, ...(trained ? ['--trained'] : []));
  expect([run.code, run.stderr]).toEqual([0, '']);
  return new Uint8Array(readFileSync(out));
}

const written = (uri: vscode.Uri) => fakeFiles.get(uri.toString());
const xor = examplePath('xor.nn.json');
const target = (name: string) => vscode.Uri.file(path.join(path.dirname(xor), name));

describe('Export Model…', () => {
  it('asks the format, then the weights, then where to save (xor.py beside the model file), and writes what gradlens export writes', async () => {
    answerPicks('PyTorch Python file', 'Current weights');
    saveAnswer = target('xor.py');
    await exportModel(depsFor(modelDocument(xor)));
    expect(pickTitles()).toEqual(['Export Model: format', 'Export Model: weights']);
    expect(asked).toEqual(['progress: GradLens: exporting xor.nn.json…', 'save: Export Model: where to save']);
    expect(saveOptions!.defaultUri!.fsPath).toBe(path.join(path.dirname(xor), 'xor.py'));
    expect(written(target('xor.py'))).toEqual(await cliExport(xor, 'pytorch', false));
    expect(registered.messages.at(-1)).toEqual({ level: 'info', text: 'GradLens exported XOR 2-3-1 to xor.py as a PyTorch script (2 layers, current weights).' });
  });

  it('with the trained weights, writes what gradlens export --trained writes, which differs from the current weights', async () => {
    answerPicks('PyTorch Python file', 'Trained weights');
    saveAnswer = target('xor-trained.py');
    await exportModel(depsFor(modelDocument(xor)));
    expect(asked[0]).toBe('progress: GradLens: training xor.nn.json and exporting it…');
    const trained = written(target('xor-trained.py'))!;
    expect(trained).toEqual(await cliExport(xor, 'pytorch', true));
    expect(trained).not.toEqual(await cliExport(xor, 'pytorch', false));
    expect(new TextDecoder().decode(trained)).toContain('after 500 epochs of training by GradLens');
    expect(registered.messages.at(-1)!.text).toBe('GradLens exported XOR 2-3-1 to xor-trained.py as a PyTorch script (2 layers, trained for 500 epochs).');
  });

  it('as ONNX, proposes xor.onnx and writes the bytes of gradlens export --to onnx, current and trained', async () => {
    for (const [weights, trained] of [['Current weights', false], ['Trained weights', true]] as const) {
      answerPicks('ONNX file', weights);
      saveAnswer = target(`xor-${trained}.onnx`);
      await exportModel(depsFor(modelDocument(xor)));
      expect(saveOptions!.defaultUri!.fsPath).toBe(path.join(path.dirname(xor), 'xor.onnx'));
      expect(written(saveAnswer)).toEqual(await cliExport(xor, 'onnx', trained));
    }
  });

  it('offers to open a Python file and to reveal the file; Open shows it in an editor', async () => {
    answerPicks('PyTorch Python file', 'Current weights');
    saveAnswer = target('xor.py');
    messageAnswers.push('Open');
    await exportModel(depsFor(modelDocument(xor)));
    expect(shownDocuments.map((d) => d.uri.toString())).toEqual([target('xor.py').toString()]);
    answerPicks('ONNX file', 'Current weights');
    saveAnswer = target('xor.onnx');
    messageAnswers.push('Reveal');
    await exportModel(depsFor(modelDocument(xor)));
    expect(registered.executed.at(-1)).toEqual({ command: 'revealInExplorer', args: [target('xor.onnx')] });
  });

  it('writes nothing when the person cancels the format, the weights or the save dialog, and asks the worker only once both are chosen', async () => {
    const requestsBefore = worker.requests.length;
    answerPicks(undefined);
    await exportModel(depsFor(modelDocument(xor)));
    answerPicks('PyTorch Python file', undefined);
    await exportModel(depsFor(modelDocument(xor)));
    expect(worker.requests.length).toBe(requestsBefore);
    answerPicks('PyTorch Python file', 'Current weights');
    saveAnswer = undefined;
    await exportModel(depsFor(modelDocument(xor)));
    expect(asked.at(-1)).toBe('save: Export Model: where to save');
    expect(fakeFiles.size).toBe(0);
    expect(registered.messages).toEqual([]);
  });

  it('a model ONNX cannot express (a custom activation) gets a clear error naming the layer, and no save dialog', async () => {
    answerPicks('ONNX file', 'Current weights');
    await exportModel(depsFor(modelDocument(examplePath('custom-derivative.nn.json'))));
    expect(asked.some((a) => a.startsWith('save:'))).toBe(false);
    expect(fakeFiles.size).toBe(0);
    expect(registered.messages.at(-1)!.level).toBe('error');
    expect(registered.messages.at(-1)!.text).toMatch(/^GradLens could not export custom-derivative\.nn\.json; nothing was written: cannot export this model: layer '\w+' uses the custom activation '[\w-]+', which has no ONNX operator/);
  });

  it('a model file with errors gets a clear error with the first error\'s line, and nothing is written', async () => {
    answerPicks('PyTorch Python file', 'Current weights');
    const broken = exampleText('xor.nn.json').replace('"units": 3', '"units": "three"');
    await exportModel(depsFor(modelDocument(xor, broken)));
    expect(fakeFiles.size).toBe(0);
    expect(registered.messages.at(-1)!.text).toMatch(/^GradLens could not export xor\.nn\.json; nothing was written: the model file has problems to fix first \(line \d+: .+\); see the Problems panel\.$/);
  });

  it('refuses to write through a symbolic link or over the model file itself', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gradlens-export-link-'));
    writeFileSync(path.join(dir, 'elsewhere.py'), 'mine');
    symlinkSync(path.join(dir, 'elsewhere.py'), path.join(dir, 'link.py'));
    answerPicks('PyTorch Python file', 'Current weights');
    saveAnswer = vscode.Uri.file(path.join(dir, 'link.py'));
    await exportModel(depsFor(modelDocument(xor)));
    expect(registered.messages.at(-1)!.text).toBe('GradLens did not export to link.py: it is a symbolic link, and GradLens never writes through one.');
    answerPicks('PyTorch Python file', 'Current weights');
    saveAnswer = vscode.Uri.file(xor);
    await exportModel(depsFor(modelDocument(xor)));
    expect(registered.messages.at(-1)!.text).toBe('GradLens did not export to xor.nn.json: that is the model file itself.');
    expect(fakeFiles.size).toBe(0);
    expect(readFileSync(path.join(dir, 'elsewhere.py'), 'utf8')).toBe('mine');
  });

  it('without a model file open, says to open one', async () => {
    await exportModel({ documents: { target: () => undefined }, exporter: client, settings: () => DEFAULT_ANALYSIS_SETTINGS });
    expect(quickPicksShown).toHaveLength(0);
    expect(registered.messages.at(-1)!.text).toBe('GradLens: open a model file (*.nn.json) first.');
  });
});
