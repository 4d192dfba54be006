/**
 * A small hand-written fake of the `vscode` module for unit tests (vitest aliases `vscode` to this file).
 * It implements the value types faithfully (Range, Position, Uri, …) and the registration functions as
 * recorders, so tests can assert what a feature hands to VS Code without running VS Code.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

export class Position {
  constructor(readonly line: number, readonly character: number) {}
  isEqual(other: Position): boolean { return this.line === other.line && this.character === other.character; }
  isBefore(other: Position): boolean { return this.line < other.line || (this.line === other.line && this.character < other.character); }
  translate(lineDelta = 0, characterDelta = 0): Position { return new Position(this.line + lineDelta, this.character + characterDelta); }
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(start: Position | number, end: Position | number, endLine?: number, endCharacter?: number) {
    if (typeof start === 'number') {
      this.start = new Position(start, end as number);
      this.end = new Position(endLine as number, endCharacter as number);
    } else {
      this.start = start;
      this.end = end as Position;
    }
  }
  contains(p: Position | Range): boolean {
    const pos = p instanceof Range ? p.start : p;
    const end = p instanceof Range ? p.end : p;
    return !pos.isBefore(this.start) && !this.end.isBefore(end);
  }
  get isEmpty(): boolean { return this.start.isEqual(this.end); }
}

export class Selection extends Range {
  constructor(readonly anchor: Position, readonly active: Position) { super(anchor, active); }
}

export class Uri {
  private constructor(readonly scheme: string, readonly path: string, readonly query = '', readonly fragment = '') {}
  static file(path: string): Uri { return new Uri('file', path); }
  static parse(value: string): Uri {
    const m = /^([a-z][\w+.-]*):(?:\/\/)?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/i.exec(value);
    if (!m) return new Uri('file', value);
    return new Uri(m[1], m[2].startsWith('/') ? m[2] : '/' + m[2], m[3] ?? '', m[4] ?? '');
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri(base.scheme, [base.path.replace(/\/$/, ''), ...segments].join('/'));
  }
  get fsPath(): string { return this.path; }
  with(change: { scheme?: string; path?: string; query?: string; fragment?: string }): Uri {
    return new Uri(change.scheme ?? this.scheme, change.path ?? this.path, change.query ?? this.query, change.fragment ?? this.fragment);
  }
  toString(): string { return `${this.scheme}://${this.path}${this.query ? '?' + this.query : ''}${this.fragment ? '#' + this.fragment : ''}`; }
}

export class Disposable {
  private disposed = false;
  constructor(private readonly callOnDispose: () => void) {}
  static from(...items: { dispose(): unknown }[]): Disposable { return new Disposable(() => items.forEach((i) => i.dispose())); }
  dispose(): void { if (!this.disposed) { this.disposed = true; this.callOnDispose(); } }
}

export type Event<T> = (listener: (e: T) => unknown, thisArgs?: unknown, disposables?: Disposable[]) => Disposable;

export class EventEmitter<T> {
  private listeners = new Set<(e: T) => unknown>();
  readonly event: Event<T> = (listener, thisArgs, disposables) => {
    const bound = thisArgs ? listener.bind(thisArgs) : listener;
    this.listeners.add(bound);
    const d = new Disposable(() => this.listeners.delete(bound));
    disposables?.push(d);
    return d;
  };
  fire(e: T): void { for (const l of [...this.listeners]) l(e); }
  dispose(): void { this.listeners.clear(); }
  get listenerCount(): number { return this.listeners.size; }
}

export class CancellationTokenSource {
  private emitter = new EventEmitter<void>();
  readonly token = {
    isCancellationRequested: false,
    onCancellationRequested: this.emitter.event,
  };
  cancel(): void {
    if (!this.token.isCancellationRequested) {
      this.token.isCancellationRequested = true;
      this.emitter.fire();
    }
  }
  dispose(): void { this.emitter.dispose(); }
}
export type CancellationToken = CancellationTokenSource['token'];

export class MarkdownString {
  isTrusted?: boolean | { enabledCommands: string[] };
  supportThemeIcons?: boolean;
  constructor(public value = '', supportThemeIcons = false) { this.supportThemeIcons = supportThemeIcons; }
  appendMarkdown(v: string): this { this.value += v; return this; }
  appendText(v: string): this { this.value += v.replace(/[\\`*_{}[\]()#+\-.!|]/g, '\\$&'); return this; }
  appendCodeblock(code: string, language = ''): this { this.value += '\n```' + language + '\n' + code + '\n```\n'; return this; }
}

export class ThemeIcon {
  constructor(readonly id: string, readonly color?: ThemeColor) {}
}
export class ThemeColor {
  constructor(readonly id: string) {}
}

export class CodeLens {
  constructor(public range: Range, public command?: Command) {}
  get isResolved(): boolean { return !!this.command; }
}

export interface Command { title: string; command: string; tooltip?: string; arguments?: unknown[] }

export enum InlayHintKind { Type = 1, Parameter = 2 }
export class InlayHint {
  tooltip?: string | MarkdownString;
  paddingLeft?: boolean;
  paddingRight?: boolean;
  kind?: InlayHintKind;
  constructor(public position: Position, public label: string | InlayHintLabelPart[], kind?: InlayHintKind) { this.kind = kind; }
}
export class InlayHintLabelPart {
  tooltip?: string | MarkdownString;
  command?: Command;
  constructor(public value: string) {}
}

export class Hover {
  constructor(public contents: MarkdownString | MarkdownString[], public range?: Range) {}
}

export enum DiagnosticSeverity { Error = 0, Warning = 1, Information = 2, Hint = 3 }
export class Diagnostic {
  source?: string;
  code?: string | number | { value: string | number; target: Uri };
  relatedInformation?: unknown[];
  tags?: number[];
  constructor(public range: Range, public message: string, public severity: DiagnosticSeverity = DiagnosticSeverity.Error) {}
}

export class CodeActionKind {
  static readonly QuickFix = new CodeActionKind('quickfix');
  static readonly Empty = new CodeActionKind('');
  constructor(readonly value: string) {}
  append(part: string): CodeActionKind { return new CodeActionKind(this.value ? `${this.value}.${part}` : part); }
  contains(other: CodeActionKind): boolean { return other.value === this.value || other.value.startsWith(this.value + '.'); }
}

export class WorkspaceEdit {
  readonly edits: { uri: Uri; range: Range; newText: string }[] = [];
  replace(uri: Uri, range: Range, newText: string): void { this.edits.push({ uri, range, newText }); }
  insert(uri: Uri, position: Position, newText: string): void { this.edits.push({ uri, range: new Range(position, position), newText }); }
}

export class CodeAction {
  edit?: WorkspaceEdit;
  diagnostics?: Diagnostic[];
  isPreferred?: boolean;
  command?: Command;
  constructor(public title: string, public kind?: CodeActionKind) {}
}

export enum TreeItemCollapsibleState { None = 0, Collapsed = 1, Expanded = 2 }
export class TreeItem {
  description?: string;
  tooltip?: string | MarkdownString;
  iconPath?: ThemeIcon;
  command?: Command;
  contextValue?: string;
  id?: string;
  resourceUri?: Uri;
  constructor(public label: string, public collapsibleState: TreeItemCollapsibleState = TreeItemCollapsibleState.None) {}
}

export enum StatusBarAlignment { Left = 1, Right = 2 }
export enum ViewColumn { Active = -1, Beside = -2, One = 1, Two = 2 }
export enum ProgressLocation { SourceControl = 1, Window = 10, Notification = 15 }
export enum ConfigurationTarget { Global = 1, Workspace = 2, WorkspaceFolder = 3 }

// ---- recorders for the namespaces ----------------------------------------------------------

/** Everything registered through this fake, for assertions. Tests may clear it. */
export const registered = {
  commands: new Map<string, (...args: any[]) => unknown>(),
  codeLensProviders: [] as unknown[],
  inlayHintsProviders: [] as unknown[],
  hoverProviders: [] as unknown[],
  codeActionProviders: [] as unknown[],
  treeDataProviders: new Map<string, unknown>(),
  executed: [] as { command: string; args: unknown[] }[],
  messages: [] as { level: 'info' | 'warning' | 'error'; text: string }[],
  statusBarItems: [] as { id?: string; name: string; text: string; visible: boolean }[],
};

const configurationValues = new Map<string, unknown>();
/** Set a configuration value the fake `workspace.getConfiguration` returns (key like `gradlens.depth`). */
export function setConfiguration(key: string, value: unknown): void { configurationValues.set(key, value); }

const onDidChangeConfigurationEmitter = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();
/** Fire a configuration change for the given keys. */
export function fireConfigurationChange(...keys: string[]): void {
  onDidChangeConfigurationEmitter.fire({ affectsConfiguration: (s: string) => keys.some((k) => k === s || k.startsWith(s + '.')) });
}

export const commands = {
  registerCommand(id: string, callback: (...args: any[]) => unknown): Disposable {
    registered.commands.set(id, callback);
    return new Disposable(() => registered.commands.delete(id));
  },
  async executeCommand(command: string, ...args: unknown[]): Promise<unknown> {
    registered.executed.push({ command, args });
    const cb = registered.commands.get(command);
    return cb ? cb(...args) : undefined;
  },
};

export const languages = {
  registerCodeLensProvider(_selector: unknown, provider: unknown): Disposable {
    registered.codeLensProviders.push(provider);
    return new Disposable(() => undefined);
  },
  registerInlayHintsProvider(_selector: unknown, provider: unknown): Disposable {
    registered.inlayHintsProviders.push(provider);
    return new Disposable(() => undefined);
  },
  registerHoverProvider(_selector: unknown, provider: unknown): Disposable {
    registered.hoverProviders.push(provider);
    return new Disposable(() => undefined);
  },
  registerCodeActionsProvider(_selector: unknown, provider: unknown): Disposable {
    registered.codeActionProviders.push(provider);
    return new Disposable(() => undefined);
  },
  createDiagnosticCollection(name: string) {
    const entries = new Map<string, Diagnostic[]>();
    return {
      name,
      set(uri: Uri, diagnostics: Diagnostic[] | undefined) { if (diagnostics) entries.set(uri.toString(), diagnostics); else entries.delete(uri.toString()); },
      delete(uri: Uri) { entries.delete(uri.toString()); },
      get(uri: Uri) { return entries.get(uri.toString()); },
      clear() { entries.clear(); },
      dispose() { entries.clear(); },
      entries,
    };
  },
};

function makeOutputChannel(name: string) {
  const lines: string[] = [];
  const log = (level: string) => (message: string, ...args: unknown[]) => { lines.push(`[${level}] ${message}${args.length ? ' ' + args.join(' ') : ''}`); };
  return {
    name, lines,
    info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug'), trace: log('trace'),
    appendLine(v: string) { lines.push(v); }, append(v: string) { lines.push(v); },
    show() { /* nothing to show */ }, clear() { lines.length = 0; }, dispose() { /* nothing */ },
  };
}

/** The `tabGroups.onDidChangeTabs` event of the fake window. */
export const tabsChanged = new EventEmitter<{ opened: { input: unknown }[]; closed: unknown[]; changed: unknown[] }>();

export const window = {
  activeTextEditor: undefined as unknown,
  visibleTextEditors: [] as unknown[],
  createOutputChannel: (name: string, _options?: unknown) => makeOutputChannel(name),
  /** Like VS Code's: `(id, alignment?, priority?)` or `(alignment?, priority?)`; every item is kept in `registered.statusBarItems`. */
  createStatusBarItem(idOrAlignment?: string | StatusBarAlignment, alignmentOrPriority?: StatusBarAlignment | number, priority?: number) {
    const id = typeof idOrAlignment === 'string' ? idOrAlignment : undefined;
    const alignment = typeof idOrAlignment === 'string' ? alignmentOrPriority : idOrAlignment;
    const item = {
      id, alignment, priority: typeof idOrAlignment === 'string' ? priority : alignmentOrPriority,
      text: '', tooltip: '' as unknown, command: undefined as unknown, name: '', visible: false,
      show() { item.visible = true; }, hide() { item.visible = false; }, dispose() { /* */ },
    };
    registered.statusBarItems.push(item);
    return item;
  },
  showInformationMessage: async (text: string, ..._items: unknown[]) => { registered.messages.push({ level: 'info', text }); return undefined; },
  showWarningMessage: async (text: string, ..._items: unknown[]) => { registered.messages.push({ level: 'warning', text }); return undefined; },
  showErrorMessage: async (text: string, ..._items: unknown[]) => { registered.messages.push({ level: 'error', text }); return undefined; },
  registerTreeDataProvider(viewId: string, provider: unknown): Disposable {
    registered.treeDataProviders.set(viewId, provider);
    return new Disposable(() => registered.treeDataProviders.delete(viewId));
  },
  onDidChangeActiveTextEditor: new EventEmitter<unknown>().event,
  /** Fire `tabsChanged` to play an editor tab opening (`tabGroups.onDidChangeTabs`). */
  tabGroups: { onDidChangeTabs: tabsChanged.event },
  withProgress: async <R>(_options: unknown, task: (progress: { report(v: unknown): void }, token: CancellationToken) => Promise<R>): Promise<R> =>
    task({ report() { /* */ } }, new CancellationTokenSource().token),
};

/** Fire these to play an edit, the closing or the saving of a document (`workspace.onDidChangeTextDocument` / `onDidCloseTextDocument` / `onDidSaveTextDocument`). */
export const textDocumentEvents = {
  change: new EventEmitter<unknown>(),
  close: new EventEmitter<unknown>(),
  save: new EventEmitter<unknown>(),
};

export const workspace = {
  isTrusted: true,
  textDocuments: [] as unknown[],
  getConfiguration(section?: string) {
    return {
      get<T>(key: string, defaultValue?: T): T | undefined {
        const full = section ? `${section}.${key}` : key;
        return configurationValues.has(full) ? (configurationValues.get(full) as T) : defaultValue;
      },
      update: async (key: string, value: unknown) => { configurationValues.set(section ? `${section}.${key}` : key, value); },
    };
  },
  onDidChangeConfiguration: onDidChangeConfigurationEmitter.event,
  onDidChangeTextDocument: textDocumentEvents.change.event,
  onDidOpenTextDocument: new EventEmitter<unknown>().event,
  onDidCloseTextDocument: textDocumentEvents.close.event,
  onDidSaveTextDocument: textDocumentEvents.save.event,
  applyEdit: async (_edit: WorkspaceEdit) => true,
};

export const env = { language: 'en' };

// ==== Localisation (vscode.l10n) ================================================================
// As VS Code does it: `t(message, ...args)` looks `message` up in the loaded bundle (none: English,
// the message itself), then fills {0}, {1}, ... (or {name} from one record argument). A test loads a
// bundle with `setL10nBundle` (test/l10n/ loads a pseudo-localised one) and clears it with `undefined`.

let l10nBundle: Record<string, string | { message: string }> | undefined;

/** Loads a bundle as VS Code does for a display language (undefined: English again). */
export function setL10nBundle(bundle: Record<string, string | { message: string }> | undefined): void {
  l10nBundle = bundle;
}

/** Every message `l10n.t` was asked for, in order (for tests that check a text went through it). */
export const l10nLookups: string[] = [];

export const l10n = {
  get bundle() { return l10nBundle; },
  uri: undefined as Uri | undefined,
  t(message: string | { message: string; args?: unknown[] | Record<string, unknown>; comment?: string | string[] }, ...args: unknown[]): string {
    const key = typeof message === 'string' ? message : message.comment ? `${message.message}/${[message.comment].flat().join('')}` : message.message;
    const text = typeof message === 'string' ? message : message.message;
    const values = typeof message === 'string' ? args : message.args ?? [];
    l10nLookups.push(key);
    const found = l10nBundle?.[key];
    const template = found === undefined ? text : typeof found === 'string' ? found : found.message;
    const named = !Array.isArray(values) ? values : values.length === 1 && values[0] !== null && typeof values[0] === 'object' ? values[0] as Record<string, unknown> : undefined;
    return template.replace(/\{([^{}]+)\}/g, (whole, name: string) => {
      const value = named ? named[name] : (values as unknown[])[Number(name)];
      return value === undefined ? whole : String(value);
    });
  },
};

// ==== Webview panels (added for the gradient panel's tests: src/panel, test/panel) ==============
// `window.createWebviewPanel` returns a FakeWebviewPanel whose webview records every `postMessage`;
// a test plays the webview with `panel.webview.fireMessage(...)` and hides/shows it with `setVisible`.

export class FakeWebview {
  html = '';
  options: { enableScripts?: boolean; enableCommandUris?: boolean; localResourceRoots?: readonly Uri[] } = {};
  readonly cspSource = 'https://*.vscode-cdn.net';
  /** Everything posted to the webview, in order. */
  readonly posted: any[] = [];
  private readonly received = new EventEmitter<unknown>();
  readonly onDidReceiveMessage = this.received.event;
  postMessage(message: unknown): Promise<boolean> { this.posted.push(message); return Promise.resolve(true); }
  asWebviewUri(uri: Uri): Uri { return uri.with({ scheme: 'vscode-webview-resource' }); }
  /** Test helper: a message from the webview to the host. */
  fireMessage(message: unknown): void { this.received.fire(message); }
}

export class FakeWebviewPanel {
  readonly webview = new FakeWebview();
  iconPath: unknown;
  visible = true;
  active = true;
  disposed = false;
  /** Calls of `reveal`, as [viewColumn, preserveFocus]. */
  readonly reveals: [unknown, boolean | undefined][] = [];
  private readonly disposeEmitter = new EventEmitter<void>();
  private readonly viewStateEmitter = new EventEmitter<{ webviewPanel: FakeWebviewPanel }>();
  readonly onDidDispose = this.disposeEmitter.event;
  readonly onDidChangeViewState = this.viewStateEmitter.event;
  constructor(readonly viewType: string, public title: string, readonly showOptions: unknown, readonly options: Record<string, unknown> = {}) {
    if (options) this.webview.options = { ...options } as FakeWebview['options'];
  }
  reveal(viewColumn?: unknown, preserveFocus?: boolean): void { this.reveals.push([viewColumn, preserveFocus]); this.visible = true; }
  dispose(): void { if (this.disposed) return; this.disposed = true; this.disposeEmitter.fire(); }
  /** Test helper: the user hides or shows the panel's tab. */
  setVisible(visible: boolean): void { this.visible = visible; this.active = visible; this.viewStateEmitter.fire({ webviewPanel: this }); }
}

/** Every panel created through `window.createWebviewPanel`, and the registered serializers. */
export const webviewPanels: FakeWebviewPanel[] = [];
export const webviewPanelSerializers = new Map<string, { deserializeWebviewPanel(panel: any, state: unknown): unknown }>();

Object.assign(window, {
  createWebviewPanel(viewType: string, title: string, showOptions: unknown, options?: Record<string, unknown>): FakeWebviewPanel {
    const panel = new FakeWebviewPanel(viewType, title, showOptions, options);
    webviewPanels.push(panel);
    return panel;
  },
  registerWebviewPanelSerializer(viewType: string, serializer: { deserializeWebviewPanel(panel: any, state: unknown): unknown }): Disposable {
    webviewPanelSerializers.set(viewType, serializer);
    return new Disposable(() => webviewPanelSerializers.delete(viewType));
  },
});

// ==== Teaching (added for src/teaching and test/teaching) ======================================
// Text document content providers, quick picks a test answers, text editors that record their
// decorations, status bar messages, an in-memory `workspace.fs`, and `env.openExternal`.
// `resetTeachingFake()` clears what this section records.

export const textDocumentContentProviders = new Map<string, { provideTextDocumentContent(uri: Uri, token?: unknown): unknown; onDidChange?: Event<Uri> }>();

/** Answers for `window.showQuickPick`, consumed in order: pick an item (or undefined to cancel). */
export const quickPickAnswers: ((items: any[]) => any)[] = [];
/** Answers for `showInputBox`, in order (undefined: the person pressed Escape); the options it was shown with. */
export const inputBoxAnswers: (string | undefined)[] = [];
export const inputBoxesShown: { title?: string; prompt?: string; value?: string; validateInput?(value: string): unknown }[] = [];
/** Every quick pick shown: its items and options. */
export const quickPicksShown: { items: any[]; options: unknown }[] = [];
/** Answers for `showInformationMessage`/`showWarningMessage` when they offer items (e.g. 'Overwrite'). */
export const messageAnswers: (string | undefined)[] = [];

export class FakeTextEditorDecorationType {
  disposed = false;
  constructor(readonly key: string, readonly options: unknown) {}
  dispose(): void { this.disposed = true; }
}

/** A text editor that records `setDecorations`. */
export class FakeTextEditor {
  readonly decorations = new Map<FakeTextEditorDecorationType, unknown[]>();
  selection: Selection | undefined;
  constructor(readonly document: { uri: Uri; version?: number; getText?(): string; fileName?: string; languageId?: string }) {}
  setDecorations(type: FakeTextEditorDecorationType, rangesOrOptions: unknown[]): void { this.decorations.set(type, rangesOrOptions); }
  revealRange(): void { /* nothing to scroll */ }
}

export const statusBarMessages: { text: string; disposed: boolean }[] = [];
export const shownDocuments: { uri: Uri; options: unknown }[] = [];
export const openedExternally: Uri[] = [];
/** The in-memory file system behind `workspace.fs`, keyed by `uri.toString()`. */
export const fakeFiles = new Map<string, Uint8Array>();

let decorationTypes = 0;

function filesUnder(folder: Uri): [string, Uint8Array][] {
  const prefix = `${folder.toString().replace(/\/$/, '')}/`;
  return [...fakeFiles].filter(([key]) => key.startsWith(prefix));
}

function fileNotFound(uri: Uri): Error {
  return Object.assign(new Error(`file not found: ${uri.toString()}`), { code: 'FileNotFound' });
}

Object.assign(workspace, {
  registerTextDocumentContentProvider(scheme: string, provider: { provideTextDocumentContent(uri: Uri): unknown; onDidChange?: Event<Uri> }): Disposable {
    textDocumentContentProviders.set(scheme, provider);
    return new Disposable(() => textDocumentContentProviders.delete(scheme));
  },
  fs: {
    async readFile(uri: Uri): Promise<Uint8Array> {
      const data = fakeFiles.get(uri.toString());
      if (!data) throw fileNotFound(uri);
      return data;
    },
    async writeFile(uri: Uri, content: Uint8Array): Promise<void> { fakeFiles.set(uri.toString(), content); },
    /** A file (type 1), or a folder (type 2) when files lie under it. */
    async stat(uri: Uri): Promise<{ type: number; size: number }> {
      const data = fakeFiles.get(uri.toString());
      if (data) return { type: 1, size: data.length };
      if (filesUnder(uri).length > 0) return { type: 2, size: 0 };
      throw fileNotFound(uri);
    },
    async createDirectory(_uri: Uri): Promise<void> { /* folders exist through their files */ },
    /** Moves a file; refuses to replace one unless `overwrite`. */
    async rename(source: Uri, target: Uri, options: { overwrite?: boolean } = {}): Promise<void> {
      const data = fakeFiles.get(source.toString());
      if (!data) throw fileNotFound(source);
      if (!options.overwrite && fakeFiles.has(target.toString())) throw Object.assign(new Error(`file exists: ${target.toString()}`), { code: 'FileExists' });
      fakeFiles.delete(source.toString());
      fakeFiles.set(target.toString(), data);
    },
    async delete(uri: Uri): Promise<void> {
      if (!fakeFiles.delete(uri.toString())) throw fileNotFound(uri);
    },
    /** Copies a file, or every file under a folder; refuses to replace one unless `overwrite`. */
    async copy(source: Uri, target: Uri, options: { overwrite?: boolean } = {}): Promise<void> {
      const from = source.toString(), to = target.toString();
      const moves: [string, Uint8Array][] = fakeFiles.has(from)
        ? [[to, fakeFiles.get(from)!]]
        : filesUnder(source).map(([key, data]) => [to + key.slice(from.length), data]);
      if (moves.length === 0) throw fileNotFound(source);
      if (!options.overwrite && moves.some(([key]) => fakeFiles.has(key))) throw Object.assign(new Error(`file exists: ${to}`), { code: 'FileExists' });
      for (const [key, data] of moves) fakeFiles.set(key, data);
    },
  },
});

Object.assign(window, {
  createTextEditorDecorationType(options: unknown): FakeTextEditorDecorationType {
    return new FakeTextEditorDecorationType(`decoration-${++decorationTypes}`, options);
  },
  setStatusBarMessage(text: string, _hideAfter?: number): Disposable {
    const entry = { text, disposed: false };
    statusBarMessages.push(entry);
    return new Disposable(() => { entry.disposed = true; });
  },
  async showQuickPick(items: any[] | Promise<any[]>, options?: unknown): Promise<any> {
    const list = await items;
    quickPicksShown.push({ items: list, options });
    const answer = quickPickAnswers.shift();
    return answer ? answer(list) : undefined;
  },
  async showInputBox(options: (typeof inputBoxesShown)[number] = {}): Promise<string | undefined> {
    inputBoxesShown.push(options);
    return inputBoxAnswers.shift();
  },
  async showTextDocument(target: Uri | { uri: Uri }, options?: unknown): Promise<FakeTextEditor> {
    const uri = target instanceof Uri ? target : target.uri;
    shownDocuments.push({ uri, options });
    const editor = new FakeTextEditor({ uri });
    window.activeTextEditor = editor;
    return editor;
  },
  showInformationMessage: async (text: string, ...items: unknown[]) => {
    registered.messages.push({ level: 'info', text });
    return items.some((i) => typeof i === 'string') ? messageAnswers.shift() : undefined;
  },
  showWarningMessage: async (text: string, ...items: unknown[]) => {
    registered.messages.push({ level: 'warning', text });
    return items.some((i) => typeof i === 'string') ? messageAnswers.shift() : undefined;
  },
});

Object.assign(env, {
  async openExternal(uri: Uri): Promise<boolean> { openedExternally.push(uri); return true; },
});

/** Clears everything the teaching section records (and the shared recorders' commands and messages). */
export function resetTeachingFake(): void {
  textDocumentContentProviders.clear();
  quickPickAnswers.length = 0;
  inputBoxAnswers.length = 0;
  inputBoxesShown.length = 0;
  quickPicksShown.length = 0;
  messageAnswers.length = 0;
  statusBarMessages.length = 0;
  shownDocuments.length = 0;
  openedExternally.length = 0;
  fakeFiles.clear();
  registered.commands.clear();
  registered.executed.length = 0;
  registered.messages.length = 0;
  window.activeTextEditor = undefined;
  window.visibleTextEditors = [];
}

Object.assign(Uri, {
  /** `Uri.from` of the real API: components are kept as given (no encoding). */
  from(components: { scheme: string; path?: string; query?: string; fragment?: string }): Uri {
    return Uri.parse(`${components.scheme}:${components.path ?? ''}`).with({ query: components.query ?? '', fragment: components.fragment ?? '' });
  },
});

export enum TextEditorRevealType { Default = 0, InCenter = 1, InCenterIfOutsideViewport = 2, AtTop = 3 }

// ---- completion (schema language features) ---------------------------------------------------

export enum CompletionItemKind { Text = 0, Method = 1, Function = 2, Constructor = 3, Field = 4, Variable = 5, Class = 6, Interface = 7, Module = 8, Property = 9, Unit = 10, Value = 11, Enum = 12, Keyword = 13, Snippet = 14 }
export class SnippetString {
  constructor(public value = '') {}
}
export class CompletionItem {
  insertText?: string | SnippetString;
  range?: Range;
  detail?: string;
  documentation?: string | MarkdownString;
  filterText?: string;
  sortText?: string;
  constructor(public label: string, public kind?: CompletionItemKind) {}
}

// ==== Editing comforts (src/editing): formatting edits, document symbols, folding ================
export enum EndOfLine { LF = 1, CRLF = 2 }
export class TextEdit {
  constructor(public range: Range, public newText: string) {}
  static replace(range: Range, newText: string): TextEdit { return new TextEdit(range, newText); }
}
export enum SymbolKind {
  File = 0, Module = 1, Namespace = 2, Package = 3, Class = 4, Method = 5, Property = 6, Field = 7, Constructor = 8,
  Enum = 9, Interface = 10, Function = 11, Variable = 12, Constant = 13, String = 14, Number = 15, Boolean = 16,
  Array = 17, Object = 18, Key = 19, Null = 20, EnumMember = 21, Struct = 22, Event = 23, Operator = 24, TypeParameter = 25,
}
export class DocumentSymbol {
  children: DocumentSymbol[] = [];
  constructor(public name: string, public detail: string, public kind: SymbolKind, public range: Range, public selectionRange: Range) {}
}
export enum FoldingRangeKind { Comment = 1, Imports = 2, Region = 3 }
export class FoldingRange {
  constructor(public start: number, public end: number, public kind?: FoldingRangeKind) {}
}
