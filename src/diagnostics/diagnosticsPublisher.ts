/**
 * Publishes each document's diagnostics in one collection (`gradlens`) and offers the quick fixes
 * that `modelDiagnostics` found. Diagnostics come from the analysis of the document's current text,
 * worded for the teaching depth (published again when it changes).
 */
import * as vscode from 'vscode';
import type { DepthLevel } from '../shared/protocol';
import type { DocumentAnalyses } from '../session/documentAnalyses';
import { modelDiagnostics, type QuickFix } from './modelDiagnostics';

function key(range: vscode.Range, message: string): string {
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}|${message}`;
}

export class DiagnosticsPublisher implements vscode.CodeActionProvider, vscode.Disposable {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];
  private readonly collection = vscode.languages.createDiagnosticCollection('gradlens');
  private readonly fixes = new Map<string, Map<string, QuickFix>>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly analyses: DocumentAnalyses,
    private readonly depth?: { readonly current: DepthLevel; readonly onDidChange: vscode.Event<DepthLevel> },
  ) {
    this.subscriptions = [
      analyses.onDidChange((uri) => this.publish(uri)),
      ...(depth ? [depth.onDidChange(() => { for (const uri of [...this.fixes.keys()]) this.publish(uri); })] : []),
    ];
  }

  /** Called by: `onDidChange` of the analyses, for each document whose state changed. */
  publish(uri: string): void {
    const state = this.analyses.get(uri);
    const target = vscode.Uri.parse(uri);
    if (!state) {
      this.collection.delete(target);
      this.fixes.delete(uri);
      return;
    }
    if (!state.outcome || state.runState === 'analysing') return;
    const items = modelDiagnostics(state.outcome, this.depth?.current);
    this.collection.set(target, items.map((i) => i.diagnostic));
    const fixes = new Map<string, QuickFix>();
    for (const item of items) if (item.fix) fixes.set(key(item.diagnostic.range, item.diagnostic.message), item.fix);
    this.fixes.set(uri, fixes);
  }

  /** Called by VS Code for the quick-fix light bulb. */
  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const fixes = this.fixes.get(document.uri.toString());
    if (!fixes) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== 'gradlens') continue;
      const fix = fixes.get(key(diagnostic.range, diagnostic.message));
      if (!fix) continue;
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(document.uri, fix.range, fix.newText);
      for (const more of fix.moreEdits ?? []) action.edit.replace(document.uri, more.range, more.newText);
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.collection.dispose();
  }
}
