/**
 * The webview's only door to VS Code: `acquireVsCodeApi()`, typed with the shared protocol.
 * (No `vscode` module here; that is host-side only.)
 */
import type { HostToPanelMessage, PanelToHostMessage } from '../src/shared/protocol';
import type { ViewState } from './model/viewState';

export interface PanelApi {
  postMessage(message: PanelToHostMessage): void;
  getState(): unknown;
  setState(state: ViewState): void;
}

declare function acquireVsCodeApi(): PanelApi;

export function acquirePanelApi(): PanelApi {
  return acquireVsCodeApi();
}

const HOST_TYPES = new Set<HostToPanelMessage['type']>(['snapshot', 'trainingProgress', 'focus', 'depthChanged', 'stepThrough', 'lossComparison', 'runComparison', 'boundary', 'lossSlice', 'convGradients']);

/** A light shape check of what arrives from the host (which the host's own types guarantee). */
export function isHostMessage(data: unknown): data is HostToPanelMessage {
  return typeof data === 'object' && data !== null && HOST_TYPES.has((data as { type: HostToPanelMessage['type'] }).type);
}
