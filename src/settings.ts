/**
 * GradLens's settings (`gradlens.*`), read into one typed object. The defaults here match the
 * `contributes.configuration` entries in package.json; a test keeps the two in agreement.
 */
import * as vscode from 'vscode';
import { depthFromSetting, type DepthLevel } from './shared/depth';
import { DEFAULT_ANALYSIS_SETTINGS, type AnalysisSettings } from './analysis/settings';

export interface GradLensSettings {
  readonly codeLensEnabled: boolean;
  readonly inlayHintsEnabled: boolean;
  /** Name the classic 2-2-2 walkthrough's parameters as Mazur does (w1…w8), beside the convention's (src/shared/names.ts). */
  readonly classicNames: boolean;
  /** Analyse model files when they are opened and after edits settle. */
  readonly autoRun: boolean;
  readonly depth: DepthLevel;
  readonly analysis: AnalysisSettings;
}

export { depthFromSetting, depthToSetting } from './shared/depth';

function positive(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * The settings package.json lists in `capabilities.untrustedWorkspaces.restrictedConfigurations`:
 * in an untrusted workspace only the person's own (user) value counts, never the workspace's. They are
 * every setting that changes a verdict: the gradient check's step and thresholds and how many entries
 * it checks (a workspace could otherwise turn a FAIL into a PASS), and the size limits.
 */
export const RESTRICTED_SETTINGS = [
  'gradientCheck.epsilon', 'gradientCheck.warnThreshold', 'gradientCheck.failThreshold', 'gradientCheck.maxEntriesPerTensor',
  'limits.maxParameters', 'limits.maxSamples', 'limits.maxLayers',
] as const;

type Configuration = ReturnType<typeof vscode.workspace.getConfiguration>;

/**
 * A restricted setting's value. VS Code itself already withholds workspace values of restricted
 * configurations in Restricted Mode; this reads only the user's value (else the default) there too,
 * so a hostile `.vscode/settings.json` cannot raise the limits even where that guarantee is missing.
 */
function restrictedValue(c: Configuration, key: (typeof RESTRICTED_SETTINGS)[number]): unknown {
  if (vscode.workspace.isTrusted) return c.get(key);
  const inspected = typeof c.inspect === 'function' ? c.inspect(key) : undefined;
  return inspected?.globalValue;
}

/** In an untrusted workspace: the restricted settings (`gradlens.…`) the workspace sets and GradLens ignores. */
export function declinedWorkspaceSettings(): string[] {
  if (vscode.workspace.isTrusted) return [];
  const c = vscode.workspace.getConfiguration('gradlens');
  if (typeof c.inspect !== 'function') return [];
  return RESTRICTED_SETTINGS.filter((key) => {
    const i = c.inspect(key);
    return i?.workspaceValue !== undefined || i?.workspaceFolderValue !== undefined;
  }).map((key) => `gradlens.${key}`);
}

/** Reads the current settings; every missing or invalid value falls back to its default. */
export function readSettings(): GradLensSettings {
  const c = vscode.workspace.getConfiguration('gradlens');
  const d = DEFAULT_ANALYSIS_SETTINGS;
  return {
    codeLensEnabled: c.get<boolean>('codeLens.enabled', true) !== false,
    inlayHintsEnabled: c.get<boolean>('inlayHints.enabled', true) !== false,
    classicNames: c.get<boolean>('classicNames', false) === true,
    autoRun: c.get<boolean>('autoRun', true) !== false,
    depth: depthFromSetting(c.get('depth', 'repair')),
    analysis: {
      gradCheckEpsilon: positive(restrictedValue(c, 'gradientCheck.epsilon'), d.gradCheckEpsilon),
      gradCheckWarnThreshold: positive(restrictedValue(c, 'gradientCheck.warnThreshold'), d.gradCheckWarnThreshold),
      gradCheckFailThreshold: positive(restrictedValue(c, 'gradientCheck.failThreshold'), d.gradCheckFailThreshold),
      gradCheckMaxEntriesPerTensor: positive(restrictedValue(c, 'gradientCheck.maxEntriesPerTensor'), d.gradCheckMaxEntriesPerTensor),
      maxParameters: positive(restrictedValue(c, 'limits.maxParameters'), d.maxParameters),
      maxSamples: positive(restrictedValue(c, 'limits.maxSamples'), d.maxSamples),
      maxLayers: positive(restrictedValue(c, 'limits.maxLayers'), d.maxLayers),
    },
  };
}
