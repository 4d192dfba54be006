/**
 * Grading one submission's model against the rubric's tasks, inside the file's worker (under its time
 * and memory budgets). Deterministic: the engine is seeded from the file, the gradient check samples
 * with that seed, and points are rounded to hundredths, so a submission gets the same score on every
 * machine.
 */
import { parameterName } from '../../shared/names';
import type { ModelSession } from '../../analysis/modelSession';
import type { Analysis } from '../../analysis/types';
import type { PlainDiagnostic } from '../../analysis/diagnosticList';
import { Trainer } from '../../engine';
import { formatValue } from '../../shared/format';
import { parseAnswerName, type AnswerName, type RubricTask } from './rubric';

/** A student's answer: its value and where it is written (1-based). */
export interface GivenAnswer {
  readonly value: number;
  readonly line: number;
  readonly column: number;
}

export interface GradeJob {
  readonly tasks: readonly RubricTask[];
  /** Per answers task (by id): the answers file's values by name, or why it could not be read. */
  readonly answers: Readonly<Record<string, { readonly file: string; readonly values: Readonly<Record<string, GivenAnswer>> } | { readonly file: string; readonly error: string }>>;
}

export interface TaskResult {
  readonly id: string;
  readonly kind: RubricTask['kind'];
  readonly title?: string;
  readonly points: number;
  readonly maxPoints: number;
  readonly passed: boolean;
  readonly reasons: readonly string[];
  /** Where the reason is written (the model file, or the answers file), for annotations. */
  readonly location?: { readonly file: 'model' | 'answers'; readonly line: number; readonly column: number };
}

/** Points rounded to hundredths, so sums and shares print and compare the same everywhere. */
export function roundPoints(points: number): number {
  return Math.round(points * 100) / 100;
}

function result(task: RubricTask, passed: boolean, reasons: string[], location?: TaskResult['location'], share = passed ? 1 : 0): TaskResult {
  return {
    id: task.id, kind: task.kind, ...(task.title ? { title: task.title } : {}),
    points: roundPoints(task.points * share), maxPoints: task.points, passed, reasons, ...(location ? { location } : {}),
  };
}

/** Every task failed for one reason (the model file is invalid, unreadable or over a budget). */
export function failAll(tasks: readonly RubricTask[], reason: string, location?: TaskResult['location']): TaskResult[] {
  return tasks.map((t) => result(t, false, [reason], location));
}

export async function gradeSubmission(job: GradeJob, session: ModelSession, analysis: Analysis, diagnostics: readonly PlainDiagnostic[]): Promise<TaskResult[]> {
  const results: TaskResult[] = [];
  for (const task of job.tasks) {
    switch (task.kind) {
      case 'valid': results.push(validTask(task, diagnostics)); break;
      case 'gradient-check': results.push(gradientCheckTask(task, analysis)); break;
      case 'answers': results.push(answersTask(task, job, session, analysis)); break;
      case 'train': results.push(await trainTask(task, session)); break;
    }
  }
  return results;
}

function at(d: PlainDiagnostic): TaskResult['location'] {
  return { file: 'model', line: d.range.start.line + 1, column: d.range.start.character + 1 };
}

function validTask(task: Extract<RubricTask, { kind: 'valid' }>, diagnostics: readonly PlainDiagnostic[]): TaskResult {
  // The model reader's findings (the analysis's, such as a failed gradient check, have tasks of their own),
  // and any diagnostic whose code the rubric names.
  const offending = diagnostics.filter((d) => (d.origin === 'model' && (d.severity === 'error' || (task.noWarnings && d.severity === 'warning')))
    || (task.codes?.includes(d.code) ?? false));
  if (offending.length === 0) return result(task, true, []);
  return result(task, false, offending.map((d) => `line ${d.range.start.line + 1}: ${d.severity} ${d.code}: ${d.message}`), at(offending[0]));
}

function gradientCheckTask(task: Extract<RubricTask, { kind: 'gradient-check' }>, analysis: Analysis): TaskResult {
  const layers = task.layer === undefined ? analysis.layers : analysis.layers.filter((l) => l.name === task.layer);
  if (layers.length === 0) return result(task, false, [`the model has no layer named '${task.layer}'`]);
  const failing = layers.filter((l) => l.gradcheck?.status === 'fail');
  if (failing.length === 0) return result(task, true, []);
  const warnings = analysis.warnings.filter((w) => w.code === 'gradcheck-failed' && failing.some((l) => l.name === w.layer));
  const reasons = warnings.length > 0 ? warnings.map((w) => w.message)
    : failing.map((l) => `layer '${l.name}': back-propagation disagrees with the numerical gradient (relative error ${formatValue(l.gradcheck!.maxRelError)})`);
  const w = warnings[0];
  return result(task, false, reasons, w ? { file: 'model', line: w.range.start.line + 1, column: w.range.start.character + 1 } : { file: 'model', line: failing[0].line, column: 1 });
}

/** The engine's value of an answer name, or why there is none. */
function engineValue(name: AnswerName, session: ModelSession, analysis: Analysis, updated: () => Analysis['layers']): number | string {
  if (name.quantity === 'loss') return analysis.loss;
  const { layer, param, index } = name.parameter;
  const pick = (layers: Analysis['layers']) => {
    const l = layers.find((x) => x.name === layer);
    if (!l) return `the model has no layer named '${layer}'`;
    const tensor = name.quantity === 'grad' ? l[param].grad : l[param].value;
    const v = param === 'weights' ? (tensor as number[][])[index[0]]?.[index[1]] : (tensor as number[])[index[0]];
    // The rubric's answer names are 0-based (docs/spec/rubric-v1.md); people read the entry by the convention too.
    return v === undefined ? `${layer}.${param} has no entry [${index.join(',')}] (a rubric index, from 0: ${parameterName(layer, param, index)} counted from 1)` : v;
  };
  void session;
  return name.quantity === 'grad' ? pick(analysis.layers) : pick(updated());
}

function answersTask(task: Extract<RubricTask, { kind: 'answers' }>, job: GradeJob, session: ModelSession, analysis: Analysis): TaskResult {
  const given = job.answers[task.id];
  if (!given || 'error' in given) return result(task, false, [`cannot read the answers file ${task.file}: ${given && 'error' in given ? given.error : 'missing'}`]);
  if (session.model.layered) return result(task, false, ['answers tasks check networks of dense layers only for now; this model has image inputs or other layer types']);
  let afterStep: Analysis['layers'] | undefined;
  const updated = () => {
    // One optimiser step from the initial parameters, as the file's "train" says.
    if (afterStep) return afterStep;
    const network = session.currentNetwork.clone();
    new Trainer(network, session.model.data.train, session.model.loss, session.model.train, { seed: session.model.seed }).step();
    afterStep = network.layers.map((l, i) => ({ ...analysis.layers[i], weights: { ...analysis.layers[i].weights, value: l.weightRows() }, bias: { ...analysis.layers[i].bias, value: Array.from(l.bias) } }));
    return afterStep;
  };
  const reasons: string[] = [];
  let right = 0;
  let location: TaskResult['location'];
  for (const name of task.answers) {
    const parsed = parseAnswerName(name)!;
    const expected = engineValue(parsed, session, analysis, updated);
    const answer = given.values[name];
    if (typeof expected === 'string') {
      reasons.push(`${name}: ${expected}`);
      continue;
    }
    if (!answer) {
      reasons.push(`${name}: no answer given in ${task.file}`);
      continue;
    }
    const tolerance = task.absoluteTolerance + task.relativeTolerance * Math.abs(expected);
    if (Math.abs(answer.value - expected) <= tolerance) {
      right++;
    } else {
      const sign = Math.abs(answer.value + expected) <= tolerance ? ' (the sign is wrong)' : '';
      reasons.push(`${name}: ${answer.value} is not ${formatValue(expected, 6)} within ±${formatValue(tolerance, 2)}${sign}`);
      location ??= { file: 'answers', line: answer.line, column: answer.column };
    }
  }
  return result(task, right === task.answers.length, reasons, location, right / task.answers.length);
}

async function trainTask(task: Extract<RubricTask, { kind: 'train' }>, session: ModelSession): Promise<TaskResult> {
  session.reset();
  const higherIsBetter = task.metric === 'accuracy' || task.metric === 'testAccuracy';
  let best: number | undefined;
  let reachedAt: number | undefined;
  const run = await session.train({
    steps: task.steps,
    // A point at every epoch end, whatever the machine's speed: the same submission gets the same score
    // everywhere (the panel's default history is rationed by time).
    history: 'epochs',
    progressEveryMs: 0,
    onProgress: (points) => {
      for (const p of points) {
        const v = p[task.metric];
        if (v === undefined || !Number.isFinite(v)) continue;
        if (best === undefined || (higherIsBetter ? v > best : v < best)) best = v;
        if (reachedAt === undefined && (higherIsBetter ? v >= task.threshold : v <= task.threshold)) reachedAt = p.step;
      }
    },
  });
  session.reset();
  const line = session.model.source.train ?? session.model.source.root;
  const location = { file: 'model' as const, line: line.start.line + 1, column: line.start.character + 1 };
  if (best === undefined) {
    return result(task, false, [run.stopped === 'non-finite' ? run.message ?? 'training stopped on NaN or infinity' : `the model has no ${task.metric} (it needs ${task.metric.startsWith('test') ? 'test data' : 'classification targets'})`], location);
  }
  if (reachedAt !== undefined) return result(task, true, [`${task.metric} ${formatValue(task.threshold)} reached at step ${reachedAt}`]);
  return result(task, false, [`${task.metric} reached at best ${formatValue(best, 4)} in ${run.stepsTaken} steps; ${higherIsBetter ? 'at least' : 'at most'} ${formatValue(task.threshold, 4)} was needed`
    + `${run.stopped === 'non-finite' ? ` (${run.message})` : ''}`], location);
}
