/**
 * Two status bar items while a model file is in front: its loss and run state (click: open the panel)
 * and the teaching depth level (click: switch it).
 */
import * as vscode from 'vscode';
import type { DocumentAnalyses } from '../session/documentAnalyses';
import type { ModelDocuments } from '../session/modelDocuments';
import type { DepthLevelState } from '../teaching/depthLevel';
import { depthName } from '../shared/depth';
import { formatValue } from '../shared/format';

export class GradLensStatusBar implements vscode.Disposable {
  static readonly lossId = 'gradlens.status.loss';
  static readonly depthId = 'gradlens.status.depth';
  // Ids of their own, so a person can hide either (right-click the status bar); names for that menu.
  private readonly loss = vscode.window.createStatusBarItem(GradLensStatusBar.lossId, vscode.StatusBarAlignment.Left, 50);
  private readonly depthItem = vscode.window.createStatusBarItem(GradLensStatusBar.depthId, vscode.StatusBarAlignment.Left, 49);
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly analyses: DocumentAnalyses, private readonly documents: ModelDocuments, private readonly depth: DepthLevelState) {
    this.loss.name = vscode.l10n.t('GradLens Loss');
    this.loss.command = 'gradlens.openPanel';
    this.depthItem.name = vscode.l10n.t('GradLens Teaching Depth');
    this.depthItem.command = 'gradlens.setDepth';
    this.subscriptions = [
      analyses.onDidChange((uri) => { if (uri === documents.current()) this.update(); }),
      documents.onDidChangeCurrent(() => this.update()),
      depth.onDidChange(() => this.update()),
    ];
    this.update();
  }

  /** Called by: analysis, current-document and depth changes. */
  update(): void {
    const uri = this.documents.current();
    if (!uri) {
      this.loss.hide();
      this.depthItem.hide();
      return;
    }
    const state = this.analyses.get(uri);
    const analysis = state?.outcome?.analysis;
    let text: string;
    switch (state?.runState) {
      case 'training': text = `$(sync~spin) ${vscode.l10n.t('GradLens: training')}`; break;
      case 'analysing': text = '$(sync~spin) GradLens'; break;
      case 'error': text = '$(error) GradLens'; break;
      default:
        text = analysis ? `$(graph-line) ${vscode.l10n.t('loss {0}', formatValue(analysis.loss, 4))}${analysis.step > 0 ? ` · ${vscode.l10n.t('step {0}', analysis.step)}` : ''}`
          : state?.outcome ? `$(error) ${vscode.l10n.t('GradLens: fix the model file')}` : '$(graph-line) GradLens';
    }
    this.loss.text = text;
    this.loss.tooltip = state?.error ?? (analysis ? vscode.l10n.t('{0}: {1} loss {2}. Click to open the gradient panel.', analysis.modelName, analysis.lossKind, formatValue(analysis.loss, 8)) : 'GradLens');
    this.loss.show();
    this.depthItem.text = `$(layers) ${depthName(this.depth.current)}`;
    this.depthItem.tooltip = vscode.l10n.t('GradLens teaching depth: Drive, Service, Repair or Derive. Click to switch.');
    this.depthItem.show();
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.loss.dispose();
    this.depthItem.dispose();
  }
}
