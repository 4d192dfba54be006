/**
 * The Gradient Explorer view (`gradlens.explorer`): the tree of `explorerTree` for the model file the
 * person is working on. Clicking a node reveals its text; `reveal` is called by the panel.
 */
import * as vscode from 'vscode';
import type { DocumentAnalyses } from '../session/documentAnalyses';
import type { DepthLevelState } from '../teaching/depthLevel';
import { explorerTree, type ExplorerNode } from './explorerItems';
import { toRange } from '../ranges';

export class GradientExplorer implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ExplorerNode | undefined | void>();
  private readonly subscriptions: vscode.Disposable[];
  private root: ExplorerNode | undefined;
  private readonly parents = new Map<string, ExplorerNode>();
  private readonly nodes = new Map<string, ExplorerNode>();
  readonly onDidChangeTreeData = this.emitter.event;
  /** Set by the wiring once the TreeView exists, so `reveal` can select a node. */
  view: vscode.TreeView<ExplorerNode> | undefined;

  constructor(
    private readonly analyses: DocumentAnalyses,
    private readonly depth: DepthLevelState,
    private readonly currentDocument: () => string | undefined,
  ) {
    this.subscriptions = [
      analyses.onDidChange((uri) => { if (uri === this.currentDocument()) this.rebuild(); }),
      depth.onDidChange(() => this.rebuild()),
    ];
    this.rebuild();
  }

  /** Called when the followed document changes (editor switch). */
  rebuild(): void {
    const uri = this.currentDocument();
    const analysis = uri ? this.analyses.get(uri)?.outcome?.analysis : undefined;
    this.root = uri && analysis ? explorerTree(uri, analysis, this.depth.current) : undefined;
    this.parents.clear();
    this.nodes.clear();
    const index = (node: ExplorerNode, parent?: ExplorerNode): void => {
      this.nodes.set(node.id, node);
      if (parent) this.parents.set(node.id, parent);
      node.children.forEach((c) => index(c, node));
    };
    if (this.root) index(this.root);
    this.emitter.fire();
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    const state = node.children.length === 0
      ? vscode.TreeItemCollapsibleState.None
      : node.kind === 'model' || node.kind === 'layer' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.label, state);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    const color = node.icon === 'error' ? new vscode.ThemeColor('problemsErrorIcon.foreground')
      : node.icon === 'warning' ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined;
    item.iconPath = new vscode.ThemeIcon(node.icon, color);
    item.contextValue = node.kind;
    if (node.range) {
      item.command = { title: vscode.l10n.t('Reveal in editor'), command: 'gradlens.revealRange', arguments: [node.uri, node.range] };
    }
    return item;
  }

  getChildren(node?: ExplorerNode): ExplorerNode[] {
    if (!node) return this.root ? [this.root] : [];
    return [...node.children];
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return this.parents.get(node.id);
  }

  /** Selects the node of a layer, parameter or unit (called when the panel selects something). */
  async reveal(uri: string, layerIndex: number, param?: 'weights' | 'bias', unit?: number): Promise<void> {
    const id = [`${uri}#${layerIndex}`, param, param !== undefined ? unit : undefined].filter((p) => p !== undefined).join('/');
    const node = this.nodes.get(id) ?? this.nodes.get(`${uri}#${layerIndex}`);
    if (node && this.view?.visible) await this.view.reveal(node, { select: true, focus: false, expand: true });
  }

  /** The source range of an explorer node, for tests and the reveal command. */
  rangeOf(id: string): vscode.Range | undefined {
    const range = this.nodes.get(id)?.range;
    return range ? toRange(range) : undefined;
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.emitter.dispose();
  }
}
