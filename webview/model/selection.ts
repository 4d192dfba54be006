/**
 * What the user has selected in the panel. Finer than the protocol's `Selection` (it can point at an
 * input, which is no layer); converts both ways.
 */
import type { Selection } from '../../src/shared/protocol';

export type PanelSelection =
  | { readonly kind: 'input'; readonly unit: number }
  | { readonly kind: 'layer'; readonly layer: number }
  | { readonly kind: 'unit'; readonly layer: number; readonly unit: number }
  | { readonly kind: 'bias'; readonly layer: number; readonly unit: number }
  | { readonly kind: 'weight'; readonly layer: number; readonly unit: number; readonly input: number };

export function fromProtocolSelection(s: Selection): PanelSelection {
  const [unit, input] = s.index ?? [];
  // A conv weight [filter, channel, row, column] or batch norm's γ [channel] selects its layer.
  if (s.param === 'weights' && s.index?.length !== 2) return { kind: 'layer', layer: s.layerIndex };
  if (s.param === 'weights' && unit !== undefined && input !== undefined) return { kind: 'weight', layer: s.layerIndex, unit, input };
  if (s.param === 'bias' && unit !== undefined) return { kind: 'bias', layer: s.layerIndex, unit };
  if (s.param === undefined && unit !== undefined) return { kind: 'unit', layer: s.layerIndex, unit };
  return { kind: 'layer', layer: s.layerIndex };
}

/**
 * The protocol selection to reveal for a panel selection. A unit (neuron) is `{ layerIndex, index: [unit] }`
 * without `param`; an input has no place in the protocol (the data is no layer), so it gives `undefined`.
 */
export function toProtocolSelection(s: PanelSelection): Selection | undefined {
  switch (s.kind) {
    case 'input': return undefined;
    case 'layer': return { layerIndex: s.layer };
    case 'unit': return { layerIndex: s.layer, index: [s.unit] };
    case 'bias': return { layerIndex: s.layer, param: 'bias', index: [s.unit] };
    case 'weight': return { layerIndex: s.layer, param: 'weights', index: [s.unit, s.input] };
  }
}

export function sameSelection(a: PanelSelection | undefined, b: PanelSelection | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A stable id for DOM elements and keys: `in-0`, `u-1-0`, `w-1-0-1`, … */
export function selectionKey(s: PanelSelection): string {
  switch (s.kind) {
    case 'input': return `in-${s.unit}`;
    case 'layer': return `l-${s.layer}`;
    case 'unit': return `u-${s.layer}-${s.unit}`;
    case 'bias': return `b-${s.layer}-${s.unit}`;
    case 'weight': return `w-${s.layer}-${s.unit}-${s.input}`;
  }
}

function isIndex(v: unknown): v is number { return Number.isInteger(v) && (v as number) >= 0 && (v as number) < 1_000_000; }

/** Validates a selection restored from `getState` (which may come from an older version). */
export function parsePanelSelection(raw: unknown): PanelSelection | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const s = raw as Record<string, unknown>;
  switch (s.kind) {
    case 'input': return isIndex(s.unit) ? { kind: 'input', unit: s.unit } : undefined;
    case 'layer': return isIndex(s.layer) ? { kind: 'layer', layer: s.layer } : undefined;
    case 'unit':
    case 'bias': return isIndex(s.layer) && isIndex(s.unit) ? { kind: s.kind, layer: s.layer, unit: s.unit } : undefined;
    case 'weight': return isIndex(s.layer) && isIndex(s.unit) && isIndex(s.input) ? { kind: 'weight', layer: s.layer, unit: s.unit, input: s.input } : undefined;
    default: return undefined;
  }
}
