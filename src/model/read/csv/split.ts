/**
 * The split into training and test rows. `split` (default 1) is the fraction of rows used for
 * training. With split < 1 the rows are permuted by Fisher–Yates driven by mulberry32(`seed`)
 * (src/model/random.ts); the first round(split·N) rows of the permutation (at least 1) are the training
 * rows, the rest the test rows, and each part is then put back in file order. split = 1: all rows
 * train, in file order, no test.
 */
import * as l10n from '@vscode/l10n';
import type { Node } from 'jsonc-parser';
import * as C from '../../codes';
import { seededPermutation } from '../../random';
import { count, type Reporter } from '../../report';

/** Row indices (into the data rows) of each part, each in file order. */
export interface RowSplit {
  readonly trainIdx: number[];
  readonly testIdx: number[];
}

/** Splits `nRows` rows; advises on `splitNode` when a split below 1 leaves no test rows. */
export function splitRows(r: Reporter, nRows: number, split: number, seed: number, splitNode: Node | undefined): RowSplit {
  if (split >= 1) return { trainIdx: Array.from({ length: nRows }, (_, i) => i), testIdx: [] };
  const perm = seededPermutation(nRows, seed);
  const nTrain = Math.max(1, Math.min(nRows, Math.round(split * nRows)));
  const trainIdx = perm.slice(0, nTrain).sort((a, b) => a - b);
  const testIdx = perm.slice(nTrain).sort((a, b) => a - b);
  if (testIdx.length === 0) {
    r.info(splitNode!, C.ADVICE, l10n.t('split {0} of {1} leaves no test rows', split, count.row(nRows)));
  }
  return { trainIdx, testIdx };
}
