/**
 * What the `data` section's readers (inline rows and CSV) are given and give back.
 */
import type { Node } from 'jsonc-parser';
import type { DataFileReader, ModelData, PropertyRanges, SourceRange } from '../types';

/** At most this many row-level problems are listed per array or CSV file; then one summary. */
export const MAX_ROW_PROBLEMS = 20;

export interface DataContext {
  /** `inputs` of the model, when valid. */
  readonly inputs?: number;
  /** Units of the last layer, when valid. */
  readonly outputs?: number;
  readonly seed: number;
  readonly dataFiles?: DataFileReader;
}

/** What the data section gave, plus what the advice step needs to point at targets. */
export interface DataResult {
  readonly data: ModelData;
  /** Where targets are written: the `targets` array, or the CSV `target` value. */
  readonly targetsAt: SourceRange;
  /** For inline targets: each row's node, for advice on particular rows. */
  readonly targetRowNodes?: readonly Node[];
  /** The keys written in `data`, with their values' ranges. */
  readonly properties?: PropertyRanges;
}
