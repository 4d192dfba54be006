/**
 * The composition root: builds GradLens's services, registers them with VS Code and hands every
 * disposable to `context.subscriptions`. It holds no logic of its own.
 */
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { parseL10nBundle, type L10nBundle } from './shared/l10nBundle';
import { useTranslator } from './shared/l10n';
import { demoRequested, hostDescription, loadOnnxImporter, loadSchemaService, startAnalysisWorker } from './platform/extensionHost';
import { importOnnxModel, offerImportOnOpen } from './commands/importOnnxCommand';
import { exportModel } from './commands/exportModelCommand';
import { declinedWorkspaceSettings, readSettings } from './settings';
import { AnalysisWorkerClient } from './session/workerClient';
import { DocumentAnalyses } from './session/documentAnalyses';
import { ModelDocuments, snapshotOf } from './session/modelDocuments';
import { SessionPanelDataSource } from './session/sessionPanelDataSource';
import { WorkerTeaching } from './session/workerTeaching';
import { DepthLevelState } from './teaching/depthLevel';
import { ModelCodeLensProvider } from './codelens/codeLensProvider';
import { WeightInlayHintsProvider } from './inlay/inlayHintsProvider';
import { LayerHoverProvider } from './hover/hoverProvider';
import { DiagnosticsPublisher } from './diagnostics/diagnosticsPublisher';
import { GradientExplorer } from './explorer/gradientExplorer';
import { GradLensStatusBar } from './status/statusBar';
import { GradientPanelManager } from './panel/gradientPanel';
import { registerTrainingCommands } from './commands/trainingCommands';
import { registerNavigationCommands, revealRange } from './commands/navigationCommands';
import { registerFileCommands } from './commands/fileCommands';
import { registerExplainCommand } from './commands/explainCommand';
import { LecturePlayer, LectureRecorder, registerTeaching } from './teaching';
import { selectionRange } from './commands/selectionRange';
import { SchemaLanguageFeatures } from './language/schemaLanguageFeatures';
import { registerEditingProviders } from './editing/editingProviders';
import { extendMarkdownIt } from './teaching/markdownMath';
import { refreshOnClassicNamesChange } from './teaching/classicNamesRefresh';

/** VS Code's translation for the display language, validated, loaded into @vscode/l10n for this host's own modules. */
function loadedL10nBundle(): L10nBundle | undefined {
  const bundle = parseL10nBundle(vscode.l10n.bundle);
  if (bundle) {
    l10n.config({ contents: bundle as Record<string, string> });
    useTranslator(l10n.t);
  }
  return bundle;
}

const MODEL_FILES: vscode.DocumentSelector = [{ language: 'nnjson' }, { pattern: '**/*.nn.json' }];

/**
 * Activates GradLens. Returns the Markdown-it plugin VS Code's Markdown preview loads (the
 * `markdown.markdownItPlugins` contribution): the Explain pages' formulas rendered with KaTeX.
 */
export function activate(context: vscode.ExtensionContext): { extendMarkdownIt: typeof extendMarkdownIt } {
  const push = (...items: vscode.Disposable[]) => context.subscriptions.push(...items);
  const log = vscode.window.createOutputChannel('GradLens', { log: true });
  push(log);

  // A worker_threads thread in the Node extension host, a Web Worker in the browser's (src/platform/).
  // The texts built outside the `vscode` layer (teaching pages, depth names) use @vscode/l10n: the host
  // loads VS Code's bundle for the display language into it; the worker and the panel get it in their
  // init messages. In English there is no bundle, and everything stays as written.
  const l10nBundle = loadedL10nBundle();
  const client = new AnalysisWorkerClient(() => startAnalysisWorker(context.extensionUri), log, undefined, undefined, l10nBundle);
  const analyses = new DocumentAnalyses(client, () => readSettings().analysis, log);
  const depth = new DepthLevelState();
  const documents = new ModelDocuments(analyses, () => readSettings().autoRun);
  // Step-through, the loss comparison, explanations and the handout ask the same worker (the one engine runtime).
  const teacher = new WorkerTeaching(client, () => readSettings().analysis);
  push({ dispose: () => client.dispose() }, analyses, depth, documents);

  // The JSON language service, loaded on the first completion or hover (a bundle of its own in Node).
  const schemaFeatures = new SchemaLanguageFeatures(() => loadSchemaService(context.extensionUri));
  const hints = new WeightInlayHintsProvider(analyses, depth, () => readSettings().inlayHintsEnabled);
  const diagnostics = new DiagnosticsPublisher(analyses, depth);
  push(
    hints, diagnostics,
    vscode.languages.registerInlayHintsProvider(MODEL_FILES, hints),
    vscode.languages.registerHoverProvider(MODEL_FILES, new LayerHoverProvider(analyses, depth)),
    vscode.languages.registerCompletionItemProvider(MODEL_FILES, schemaFeatures, '"', ':'),
    vscode.languages.registerHoverProvider(MODEL_FILES, schemaFeatures),
    vscode.languages.registerCodeActionsProvider(MODEL_FILES, diagnostics, { providedCodeActionKinds: DiagnosticsPublisher.providedCodeActionKinds }),
    ...registerEditingProviders(MODEL_FILES),
  );

  const explorer = new GradientExplorer(analyses, depth, () => documents.current());
  const treeView = vscode.window.createTreeView('gradlens.explorer', { treeDataProvider: explorer, showCollapseAll: true });
  explorer.view = treeView;
  push(explorer, treeView, new GradLensStatusBar(analyses, documents, depth));

  const reveal = (uri: string, selection: Parameters<typeof selectionRange>[1]) => {
    const range = selectionRange(analyses.get(uri)?.outcome?.analysis, selection);
    if (range) void revealRange(uri, range);
    void explorer.reveal(uri, selection.layerIndex, selection.param, selection.index?.[0]);
  };
  const explain = (uri: string, selection: Parameters<typeof selectionRange>[1]) =>
    void vscode.commands.executeCommand('gradlens.explainGradient', { uri, ...selection });
  const dataSource = new SessionPanelDataSource(analyses, documents, depth, reveal, explain, undefined, {
    teacher,
    document: (uri) => {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
      return open ? snapshotOf(open) : undefined;
    },
  });
  const panels = GradientPanelManager.register({ extensionUri: context.extensionUri, dataSource, logger: log, l10nBundle });
  push(dataSource, panels);

  const onnxImport = { loadImporter: () => loadOnnxImporter(context.extensionUri, l10nBundle) };

  // The lecture recorder hears the commands below; the player replays a lecture through them.
  const lecture = new LectureRecorder({ documents, depth });
  const lecturePlayer = new LecturePlayer({ analyses, recording: () => lecture.recording });
  push(lecture, ...lecture.commands(), lecturePlayer, ...lecturePlayer.commands());

  // Lenses follow the analyses, the depth, and the stop on screen while stepping through.
  const lenses = new ModelCodeLensProvider(analyses, depth, () => readSettings().codeLensEnabled, dataSource);
  push(lenses, vscode.languages.registerCodeLensProvider(MODEL_FILES, lenses));

  const explainPages = registerExplainCommand({ analyses, documents, depth, teacher, lecture });
  push(
    ...registerTrainingCommands({ analyses, documents, lecture }),
    ...registerNavigationCommands({ documents, depth, showPanel: (focus) => panels.createOrShow(focus), lecture }),
    ...registerFileCommands({ analyses, documents, extensionUri: context.extensionUri }),
    vscode.commands.registerCommand('gradlens.importOnnx', (arg?: unknown) => importOnnxModel(onnxImport, arg)),
    offerImportOnOpen(onnxImport),
    vscode.commands.registerCommand('gradlens.exportModel', (arg?: unknown) => exportModel({ documents, exporter: client, settings: () => readSettings().analysis }, arg)),
    explainPages,
    ...registerTeaching({
      analyses, documents, depth, teacher, extensionUri: context.extensionUri,
      examplesScratch: vscode.Uri.joinPath(context.globalStorageUri, 'examples', String(context.extension.packageJSON.version ?? 'dev')),
      onStepThrough: (uri, view) => dataSource.showStepThrough(uri, view),
      onLossComparison: (uri, curves) => dataSource.showLossComparison(uri, curves),
      lecture,
      onRunComparison: (uri, comparison) => dataSource.showRunComparison(uri, comparison),
      runComparison: (uri) => dataSource.runComparison(uri),
      classicNames: () => readSettings().classicNames,
    }),
  );

  // Menus that show derivatives (Explain Gradient in the explorer) hide at depth 1 through this key.
  const updateDepthKey = () => void vscode.commands.executeCommand('setContext', 'gradlens.depth', depth.current);
  push(depth.onDidChange(updateDepthKey));
  updateDepthKey();

  const updateHasModel = () => void vscode.commands.executeCommand('setContext', 'gradlens.hasModel', documents.current() !== undefined);
  push(documents.onDidChangeCurrent(() => { explorer.rebuild(); updateHasModel(); }));
  updateHasModel();

  // Mazur's names (w1…w8) follow the setting at once: Explain pages, hints and the panel are made again.
  push(refreshOnClassicNamesChange({ explainPages, hints, panel: panels }));
  push(vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('gradlens.codeLens')) lenses.refresh();
    if (e.affectsConfiguration('gradlens.inlayHints')) hints.refresh();
    if (e.affectsConfiguration('gradlens.gradientCheck') || e.affectsConfiguration('gradlens.limits')) {
      for (const uri of analyses.uris()) {
        const document = documents.document(uri);
        if (document) analyses.documentChanged({ uri, version: document.version, fileName: document.uri.fsPath, getText: () => document.getText() });
      }
    }
  }));

  if (!vscode.workspace.isTrusted) {
    log.info('Restricted mode: GradLens analyses model files (they are data) and reads CSV files only inside each model file\'s folder; it does not apply the workspace\'s gradlens.gradientCheck.* and gradlens.limits.* settings.');
    const declined = declinedWorkspaceSettings();
    if (declined.length > 0) log.info(`Restricted mode: ignoring this workspace's values of ${declined.join(', ')}; your user settings or the defaults apply.`);
  }
  // `npm run demo` starts VS Code with GRADLENS_DEMO=1: show the panel beside the worked example.
  if (demoRequested()) void vscode.commands.executeCommand('gradlens.openPanel');
  log.info(`GradLens activated in the ${hostDescription()}`);
  return { extendMarkdownIt };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
