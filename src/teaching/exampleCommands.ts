/**
 * `gradlens.openExample`: opens one of the examples shipped in the extension's `examples/` folder (the
 * walkthrough's buttons pass its file name), or asks which one. Only the listed names are accepted.
 */
import * as vscode from 'vscode';

/** The examples, in the walkthrough's order first. */
export const EXAMPLES: readonly { readonly file: string; readonly label: string; readonly detail: string }[] = [
  { file: 'worked-example.nn.json', label: 'Worked example 2-2-2', detail: 'The classic step-by-step example: every number checkable by hand.' },
  { file: 'xor.nn.json', label: 'XOR 2-3-1', detail: 'The smallest problem one layer cannot solve.' },
  { file: 'squared-vs-cross-entropy.nn.json', label: 'Squared error vs cross-entropy', detail: 'The same network under two losses.' },
  { file: 'iris.nn.json', label: 'Iris 4-7-3', detail: 'Fisher\'s flowers from CSV, tanh and softmax.' },
  { file: 'vanishing-gradients.nn.json', label: 'Vanishing gradients', detail: 'Eight sigmoid layers: the gradients shrink towards the input.' },
  { file: 'custom-derivative.nn.json', label: 'Your own derivative', detail: 'A custom activation with a wrong df, caught by the gradient check.' },
  { file: 'digits.nn.json', label: 'Handwritten digits 64-32-10', detail: '1,797 images from CSV, ReLU and softmax.' },
  { file: 'dying-relu.nn.json', label: 'Dying ReLU', detail: 'A ReLU layer whose units never fire.' },
];

/** The example file named by a command argument (`"xor.nn.json"` or `["xor.nn.json"]`), if it is one. */
export function exampleArgument(arg: unknown): string | undefined {
  const name = Array.isArray(arg) ? arg[0] : arg;
  return typeof name === 'string' && EXAMPLES.some((e) => e.file === name) ? name : undefined;
}

export function registerOpenExampleCommand(extensionUri: vscode.Uri): vscode.Disposable {
  return vscode.commands.registerCommand('gradlens.openExample', async (arg?: unknown) => {
    let file = exampleArgument(arg);
    if (arg !== undefined && !file) {
      void vscode.window.showWarningMessage(`GradLens: there is no example called ${JSON.stringify(Array.isArray(arg) ? arg[0] : arg)}.`);
      return undefined;
    }
    if (!file) {
      const pick = await vscode.window.showQuickPick(EXAMPLES.map((e) => ({ label: e.label, description: e.file, detail: e.detail, file: e.file })), { title: 'Open a GradLens example' });
      if (!pick) return undefined;
      file = pick.file;
    }
    const uri = vscode.Uri.joinPath(extensionUri, 'examples', file);
    return vscode.window.showTextDocument(uri, { preview: false, viewColumn: vscode.ViewColumn.One });
  });
}
