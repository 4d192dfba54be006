/** Shows `layerHover` over a layer of an analysed model file. */
import * as vscode from 'vscode';
import type { DocumentAnalyses } from '../session/documentAnalyses';
import type { DepthLevelState } from '../teaching/depthLevel';
import { layerHover } from './layerHover';
import { readSettings } from '../settings';

export class LayerHoverProvider implements vscode.HoverProvider {
  constructor(private readonly analyses: DocumentAnalyses, private readonly depth: DepthLevelState) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const state = this.analyses.get(document.uri.toString());
    if (!state?.outcome?.analysis || state.version !== document.version) return undefined;
    return layerHover(state.outcome.analysis, position, this.depth.current, readSettings().classicNames);
  }
}
