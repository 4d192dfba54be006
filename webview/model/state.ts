/**
 * The panel's state and its reducer: pure functions, no DOM, no `vscode`. Host messages and user
 * actions go in, a new state comes out; `outgoing` says which messages an action sends to the host.
 */
import { l10n } from '../../src/shared/l10n';
import type { Analysis } from '../../src/shared/analysis';
import {
  parseSliceTarget,
  type BoundaryGrid, type BoundaryOptions, type DepthLevel, type HostToPanelMessage, type LossSlice, type PanelCommand, type PanelToHostMessage,
  type ContourAxes, type ConvSampleGradients, type PhaseView, type RunComparison, type RunState, type Selection, type SliceTarget, type TrainingCurves,
} from '../../src/shared/protocol';
import { planeFor } from './boundaryModel';
import { chosenConvLayer } from './convStepModel';
import { visibility } from './depth';
import { sliceTargetFor } from './sliceModel';
import { contourAxesFor } from './contourModel';
import { baselineOf, emptyLayerHistory, recordLayerStats, type Baseline, type LayerHistory } from './layerHistory';
import { appendPoints, emptySeries, seriesFrom, visiblePoints, type LossSeries } from './lossSeries';
import { fromProtocolSelection, toProtocolSelection, type PanelSelection } from './selection';
import { clampSample } from './values';
import { INITIAL_VIEW_STATE, type EdgeWidthBy, type MapScale, type ViewState } from './viewState';

export interface PanelState {
  readonly view: ViewState;
  /** True once the first snapshot arrived. */
  readonly loaded: boolean;
  readonly documentUri?: string;
  readonly analysis?: Analysis;
  /** True when the file stopped parsing and `analysis` is the last valid one. */
  readonly stale: boolean;
  readonly errors: readonly string[];
  readonly runState: RunState;
  /** The depth the host says (settings, the status bar, the panel). */
  readonly hostDepth: DepthLevel;
  /** The host's `gradlens.classicNames` setting (the walkthrough's w1…w8 in the inspector). */
  readonly classicNames?: boolean;
  readonly loss: LossSeries;
  readonly layerHistory: LayerHistory;
  /** The first analysis of this document (or since a reset), for "then and now" histograms. */
  readonly baseline?: Baseline;
  /** Bumped whenever the host asks to focus the selection (a lens or explorer click). */
  readonly focusRequest: number;
  /** The step-through stop on screen for this document (undefined: not stepping through). */
  readonly stepThrough?: PhaseView;
  /** The last squared-error-versus-cross-entropy curves of this document. */
  readonly comparison?: TrainingCurves;
  /** The last Compare Runs of this document (the model and a variant from the same seed). */
  readonly runComparison?: RunComparison;
  /** The decision boundary and the loss slice, and whether they need asking for again. */
  readonly teach: TeachingViews;
}

/** A view the worker computes: `dirty` when what it shows changed, `inFlight` while the host is asked. */
export interface ViewRequest {
  readonly inFlight: boolean;
  readonly dirty: boolean;
}

export interface TeachingViews {
  readonly boundary?: BoundaryGrid;
  readonly boundaryProblem?: string;
  readonly boundaryAsk: ViewRequest;
  readonly slice?: LossSlice;
  readonly sliceProblem?: string;
  readonly sliceAsk: ViewRequest;
  /** The conv step card's layer (absent: the first conv layer) and its sample's conv gradients, asked for while it shows δ. */
  readonly convLayer?: number;
  readonly convGradients?: ConvSampleGradients;
  readonly convAsk: ViewRequest;
}

/** The views the panel asks the host for, and where each one's request state is kept. */
export type AskedView = 'boundary' | 'slice' | 'conv';
const ASKS = { boundary: 'boundaryAsk', slice: 'sliceAsk', conv: 'convAsk' } as const satisfies Record<AskedView, keyof TeachingViews>;

const FRESH_VIEWS: TeachingViews = {
  boundaryAsk: { inFlight: false, dirty: true }, sliceAsk: { inFlight: false, dirty: true }, convAsk: { inFlight: false, dirty: true },
};

export type PanelAction =
  | { readonly type: 'host'; readonly message: HostToPanelMessage }
  | { readonly type: 'selectSample'; readonly sample: number }
  | { readonly type: 'chooseDepth'; readonly depth: DepthLevel }
  | { readonly type: 'select'; readonly selection: PanelSelection | undefined }
  | { readonly type: 'setEdgeWidthBy'; readonly by: EdgeWidthBy }
  | { readonly type: 'setLogScale'; readonly on: boolean }
  /** Feature maps and kernels: one colour scale per layer (`shared`) or per map. */
  | { readonly type: 'setMapScale'; readonly scale: MapScale }
  | { readonly type: 'toggleRow'; readonly key: string }
  | { readonly type: 'setEpochs'; readonly epochs: number | undefined }
  | { readonly type: 'setLearningRate'; readonly learningRate: number | undefined }
  /** The decision boundary's plane was chosen. */
  | { readonly type: 'choosePlane'; readonly plane: BoundaryOptions }
  /** The weight or bias to slice was chosen. */
  | { readonly type: 'chooseSliceTarget'; readonly target: SliceTarget }
  /** The loss contour's plane was chosen (depth Derive). */
  | { readonly type: 'chooseContourAxes'; readonly axes: ContourAxes }
  /** The conv step card's layer was chosen. */
  | { readonly type: 'chooseConvLayer'; readonly layer: number }
  /** The panel asked the host for a view (see `pendingRequests`). */
  | { readonly type: 'requested'; readonly view: AskedView };

export function initialState(view: ViewState = INITIAL_VIEW_STATE): PanelState {
  return {
    view, loaded: false, stale: false, errors: [], runState: 'idle', hostDepth: 2,
    loss: emptySeries(), layerHistory: emptyLayerHistory(), focusRequest: 0, teach: FRESH_VIEWS,
  };
}

export function effectiveDepth(state: PanelState): DepthLevel {
  return state.view.depthOverride ?? state.hostDepth;
}

function withView(state: PanelState, change: Partial<ViewState>): PanelState {
  return { ...state, view: { ...state.view, ...change } };
}

function omitOverride(view: ViewState, confirmed: DepthLevel): ViewState {
  if (view.depthOverride === undefined || view.depthOverride !== confirmed) return view;
  const { depthOverride: _confirmed, ...rest } = view;
  return rest;
}

function applySnapshot(state: PanelState, m: Extract<HostToPanelMessage, { type: 'snapshot' }>): PanelState {
  const sameDocument = state.documentUri === m.documentUri;
  const analysis = m.analysis;
  const previous = sameDocument ? state.analysis : undefined;
  const wasReset = !!analysis && !!previous && analysis.step < previous.step;
  const fresh = !sameDocument || wasReset;

  let loss = fresh ? emptySeries(state.loss.max) : state.loss;
  if (analysis && analysis.history.length > 0) {
    // The snapshot's history is the whole run so far; points that arrived after it was taken are kept.
    const lastInHistory = analysis.history[analysis.history.length - 1].step;
    const later = visiblePoints(loss).filter((p) => p.step > lastInHistory);
    loss = appendPoints(seriesFrom(analysis.history, state.loss.max), later);
  } else if (analysis && analysis.step === 0) {
    loss = emptySeries(state.loss.max);
  }

  const layerHistory = analysis
    ? recordLayerStats(fresh ? emptyLayerHistory(state.layerHistory.max) : state.layerHistory, analysis)
    : fresh ? emptyLayerHistory(state.layerHistory.max) : state.layerHistory;
  const baseline = analysis && (fresh || !state.baseline || analysis.step === 0 || analysis.layers.length !== state.baseline.activations.length)
    ? baselineOf(analysis)
    : fresh ? undefined : state.baseline;

  let view = omitOverride(state.view, m.depth);
  view = { ...view, sample: clampSample(analysis ?? state.analysis, view.sample) };
  if (!sameDocument && state.documentUri !== undefined) {
    const { selection: _old, ...rest } = view;
    view = { ...rest, expanded: [] };
  }
  if (m.focus) view = { ...view, selection: fromProtocolSelection(m.focus) };
  const focusTarget = m.focus ? parseSliceTarget(m.focus) : undefined;
  if (focusTarget) view = { ...view, sliceTarget: focusTarget };

  const { stepThrough: _stepThrough, comparison: _comparison, runComparison: _runComparison, ...kept } = state;
  return {
    ...(sameDocument ? state : kept),
    teach: sameDocument ? newAnalysis(state.teach) : FRESH_VIEWS,
    view,
    loaded: true,
    documentUri: m.documentUri,
    analysis: analysis ?? (sameDocument ? state.analysis : undefined),
    stale: !analysis && sameDocument && state.analysis !== undefined,
    errors: m.errors,
    runState: m.runState,
    hostDepth: m.depth,
    classicNames: m.classicNames === true,
    loss,
    layerHistory,
    baseline,
    focusRequest: m.focus ? state.focusRequest + 1 : state.focusRequest,
  };
}

/**
 * A weight or bias the host points at (an explorer entry, a lens, `gradlens.showGradientPanel` with a
 * selection argument) becomes the loss slice's parameter.
 */
function followFocus(state: PanelState, selection: Selection): PanelState {
  const target = parseSliceTarget(selection);
  if (!target) return state;
  return withTeach(withView(state, { sliceTarget: target }), { sliceAsk: { ...state.teach.sliceAsk, dirty: true } });
}

/** New parameters on screen: the views are out of date (asked for again once the current asks return). */
function dirtyBoth(t: TeachingViews): TeachingViews {
  return { ...t, boundaryAsk: { ...t.boundaryAsk, dirty: true }, sliceAsk: { ...t.sliceAsk, dirty: true } };
}

/** A new analysis on screen: its conv gradients are not asked for yet (those on screen were the last one's). */
function newAnalysis(t: TeachingViews): TeachingViews {
  const { convGradients: _lastAnalysis, ...rest } = dirtyBoth(t);
  return { ...rest, convAsk: { ...t.convAsk, dirty: true } };
}

/** The conv gradients of the card's layer and sample at the analysis on screen, or none. */
export function convGradientsOnScreen(state: PanelState): ConvSampleGradients | undefined {
  const g = state.teach.convGradients;
  if (!g || !state.analysis) return undefined;
  const layer = chosenConvLayer(state.analysis, state.teach.convLayer);
  return g.layer === layer && g.sample === state.view.sample && g.step === state.analysis.step ? g : undefined;
}

function withTeach(state: PanelState, change: Partial<TeachingViews>): PanelState {
  return { ...state, teach: { ...state.teach, ...change } };
}

function applyBoundary(state: PanelState, m: Extract<HostToPanelMessage, { type: 'boundary' }>): PanelState {
  if (m.documentUri !== state.documentUri) return state;
  const { boundary: _old, boundaryProblem: _oldProblem, ...rest } = state.teach;
  const boundaryAsk = { ...state.teach.boundaryAsk, inFlight: false };
  return { ...state, teach: m.grid ? { ...rest, boundaryAsk, boundary: m.grid } : { ...rest, boundaryAsk, boundaryProblem: m.problem ?? l10n.t('no boundary') } };
}

function applySlice(state: PanelState, m: Extract<HostToPanelMessage, { type: 'lossSlice' }>): PanelState {
  if (m.documentUri !== state.documentUri) return state;
  const { slice: _old, sliceProblem: _oldProblem, ...rest } = state.teach;
  const sliceAsk = { ...state.teach.sliceAsk, inFlight: false };
  return { ...state, teach: m.slice ? { ...rest, sliceAsk, slice: m.slice } : { ...rest, sliceAsk, sliceProblem: m.problem ?? l10n.t('no slice') } };
}

/**
 * Stores the conv gradients the host answered. An answer that arrives while the card's ask is dirty
 * (a new analysis, sample or layer since it was asked: an edit at step 0 or Reset keeps the step) is
 * for what was on screen before: it is dropped, and the ask that follows brings the current one.
 */
function applyConvGradients(state: PanelState, m: Extract<HostToPanelMessage, { type: 'convGradients' }>): PanelState {
  if (m.documentUri !== state.documentUri) return state;
  const convAsk = { ...state.teach.convAsk, inFlight: false };
  if (state.teach.convAsk.dirty) return withTeach(state, { convAsk });
  const { convGradients: _old, ...rest } = state.teach;
  return { ...state, teach: m.gradients ? { ...rest, convAsk, convGradients: m.gradients } : { ...rest, convAsk } };
}

function applyHost(state: PanelState, m: HostToPanelMessage): PanelState {
  switch (m.type) {
    case 'snapshot':
      return applySnapshot(state, m);
    case 'trainingProgress':
      if (m.documentUri !== state.documentUri) return state;
      return { ...state, loss: appendPoints(state.loss, m.points), runState: m.runState, teach: dirtyBoth(state.teach) };
    case 'focus':
      return followFocus({ ...withView(state, { selection: fromProtocolSelection(m.selection) }), focusRequest: state.focusRequest + 1 }, m.selection);
    case 'depthChanged': {
      const { depthOverride: _dropped, ...view } = state.view;
      return { ...state, hostDepth: m.depth, view };
    }
    case 'stepThrough': {
      if (state.documentUri !== undefined && m.documentUri !== state.documentUri) return state;
      const teach = { ...state.teach, boundaryAsk: { ...state.teach.boundaryAsk, dirty: true } };
      if (m.view) return { ...state, stepThrough: m.view, teach };
      const { stepThrough: _ended, ...rest } = state;
      return { ...rest, teach };
    }
    case 'lossComparison': {
      if (state.documentUri !== undefined && m.documentUri !== state.documentUri) return state;
      if (m.curves) return { ...state, comparison: m.curves };
      const { comparison: _outdated, ...rest } = state;
      return rest;
    }
    case 'runComparison': {
      if (state.documentUri !== undefined && m.documentUri !== state.documentUri) return state;
      if (m.comparison) return { ...state, runComparison: m.comparison };
      const { runComparison: _outdated, ...rest } = state;
      return rest;
    }
    case 'boundary':
      return applyBoundary(state, m);
    case 'lossSlice':
      return applySlice(state, m);
    case 'convGradients':
      return applyConvGradients(state, m);
    default:
      return state;
  }
}

export function reduce(state: PanelState, action: PanelAction): PanelState {
  switch (action.type) {
    case 'host':
      return applyHost(state, action.message);
    case 'selectSample': {
      const sample = clampSample(state.analysis, action.sample);
      const moved = withView(state, { sample });
      return sample === state.view.sample ? moved : withTeach(moved, { convAsk: { ...state.teach.convAsk, dirty: true } });
    }
    case 'chooseDepth':
      return withView(state, { depthOverride: action.depth });
    case 'select':
      if (action.selection === undefined) {
        const { selection: _cleared, ...view } = state.view;
        return { ...state, view };
      }
      return withView(state, { selection: action.selection });
    case 'setEdgeWidthBy':
      return withView(state, { edgeWidthBy: action.by });
    case 'setLogScale':
      return withView(state, { logScale: action.on });
    case 'setMapScale':
      return withView(state, { mapScale: action.scale });
    case 'toggleRow': {
      const open = state.view.expanded.includes(action.key);
      return withView(state, { expanded: open ? state.view.expanded.filter((k) => k !== action.key) : [...state.view.expanded, action.key] });
    }
    case 'setEpochs':
      return withView(state, { epochs: action.epochs });
    case 'setLearningRate':
      return withView(state, { learningRate: action.learningRate });
    case 'choosePlane':
      return withTeach(withView(state, { plane: action.plane }), { boundaryAsk: { ...state.teach.boundaryAsk, dirty: true } });
    case 'chooseSliceTarget':
      return withTeach(withView(state, { sliceTarget: action.target }), { sliceAsk: { ...state.teach.sliceAsk, dirty: true } });
    case 'chooseContourAxes':
      return withTeach(withView(state, { contourAxes: action.axes }), { sliceAsk: { ...state.teach.sliceAsk, dirty: true } });
    case 'chooseConvLayer':
      return action.layer === state.teach.convLayer ? state : withTeach(state, { convLayer: action.layer, convAsk: { ...state.teach.convAsk, dirty: true } });
    case 'requested':
      return withTeach(state, { [ASKS[action.view]]: { inFlight: true, dirty: false } });
  }
}

/**
 * The view requests the panel should send now: a view that is out of date and not already asked
 * for (one at a time each, so training at any speed asks again only as fast as the worker answers).
 * The loss slice shows a single weight's gradient, so it is asked for only from depth Repair; at depth
 * Derive it is asked with its contour's plane (and asked again when a slice without one is on screen).
 * The conv step card's per-sample gradients are asked for from depth Service (where it shows δ), for
 * its layer and the selected sample, again after each new analysis: no analysis carries them.
 */
export function pendingRequests(state: PanelState, depth: DepthLevel): { view: AskedView; message: PanelToHostMessage }[] {
  if (!state.analysis || state.stale) return [];
  const out: { view: AskedView; message: PanelToHostMessage }[] = [];
  const { boundaryAsk, sliceAsk } = state.teach;
  const plane = planeFor(state.analysis, state.view.plane);
  if (plane && boundaryAsk.dirty && !boundaryAsk.inFlight) out.push({ view: 'boundary', message: { type: 'boundary', options: plane } });
  const target = sliceTargetFor(state.analysis, state.view.sliceTarget);
  const contour = visibility(depth).derivation ? contourAxesFor(state.analysis, target, state.view.contourAxes) : undefined;
  const { slice, sliceProblem } = state.teach;
  const lacksContour = contour !== undefined && slice !== undefined && sliceProblem === undefined && !slice.contour && slice.contourProblem === undefined;
  if (target && visibility(depth).weightGradients && (sliceAsk.dirty || lacksContour) && !sliceAsk.inFlight) {
    out.push({ view: 'slice', message: contour ? { type: 'lossSlice', target, contour } : { type: 'lossSlice', target } });
  }
  const convLayer = chosenConvLayer(state.analysis, state.teach.convLayer);
  const { convAsk } = state.teach;
  if (convLayer !== undefined && visibility(depth).deltas && convAsk.dirty && !convAsk.inFlight) {
    out.push({ view: 'conv', message: { type: 'convGradients', layer: convLayer, sample: state.view.sample } });
  }
  return out;
}

/** The messages a user action sends to the host (none for pure view changes). */
export function outgoing(action: PanelAction): PanelToHostMessage[] {
  switch (action.type) {
    case 'chooseDepth':
      return [{ type: 'setDepth', depth: action.depth }];
    case 'select': {
      const selection = action.selection && toProtocolSelection(action.selection);
      return selection ? [{ type: 'reveal', selection }] : [];
    }
    default:
      return [];
  }
}

/** A control button's message, with this run's overrides from the view state. */
export function commandMessage(command: PanelCommand, view: ViewState): PanelToHostMessage {
  const trains = command === 'train' || command === 'step';
  return {
    type: 'command',
    command,
    ...(command === 'train' && view.epochs !== undefined ? { epochs: view.epochs } : {}),
    ...(trains && view.learningRate !== undefined ? { learningRate: view.learningRate } : {}),
  };
}
