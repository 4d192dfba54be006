/** How the gradient check's sample is described in the text and Markdown reports. */
import type { Analysis } from './types';

/** ` · on the loss of S of the N training samples (a seeded subset)` when the check used a subset, else ''. */
export function gradCheckSubsetNote(analysis: Pick<Analysis, 'samples' | 'gradcheck'>): string {
  const s = analysis.gradcheck.samples;
  return s !== undefined && s < analysis.samples ? ` · on the loss of ${s} of the ${analysis.samples} training samples (a seeded subset)` : '';
}
