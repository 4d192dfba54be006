/**
 * One file's work for `check`, `report` and `grade`: the text (already read within the size cap) is
 * scanned for the sample limit, parsed, sized against the memory ceiling, analysed, and for
 * `report --steps N` trained N steps. Plain data in, plain (structured-cloneable) data out, so the
 * same function runs in a worker thread under the per-file budgets or in-process. Never throws for bad
 * input: every problem is a diagnostic.
 */
import * as path from 'node:path';
import { ModelSession } from '../analysis/modelSession';
import type { AnalysisSettings } from '../analysis/settings';
import type { Analysis } from '../analysis/types';
import { diagnosticList, type PlainDiagnostic } from '../analysis/diagnosticList';
import { divergenceDiagnostic, findDivergence } from '../analysis/divergence';
import type { FinalParameters } from '../analysis/reportJson';
import { Trainer, evaluateLoss } from '../engine';
import { layeredSteps } from './layeredSteps';
import { inlineSampleLimit } from '../model/inlineSamples';
import { createNodeDataFileReader } from '../model/nodeDataFiles';
import { fileProblem } from './diagnosticOutput';
import { gradeSubmission, type GradeJob, type TaskResult } from './grade/tasks';

export interface FileJob {
  /** The file as the user named it (`-` for standard input). */
  readonly file: string;
  readonly text: string;
  /** Where CSV files named in the model are looked for: the model file's folder (the working folder for `-`). */
  readonly folder: string;
  readonly settings: AnalysisSettings;
  /** Heap ceiling of the analysis; models whose arrays would not fit are refused before they are built. */
  readonly maxMemoryMb: number;
  /** `report --steps N`: exactly N optimiser steps after the analysis. */
  readonly steps?: number;
  /** `grade`: the rubric's tasks for this submission file. */
  readonly grade?: GradeJob;
}

export type FileJobResult =
  | { readonly kind: 'invalid'; readonly diagnostics: PlainDiagnostic[] }
  | {
    readonly kind: 'analysed';
    readonly analysis: Analysis;
    readonly diagnostics: PlainDiagnostic[];
    readonly training?: { readonly steps: { step: number; loss: number }[]; readonly final: FinalParameters };
    readonly tasks?: TaskResult[];
  };

/** Bytes the engine's full-batch arrays of one analysis take, about: net, out and δ of every layer for every sample, twice over. */
export function estimatedArrayBytes(samples: number, units: readonly number[], parameters: number): number {
  return 8 * (6 * samples * units.reduce((s, u) => s + u, 0) + 8 * parameters);
}

export async function runFileJob(job: FileJob): Promise<FileJobResult> {
  const limit = inlineSampleLimit(job.text, job.settings.maxSamples);
  if (limit) return { kind: 'invalid', diagnostics: diagnosticList({ diagnostics: [limit] }) };
  const modelPath = path.join(job.folder, job.file === '-' ? 'stdin.nn.json' : path.basename(job.file));
  const { session, diagnostics } = ModelSession.open(job.text, modelPath, job.settings, createNodeDataFileReader(modelPath));
  if (!session) return { kind: 'invalid', diagnostics: diagnosticList({ diagnostics }) };
  const model = session.model;
  const samples = model.data.train.inputs.rows + (model.data.test?.inputs.rows ?? 0);
  const parameters = model.layers.reduce((n, l) => n + l.units * (l.fanIn + 1), 0);
  const needed = estimatedArrayBytes(samples, model.layers.map((l) => l.units), parameters);
  if (needed > job.maxMemoryMb * 1024 * 1024) {
    const mb = (n: number) => `${Math.ceil(n / 1024 / 1024).toLocaleString('en-US')} MB`;
    return {
      kind: 'invalid',
      diagnostics: [...diagnosticList({ diagnostics }), fileProblem('memory-budget', `the analysis would need about ${mb(needed)} for ${samples.toLocaleString('en-US')} samples through ${model.layers.length} layers; its memory ceiling is ${mb(job.maxMemoryMb * 1024 * 1024)} (--max-memory)`)],
    };
  }
  const outcome = session.analyse();
  const analysis = outcome.analysis!;
  let training: { steps: { step: number; loss: number }[]; final: FinalParameters } | undefined;
  if (job.steps !== undefined && model.layered) {
    training = layeredSteps(session, job.steps);
  } else if (job.steps !== undefined) {
    // Exactly N optimiser steps, whatever `epochs` says; the loss after each over the whole training set.
    const network = session.currentNetwork.clone();
    const trainer = new Trainer(network, model.data.train, model.loss, model.train, { seed: model.seed });
    const steps: { step: number; loss: number }[] = [];
    for (let i = 0; i < job.steps; i++) {
      trainer.step();
      steps.push({ step: trainer.steps, loss: evaluateLoss(network, model.data.train, model.loss) });
    }
    training = { steps, final: { layers: network.layers.map((l) => ({ name: l.name, weights: l.weightRows(), bias: Array.from(l.bias) })) } };
  }
  const all = diagnosticList(outcome);
  const divergence = training ? findDivergence([{ step: 0, loss: analysis.loss }, ...training.steps]) : undefined;
  if (divergence) all.push(divergenceDiagnostic(divergence, model.source.train ?? model.source.root));
  const tasks = job.grade ? await gradeSubmission(job.grade, session, analysis, all) : undefined;
  return { kind: 'analysed', analysis, diagnostics: all, ...(training ? { training } : {}), ...(tasks ? { tasks } : {}) };
}
