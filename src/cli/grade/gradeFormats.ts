/**
 * The grades as people and CI systems read them: text (a summary per submission), JSON (one object per
 * submission and task, with points and reasons), JUnit XML (one test suite per submission, one test case
 * per task, a <failure> for each task not passed) and GitHub workflow commands (an annotation on the
 * student's line for each task not passed). Every model- and student-derived string is escaped for its
 * sink by src/shared/escape.ts. Nothing here depends on time or machine: the same grades print the same.
 */
import { cut, escapeJsonForTerminal, escapeWorkflowCommand, escapeXml } from '../../shared/escape';
import type { GradeFormat } from '../args';
import { MAX_MESSAGE, safe } from '../diagnosticOutput';
import type { Rubric } from './rubric';
import type { TaskResult } from './tasks';

export interface SubmissionGrade {
  /** The submission as named on the command line. */
  readonly submission: string;
  readonly modelFile?: string;
  readonly points: number;
  readonly maxPoints: number;
  readonly status: 'passed' | 'failed' | 'invalid' | 'error';
  readonly tasks: readonly TaskResult[];
  /** Per answers task: the answers file's path. */
  readonly answerFiles: Readonly<Record<string, string>>;
}

export function formatGrades(format: GradeFormat, rubric: Rubric, grades: readonly SubmissionGrade[]): string {
  switch (format) {
    case 'text': return textGrades(rubric, grades);
    case 'json': return `${escapeJsonForTerminal(JSON.stringify(jsonGrades(rubric, grades), null, 2))}\n`;
    case 'junit': return junitGrades(rubric, grades);
    case 'github': return githubGrades(rubric, grades);
  }
}

function taskName(t: TaskResult): string {
  return `${t.id} (${t.kind})`;
}

function points(n: number): string {
  return String(n);
}

function textGrades(rubric: Rubric, grades: readonly SubmissionGrade[]): string {
  const out: string[] = [safe(rubric.title)];
  for (const g of grades) {
    out.push('', `${safe(g.submission)}: ${points(g.points)}/${points(g.maxPoints)} points (${g.status})`);
    for (const t of g.tasks) {
      out.push(`  ${t.passed ? 'PASS' : 'FAIL'} ${safe(taskName(t))}: ${points(t.points)}/${points(t.maxPoints)}`);
      for (const r of t.reasons) out.push(`       ${safe(r, MAX_MESSAGE)}`);
    }
  }
  return `${out.join('\n')}\n`;
}

export function jsonGrades(rubric: Rubric, grades: readonly SubmissionGrade[]) {
  return {
    version: 1,
    rubric: rubric.title,
    maxPoints: grades[0]?.maxPoints ?? rubric.tasks.reduce((s, t) => s + t.points, 0),
    submissions: grades.map((g) => ({
      submission: g.submission,
      ...(g.modelFile ? { model: g.modelFile } : {}),
      status: g.status,
      points: g.points,
      maxPoints: g.maxPoints,
      tasks: g.tasks.map((t) => ({
        id: t.id, kind: t.kind, ...(t.title ? { title: t.title } : {}), passed: t.passed, points: t.points, maxPoints: t.maxPoints, reasons: t.reasons,
        ...(t.location ? { location: { file: locationFile(g, t), line: t.location.line, column: t.location.column } } : {}),
      })),
    })),
  };
}

function locationFile(g: SubmissionGrade, t: TaskResult): string {
  return t.location?.file === 'answers' ? g.answerFiles[t.id] ?? g.submission : g.modelFile ?? g.submission;
}

/** JUnit XML: <testsuites> of one <testsuite> per submission, one <testcase> per task, a <failure> for each task not passed. */
function junitGrades(rubric: Rubric, grades: readonly SubmissionGrade[]): string {
  const a = (text: string) => escapeXml(cut(text, 2000));
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const failures = grades.reduce((n, g) => n + g.tasks.filter((t) => !t.passed).length, 0);
  const tests = grades.reduce((n, g) => n + g.tasks.length, 0);
  out.push(`<testsuites name="${a(rubric.title)}" tests="${tests}" failures="${failures}" errors="0" time="0">`);
  for (const g of grades) {
    const failed = g.tasks.filter((t) => !t.passed).length;
    out.push(`  <testsuite name="${a(g.submission)}" tests="${g.tasks.length}" failures="${failed}" errors="0" skipped="0" time="0">`);
    out.push(`    <properties><property name="points" value="${g.points}"/><property name="maxPoints" value="${g.maxPoints}"/></properties>`);
    for (const t of g.tasks) {
      const name = `${a(taskName(t))}`;
      if (t.passed) {
        out.push(`    <testcase classname="${a(g.submission)}" name="${name}" time="0"/>`);
      } else {
        const where = t.location ? `${locationFile(g, t)}:${t.location.line}:${t.location.column}: ` : '';
        out.push(`    <testcase classname="${a(g.submission)}" name="${name}" time="0">`);
        out.push(`      <failure message="${a(`${t.points}/${t.maxPoints} points: ${t.reasons[0] ?? 'not passed'}`)}" type="${a(t.kind)}">${a(where + t.reasons.join('\n'))}</failure>`);
        out.push('    </testcase>');
      }
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

/** GitHub Actions workflow commands: `::error file=F,line=L,col=C,title=T::message` per task not passed, `::notice` for the score. */
function githubGrades(rubric: Rubric, grades: readonly SubmissionGrade[]): string {
  const p = (text: string) => escapeWorkflowCommand(cut(text, 500), true);
  const m = (text: string) => escapeWorkflowCommand(cut(text, 4000));
  const out: string[] = [];
  for (const g of grades) {
    for (const t of g.tasks) {
      if (t.passed) continue;
      const location = t.location ? `file=${p(locationFile(g, t))},line=${t.location.line},col=${t.location.column},` : `file=${p(g.modelFile ?? g.submission)},`;
      out.push(`::error ${location}title=${p(`${taskName(t)}: ${t.points}/${t.maxPoints} points`)}::${m(t.reasons.join('\n') || 'not passed')}`);
    }
    out.push(`::notice title=${p(rubric.title)}::${m(`${g.submission}: ${g.points}/${g.maxPoints} points`)}`);
  }
  return `${out.join('\n')}\n`;
}
