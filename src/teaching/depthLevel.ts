/**
 * The teaching depth level (1 Drive, 2 Service, 3 Repair, 4 Derive): read from `gradlens.depth`,
 * switchable from the panel, the status bar and the command palette. Every feature asks `current`
 * and listens to `onDidChange`.
 */
import * as vscode from 'vscode';
import { depthFromSetting, depthToSetting, type DepthLevel } from '../shared/depth';

export class DepthLevelState implements vscode.Disposable {
  private level: DepthLevel;
  private readonly emitter = new vscode.EventEmitter<DepthLevel>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChange = this.emitter.event;

  constructor() {
    this.level = depthFromSetting(vscode.workspace.getConfiguration('gradlens').get('depth', 'repair'));
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('gradlens.depth')) return;
      const next = depthFromSetting(vscode.workspace.getConfiguration('gradlens').get('depth', 'repair'));
      this.apply(next);
    });
  }

  get current(): DepthLevel {
    return this.level;
  }

  /** Switches the level now and stores it in the user's settings. */
  async set(level: DepthLevel): Promise<void> {
    this.apply(level);
    await vscode.workspace.getConfiguration('gradlens').update('depth', depthToSetting(level), vscode.ConfigurationTarget.Global);
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }

  private apply(level: DepthLevel): void {
    if (level === this.level) return;
    this.level = level;
    this.emitter.fire(level);
  }
}
