/**
 * `gradlens grade` on the example classroom (examples/classroom/): a rubric and three submissions,
 * full marks, a wrong derivative and a hand-computed gradient off by its sign, graded as the README
 * documents in all four formats; the JUnit XML has the structure CI systems read, the GitHub format is
 * workflow-command syntax, and the same submissions get the same grades every time.
 */
import { mkdtempSync, mkdirSync, writeFileSync, cpSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './runCli';
import { runBundle } from './bundle';
import { examplePath } from '../helpers/examples';
import { parseXml } from '../helpers/xml';

const CLASSROOM = examplePath('classroom');
const RUBRIC = path.join(CLASSROOM, 'homework.rubric.json');
const submission = (name: string) => path.join(CLASSROOM, 'submissions', name);
const ALL = ['full-marks', 'wrong-derivative', 'sign-error'].map(submission);

describe('grading the example classroom (text)', () => {
  it('gives full marks, 6/10 for the wrong derivative and 9/10 for the sign error, and exits 1', async () => {
    const run = await cli('grade', RUBRIC, ...ALL);
    expect(run.stdout).toContain(`${submission('full-marks')}: 10/10 points (passed)`);
    expect(run.stdout).toContain(`${submission('wrong-derivative')}: 6/10 points (failed)`);
    expect(run.stdout).toContain(`${submission('sign-error')}: 9/10 points (failed)`);
    expect(run.stdout).toContain('FAIL derivative (gradient-check): 0/4');
    expect(run.stdout).toContain('(the sign is wrong)');
    expect(run.code).toBe(1);
  });

  it('exits 0 when every task of every submission passes', async () => {
    expect((await cli('grade', RUBRIC, submission('full-marks'))).code).toBe(0);
  });
});

describe('grade --format json', () => {
  it('has one object per submission and task, with points and reasons', async () => {
    const run = await cli('grade', RUBRIC, ...ALL, '--format', 'json');
    const grades = JSON.parse(run.stdout);
    expect(grades).toMatchObject({ version: 1, maxPoints: 10 });
    expect(grades.submissions.map((s: { points: number }) => s.points)).toEqual([10, 6, 9]);
    const wrong = grades.submissions[1].tasks.find((t: { id: string }) => t.id === 'derivative');
    expect(wrong).toMatchObject({ kind: 'gradient-check', passed: false, points: 0, maxPoints: 4, location: { file: path.join(submission('wrong-derivative'), 'model.nn.json'), line: 10 } });
    expect(wrong.reasons[0]).toContain("Check the derivative df = \"exp(-x) / (1 + exp(-x))\"");
    const sign = grades.submissions[2].tasks.find((t: { id: string }) => t.id === 'by-hand');
    expect(sign).toMatchObject({ passed: false, points: 2, maxPoints: 3, location: { file: path.join(submission('sign-error'), 'answers.json'), line: 4 } });
  });

  it('is deterministic: the same submissions grade the same, in-process and in the built tool\'s workers', async () => {
    const a = await cli('grade', RUBRIC, ...ALL, '--format', 'json');
    const b = await cli('grade', RUBRIC, ...ALL, '--format', 'json');
    const c = await runBundle(['grade', RUBRIC, ...ALL, '--format', 'json']);
    expect(b.stdout).toBe(a.stdout);
    expect(c.stdout).toBe(a.stdout);
    expect(c.code).toBe(1);
  });
});

describe('grade --format junit', () => {
  it('is well-formed JUnit XML: testsuites > testsuite per submission > testcase per task, failure where a task failed', async () => {
    const run = await cli('grade', RUBRIC, ...ALL, '--format', 'junit');
    const root = parseXml(run.stdout);
    expect(root.name).toBe('testsuites');
    expect(root.children.map((s) => s.name)).toEqual(['testsuite', 'testsuite', 'testsuite']);
    for (const suite of root.children) {
      expect(suite.attributes.name).toBeTruthy();
      const cases = suite.children.filter((c) => c.name === 'testcase');
      expect(cases).toHaveLength(4);
      expect(Number(suite.attributes.tests)).toBe(4);
      for (const c of cases) {
        expect(c.attributes.name).toBeTruthy();
        expect(c.attributes.classname).toBe(suite.attributes.name);
        for (const child of c.children) expect(child.name).toBe('failure');
      }
      expect(Number(suite.attributes.failures)).toBe(cases.filter((c) => c.children.length > 0).length);
    }
    const wrong = root.children[1].children.find((c) => c.attributes.name === 'derivative (gradient-check)')!;
    expect(wrong.children[0].attributes.message).toMatch(/^0\/4 points: Back-propagation disagrees/);
    expect(wrong.children[0].text).toContain('wrong-derivative/model.nn.json:10:');
    expect(root.children[0].children.filter((c) => c.name === 'testcase').every((c) => c.children.length === 0)).toBe(true);
  });

  it('stays well-formed when a student names a layer with markup and control characters', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gradlens-grade-'));
    cpSync(submission('wrong-derivative'), path.join(dir, 'hostile'), { recursive: true });
    const model = path.join(dir, 'hostile', 'model.nn.json');
    writeFileSync(model, require('node:fs').readFileSync(model, 'utf8').replace('"name": "hidden"', '"name": "h</failure>]]>&\\u001b[8m\\u0000"').replace('"layer": "hidden"', ''));
    const rubric = path.join(dir, 'r.rubric.json');
    writeFileSync(rubric, JSON.stringify({ version: 1, title: 'T <&>', tasks: [{ id: 'd', kind: 'gradient-check', points: 1 }] }));
    const run = await cli('grade', rubric, path.join(dir, 'hostile'), '--format', 'junit');
    const root = parseXml(run.stdout);
    expect(root.children[0].children.find((c) => c.name === 'testcase')!.children[0].text).toContain('h</failure>]]>&\\u001b[8m\\u0000');
  });
});

describe('grade --format github', () => {
  it('writes one ::error workflow command per failed task on the student\'s line, and a ::notice with each score', async () => {
    const run = await cli('grade', RUBRIC, ...ALL, '--format', 'github');
    const lines = run.stdout.trim().split('\n');
    for (const line of lines) expect(line).toMatch(/^::(error|notice) ((file=[^,:]+,line=\d+,col=\d+,)?title=[^,:]*)::[^\r\n]+$/);
    expect(lines.filter((l) => l.startsWith('::error'))).toHaveLength(2);
    expect(lines).toContain(`::error file=${path.join(submission('wrong-derivative'), 'model.nn.json')},line=10,col=29,title=derivative (gradient-check)%3A 0/4 points::${lines.find((l) => l.includes('derivative (gradient-check)'))!.split('::')[2]}`);
    expect(lines.some((l) => l.startsWith(`::error file=${path.join(submission('sign-error'), 'answers.json')},line=4,`))).toBe(true);
    expect(lines.filter((l) => l.startsWith('::notice'))).toHaveLength(3);
  });
});

describe('grading hostile and broken submissions', () => {
  it('a FIFO, a missing folder and an invalid model each score 0 with a reason, and the run goes on (exit 2)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gradlens-grade-'));
    mkdirSync(path.join(dir, 'fifo'));
    execFileSync('mkfifo', [path.join(dir, 'fifo', 'model.nn.json')]);
    mkdirSync(path.join(dir, 'broken'));
    writeFileSync(path.join(dir, 'broken', 'model.nn.json'), '{ "inputs": 2, "layers": [ }');
    const run = await runBundle(['grade', RUBRIC, path.join(dir, 'fifo'), path.join(dir, 'missing'), path.join(dir, 'broken'), submission('full-marks'), '--format', 'json'], { killAfterMs: 120_000 });
    const grades = JSON.parse(run.stdout);
    expect(grades.submissions.map((s: { status: string; points: number }) => [s.status, s.points])).toEqual([['invalid', 0], ['invalid', 0], ['invalid', 0], ['passed', 10]]);
    expect(grades.submissions[0].tasks[0].reasons[0]).toContain('it is a FIFO, not a regular file');
    expect(run.code).toBe(2);
  });

  it('an invalid rubric is refused with its line and column (exit 2)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gradlens-grade-'));
    const rubric = path.join(dir, 'bad.rubric.json');
    writeFileSync(rubric, '{\n  "version": 1,\n  "tasks": [ { "id": "x", "kind": "gradient-chek", "points": 1 } ]\n}\n');
    const run = await cli('grade', rubric, submission('full-marks'));
    expect(run.stderr).toContain(`${rubric}:3:`);
    expect(run.stderr).toContain('"kind" must be one of gradient-check, answers, train, valid');
    expect(run.code).toBe(2);
  });
});
