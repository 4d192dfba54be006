/** What every renderer gets: the state, the effective depth, the chart theme, and ways to act. */
import type { DepthLevel, PanelToHostMessage } from '../../src/shared/protocol';
import type { PanelAction, PanelState } from '../model/state';
import type { ChartTheme } from './theme';

export interface RenderContext {
  readonly state: PanelState;
  readonly depth: DepthLevel;
  readonly theme: ChartTheme;
  /** Bumped on every theme change, so charts know to re-colour. */
  readonly themeVersion: number;
}

export interface Actions {
  /** Apply a user action (and send the messages it implies to the host). */
  dispatch(action: PanelAction): void;
  /** Send a message to the host directly (control buttons, explain). */
  post(message: PanelToHostMessage): void;
}

export interface Component {
  readonly element: HTMLElement;
  update(context: RenderContext): void;
  dispose?(): void;
}

let redraws = 0;

/**
 * How many times any `Memo` in this page has answered "changed" (each answer is a component redrawing):
 * the panel marks it on the page after every render (`data-redraws`), so the panel bench and its test
 * count redraws, not time.
 */
export function redrawsSoFar(): number {
  return redraws;
}

/** Remembers the inputs of the last render, so a component can skip work when nothing it shows changed. */
export class Memo {
  private last: readonly unknown[] | undefined;
  changed(...inputs: unknown[]): boolean {
    const same = this.last !== undefined && this.last.length === inputs.length && this.last.every((v, i) => Object.is(v, inputs[i]));
    this.last = inputs;
    if (!same) redraws++;
    return !same;
  }
}
