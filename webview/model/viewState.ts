/**
 * The little the webview remembers itself (through `vscode.setState`): how the user looks at the data,
 * never the data. Everything restored is validated, because it may come from an older version.
 */
import { parseBoundaryOptions, parseContourAxes, parseSliceTarget, type BoundaryOptions, type ContourAxes, type DepthLevel, type SliceTarget } from '../../src/shared/protocol';
import { isDepthLevel } from './depth';
import { parsePanelSelection, type PanelSelection } from './selection';

export type EdgeWidthBy = 'gradient' | 'weight';
/** Heat maps of a layered model: one colour scale per layer (`shared`) or one per map. */
export type MapScale = 'shared' | 'per-map';

export interface ViewState {
  readonly version: 1;
  /** Index into the analysis' sample inputs (the first ≤ 32 training samples). */
  readonly sample: number;
  /** The depth chosen in the panel, until the host confirms it. */
  readonly depthOverride?: DepthLevel;
  readonly edgeWidthBy: EdgeWidthBy;
  readonly logScale: boolean;
  /** Absent: `shared`. */
  readonly mapScale?: MapScale;
  readonly selection?: PanelSelection;
  /** Keys of the expanded gradient-check rows. */
  readonly expanded: readonly string[];
  /** Overrides for the next run, empty = the file's `train` settings. */
  readonly epochs?: number;
  readonly learningRate?: number;
  /** The decision boundary's plane (two inputs and how the others are held). */
  readonly plane?: BoundaryOptions;
  /** The weight or bias the loss slice moves. */
  readonly sliceTarget?: SliceTarget;
  /** The loss contour's plane at depth Derive (absent: the slice's parameter against its neighbour). */
  readonly contourAxes?: ContourAxes;
}

export const INITIAL_VIEW_STATE: ViewState = { version: 1, sample: 0, edgeWidthBy: 'gradient', logScale: true, expanded: [] };

function positive(v: unknown, max: number, integer: boolean): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= max && (!integer || Number.isInteger(v)) ? v : undefined;
}

export function restoreViewState(raw: unknown): ViewState {
  if (typeof raw !== 'object' || raw === null) return INITIAL_VIEW_STATE;
  const s = raw as Record<string, unknown>;
  const sample = Number.isInteger(s.sample) && (s.sample as number) >= 0 && (s.sample as number) < 1024 ? (s.sample as number) : 0;
  const expanded = Array.isArray(s.expanded) ? s.expanded.filter((k): k is string => typeof k === 'string' && k.length < 64).slice(0, 64) : [];
  const view: { -readonly [K in keyof ViewState]: ViewState[K] } = {
    version: 1,
    sample,
    edgeWidthBy: s.edgeWidthBy === 'weight' ? 'weight' : 'gradient',
    logScale: typeof s.logScale === 'boolean' ? s.logScale : INITIAL_VIEW_STATE.logScale,
    expanded,
  };
  if (s.mapScale === 'per-map' || s.mapScale === 'shared') view.mapScale = s.mapScale;
  if (isDepthLevel(s.depthOverride)) view.depthOverride = s.depthOverride;
  const selection = parsePanelSelection(s.selection);
  if (selection) view.selection = selection;
  const epochs = positive(s.epochs, 1_000_000, true);
  if (epochs !== undefined) view.epochs = epochs;
  const learningRate = positive(s.learningRate, 1e3, false);
  if (learningRate !== undefined) view.learningRate = learningRate;
  const plane = parseBoundaryOptions(s.plane);
  if (plane) view.plane = plane;
  const sliceTarget = parseSliceTarget(s.sliceTarget);
  if (sliceTarget) view.sliceTarget = sliceTarget;
  const contourAxes = parseContourAxes(s.contourAxes);
  if (contourAxes) view.contourAxes = contourAxes;
  return view;
}
