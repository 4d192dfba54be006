/** Open Gradient Panel, Reveal in Editor and Set Teaching Depth. */
import * as vscode from 'vscode';
import type { DepthLevel, Selection } from '../shared/protocol';
import type { SourceRange } from '../model/types';
import type { DepthLevelState } from '../teaching/depthLevel';
import type { ModelDocuments } from '../session/modelDocuments';
import { toRange } from '../ranges';
import { depthDescription, depthName } from '../shared/depth';
import { uriArgument } from './trainingCommands';
import type { LectureListener } from '../teaching/lectureTimeline';

export interface NavigationDeps {
  readonly documents: ModelDocuments;
  readonly depth: DepthLevelState;
  /** Opens (or brings forward) the gradient panel, pointed at a selection. */
  readonly showPanel: (focus?: Selection) => void;
  /** Told of the panel opened (the lecture recorder, which hears depth changes from the depth itself). */
  readonly lecture?: LectureListener;
}

/** Shows a document and selects a range in it. */
export async function revealRange(uri: string, range: vscode.Range): Promise<void> {
  const editor = await vscode.window.showTextDocument(vscode.Uri.parse(uri), { preserveFocus: false, preview: false, viewColumn: vscode.ViewColumn.One });
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

export function registerNavigationCommands(deps: NavigationDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('gradlens.openPanel', (arg?: unknown) => {
      const layerIndex = (arg as { layerIndex?: unknown } | undefined)?.layerIndex;
      deps.showPanel(Number.isInteger(layerIndex) ? { layerIndex: layerIndex as number } : undefined);
      deps.lecture?.record(uriArgument(arg), { kind: 'openPanel' });
    }),
    vscode.commands.registerCommand('gradlens.revealRange', async (uri: string, range: SourceRange) => {
      if (typeof uri !== 'string' || !range?.start) return;
      await revealRange(uri, toRange(range));
    }),
    vscode.commands.registerCommand('gradlens.setDepth', async (level?: unknown) => {
      if (level === 1 || level === 2 || level === 3 || level === 4) {
        await deps.depth.set(level);
        return;
      }
      const items = ([1, 2, 3, 4] as DepthLevel[]).map((d) => ({
        label: `${d} ${depthName(d)}`, description: d === deps.depth.current ? vscode.l10n.t('current') : undefined, detail: depthDescription(d), depth: d,
      }));
      const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('GradLens: how deep should it go?') });
      if (pick) await deps.depth.set(pick.depth);
    }),
  ];
}
