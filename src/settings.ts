/**
 * GradLens's settings (`gradlens.*`), read into one typed object. The defaults here match the
 * `contributes.configuration` entries in package.json; a test keeps the two in agreement.
 */
import * as vscode from 'vscode';
import type { DepthLevel } from './protocol/panelMessages';
import { DEFAULT_ANALYSIS_SETTINGS, type AnalysisSettings } from './analysis/settings';

export interface GradLensSettings {
  readonly codeLensEnabled: boolean;
  readonly inlayHintsEnabled: boolean;
  /** Analyse model files when they are opened and after edits settle. */
  readonly autoRun: boolean;
  readonly depth: DepthLevel;
  readonly analysis: AnalysisSettings;
}

const DEPTH_NAMES: Record<string, DepthLevel> = { drive: 1, service: 2, repair: 3, derive: 4 };
export const DEPTH_LABELS: Record<DepthLevel, string> = { 1: 'Drive', 2: 'Service', 3: 'Repair', 4: 'Derive' };

export function depthFromSetting(value: unknown): DepthLevel {
  if (typeof value === 'string' && value in DEPTH_NAMES) return DEPTH_NAMES[value];
  if (value === 1 || value === 2 || value === 3 || value === 4) return value;
  return 3;
}

export function depthToSetting(depth: DepthLevel): string {
  return DEPTH_LABELS[depth].toLowerCase();
}

function positive(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Reads the current settings; every missing or invalid value falls back to its default. */
export function readSettings(): GradLensSettings {
  const c = vscode.workspace.getConfiguration('gradlens');
  const d = DEFAULT_ANALYSIS_SETTINGS;
  return {
    codeLensEnabled: c.get<boolean>('codeLens.enabled', true) !== false,
    inlayHintsEnabled: c.get<boolean>('inlayHints.enabled', true) !== false,
    autoRun: c.get<boolean>('autoRun', true) !== false,
    depth: depthFromSetting(c.get('depth', 'repair')),
    analysis: {
      gradCheckEpsilon: positive(c.get('gradientCheck.epsilon'), d.gradCheckEpsilon),
      gradCheckWarnThreshold: positive(c.get('gradientCheck.warnThreshold'), d.gradCheckWarnThreshold),
      gradCheckFailThreshold: positive(c.get('gradientCheck.failThreshold'), d.gradCheckFailThreshold),
      gradCheckMaxEntriesPerTensor: positive(c.get('gradientCheck.maxEntriesPerTensor'), d.gradCheckMaxEntriesPerTensor),
      maxParameters: positive(c.get('limits.maxParameters'), d.maxParameters),
      maxSamples: positive(c.get('limits.maxSamples'), d.maxSamples),
      maxLayers: positive(c.get('limits.maxLayers'), d.maxLayers),
    },
  };
}
