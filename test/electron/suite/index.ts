/**
 * The in-host suite: runs inside the VS Code that @vscode/test-electron starts (see ../runTest.ts),
 * with GradLens loaded from this repository and a copy of examples/ as the workspace. It checks what
 * the code-server end-to-end suite checks, through the VS Code API instead of the screen.
 *
 * No test framework: VS Code calls run(); a rejected promise fails the run.
 */
import * as assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'gradlens.gradlens';

async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function examples(): string {
  const folder = process.env.GRADLENS_ELECTRON_EXAMPLES ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(folder, 'no examples folder: run this suite through test/electron/runTest.ts');
  return folder;
}

async function open(name: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(examples(), name)));
  await vscode.window.showTextDocument(document);
  return document;
}

const label = (hint: vscode.InlayHint): string =>
  typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join('');

const tests: [string, () => Promise<void>][] = [
  [
    'a *.nn.json file opens in the nnjson language and activates GradLens',
    async () => {
      const document = await open('worked-example.nn.json');
      assert.equal(document.languageId, 'nnjson');
      const extension = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(extension, `${EXTENSION_ID} is not loaded`);
      await eventually('GradLens to activate', () => extension.isActive || undefined);
    },
  ],
  [
    'its commands are registered',
    async () => {
      const commands = await vscode.commands.getCommands(true);
      assert.ok(commands.includes('gradlens.openPanel'), 'gradlens.openPanel is not registered');
    },
  ],
  [
    'CodeLens shows the loss of the worked example',
    async () => {
      const document = await open('worked-example.nn.json');
      const titles = await eventually('a CodeLens with the loss', async () => {
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 100);
        const titles = (lenses ?? []).map((lens) => lens.command?.title ?? '');
        return titles.some((title) => /loss/i.test(title)) ? titles : undefined;
      });
      assert.ok(titles.some((title) => /\d/.test(title)), `no numbers in the lenses: ${JSON.stringify(titles)}`);
    },
  ],
  [
    'inlay hints show gradients next to explicit weights',
    async () => {
      const document = await open('worked-example.nn.json');
      const whole = new vscode.Range(0, 0, document.lineCount, 0);
      const hints = await eventually('inlay hints', async () => {
        const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', document.uri, whole);
        return hints && hints.length > 0 ? hints : undefined;
      });
      const weightLines = hints.filter((hint) => /"weights"/.test(document.lineAt(hint.position.line).text));
      assert.ok(weightLines.length > 0, `no hint on a weights line: ${JSON.stringify(hints.map(label))}`);
      assert.ok(hints.some((hint) => /\d/.test(label(hint))), 'the hints show no numbers');
    },
  ],
  [
    "the wrong derivative's gradient-check failure is a diagnostic on the line of df",
    async () => {
      const document = await open('custom-derivative.nn.json');
      const dfLine = document.getText().split('\n').findIndex((line) => /"df"\s*:/.test(line));
      assert.ok(dfLine >= 0, 'custom-derivative.nn.json has no "df" line');
      await eventually('a diagnostic on the df line', () => {
        const diagnostics = vscode.languages.getDiagnostics(document.uri);
        return diagnostics.some((d) => d.range.start.line === dfLine && d.severity <= vscode.DiagnosticSeverity.Warning) || undefined;
      });
    },
  ],
];

export async function run(): Promise<void> {
  const failures: string[] = [];
  for (const [name, test] of tests) {
    try {
      await test();
      console.log(`  ✓ ${name}`);
    } catch (error) {
      console.log(`  ✗ ${name}\n      ${error instanceof Error ? error.message : String(error)}`);
      failures.push(name);
    }
  }
  console.log(`\n${tests.length - failures.length} passed, ${failures.length} failed`);
  if (failures.length > 0) throw new Error(`${failures.length} in-host test(s) failed: ${failures.join('; ')}`);
}
