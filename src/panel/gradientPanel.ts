/**
 * The gradient panel's controller on the host side: one webview panel beside the editor that follows
 * the current model file. The host owns the data: the panel gets a snapshot when it says `ready` and
 * after every change, training progress in between, and every message it sends back is validated.
 */
import { readSettings } from '../settings';
import * as vscode from 'vscode';
import {
  parsePanelMessage, type HostToPanelMessage, type PanelInitMessage, type PanelToHostMessage, type Selection, type SnapshotMessage,
} from '../shared/protocol';
import type { L10nBundle } from '../shared/l10nBundle';
import type { PanelDataSource, PanelLogger } from './panelDataSource';
import { createNonce, panelHtml } from './panelHtml';
import { coalesceHostMessages, ReadyQueue } from './readyQueue';

export const PANEL_VIEW_TYPE = 'gradlens.panel';
export const SHOW_PANEL_COMMAND = 'gradlens.showGradientPanel';

export interface GradientPanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly dataSource: PanelDataSource;
  readonly logger: PanelLogger;
  /** For tests; a fresh random nonce per page by default. */
  readonly createNonce?: () => string;
  /** VS Code's loaded translation (`vscode.l10n.bundle`), sent in the panel's init message; none in English. */
  readonly l10nBundle?: L10nBundle;
}

/** The webview options: scripts on, and only the bundle and media folders readable. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** A copy of a validated selection with only the protocol's fields (nothing extra passes through). */
function cleanSelection(s: Selection): Selection {
  return {
    layerIndex: s.layerIndex,
    ...(s.param !== undefined ? { param: s.param } : {}),
    ...(s.index !== undefined ? { index: [...s.index] } : {}),
  };
}

function baseName(uri: string): string {
  const last = uri.split(/[\\/]/).pop() ?? uri;
  try { return decodeURIComponent(last); } catch { return last; }
}

export class GradientPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly queue: ReadyQueue<HostToPanelMessage>;
  private readonly onDidDisposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.onDidDisposeEmitter.event;
  private document: string | undefined;
  private disposed = false;

  /** Opens a new panel beside the active editor. */
  static create(deps: GradientPanelDeps): GradientPanel {
    const panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE, 'GradLens',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { ...webviewOptions(deps.extensionUri), retainContextWhenHidden: false },
    );
    return new GradientPanel(panel, deps);
  }

  /** Takes over a panel VS Code restored after a reload (from the serializer). */
  static revive(panel: vscode.WebviewPanel, deps: GradientPanelDeps): GradientPanel {
    return new GradientPanel(panel, deps);
  }

  private constructor(readonly panel: vscode.WebviewPanel, private readonly deps: GradientPanelDeps) {
    const { dataSource } = deps;
    this.queue = new ReadyQueue<HostToPanelMessage>((m) => { void panel.webview.postMessage(m); }, coalesceHostMessages);
    this.document = dataSource.currentDocument();

    panel.webview.options = webviewOptions(deps.extensionUri);
    panel.iconPath = {
      light: vscode.Uri.joinPath(deps.extensionUri, 'media', 'gradlens-light.svg'),
      dark: vscode.Uri.joinPath(deps.extensionUri, 'media', 'gradlens-dark.svg'),
    };
    panel.webview.html = this.html();
    this.updateTitle();

    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      panel.onDidChangeViewState(() => { if (!panel.visible) this.queue.markNotReady(); }),
      panel.onDidDispose(() => this.dispose()),
      dataSource.onDidChangeCurrentDocument((uri) => {
        if (uri === undefined || uri === this.document) return;
        this.document = uri;
        this.postSnapshot();
      }),
      dataSource.onDidChangeDocument((uri) => { if (uri === this.document) this.postSnapshot(); }),
      dataSource.onDidTrainingProgress((e) => {
        if (e.uri !== this.document) return;
        this.queue.post({ type: 'trainingProgress', documentUri: e.uri, points: e.points, runState: e.runState });
      }),
      dataSource.onDidChangeDepth((depth) => this.queue.post({ type: 'depthChanged', depth })),
      dataSource.onDidStepThrough((e) => {
        if (e.uri === this.document) this.queue.post({ type: 'stepThrough', documentUri: e.uri, view: e.view });
      }),
      dataSource.onDidCompareLosses((e) => {
        if (e.uri === this.document) this.queue.post({ type: 'lossComparison', documentUri: e.uri, curves: e.curves });
      }),
      dataSource.onDidCompareRuns((e) => {
        if (e.uri === this.document) this.queue.post({ type: 'runComparison', documentUri: e.uri, comparison: e.comparison });
      }),
    );
  }

  get documentUri(): string | undefined { return this.document; }

  /** Sends the whole picture again (after a setting the snapshot carries, such as `gradlens.classicNames`, changed). */
  resendSnapshot(): void {
    this.postSnapshot();
  }

  /** Brings the panel to the front (without taking focus from the editor), optionally pointing at something. */
  show(focus?: Selection): void {
    this.panel.reveal(undefined, true);
    if (focus) this.queue.post({ type: 'focus', selection: cleanSelection(focus) });
  }

  private html(): string {
    const webview = this.panel.webview;
    const asUri = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.deps.extensionUri, ...path)).toString();
    return panelHtml({
      cspSource: webview.cspSource,
      nonce: (this.deps.createNonce ?? createNonce)(),
      scriptUri: asUri('dist', 'webview.js'),
      styleUri: asUri('media', 'panel.css'),
      math: { scriptUri: asUri('dist', 'katex', 'katex.min.js'), styleUri: asUri('dist', 'katex', 'katex.min.css') },
      title: 'GradLens',
    });
  }

  private snapshotMessage(): SnapshotMessage | undefined {
    const uri = this.document;
    if (uri === undefined) return undefined;
    const { analysis, errors, runState } = this.deps.dataSource.snapshot(uri);
    return { type: 'snapshot', documentUri: uri, analysis, errors, runState, depth: this.deps.dataSource.depth(), ...(readSettings().classicNames ? { classicNames: true } : {}) };
  }

  private postSnapshot(): void {
    const snapshot = this.snapshotMessage();
    if (!snapshot) return;
    this.updateTitle(snapshot.analysis?.modelName);
    this.queue.post(snapshot);
    // A reloaded panel (or one that switched documents) learns the step-through on screen and the
    // loss comparison, if any: the snapshot replaces whatever the panel held.
    const view = this.deps.dataSource.stepThroughView(snapshot.documentUri);
    if (view) this.queue.post({ type: 'stepThrough', documentUri: snapshot.documentUri, view });
    const curves = this.deps.dataSource.lossComparison(snapshot.documentUri);
    if (curves) this.queue.post({ type: 'lossComparison', documentUri: snapshot.documentUri, curves });
    const comparison = this.deps.dataSource.runComparison(snapshot.documentUri);
    if (comparison) this.queue.post({ type: 'runComparison', documentUri: snapshot.documentUri, comparison });
  }

  private updateTitle(modelName?: string): void {
    this.panel.title = modelName ? `GradLens: ${modelName}` : this.document ? `GradLens: ${baseName(this.document)}` : 'GradLens';
  }

  private receive(raw: unknown): void {
    const message = parsePanelMessage(raw);
    if (!message) {
      let text: string;
      try { text = JSON.stringify(raw) ?? String(raw); } catch { text = String(raw); }
      this.deps.logger.warn(`Gradient panel: ignored an invalid message: ${text.slice(0, 200)}`);
      return;
    }
    this.handle(message);
  }

  private handle(message: PanelToHostMessage): void {
    const { dataSource, logger } = this.deps;
    switch (message.type) {
      case 'ready':
        // The panel (re)loaded: whatever it had is gone, so it gets its language and the whole picture first.
        if (this.deps.l10nBundle) void this.panel.webview.postMessage({ type: 'init', l10n: this.deps.l10nBundle } satisfies PanelInitMessage);
        this.postSnapshot();
        this.queue.markReady();
        return;
      case 'setDepth':
        dataSource.setDepth(message.depth);
        return;
      default:
        break;
    }
    const uri = this.document;
    if (uri === undefined) {
      logger.info(`Gradient panel: no model file for "${message.type}"`);
      return;
    }
    switch (message.type) {
      case 'command':
        dataSource.command(uri, message.command, {
          ...(message.epochs !== undefined ? { epochs: message.epochs } : {}),
          ...(message.learningRate !== undefined ? { learningRate: message.learningRate } : {}),
        });
        return;
      case 'reveal':
        dataSource.reveal(uri, cleanSelection(message.selection));
        return;
      case 'explain':
        dataSource.explain(uri, cleanSelection(message.selection));
        return;
      case 'stepThrough':
        dataSource.stepThrough(uri, message.action);
        return;
      case 'seekStep':
        dataSource.seekStep(uri, message.step, message.stop);
        return;
      case 'compareLosses':
        dataSource.compareLosses(uri);
        return;
      case 'compareRuns':
        dataSource.compareRuns(uri);
        return;
      case 'exportHandout':
        dataSource.exportHandout(uri);
        return;
      case 'boundary':
        void dataSource.boundary(uri, message.options).then((answer) => {
          if (!this.disposed && uri === this.document) this.queue.post({ type: 'boundary', documentUri: uri, ...('data' in answer ? { grid: answer.data } : { problem: answer.problem }) });
        });
        return;
      case 'lossSlice':
        void dataSource.lossSlice(uri, message.target, message.contour).then((answer) => {
          if (!this.disposed && uri === this.document) this.queue.post({ type: 'lossSlice', documentUri: uri, ...('data' in answer ? { slice: answer.data } : { problem: answer.problem }) });
        });
        return;
      case 'convGradients':
        void dataSource.convGradients(uri, message.layer, message.sample).then((answer) => {
          if (!this.disposed && uri === this.document) this.queue.post({ type: 'convGradients', documentUri: uri, ...('data' in answer ? { gradients: answer.data } : { problem: answer.problem }) });
        });
        return;
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.queue.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    this.onDidDisposeEmitter.fire();
    this.onDidDisposeEmitter.dispose();
  }
}

/**
 * Owns the (single) gradient panel: opens it or brings it forward, restores it after a reload
 * through a serializer, and registers the command that shows it.
 */
export class GradientPanelManager implements vscode.Disposable {
  private current: GradientPanel | undefined;
  private readonly registrations: vscode.Disposable[] = [];

  constructor(private readonly deps: GradientPanelDeps) {}

  /** Registers the serializer (viewType `gradlens.panel`) and the show command. */
  static register(deps: GradientPanelDeps): GradientPanelManager {
    const manager = new GradientPanelManager(deps);
    manager.registrations.push(
      vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, new GradientPanelSerializer(manager)),
      vscode.commands.registerCommand(SHOW_PANEL_COMMAND, (selection?: unknown) => {
        const focus = parsePanelMessage({ type: 'reveal', selection });
        manager.createOrShow(focus?.type === 'reveal' ? focus.selection : undefined);
      }),
    );
    return manager;
  }

  get panel(): GradientPanel | undefined { return this.current; }

  /** Re-sends the open panel's snapshot, if a panel is open. */
  resendSnapshot(): void {
    this.current?.resendSnapshot();
  }

  createOrShow(focus?: Selection): GradientPanel {
    if (this.current) {
      this.current.show(focus);
      return this.current;
    }
    const panel = this.adopt(GradientPanel.create(this.deps));
    if (focus) panel.show(focus);
    return panel;
  }

  /** Called by the serializer with the panel VS Code restored. */
  revive(webviewPanel: vscode.WebviewPanel): GradientPanel {
    this.current?.dispose();
    return this.adopt(GradientPanel.revive(webviewPanel, this.deps));
  }

  private adopt(panel: GradientPanel): GradientPanel {
    this.current = panel;
    panel.onDidDispose(() => { if (this.current === panel) this.current = undefined; });
    return panel;
  }

  dispose(): void {
    this.current?.dispose();
    this.current = undefined;
    for (const d of this.registrations.splice(0)) d.dispose();
  }
}

/** Restores the panel after VS Code reloads. Its saved state is the webview's own view state. */
export class GradientPanelSerializer implements vscode.WebviewPanelSerializer {
  constructor(private readonly manager: GradientPanelManager) {}

  async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, _state: unknown): Promise<void> {
    this.manager.revive(webviewPanel);
  }
}
