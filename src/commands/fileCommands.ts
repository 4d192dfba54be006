/**
 * The commands that write: Export Report (Markdown and JSON next to the model file, never through a
 * symbolic link and never over an existing file without asking: ./safeWrite.ts), Write Trained Weights
 * to File (an undoable edit of the open document, conv kernels and batch norm's parameters and running
 * statistics included: ./trainedWeightEdits.ts, or, for a model with a `weightsFile`, that file
 * rewritten after a question: ./trainedWeightsFile.ts) and New Model File from Example. Each writes only
 * because the person asked, and says where it wrote.
 */
import * as vscode from 'vscode';
import type { DocumentAnalyses } from '../session/documentAnalyses';
import type { ModelDocuments } from '../session/modelDocuments';
import { snapshotOf } from '../session/modelDocuments';
import { reportJson, stringifyReport } from '../analysis/reportJson';
import { markdownReport } from '../analysis/markdownReport';
import { uriArgument } from './trainingCommands';
import { trainedWeightEdits } from './trainedWeightEdits';
import { trainedNumbers } from './trainedParameterText';
import { trainedWeightsFile, writeTrainedWeightsFile } from './trainedWeightsFile';
import { toRange } from '../ranges';
import { writeFilesAsked } from './safeWrite';

export interface FileCommandDeps {
  readonly analyses: DocumentAnalyses;
  readonly documents: ModelDocuments;
  readonly extensionUri: vscode.Uri;
}

const EXAMPLES = [
  { file: 'worked-example.nn.json', get label() { return vscode.l10n.t('Worked example 2-2-2'); }, get detail() { return vscode.l10n.t('The classic step-by-step back-propagation example: check every number by hand.'); } },
  { file: 'xor.nn.json', get label() { return vscode.l10n.t('XOR 2-3-1'); }, get detail() { return vscode.l10n.t('The smallest problem a single layer cannot solve.'); } },
  { file: 'squared-vs-cross-entropy.nn.json', get label() { return vscode.l10n.t('Squared error vs cross-entropy'); }, get detail() { return vscode.l10n.t('Compare the output signals of the two losses.'); } },
  { file: 'iris.nn.json', get label() { return vscode.l10n.t('Iris 4-7-3'); }, get detail() { return vscode.l10n.t('Fisher\'s Iris flowers from CSV, softmax and cross-entropy.'); }, data: 'iris.csv' },
  { file: 'digits.nn.json', get label() { return vscode.l10n.t('Handwritten digits 64-32-10'); }, get detail() { return vscode.l10n.t('1,797 8×8 images from CSV, ReLU and softmax.'); }, data: 'digits.csv' },
  { file: 'vanishing-gradients.nn.json', get label() { return vscode.l10n.t('Vanishing gradients'); }, get detail() { return vscode.l10n.t('Eight sigmoid layers: watch the gradients shrink.'); } },
  { file: 'dying-relu.nn.json', get label() { return vscode.l10n.t('Dying ReLU'); }, get detail() { return vscode.l10n.t('A ReLU layer whose units never fire.'); } },
  { file: 'custom-derivative.nn.json', get label() { return vscode.l10n.t('Your own derivative'); }, get detail() { return vscode.l10n.t('A custom activation with a wrong df, caught by the gradient check.'); } },
];

async function analysedDocument(deps: FileCommandDeps, arg: unknown) {
  const document = deps.documents.target(uriArgument(arg));
  if (!document) {
    void vscode.window.showInformationMessage(vscode.l10n.t('GradLens: open a model file (*.nn.json) first.'));
    return undefined;
  }
  const state = await deps.analyses.analyse(snapshotOf(document));
  const analysis = state?.outcome?.analysis;
  if (!analysis) {
    void vscode.window.showWarningMessage(vscode.l10n.t('GradLens: the model file has problems to fix first; see the Problems panel.'));
    return undefined;
  }
  /** The document version the analysis is of. */
  return { document, analysis, version: state.version };
}

export function registerFileCommands(deps: FileCommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('gradlens.exportReport', async (arg?: unknown) => {
      const found = await analysedDocument(deps, arg);
      if (!found) return;
      const { document, analysis } = found;
      if (document.uri.scheme !== 'file' && document.uri.scheme !== 'vscode-remote') {
        void vscode.window.showWarningMessage(vscode.l10n.t('GradLens: save the model file first; the report is written next to it.'));
        return;
      }
      const base = document.uri.path.replace(/\.nn\.json$/i, '').replace(/\.json$/i, '');
      const name = base.split('/').pop() ?? 'model';
      const json = document.uri.with({ path: `${base}.report.json` });
      const md = document.uri.with({ path: `${base}.report.md` });
      const encoder = new TextEncoder();
      const written = await writeFilesAsked([
        { uri: md, name: `${name}.report.md`, content: encoder.encode(markdownReport(analysis, `${name}.nn.json`)) },
        { uri: json, name: `${name}.report.json`, content: encoder.encode(stringifyReport(reportJson(analysis, `${name}.nn.json`)) + '\n') },
      ]);
      if (!written) return;
      const open = await vscode.window.showInformationMessage(vscode.l10n.t('GradLens wrote {0}.report.md and {0}.report.json next to the model file.', name), vscode.l10n.t('Open Markdown'));
      if (open) await vscode.commands.executeCommand('markdown.showPreview', md);
    }),

    vscode.commands.registerCommand('gradlens.writeWeights', async (arg?: unknown) => {
      const found = await analysedDocument(deps, arg);
      if (!found) return;
      const { document, analysis } = found;
      if (analysis.step === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('GradLens: nothing to write yet: train (or step) the model first.'));
        return;
      }
      // A run that diverged has NaN or Infinity weights, which JSON cannot hold: write nothing rather
      // than replace the file's weights with made-up numbers.
      const broken = analysis.layers.find((l) => !trainedNumbers(l).every(Number.isFinite));
      if (broken) {
        void vscode.window.showWarningMessage(vscode.l10n.t("GradLens: the trained weights of layer '{0}' are NaN or infinite (training diverged), so nothing was written. Reset, lower the learning rate and train again.", broken.name));
        return;
      }
      // The edits are computed from the text the analysis was made from: an edit made while it was
      // awaited (auto-run off, or a slow analysis) would make them land in the wrong places.
      if (found.version !== document.version) {
        void vscode.window.showWarningMessage(vscode.l10n.t('GradLens: the model file changed while its weights were being prepared, so nothing was written. Run Write Trained Weights again.'));
        return;
      }
      const toFile = trainedWeightsFile(analysis);
      if (toFile && 'error' in toFile) {
        void vscode.window.showErrorMessage(vscode.l10n.t('GradLens could not write the weights: {0}. Nothing was written.', toFile.error));
        return;
      }
      if (toFile) {
        await writeTrainedWeightsFile(document.uri, toFile.file, toFile.bytes, analysis.step);
        return;
      }
      const computed = trainedWeightEdits(document.getText(), analysis);
      if ('error' in computed) {
        void vscode.window.showErrorMessage(vscode.l10n.t('GradLens could not write the weights: {0}. Nothing was written.', computed.error));
        return;
      }
      const edit = new vscode.WorkspaceEdit();
      for (const e of computed.edits) edit.replace(document.uri, toRange(e.range), e.newText);
      const ok = await vscode.workspace.applyEdit(edit).then((applied) => applied, () => false);
      if (ok) void vscode.window.showInformationMessage(vscode.l10n.t('GradLens wrote the weights after {0} steps into the file (not saved; Undo takes them back).', analysis.step));
      else void vscode.window.showErrorMessage(vscode.l10n.t('GradLens could not write the weights: VS Code refused the edit (is the file read-only, or was it changed meanwhile?). Nothing was written.'));
    }),

    vscode.commands.registerCommand('gradlens.newModel', async () => {
      const pick = await vscode.window.showQuickPick(EXAMPLES, { title: vscode.l10n.t('New model file from example') });
      if (!pick) return;
      const source = vscode.Uri.joinPath(deps.extensionUri, 'examples', pick.file);
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(source));
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      if (!pick.data || !folder) {
        const document = await vscode.workspace.openTextDocument({ language: 'nnjson', content: text });
        await vscode.window.showTextDocument(document);
        if (pick.data) void vscode.window.showInformationMessage(vscode.l10n.t('This example reads data/{0}: open a folder and run the command again to get the data file too.', pick.data));
        return;
      }
      const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(folder, pick.file), filters: { [vscode.l10n.t('GradLens model')]: ['nn.json'] } });
      if (!target) return;
      const dataTarget = vscode.Uri.joinPath(target, '..', 'data', pick.data);
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
      await vscode.workspace.fs.copy(vscode.Uri.joinPath(deps.extensionUri, 'examples', 'data', pick.data), dataTarget, { overwrite: false }).then(undefined, () => undefined);
      await vscode.window.showTextDocument(target);
    }),
  ];
}
