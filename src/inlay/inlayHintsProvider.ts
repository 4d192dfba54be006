/** Hands the hints of `weightHints` to VS Code and refreshes them when an analysis or the depth changes. */
import * as vscode from 'vscode';
import type { DocumentAnalyses } from '../session/documentAnalyses';
import type { DepthLevelState } from '../teaching/depthLevel';
import { weightHints } from './weightHints';
import { readSettings } from '../settings';

export class WeightInlayHintsProvider implements vscode.InlayHintsProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  readonly onDidChangeInlayHints = this.emitter.event;

  constructor(private readonly analyses: DocumentAnalyses, private readonly depth: DepthLevelState, private readonly enabled: () => boolean) {
    this.subscriptions = [analyses.onDidChange(() => this.emitter.fire()), depth.onDidChange(() => this.emitter.fire())];
  }

  refresh(): void {
    this.emitter.fire();
  }

  provideInlayHints(document: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
    if (!this.enabled()) return [];
    const state = this.analyses.get(document.uri.toString());
    if (!state?.outcome?.analysis || state.version !== document.version) return [];
    return weightHints(document.uri.toString(), state.outcome.analysis, this.depth.current, range, readSettings().classicNames);
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.emitter.dispose();
  }
}
