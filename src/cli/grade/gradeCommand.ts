/**
 * `gradlens grade RUBRIC.json SUBMISSION...`: each submission (a folder holding the model file and any
 * answers files, or a model file) is graded against the rubric's tasks, each model in its own worker
 * under the per-file budgets, so a hostile submission scores 0 with a reason and the run goes on.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import type { CliCommand } from '../args';
import { analyseFile, EXIT_FAILED, EXIT_INTERNAL, EXIT_INVALID, EXIT_OK, worst, type CliIo } from '../common';
import { expandGlobs, readModelFile } from '../input';
import { safe } from '../diagnosticOutput';
import { LineIndex } from '../../model/text';
import { parseRubric, type Rubric } from './rubric';
import { failAll, roundPoints, type GivenAnswer, type GradeJob, type TaskResult } from './tasks';
import { formatGrades, type SubmissionGrade } from './gradeFormats';

const MAX_ANSWERS_BYTES = 1024 * 1024;

/** The submission's model file: the rubric's `model` in the folder, else the folder's only `*.nn.json`. */
function modelFileOf(submission: string, rubric: Rubric): { file: string } | { error: string } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(submission);
  } catch {
    return { error: 'no such file or folder' };
  }
  if (!stat.isDirectory()) return { file: submission };
  if (rubric.model) return { file: path.join(submission, rubric.model) };
  let models: string[];
  try {
    models = fs.readdirSync(submission).filter((f) => f.endsWith('.nn.json')).sort();
  } catch (error) {
    return { error: `cannot list the folder (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  if (models.length === 1) return { file: path.join(submission, models[0]) };
  return { error: models.length === 0 ? 'the folder holds no *.nn.json model file' : `the folder holds ${models.length} model files (${models.join(', ')}); the rubric's "model" must say which` };
}

/** A student's answers file: JSON (with comments) of answer names to numbers, each with its place. */
function readAnswers(file: string): { file: string; values: Record<string, GivenAnswer> } | { file: string; error: string } {
  const read = readModelFile(file, MAX_ANSWERS_BYTES);
  if ('error' in read) return { file, error: read.error };
  const text = read.text.charCodeAt(0) === 0xfeff ? read.text.slice(1) : read.text;
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true });
  const lines = new LineIndex(text);
  if (!root || root.type !== 'object' || errors.length > 0) {
    const p = lines.position(errors[0]?.offset ?? 0);
    return { file, error: `line ${p.line + 1}: not a JSON object of answer names and numbers` };
  }
  const values: Record<string, GivenAnswer> = {};
  for (const property of root.children ?? []) {
    const key = property.children?.[0]?.value;
    const value: Node | undefined = property.children?.[1];
    if (typeof key !== 'string' || value?.type !== 'number') continue;
    const p = lines.position(value.offset);
    values[key] = { value: value.value as number, line: p.line + 1, column: p.character + 1 };
  }
  return { file, values };
}

export async function grade(command: Extract<CliCommand, { kind: 'grade' }>, io: CliIo): Promise<number> {
  const read = readModelFile(command.rubric, MAX_ANSWERS_BYTES);
  if ('error' in read) {
    io.err(`${safe(command.rubric)}:1:1: error: cannot read the rubric: ${read.error} [unreadable]\n`);
    return EXIT_INVALID;
  }
  const parsed = parseRubric(read.text);
  if ('problems' in parsed) {
    io.err(parsed.problems.map((p) => `${safe(command.rubric)}:${safe(p)} [invalid-rubric]\n`).join(''));
    return EXIT_INVALID;
  }
  const rubric = parsed.rubric;
  const grades: SubmissionGrade[] = [];
  const codes: number[] = [];
  for (const submission of expandGlobs(command.submissions)) {
    const model = modelFileOf(submission, rubric);
    if ('error' in model) {
      grades.push(summarise(submission, undefined, failAll(rubric.tasks, `cannot grade: ${model.error}`), EXIT_INVALID));
      codes.push(EXIT_INVALID);
      continue;
    }
    const folder = path.dirname(model.file);
    const answers: GradeJob['answers'] = Object.fromEntries(rubric.tasks.filter((t) => t.kind === 'answers')
      .map((t) => [t.id, readAnswers(path.join(folder, (t as { file: string }).file))]));
    const result = await analyseFile(model.file, command, io, { grade: { tasks: rubric.tasks, answers } });
    if (result.kind === 'invalid') {
      const first = result.diagnostics.find((d) => d.severity === 'error') ?? result.diagnostics[0];
      const internal = result.diagnostics.some((d) => d.code === 'internal-error');
      const code = internal ? EXIT_INTERNAL : EXIT_INVALID;
      // A budget or a read failure is about the file as a whole; a reader's error has its line.
      const whole = first && ['unreadable', 'time-budget', 'memory-budget', 'internal-error'].includes(first.code);
      const reason = !first ? 'the model file is invalid' : whole ? first.message : `the model file is invalid: line ${first.range.start.line + 1}: ${first.message}`;
      const tasks = failAll(rubric.tasks, reason, first ? { file: 'model', line: first.range.start.line + 1, column: first.range.start.character + 1 } : undefined);
      grades.push(summarise(submission, model.file, tasks, code, answers));
      codes.push(code);
      continue;
    }
    const tasks = result.tasks ?? [];
    const code = tasks.every((t) => t.passed) ? EXIT_OK : EXIT_FAILED;
    grades.push(summarise(submission, model.file, tasks, code, answers));
    codes.push(code);
  }
  io.out(formatGrades(command.format, rubric, grades));
  return worst(codes);
}

function summarise(submission: string, modelFile: string | undefined, tasks: TaskResult[], exit: number, answers?: GradeJob['answers']): SubmissionGrade {
  return {
    submission,
    ...(modelFile ? { modelFile } : {}),
    points: roundPoints(tasks.reduce((s, t) => s + t.points, 0)),
    maxPoints: roundPoints(tasks.reduce((s, t) => s + t.maxPoints, 0)),
    status: exit === EXIT_OK ? 'passed' : exit === EXIT_FAILED ? 'failed' : exit === EXIT_INVALID ? 'invalid' : 'error',
    tasks,
    answerFiles: Object.fromEntries(Object.entries(answers ?? {}).map(([id, a]) => [id, a.file])),
  };
}
