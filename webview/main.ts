/**
 * The webview's composition root: acquires the VS Code API, restores the view state, wires host
 * messages into the reducer and renders at most ~30 times a second. Announces `ready` first.
 */
import { effectiveDepth, initialState, outgoing, pendingRequests, reduce, type PanelAction, type PanelState } from './model/state';
import { restoreViewState } from './model/viewState';
import { App } from './render/app';
import { redrawsSoFar, type Actions, type RenderContext } from './render/context';
import { drawGate } from './render/drawWhenVisible';
import { readChartTheme, watchTheme, type ChartTheme } from './render/theme';
import { createRenderScheduler } from './scheduler';
import { useBundle } from '../src/shared/l10n';
import { parsePanelInitMessage } from '../src/shared/protocol';
import { acquirePanelApi, isHostMessage } from './vscodeApi';

const api = acquirePanelApi();
let state: PanelState = initialState(restoreViewState(api.getState()));
let theme: ChartTheme = readChartTheme();
let themeVersion = 0;

function apply(action: PanelAction): void {
  const next = reduce(state, action);
  if (next === state) return;
  if (next.view !== state.view) api.setState(next.view);
  state = next;
  askForViews();
  requestRender();
}

/** Asks the host for the teaching views that are out of date (the reducer says which). */
function askForViews(): void {
  for (const { view, message } of pendingRequests(state, effectiveDepth(state))) {
    api.postMessage(message);
    state = reduce(state, { type: 'requested', view });
  }
}

/** Asks for a render and marks the page as waiting for one (`data-render-pending`, read by the tests). */
function requestRender(): void {
  scheduler.request();
  app.element.setAttribute('data-render-pending', String(scheduler.pending));
}

const actions: Actions = {
  dispatch(action) {
    apply(action);
    for (const message of outgoing(action)) api.postMessage(message);
  },
  post(message) {
    api.postMessage(message);
  },
};

let app = new App(actions);
const root = document.getElementById('app') ?? document.body;
root.replaceChildren(app.element);

/**
 * The host's init message (only when VS Code has loaded a translation; it comes before the snapshot):
 * the panel's texts answer from its bundle (src/shared/l10n.ts) and the page is built again with them.
 */
function applyInit(data: unknown): boolean {
  const init = parsePanelInitMessage(data);
  if (!init) return false;
  useBundle(init.l10n);
  app = new App(actions);
  root.replaceChildren(app.element);
  requestRender();
  return true;
}

const scheduler = createRenderScheduler(() => {
  const context: RenderContext = { state, depth: effectiveDepth(state), theme, themeVersion };
  app.update(context);
  app.element.setAttribute('data-redraws', String(redrawsSoFar()));
  app.element.setAttribute('data-draws-waiting', String(drawGate.waiting));
  app.element.setAttribute('data-renders', String(scheduler.renders));
  app.element.setAttribute('data-render-pending', 'false');
}, { requestFrame: (callback) => requestAnimationFrame(callback), now: () => performance.now() });

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (applyInit(event.data)) return;
  if (isHostMessage(event.data)) apply({ type: 'host', message: event.data });
});

watchTheme(() => {
  theme = readChartTheme();
  themeVersion++;
  requestRender();
});

api.postMessage({ type: 'ready' });
// A depth chosen in the panel before a reload is asked for again; the host confirms it.
if (state.view.depthOverride !== undefined) api.postMessage({ type: 'setDepth', depth: state.view.depthOverride });
requestRender();
