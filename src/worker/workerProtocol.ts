/**
 * Messages between the extension host and the analysis worker thread (src/worker/analysisWorker.ts).
 * Every request carries an `id`; the worker answers each with exactly one `outcome` or `failed`,
 * and may send `progress` messages for a training run before that.
 */
import type { AnalysisOutcome, TrainingPoint } from '../analysis/types';
import type { AnalysisSettings } from '../analysis/settings';

/**
 * The document a request is about. The worker keeps one session (model, parameters, training
 * history) per document and rebuilds it whenever `version`, `text` or `settings` differ from the
 * session's, so a restarted worker can always carry on.
 */
export interface WorkerDocument {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  /** Absolute path of the model file (CSV paths are relative to its folder); empty for untitled files. */
  readonly fileName: string;
  readonly settings: AnalysisSettings;
}

export type WorkerRequest =
  /** Analyse the document at its session's current parameters (initial ones for a new session). */
  | { readonly type: 'analyze'; readonly id: number; readonly document: WorkerDocument }
  /**
   * Train: `steps` optimiser steps, or `epochs` epochs (default: the file's `train.epochs`);
   * `learningRate` overrides the file's for this run. Sends progress, then an outcome.
   */
  | { readonly type: 'train'; readonly id: number; readonly document: WorkerDocument; readonly steps?: number; readonly epochs?: number; readonly learningRate?: number }
  /** Back to the initial parameters. */
  | { readonly type: 'reset'; readonly id: number; readonly document: WorkerDocument }
  /** Stop a training run of this document after its current chunk; the run answers with its outcome. */
  | { readonly type: 'pause'; readonly uri: string }
  /** Forget the document's session. */
  | { readonly type: 'close'; readonly uri: string };

export type WorkerResponse =
  /** `stopped`: why a training run ended early (a NaN or Infinity appeared), for people. */
  | { readonly type: 'outcome'; readonly id: number; readonly uri: string; readonly version: number; readonly outcome: AnalysisOutcome; readonly paused?: boolean; readonly stopped?: string }
  | { readonly type: 'progress'; readonly id: number; readonly uri: string; readonly points: readonly TrainingPoint[]; readonly step: number; readonly totalSteps: number }
  | { readonly type: 'failed'; readonly id: number; readonly uri: string; readonly message: string }
  /** Sent once when the worker starts: which kernels its products run on (`describeKernels()`), for the log. */
  | { readonly type: 'started'; readonly kernels: string };
