/** The knobs of an analysis, with the defaults of docs/spec/report-json-v1.md and the oracles notes. */
export interface AnalysisSettings {
  /** Central-difference step h of the gradient check. */
  readonly gradCheckEpsilon: number;
  /** Relative error above which an entry warns. */
  readonly gradCheckWarnThreshold: number;
  /** Relative error above which an entry fails. */
  readonly gradCheckFailThreshold: number;
  /** Parameter tensors with more entries than this are checked on a seeded sample of this many. */
  readonly gradCheckMaxEntriesPerTensor: number;
  /** Models beyond these sizes are refused with a diagnostic instead of freezing the editor. */
  readonly maxParameters: number;
  readonly maxSamples: number;
  readonly maxLayers: number;
}

export const DEFAULT_ANALYSIS_SETTINGS: AnalysisSettings = {
  gradCheckEpsilon: 1e-6,
  gradCheckWarnThreshold: 1e-5,
  gradCheckFailThreshold: 1e-2,
  gradCheckMaxEntriesPerTensor: 64,
  maxParameters: 2_000_000,
  maxSamples: 200_000,
  maxLayers: 64,
};
