/**
 * What the gradient panel needs from the rest of the extension. The session service implements it;
 * the panel only reads snapshots, listens to events and forwards the user's requests.
 */
import type * as vscode from 'vscode';
import type { Analysis, TrainingPoint } from '../analysis/types';
import type { DepthLevel, PanelCommand, RunState, Selection } from '../protocol/panelMessages';

export interface PanelDataSource {
  /** Fired when the analysis (or run state) of a document changes. */
  readonly onDidChangeDocument: vscode.Event<string /* document uri */>;
  /** Fired with new training points during a run, at most ~30 times a second. */
  readonly onDidTrainingProgress: vscode.Event<{ uri: string; points: TrainingPoint[]; runState: RunState }>;
  readonly onDidChangeDepth: vscode.Event<DepthLevel>;
  /** The model file the panel should follow (the active or last active `*.nn.json`). */
  currentDocument(): string | undefined;
  readonly onDidChangeCurrentDocument: vscode.Event<string | undefined>;
  snapshot(uri: string): { analysis?: Analysis; errors: string[]; runState: RunState };
  depth(): DepthLevel;
  setDepth(depth: DepthLevel): void;
  command(uri: string, command: PanelCommand, options: { epochs?: number; learningRate?: number }): void;
  reveal(uri: string, selection: Selection): void;
  explain(uri: string, selection: Selection): void;
}

/** Where the panel reports what it ignored (a `vscode.LogOutputChannel` fits). */
export interface PanelLogger {
  warn(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
}
