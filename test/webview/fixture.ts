/** The worked-example Analysis fixture, and small builders on it, for the webview's tests. */
import { readFileSync } from 'node:fs';
import type { Analysis, TrainingPoint } from '../../src/analysis/types';
import type { SnapshotMessage } from '../../src/shared/protocol';

export const workedExample = JSON.parse(readFileSync(new URL('../fixtures/analysis/worked-example.analysis.json', import.meta.url), 'utf8')) as Analysis;
export const trainingCurve = JSON.parse(readFileSync(new URL('../fixtures/analysis/worked-example.training.json', import.meta.url), 'utf8')) as TrainingPoint[];

export const MODEL_URI = 'file:///work/examples/worked-example.nn.json';

/** A snapshot of the worked example (`null`: a file that does not parse). */
export function snapshot(analysis: Analysis | null = workedExample, extra: Partial<SnapshotMessage> = {}): SnapshotMessage {
  return { type: 'snapshot', documentUri: MODEL_URI, analysis: analysis ?? undefined, errors: [], runState: 'idle', depth: 3, ...extra };
}

export function points(from: number, to: number, loss = (s: number) => 1 / s): TrainingPoint[] {
  return Array.from({ length: to - from + 1 }, (_, i) => ({ step: from + i, epoch: from + i, loss: loss(from + i) }));
}
