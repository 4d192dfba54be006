/**
 * GradLens: Import ONNX Model…: the editor's door to `gradlens import`. It asks for the ONNX file (unless
 * run on one), the data CSV and where to write (beside the ONNX file by default), asks before replacing
 * a model file or weights file that exists, runs the command-line tool's own import (the same checks,
 * read-back and messages; `src/cli/importCommand.ts`, a bundle of its own loaded only now, so the ONNX
 * reader is in neither the extension's main bundle nor the webview's) and opens the model file.
 * Opening a `.onnx` file in an editor tab offers the import.
 */
import * as vscode from 'vscode';
import type { importModel } from '../cli/importCommand';
import { pathKind } from './safeWrite';

/** The command-line tool's import, or undefined where it cannot run (VS Code for the Web: no file system). */
export type OnnxImporter = typeof importModel;

export interface ImportOnnxDeps {
  readonly loadImporter: () => OnnxImporter | undefined;
}

function isOnnx(uri: vscode.Uri | undefined): uri is vscode.Uri {
  return uri !== undefined && /\.onnx$/i.test(uri.path);
}

function besideWith(uri: vscode.Uri, name: string): vscode.Uri {
  return uri.with({ path: `${uri.path.slice(0, uri.path.lastIndexOf('/'))}/${name}` });
}

async function pickOnnx(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri && isOnnx(arg)) return arg;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (isOnnx(active)) return active;
  const picked = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('Import ONNX Model: the ONNX file'), canSelectMany: false, filters: { [vscode.l10n.t('ONNX model')]: ['onnx'] },
  });
  return picked?.[0];
}

/** Whether the files that would be replaced may be (asked once, modally); true when none exists. */
async function mayReplace(files: readonly vscode.Uri[]): Promise<boolean> {
  const kinds = await Promise.all(files.map((f) => pathKind(f)));
  const existing = files.filter((_, i) => kinds[i] !== 'absent').map((f) => f.path.slice(f.path.lastIndexOf('/') + 1));
  if (existing.length === 0) return true;
  const replace = vscode.l10n.t('Replace');
  const answer = await vscode.window.showWarningMessage(vscode.l10n.t('{0} already exists. Replace it with the imported model?', existing.join(', ')), { modal: true }, replace);
  return answer === replace;
}

/** Runs the import with the answers; shows what went wrong, or opens the model file. */
async function runImport(importer: OnnxImporter, onnx: vscode.Uri, data: vscode.Uri, out: vscode.Uri): Promise<void> {
  let said = '';
  let problems = '';
  const code = await importer(
    { kind: 'import', file: onnx.fsPath, data: data.fsPath, output: out.fsPath, maxBytes: 256 * 1024 * 1024 },
    { out: (t) => { said += t; }, err: (t) => { problems += t; }, isTerminal: false },
  ).catch((error: unknown) => {
    problems += error instanceof Error ? error.message : String(error);
    return 2;
  });
  if (code !== 0) {
    void vscode.window.showErrorMessage(vscode.l10n.t('GradLens could not import the model; nothing was written. {0}', problems.trim()));
    return;
  }
  await vscode.window.showTextDocument(out);
  // The tool names the file relative to its working folder: the person sees the file's own name.
  const summary = said.trim().replace(/^[^\n]*?\.nn\.json: /i, '');
  void vscode.window.showInformationMessage(vscode.l10n.t('GradLens imported {0}: {1}', out.path.slice(out.path.lastIndexOf('/') + 1), summary));
}

export async function importOnnxModel(deps: ImportOnnxDeps, arg?: unknown): Promise<void> {
  const importer = deps.loadImporter();
  if (!importer) {
    void vscode.window.showInformationMessage(vscode.l10n.t('GradLens: importing ONNX models needs the desktop VS Code (or code-server); run `gradlens import` in a terminal.'));
    return;
  }
  const onnx = await pickOnnx(arg);
  if (!onnx) return;
  if (onnx.scheme !== 'file') {
    void vscode.window.showWarningMessage(vscode.l10n.t('GradLens imports ONNX files from the local disk only.'));
    return;
  }
  const folder = besideWith(onnx, '');
  const data = (await vscode.window.showOpenDialog({
    title: vscode.l10n.t('Import ONNX Model: the training data (CSV, in the model file\'s folder or below)'), defaultUri: folder,
    canSelectMany: false, filters: { CSV: ['csv'] },
  }))?.[0];
  if (!data) return;
  const name = onnx.path.slice(onnx.path.lastIndexOf('/') + 1).replace(/\.onnx$/i, '');
  const out = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Import ONNX Model: the model file to write'), defaultUri: besideWith(onnx, `${name}.nn.json`),
    filters: { [vscode.l10n.t('GradLens model')]: ['nn.json'] },
  });
  if (!out) return;
  if (!(await mayReplace([out, besideWith(out, out.path.slice(out.path.lastIndexOf('/') + 1).replace(/\.nn\.json$/i, '.safetensors'))]))) return;
  await runImport(importer, onnx, data, out);
}

/** Offers the import when a `.onnx` file opens in an editor tab (once per file and session). */
export function offerImportOnOpen(deps: ImportOnnxDeps): vscode.Disposable {
  const offered = new Set<string>();
  return vscode.window.tabGroups.onDidChangeTabs(async (event) => {
    for (const tab of event.opened) {
      const uri = (tab.input as { uri?: unknown } | undefined)?.uri;
      if (!(uri instanceof vscode.Uri) || !isOnnx(uri) || offered.has(uri.toString())) continue;
      offered.add(uri.toString());
      const action = vscode.l10n.t('Import…');
      const answer = await vscode.window.showInformationMessage(vscode.l10n.t('{0} is an ONNX model. Import it into GradLens as a model file?', uri.path.slice(uri.path.lastIndexOf('/') + 1)), action);
      if (answer === action) await importOnnxModel(deps, uri);
    }
  });
}
