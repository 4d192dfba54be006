/**
 * The four teaching depth levels, with their one set of names and descriptions. Every place that
 * names a level reads it here: the `gradlens.depth` setting (package.json, kept equal by a test), the
 * status bar, the Set Teaching Depth picker, the explanations and the panel.
 * The descriptions are free of derivative symbols, so depth 1 (Drive) can show them. `depthName`,
 * `depthLabel` and `depthDescription` answer in the loaded language (English by default; ./l10n.ts).
 */
import { l10n } from './l10n';

export type DepthLevel = 1 | 2 | 3 | 4;

export interface DepthInfo {
  readonly level: DepthLevel;
  /** `Drive`. */
  readonly name: string;
  /** The `gradlens.depth` setting's value: `drive`. */
  readonly setting: string;
  /** What this level adds to the one below (for depth 1: what it shows). */
  readonly adds: string;
}

export const DEPTHS: readonly DepthInfo[] = [
  { level: 1, name: 'Drive', setting: 'drive', adds: 'inputs, outputs, loss and accuracy, and no derivatives' },
  { level: 2, name: 'Service', setting: 'service', adds: 'each unit\'s error signal, each layer\'s gradient size and warnings' },
  { level: 3, name: 'Repair', setting: 'repair', adds: 'every weight\'s gradient, its update and the gradient check' },
  { level: 4, name: 'Derive', setting: 'derive', adds: 'the full chain-rule derivation with the real numbers' },
];

/** The level the setting defaults to. */
export const DEFAULT_DEPTH: DepthLevel = 3;

export function isDepthLevel(value: unknown): value is DepthLevel {
  return value === 1 || value === 2 || value === 3 || value === 4;
}

export function depthInfo(depth: DepthLevel): DepthInfo {
  return DEPTHS[depth - 1];
}

/** `Repair`, in the loaded language (DEPTHS keeps the English names, which package.json's setting shows). */
export function depthName(depth: DepthLevel): string {
  switch (depth) {
    case 1: return l10n.t('Drive');
    case 2: return l10n.t('Service');
    case 3: return l10n.t('Repair');
    case 4: return l10n.t('Derive');
  }
}

/** What a level adds to the one below, in the loaded language (DEPTHS[].adds in English). */
export function depthAdds(depth: DepthLevel): string {
  switch (depth) {
    case 1: return l10n.t('inputs, outputs, loss and accuracy, and no derivatives');
    case 2: return l10n.t('each unit\'s error signal, each layer\'s gradient size and warnings');
    case 3: return l10n.t('every weight\'s gradient, its update and the gradient check');
    case 4: return l10n.t('the full chain-rule derivation with the real numbers');
  }
}

/** `depth 4 (Derive)`. */
export function depthLabel(depth: DepthLevel): string {
  return l10n.t('depth {0} ({1})', depth, depthName(depth));
}

/** What a level shows, in one phrase: depth 1 `inputs, outputs, …`, the others `plus …`. */
export function depthDescription(depth: DepthLevel): string {
  return depth === 1 ? depthAdds(depth) : l10n.t('plus {0}', depthAdds(depth));
}

/** A `gradlens.depth` value (`drive` … `derive`, or a level number) as a level; anything else: the default. */
export function depthFromSetting(value: unknown): DepthLevel {
  const named = DEPTHS.find((d) => d.setting === value);
  if (named) return named.level;
  return isDepthLevel(value) ? value : DEFAULT_DEPTH;
}

export function depthToSetting(depth: DepthLevel): string {
  return depthInfo(depth).setting;
}
