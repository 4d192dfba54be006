/** The warnings list: the most severe first, then by line. */
import type { Analysis, AnalysisWarning, WarningSeverity } from '../../src/shared/analysis';
import type { Selection } from '../../src/shared/protocol';

const ORDER: Record<WarningSeverity, number> = { error: 0, warning: 1, info: 2 };

export interface WarningView {
  readonly key: string;
  readonly warning: AnalysisWarning;
  /** Where the link goes: the warning's layer (the only place the protocol can point at). */
  readonly reveal?: Selection;
}

export function warningViews(analysis: Pick<Analysis, 'warnings' | 'layers'>): WarningView[] {
  const layerOf = (w: AnalysisWarning): number | undefined => {
    if (w.layerIndex !== undefined) return w.layerIndex;
    const i = w.layer === undefined ? -1 : analysis.layers.findIndex((l) => l.name === w.layer);
    return i >= 0 ? i : undefined;
  };
  return analysis.warnings
    .map((warning, i) => ({ warning, i }))
    .sort((a, b) => ORDER[a.warning.severity] - ORDER[b.warning.severity] || a.warning.line - b.warning.line || a.i - b.i)
    .map(({ warning, i }) => ({
      key: `${warning.code}-${i}`,
      warning,
      ...(layerOf(warning) !== undefined ? { reveal: { layerIndex: layerOf(warning) as number } } : {}),
    }));
}

export function countBySeverity(warnings: readonly AnalysisWarning[]): Record<WarningSeverity, number> {
  const counts: Record<WarningSeverity, number> = { error: 0, warning: 0, info: 0 };
  for (const w of warnings) counts[w.severity]++;
  return counts;
}
