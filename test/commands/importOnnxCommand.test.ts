/**
 * Import ONNX Model… asks for the ONNX file (unless run on one), the data and where to write, runs the
 * command-line tool's import, and opens the model file; it asks before replacing anything, and a
 * failed import writes nothing and says why. Opening a .onnx file in a tab offers the import.
 */
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import { messageAnswers, registered, resetTeachingFake, shownDocuments, tabsChanged } from '../fakes/vscode';
import { importModel } from '../../src/cli/importCommand';
import { importOnnxModel, offerImportOnOpen } from '../../src/commands/importOnnxCommand';
import { FIXTURES, fixtures, scratchFolder } from '../onnx/helpers';

const fixture = fixtures().find((f) => f.name.startsWith('conv-batchnorm-avgpool') && f.importOptions.length === 0) ?? fixtures()[0]!;
const deps = { loadImporter: () => importModel };

function folderWithFixture(): { dir: string; onnx: vscode.Uri; csv: vscode.Uri; out: vscode.Uri } {
  const dir = scratchFolder();
  for (const ext of ['onnx', 'csv']) copyFileSync(path.join(FIXTURES, `${fixture.name}.${ext}`), path.join(dir, `net.${ext}`));
  return { dir, onnx: vscode.Uri.file(path.join(dir, 'net.onnx')), csv: vscode.Uri.file(path.join(dir, 'net.csv')), out: vscode.Uri.file(path.join(dir, 'net.nn.json')) };
}

/** Answers the dialogs in order; records what each was asked. */
function answerDialogs(opens: (vscode.Uri | undefined)[], save: vscode.Uri | undefined) {
  const asked: { title?: string; defaultUri?: vscode.Uri }[] = [];
  Object.assign(vscode.window, {
    showOpenDialog: async (options: { title?: string }) => { asked.push(options); const next = opens.shift(); return next ? [next] : undefined; },
    showSaveDialog: async (options: { title?: string; defaultUri?: vscode.Uri }) => { asked.push(options); return save; },
  });
  return asked;
}

describe('Import ONNX Model…', () => {
  beforeEach(() => resetTeachingFake());

  it('asks for the ONNX file, the data and the place (beside the ONNX file by default), imports and opens the model file', async () => {
    const { onnx, csv, out } = folderWithFixture();
    const asked = answerDialogs([onnx, csv], out);
    await importOnnxModel(deps);
    expect(asked.map((a) => a.title)).toEqual([
      'Import ONNX Model: the ONNX file', 'Import ONNX Model: the training data (CSV, in the model file\'s folder or below)', 'Import ONNX Model: the model file to write',
    ]);
    expect(asked[2]!.defaultUri!.fsPath).toBe(out.fsPath);
    const model = JSON.parse(readFileSync(out.fsPath, 'utf8')) as { data: { csv: string }; loss: string };
    expect(model.data.csv).toBe('net.csv');
    expect(model.loss).toBe(fixture.loss);
    expect(shownDocuments.map((d) => d.uri.fsPath)).toEqual([out.fsPath]);
    expect(registered.messages.at(-1)!.text).toMatch(/^GradLens imported net\.nn\.json: \d+ layers from /);
  });

  it('run on a .onnx file, asks only for the data and the place', async () => {
    const { onnx, csv, out } = folderWithFixture();
    const asked = answerDialogs([csv], out);
    await importOnnxModel(deps, onnx);
    expect(asked).toHaveLength(2);
    expect(existsSync(out.fsPath)).toBe(true);
  });

  it('asks before replacing a model file that exists, and leaves it alone unless told to replace it', async () => {
    const { onnx, csv, out } = folderWithFixture();
    writeFileSync(out.fsPath, 'mine');
    answerDialogs([csv], out);
    await importOnnxModel(deps, onnx);
    expect(registered.messages.some((m) => m.text === 'net.nn.json already exists. Replace it with the imported model?')).toBe(true);
    expect(readFileSync(out.fsPath, 'utf8')).toBe('mine');
    answerDialogs([csv], out);
    messageAnswers.push('Replace');
    await importOnnxModel(deps, onnx);
    expect(readFileSync(out.fsPath, 'utf8')).toMatch(/^\{\n {2}"name": "net"/);
  });

  it('writes nothing and names the problem when the data does not fit the network', async () => {
    const { dir, onnx, out } = folderWithFixture();
    writeFileSync(path.join(dir, 'wrong.csv'), 'a,y\n1,0\n');
    answerDialogs([vscode.Uri.file(path.join(dir, 'wrong.csv'))], out);
    await importOnnxModel(deps, onnx);
    expect(readdirSync(dir).sort()).toEqual(['net.csv', 'net.onnx', 'wrong.csv']);
    expect(registered.messages.at(-1)!.level).toBe('error');
    expect(registered.messages.at(-1)!.text).toMatch(/^GradLens could not import the model; nothing was written\. .*has 1 columns besides the target 'y', but the network takes/);
    expect(shownDocuments).toHaveLength(0);
  });

  it('does nothing when a dialog is cancelled', async () => {
    const { dir, onnx } = folderWithFixture();
    answerDialogs([], undefined);
    await importOnnxModel(deps, onnx);
    expect(readdirSync(dir).sort()).toEqual(['net.csv', 'net.onnx']);
  });

  it('says where to import instead when the extension host has no file system (VS Code for the Web)', async () => {
    await importOnnxModel({ loadImporter: () => undefined });
    expect(registered.messages.at(-1)!.text).toContain('run `gradlens import` in a terminal');
  });

  it('opening a .onnx file in a tab offers the import, once per file', async () => {
    const { onnx } = folderWithFixture();
    const disposable = offerImportOnOpen(deps);
    tabsChanged.fire({ opened: [{ input: { uri: onnx } }], closed: [], changed: [] });
    tabsChanged.fire({ opened: [{ input: { uri: onnx } }, { input: { uri: vscode.Uri.file('/x/model.nn.json') } }], closed: [], changed: [] });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(registered.messages.map((m) => m.text)).toEqual(['net.onnx is an ONNX model. Import it into GradLens as a model file?']);
    disposable.dispose();
  });
});
