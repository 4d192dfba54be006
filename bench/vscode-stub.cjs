'use strict';
// A minimal stand-in for the `vscode` module, enough for GradLens's `activate(context)` to run in
// plain Node (bench/activation-probe.cjs). Registrations are recorded and do nothing; any member
// not written out here is a no-op function returning a disposable, so a new API call in activate()
// does not break the measurement. It is not a VS Code: only the cost of GradLens's own code is timed.
const noop = () => {};
const disposable = () => ({ dispose: noop });

class Disposable {
  constructor(fn) { this.fn = fn; }
  dispose() { this.fn?.(); this.fn = undefined; }
  static from(...items) { return new Disposable(() => items.forEach((d) => d.dispose())); }
}

class EventEmitter {
  constructor() {
    this.listeners = new Set();
    this.event = (listener) => { this.listeners.add(listener); return { dispose: () => this.listeners.delete(listener) }; };
  }
  fire(value) { for (const l of [...this.listeners]) l(value); }
  dispose() { this.listeners.clear(); }
}

class Uri {
  constructor(scheme, path, query = '', fragment = '') {
    this.scheme = scheme; this.authority = ''; this.path = path; this.query = query; this.fragment = fragment;
  }
  get fsPath() { return this.path; }
  static file(p) { return new Uri('file', p); }
  static parse(s) { const m = /^([a-z][\w+.-]*):(?:\/\/[^/]*)?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/i.exec(s); return m ? new Uri(m[1], m[2], m[3] ?? '', m[4] ?? '') : new Uri('file', s); }
  static from(c) { return new Uri(c.scheme, c.path ?? '', c.query ?? '', c.fragment ?? ''); }
  static joinPath(base, ...parts) { return new Uri(base.scheme, [base.path, ...parts].join('/').replace(/\/+/g, '/')); }
  with(change) { return new Uri(change.scheme ?? this.scheme, change.path ?? this.path, change.query ?? this.query, change.fragment ?? this.fragment); }
  toString() { return `${this.scheme}://${this.path}${this.query ? `?${this.query}` : ''}${this.fragment ? `#${this.fragment}` : ''}`; }
}

class Position { constructor(line, character) { this.line = line; this.character = character; } }
class Range {
  constructor(a, b, c, d) {
    if (typeof a === 'number') { this.start = new Position(a, b); this.end = new Position(c, d); } else { this.start = a; this.end = b; }
  }
}
class Selection extends Range {}
/** A plain class whose constructor keeps its arguments. */
const plainClass = (name) => ({ [name]: class { constructor(...args) { this.args = args; } } })[name];

/** Any unknown member: a no-op function that returns a disposable. */
function namespace(known) {
  return new Proxy(known, { get: (target, key) => (key in target ? target[key] : typeof key === 'symbol' ? undefined : disposable) });
}

const outputChannel = () => namespace({ name: 'GradLens', info: noop, warn: noop, error: noop, debug: noop, trace: noop, appendLine: noop, append: noop, show: noop, dispose: noop });
const event = () => disposable();

const enumOf = (...names) => Object.fromEntries(names.map((n, i) => [n, i + 1]));

module.exports = namespace({
  version: '1.100.0-stub',
  Disposable, EventEmitter, Uri, Position, Range, Selection,
  CodeLens: plainClass('CodeLens'), InlayHint: plainClass('InlayHint'), InlayHintLabelPart: plainClass('InlayHintLabelPart'),
  Hover: plainClass('Hover'), MarkdownString: plainClass('MarkdownString'), Diagnostic: plainClass('Diagnostic'),
  CodeAction: plainClass('CodeAction'), WorkspaceEdit: plainClass('WorkspaceEdit'), TreeItem: plainClass('TreeItem'),
  ThemeColor: plainClass('ThemeColor'), ThemeIcon: plainClass('ThemeIcon'),
  CodeActionKind: { QuickFix: { value: 'quickfix' }, Empty: { value: '' } },
  InlayHintKind: { Type: 1, Parameter: 2 },
  DocumentSymbol: plainClass('DocumentSymbol'), FoldingRange: plainClass('FoldingRange'),
  SymbolKind: Object.fromEntries(['File', 'Module', 'Namespace', 'Package', 'Class', 'Method', 'Property', 'Field', 'Constructor', 'Enum', 'Interface', 'Function', 'Variable', 'Constant', 'String', 'Number', 'Boolean', 'Array', 'Object', 'Key', 'Null', 'EnumMember', 'Struct', 'Event', 'Operator', 'TypeParameter'].map((n, i) => [n, i])),
  FoldingRangeKind: { Comment: 1, Imports: 2, Region: 3 },
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  StatusBarAlignment: { Left: 1, Right: 2 },
  ViewColumn: { Active: -1, Beside: -2, One: 1, Two: 2 },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  TextEditorRevealType: enumOf('Default', 'InCenter', 'InCenterIfOutsideViewport', 'AtTop'),
  window: namespace({
    activeTextEditor: undefined, visibleTextEditors: [],
    createOutputChannel: outputChannel,
    createTreeView: () => namespace({ visible: false, onDidChangeVisibility: event, onDidChangeSelection: event, onDidExpandElement: event, onDidCollapseElement: event, reveal: async () => {}, dispose: noop }),
    createStatusBarItem: () => namespace({ show: noop, hide: noop, dispose: noop }),
    createTextEditorDecorationType: () => ({ key: 'stub', dispose: noop }),
    onDidChangeActiveTextEditor: event, onDidChangeVisibleTextEditors: event, tabGroups: { onDidChangeTabs: event },
    registerWebviewPanelSerializer: disposable,
  }),
  workspace: namespace({
    isTrusted: true, textDocuments: [], workspaceFolders: undefined,
    getConfiguration: () => ({ get: (_key, fallback) => fallback, has: () => false, inspect: () => undefined, update: async () => {} }),
    onDidOpenTextDocument: event, onDidChangeTextDocument: event, onDidCloseTextDocument: event,
    onDidChangeConfiguration: event, onDidSaveTextDocument: event, onDidGrantWorkspaceTrust: event,
    registerTextDocumentContentProvider: disposable,
    fs: namespace({}),
  }),
  languages: namespace({ createDiagnosticCollection: () => namespace({ set: noop, delete: noop, clear: noop, dispose: noop }) }),
  commands: namespace({ registerCommand: disposable, executeCommand: async () => undefined }),
  env: namespace({ language: 'en', openExternal: async () => true }),
  // English as written: `t('{0} steps', 3)`, `t('{n} steps', { n: 3 })` or `t({ message, args })`.
  l10n: {
    bundle: undefined, uri: undefined,
    t: (first, ...rest) => {
      const message = typeof first === 'string' ? first : first.message;
      const args = typeof first === 'string' ? (rest.length === 1 && rest[0] !== null && typeof rest[0] === 'object' ? rest[0] : rest) : (first.args ?? []);
      return message.replace(/\{([^}]+)\}/g, (whole, key) => (key in args ? String(args[key]) : whole));
    },
  },
  extensions: namespace({}),
});
