/**
 * The editing comforts of a model file in VS Code: Format Document, the Outline (and breadcrumbs)
 * and folding. Each maps one pure module of this folder to VS Code's types; none needs an analysis.
 */
import * as vscode from 'vscode';
import { formatModelText, minimalEdit } from './formatModel';
import { modelOutline, type OutlineKind, type OutlineSymbol } from './modelOutline';
import { modelFolds } from './modelFolding';

/** `gradlens.format.keepShortNumberArrays`: short number arrays stay on one line (default on). */
export function keepShortNumberArrays(): boolean {
  return vscode.workspace.getConfiguration('gradlens').get<boolean>('format.keepShortNumberArrays', true) !== false;
}

export class ModelFormatter implements vscode.DocumentFormattingEditProvider {
  constructor(private readonly keepArrays: () => boolean = keepShortNumberArrays) {}

  /** Called by VS Code on Format Document (and on save with `editor.formatOnSave`). */
  provideDocumentFormattingEdits(document: vscode.TextDocument, options: vscode.FormattingOptions): vscode.TextEdit[] {
    const text = document.getText();
    const formatted = formatModelText(text, {
      tabSize: options.tabSize,
      insertSpaces: options.insertSpaces,
      eol: document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n',
      keepShortNumberArrays: this.keepArrays(),
    });
    const edit = minimalEdit(text, formatted);
    if (!edit) return [];
    return [vscode.TextEdit.replace(new vscode.Range(document.positionAt(edit.offset), document.positionAt(edit.offset + edit.length)), edit.newText)];
  }
}

const SYMBOL_KINDS: Record<OutlineKind, vscode.SymbolKind> = {
  layers: vscode.SymbolKind.Array,
  layer: vscode.SymbolKind.Class,
  parameter: vscode.SymbolKind.Field,
  activation: vscode.SymbolKind.Function,
  loss: vscode.SymbolKind.Function,
  data: vscode.SymbolKind.Struct,
  train: vscode.SymbolKind.Event,
  setting: vscode.SymbolKind.Property,
  entry: vscode.SymbolKind.Property,
};

export class ModelOutlineProvider implements vscode.DocumentSymbolProvider {
  /** Called by VS Code for the Outline view, the breadcrumbs and Go to Symbol (Ctrl+Shift+O). */
  provideDocumentSymbols(document: vscode.TextDocument): vscode.DocumentSymbol[] {
    const range = ([start, end]: readonly [number, number]) => new vscode.Range(document.positionAt(start), document.positionAt(end));
    const toSymbol = (s: OutlineSymbol): vscode.DocumentSymbol => {
      const symbol = new vscode.DocumentSymbol(s.name, s.detail, SYMBOL_KINDS[s.kind], range(s.range), range(s.selection));
      symbol.children = s.children.map(toSymbol);
      return symbol;
    };
    return modelOutline(document.getText()).map(toSymbol);
  }
}

export class ModelFoldingProvider implements vscode.FoldingRangeProvider {
  /** Called by VS Code for the folding controls in the gutter. */
  provideFoldingRanges(document: vscode.TextDocument): vscode.FoldingRange[] {
    return modelFolds(document.getText()).map((f) => new vscode.FoldingRange(f.start, f.end, f.comment ? vscode.FoldingRangeKind.Comment : undefined));
  }
}

/** Registers the three for model files; returns their registrations. */
export function registerEditingProviders(selector: vscode.DocumentSelector): vscode.Disposable[] {
  return [
    vscode.languages.registerDocumentFormattingEditProvider(selector, new ModelFormatter()),
    vscode.languages.registerDocumentSymbolProvider(selector, new ModelOutlineProvider(), { label: 'GradLens' }),
    vscode.languages.registerFoldingRangeProvider(selector, new ModelFoldingProvider()),
  ];
}
