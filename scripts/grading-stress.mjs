#!/usr/bin/env node
// `npm run stress:grade`: a grading run over 200 generated submissions, as issue 18 asks. Generates them
// in a temporary folder (valid ones with right and wrong derivatives and answers, invalid ones, and
// hostile ones: FIFOs, links to /dev/zero, 50 MB files, a key asking for endless epochs, a model whose
// analysis no budget covers, names full of escape sequences), grades them with the built tool
// (dist/cli.js, `npm run build` first) against examples/classroom/homework.rubric.json, and checks that
// every submission got a per-file result, that the terminal output holds no raw control character, and
// that the process (main thread and workers together) never went above 2 GB of memory.
//
//   node scripts/grading-stress.mjs [--count 200] [--timeout SECONDS] [--keep]
//
// Prints one JSON line with the figures; exits 1 when a check fails.
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, openSync, ftruncateSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from './lib/buildOptions.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const COUNT = Number(option('--count', 200));
const TIMEOUT = option('--timeout', '5');
const LIMIT_BYTES = 2 * 1024 * 1024 * 1024;
const cliBundle = path.join(repoRoot, 'dist', 'cli.js');
if (!existsSync(cliBundle)) {
  console.error('grading-stress: dist/cli.js is missing; run `npm run build` first');
  process.exit(2);
}

const classroom = path.join(repoRoot, 'examples', 'classroom');
const rubric = path.join(classroom, 'homework.rubric.json');
const goodModel = readFileSync(path.join(classroom, 'submissions', 'full-marks', 'model.nn.json'), 'utf8');
const goodAnswers = readFileSync(path.join(classroom, 'submissions', 'full-marks', 'answers.json'), 'utf8');
const root = mkdtempSync(path.join(tmpdir(), 'gradlens-stress-'));

/** The kinds of submission, in turn; each gets its folder `NNN-kind`. */
const KINDS = [
  ['valid', (dir) => { writeFileSync(path.join(dir, 'model.nn.json'), goodModel); writeFileSync(path.join(dir, 'answers.json'), goodAnswers); }],
  ['wrong-derivative', (dir) => { writeFileSync(path.join(dir, 'model.nn.json'), goodModel.replace('(1 + exp(-x))^2"', '(1 + exp(-x))"')); writeFileSync(path.join(dir, 'answers.json'), goodAnswers); }],
  ['sign-error', (dir) => { writeFileSync(path.join(dir, 'model.nn.json'), goodModel); writeFileSync(path.join(dir, 'answers.json'), goodAnswers.replace(': 0.082167041', ': -0.082167041')); }],
  ['typos', (dir) => { writeFileSync(path.join(dir, 'model.nn.json'), goodModel.replace('"activation": "sigmoid"', '"activaton": "sigmoid"').replace('"learningRate"', '"lr": 0.5, "learningRate"')); }],
  ['syntax-error', (dir) => { writeFileSync(path.join(dir, 'model.nn.json'), goodModel.slice(0, goodModel.length / 2)); }],
  ['wrong-shape', (dir) => { writeFileSync(path.join(dir, 'model.nn.json'), goodModel.replace('[[0.15, 0.20], [0.25, 0.30]]', '[[0.15], [0.25, 0.30, 1]]')); }],
  ['escape-sequences', (dir) => { writeFileSync(path.join(dir, 'model.nn.json'), goodModel.replace('(1 + exp(-x))^2"', '(1 + exp(-x))"').replace('"name": "hidden"', '"name": "h\\r\\u001b[2K\\u001b[1A\\u001b[2Kall tasks PASS\\u001b[8m\\u0007\\u009b"')); writeFileSync(path.join(dir, 'answers.json'), '{ "loss\\u001b[2J": 1, "loss": "\\u001b]0;owned\\u0007" }'); }],
  ['fifo', (dir) => { execFileSync('mkfifo', [path.join(dir, 'model.nn.json')]); }],
  ['dev-zero-link', (dir) => { symlinkSync('/dev/zero', path.join(dir, 'model.nn.json')); }],
  ['50MB', (dir) => { const fd = openSync(path.join(dir, 'model.nn.json'), 'w'); ftruncateSync(fd, 50 * 1024 * 1024); closeSync(fd); }],
  ['endless-epochs', (dir) => { writeFileSync(path.join(dir, 'model.nn.json'), goodModel.replace('"epochs": 1', '"epochs": 9007199254740991')); }],
  ['endless-analysis', (dir) => {
    // Within every documented limit, but its gradient check takes minutes: the time budget stops it.
    writeFileSync(path.join(dir, 'd.csv'), `x,y\n${Array.from({ length: 20_000 }, (_, i) => `${i % 7},${i % 2}`).join('\n')}\n`);
    writeFileSync(path.join(dir, 'model.nn.json'), '{"inputs":1,"layers":[{"units":200,"activation":"tanh"},{"units":200,"activation":"tanh"},{"units":1}],"loss":"mse","data":{"csv":"d.csv","target":"y"}}');
  }],
  ['no-model', () => {}],
  ['folder-as-model', (dir) => { mkdirSync(path.join(dir, 'model.nn.json')); }],
];
// Hostile kinds are rarer than ordinary ones: each ordinary kind three times per round.
const ROUND = KINDS.flatMap(([kind, make], i) => (i < 6 ? [[kind, make], [kind, make], [kind, make]] : [[kind, make]]));

const submissions = [];
for (let i = 0; i < COUNT; i++) {
  const [kind, make] = ROUND[i % ROUND.length];
  const dir = path.join(root, `${String(i).padStart(3, '0')}-${kind}`);
  mkdirSync(dir);
  make(dir);
  submissions.push({ dir, kind });
}

/** Peak resident memory of a process and its threads, from /proc (VmHWM), sampled until it exits. */
function peakOf(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

const started = Date.now();
const child = spawn(process.execPath, [cliBundle, 'grade', rubric, ...submissions.map((s) => s.dir), '--format', 'json', '--timeout', TIMEOUT], { stdio: ['ignore', 'pipe', 'pipe'] });
let stdout = '';
let stderr = '';
let peak = 0;
child.stdout.on('data', (d) => { stdout += d; });
child.stderr.on('data', (d) => { stderr += d; });
const sampler = setInterval(() => { peak = Math.max(peak, peakOf(child.pid)); }, 50);
const code = await new Promise((resolve) => child.on('close', (c) => resolve(c)));
clearInterval(sampler);
const seconds = (Date.now() - started) / 1000;

const problems = [];
let grades;
try {
  grades = JSON.parse(stdout);
} catch {
  problems.push(`the output is not JSON: ${stdout.slice(0, 200)} ${stderr.slice(0, 200)}`);
}
const byKind = {};
if (grades) {
  if (grades.submissions.length !== COUNT) problems.push(`${grades.submissions.length} results for ${COUNT} submissions`);
  grades.submissions.forEach((g, i) => {
    const { kind, dir } = submissions[i];
    if (g.submission !== dir) problems.push(`result ${i} is for ${g.submission}, not ${dir}`);
    if (g.tasks.length !== 4) problems.push(`${dir}: ${g.tasks.length} task results`);
    const key = `${kind}: ${g.status} ${g.points}/${g.maxPoints}`;
    byKind[key] = (byKind[key] ?? 0) + 1;
  });
}
if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(stdout + stderr)) problems.push('a raw control character reached the output');
if (peak > LIMIT_BYTES) problems.push(`peak memory ${Math.round(peak / 1048576)} MB is above 2 GB`);
if (code !== 2) problems.push(`exit code ${code}, expected 2 (invalid submissions among them)`);

console.log(JSON.stringify({ submissions: COUNT, results: grades?.submissions.length ?? 0, exitCode: code, seconds: Number(seconds.toFixed(1)), peakMemoryMB: Math.round(peak / 1048576), byKind, problems }));
if (!args.includes('--keep')) rmSync(root, { recursive: true, force: true });
else console.error(`kept ${root}`);
process.exit(problems.length === 0 ? 0 : 1);
