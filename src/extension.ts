/**
 * The composition root: builds GradLens's services, registers them with VS Code and hands every
 * disposable to `context.subscriptions`. It holds no logic of its own.
 */
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('GradLens', { log: true });
  context.subscriptions.push(log);
  log.info('GradLens activated');
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
