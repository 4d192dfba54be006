/**
 * The `gradlens.classicNames` setting applies live: when it changes, everything that shows Mazur's
 * names (w1…w8) on the classic 2-2-2 model is made again at once: the open Explain pages, the inlay
 * hints, and the panel (its snapshot carries `classicNames`, which the inspector reads). The layer
 * hover reads the setting each time it is asked, so it needs nothing here; nor does the handout, which
 * reads it at export. The step-through's stop on screen is written again by its controller
 * (src/teaching/stepThroughController.ts), which listens for this same setting.
 */
import * as vscode from 'vscode';

export const CLASSIC_NAMES_SETTING = 'gradlens.classicNames';

/** What shows the names, each with the one call that makes it again. */
export interface ClassicNamesViews {
  /** The open Explain Gradient pages (`registerExplainCommand`'s registration). */
  readonly explainPages: { refreshPages(): void };
  /** The inlay hints provider (fires its `onDidChangeInlayHints`). */
  readonly hints: { refresh(): void };
  /** The gradient panel (re-sends its snapshot, with the setting's new value). */
  readonly panel: { resendSnapshot(): void };
}

/** Listens for changes of `gradlens.classicNames` (and of nothing else) and refreshes the views. */
export function refreshOnClassicNamesChange(views: ClassicNamesViews): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration(CLASSIC_NAMES_SETTING)) return;
    views.explainPages.refreshPages();
    views.hints.refresh();
    views.panel.resendSnapshot();
  });
}
