/**
 * `gradlens.openExample`: opens one of the examples shipped in the extension's `examples/` folder (the
 * walkthrough's buttons pass its file name), or asks which one. Only the listed names are accepted.
 *
 * What opens is the example's copy in GradLens's own storage (made on first open, with the data files
 * it reads), so a lecture can edit it (apply a quick fix, change a weight) without changing the
 * installed extension; an edited copy offers to go back to the original. Where the storage cannot be
 * written, the shipped file opens instead.
 */
import * as vscode from 'vscode';

/**
 * The examples, in the walkthrough's order first, then the rest; every `*.nn.json` in `examples/` is
 * one of them (test/teaching/teaching-commands.test.ts checks both ways).
 */
export const EXAMPLES: readonly { readonly file: string; readonly label: string; readonly detail: string }[] = [
  { file: 'worked-example.nn.json', get label() { return vscode.l10n.t('Worked example 2-2-2'); }, get detail() { return vscode.l10n.t('The classic step-by-step example: every number checkable by hand.'); } },
  { file: 'xor.nn.json', get label() { return vscode.l10n.t('XOR 2-3-1'); }, get detail() { return vscode.l10n.t('The smallest problem one layer cannot solve.'); } },
  { file: 'squared-vs-cross-entropy.nn.json', get label() { return vscode.l10n.t('Squared error vs cross-entropy'); }, get detail() { return vscode.l10n.t('The same network under two losses.'); } },
  { file: 'iris.nn.json', get label() { return vscode.l10n.t('Iris 4-7-3'); }, get detail() { return vscode.l10n.t('Fisher\'s flowers from CSV, tanh and softmax.'); } },
  { file: 'vanishing-gradients.nn.json', get label() { return vscode.l10n.t('Vanishing gradients'); }, get detail() { return vscode.l10n.t('Eight sigmoid layers: the gradients shrink towards the input.'); } },
  { file: 'custom-derivative.nn.json', get label() { return vscode.l10n.t('Your own derivative'); }, get detail() { return vscode.l10n.t('A custom activation with a wrong df, caught by the gradient check.'); } },
  { file: 'digits.nn.json', get label() { return vscode.l10n.t('Handwritten digits 64-32-10'); }, get detail() { return vscode.l10n.t('1,797 images from CSV, ReLU and softmax.'); } },
  { file: 'dying-relu.nn.json', get label() { return vscode.l10n.t('Dying ReLU'); }, get detail() { return vscode.l10n.t('A ReLU layer whose units never fire.'); } },
  { file: 'conv-net.nn.json', get label() { return vscode.l10n.t('Convolutional network on the digits'); }, get detail() { return vscode.l10n.t('The digits as 1×8×8 images: convolution, ReLU, max-pooling, flatten, softmax.'); } },
  { file: 'batchnorm-rescue.nn.json', get label() { return vscode.l10n.t('Batch norm rescue'); }, get detail() { return vscode.l10n.t('Six sigmoid layers that learn only with batch norm before every sigmoid.'); } },
  { file: 'dropout.nn.json', get label() { return vscode.l10n.t('Dropout against overfitting'); }, get detail() { return vscode.l10n.t('Two wide layers on 40 noisy points: the test loss with and without dropout.'); } },
  { file: 'frozen-biases.nn.json', get label() { return vscode.l10n.t('Worked example with frozen biases'); }, get detail() { return vscode.l10n.t('The 2-2-2 example with "trainable": false biases: the published loss after one step.'); } },
];

/** The example file named by a command argument (`"xor.nn.json"` or `["xor.nn.json"]`), if it is one. */
export function exampleArgument(arg: unknown): string | undefined {
  const name = Array.isArray(arg) ? arg[0] : arg;
  return typeof name === 'string' && EXAMPLES.some((e) => e.file === name) ? name : undefined;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(() => true, () => false);
}

async function sameContent(a: vscode.Uri, b: vscode.Uri): Promise<boolean> {
  const [x, y] = await Promise.all([vscode.workspace.fs.readFile(a), vscode.workspace.fs.readFile(b)]);
  return x.length === y.length && x.every((byte, i) => byte === y[i]);
}

/**
 * The example's working copy in `scratch` (the folder for this version of GradLens): copied from the
 * shipped `examples/` on first use, `data/` beside it. Returns whether it differs from the original.
 */
export async function exampleCopy(extensionUri: vscode.Uri, scratch: vscode.Uri, file: string): Promise<{ uri: vscode.Uri; edited: boolean }> {
  const original = vscode.Uri.joinPath(extensionUri, 'examples', file);
  const copy = vscode.Uri.joinPath(scratch, file);
  const data = vscode.Uri.joinPath(scratch, 'data');
  await vscode.workspace.fs.createDirectory(scratch);
  if (!(await exists(data))) await vscode.workspace.fs.copy(vscode.Uri.joinPath(extensionUri, 'examples', 'data'), data, { overwrite: false });
  if (!(await exists(copy))) {
    await vscode.workspace.fs.copy(original, copy, { overwrite: false });
    return { uri: copy, edited: false };
  }
  return { uri: copy, edited: !(await sameContent(original, copy)) };
}

/**
 * Registers `gradlens.openExample`. `scratch`: where working copies live (the extension's global
 * storage, one folder per version); without it the shipped files open.
 */
export function registerOpenExampleCommand(extensionUri: vscode.Uri, scratch?: vscode.Uri): vscode.Disposable {
  return vscode.commands.registerCommand('gradlens.openExample', async (arg?: unknown) => {
    let file = exampleArgument(arg);
    if (arg !== undefined && !file) {
      void vscode.window.showWarningMessage(vscode.l10n.t('GradLens: there is no example called {0}.', JSON.stringify(Array.isArray(arg) ? arg[0] : arg)));
      return undefined;
    }
    if (!file) {
      const pick = await vscode.window.showQuickPick(EXAMPLES.map((e) => ({ label: e.label, description: e.file, detail: e.detail, file: e.file })), { title: vscode.l10n.t('Open a GradLens example') });
      if (!pick) return undefined;
      file = pick.file;
    }
    const original = vscode.Uri.joinPath(extensionUri, 'examples', file);
    let target = original;
    let edited = false;
    if (scratch) {
      try {
        ({ uri: target, edited } = await exampleCopy(extensionUri, scratch, file));
      } catch (error) {
        void vscode.window.showWarningMessage(vscode.l10n.t("GradLens: could not make a working copy of {0} ({1}); opening the original in the extension's folder.", file, (error as Error).message));
      }
    }
    const editor = await vscode.window.showTextDocument(target, { preview: false, viewColumn: vscode.ViewColumn.One });
    if (edited && !editor.document.isDirty) {
      const restore = vscode.l10n.t('Restore the Original');
      void vscode.window.showInformationMessage(vscode.l10n.t('GradLens: this is your edited copy of {0}.', file), restore).then(async (answer) => {
        if (answer !== restore) return;
        await vscode.workspace.fs.copy(original, target, { overwrite: true });
      });
    }
    return editor;
  });
}
