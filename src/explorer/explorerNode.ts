/** A node of the Gradient Explorer's tree (explorerItems.ts builds them; gradientExplorer.ts shows them). */
import type { SourceRange } from '../model/types';

/** `filter` and `channel`: a conv layer's filters and their input channels (layered models). */
export type ExplorerNodeKind = 'model' | 'layer' | 'param' | 'unit' | 'filter' | 'channel';

export interface ExplorerNode {
  /** Stable id: `uri#layer/param/unit`. */
  readonly id: string;
  readonly kind: ExplorerNodeKind;
  readonly label: string;
  readonly description?: string;
  readonly tooltip: string;
  /** A codicon id: `warning`, `error`, `symbol-class`, … */
  readonly icon: string;
  /** Where clicking reveals, in the document. */
  readonly range?: SourceRange;
  readonly uri: string;
  readonly layerIndex?: number;
  readonly param?: 'weights' | 'bias';
  readonly unit?: number;
  readonly children: readonly ExplorerNode[];
}
