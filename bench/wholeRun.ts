/**
 * The "whole run" table of `npm run bench`: `gradlens train FILE` as a whole process (the built
 * dist/cli.js, Node's start-up and the CSV included) against a TensorFlow.js script that trains the
 * same network the same way (bench/tfjs-train.cjs: same data file, batch, epochs, plain SGD, the same
 * lines printed), on the cpu and wasm backends; and what recording the loss curve costs a training
 * run (ModelSession.train with and without history, in this process). Also the large-model analysis
 * row of the latency table: a complete analysis against one full-batch forward-and-backward pass.
 *
 * The model files and data are written into a temporary folder, deterministically (seeded), and
 * removed afterwards.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ModelSession, type HistoryPolicy } from '../src/analysis/modelSession';
import { DEFAULT_ANALYSIS_SETTINGS } from '../src/analysis/settings';
import { backprop, createRng } from '../src/engine/index';
import { createNodeDataFileReader } from '../src/model/nodeDataFiles';
import type { BudgetResult } from './budgets';
import { summarize, type Summary } from './stats';

/** One network of the whole-run table. */
export interface WholeRunCase {
  readonly id: string;
  readonly label: string;
  /** The model file, in the temporary folder. */
  readonly file: string;
}

/** Writes the CSV files and model files of the whole-run table and the large analysis into `dir`. */
export function writeWholeRunFiles(dir: string, repoRoot: string): { cases: WholeRunCase[]; large: string } {
  copyFileSync(path.join(repoRoot, 'examples', 'data', 'iris.csv'), path.join(dir, 'iris.csv'));
  writeFileSync(path.join(dir, 'iris.nn.json'), JSON.stringify({
    name: 'Iris 4-7-3', seed: 1, inputs: 4,
    layers: [{ name: 'hidden', units: 7, activation: 'tanh' }, { name: 'output', units: 3, activation: 'softmax' }],
    loss: 'cross-entropy',
    data: { csv: 'iris.csv', target: 'species' },
    train: { optimizer: 'sgd', learningRate: 0.05, batchSize: 1, epochs: 20, shuffle: false },
  }, null, 1));
  writeCsv(path.join(dir, 'wide.csv'), 640, 784, 10, 'wide');
  writeFileSync(path.join(dir, 'wide.nn.json'), JSON.stringify({
    name: 'Whole run 784-128-10', seed: 1, inputs: 784,
    layers: [{ name: 'hidden', units: 128, activation: 'relu' }, { name: 'output', units: 10, activation: 'softmax' }],
    loss: 'cross-entropy',
    data: { csv: 'wide.csv', target: 'label' },
    train: { optimizer: 'sgd', learningRate: 0.01, batchSize: 64, epochs: 20, shuffle: false },
  }, null, 1));
  writeCsv(path.join(dir, 'large.csv'), 2560, 512, 10, 'large');
  writeFileSync(path.join(dir, 'large.nn.json'), JSON.stringify({
    name: 'Large 512-512-512-10', seed: 1, inputs: 512,
    layers: [
      { name: 'first', units: 512, activation: 'relu' }, { name: 'second', units: 512, activation: 'relu' },
      { name: 'output', units: 10, activation: 'softmax' },
    ],
    loss: 'cross-entropy',
    data: { csv: 'large.csv', target: 'label' },
    train: { optimizer: 'sgd', learningRate: 0.01, batchSize: 256, epochs: 1, shuffle: false },
  }, null, 1));
  return {
    cases: [
      { id: 'iris', label: '4-7-3 tanh/softmax, Iris (150 samples), batch 1, 20 epochs', file: path.join(dir, 'iris.nn.json') },
      { id: 'wide', label: '784-128-10 relu/softmax, 640 samples, batch 64, 20 epochs', file: path.join(dir, 'wide.nn.json') },
    ],
    large: path.join(dir, 'large.nn.json'),
  };
}

/** `rows` samples of `features` seeded uniform values in [0, 1) (3 decimals) and a class 0 … classes−1. */
function writeCsv(file: string, rows: number, features: number, classes: number, stream: string): void {
  const rng = createRng(13, `bench:whole-run:${stream}`);
  const header = [...Array.from({ length: features }, (_, i) => `x${i}`), 'label'].join(',');
  const lines = [header];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let i = 0; i < features; i++) cells.push(rng.next().toFixed(3));
    cells.push(String(rng.int(classes)));
    lines.push(cells.join(','));
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

/** One contender's whole-process runs. */
export interface ProcessTiming {
  readonly name: string;
  readonly samplesMs: number[];
  readonly summary: Summary;
  /** The last run's `done:` line. */
  readonly done: string;
}

export interface WholeRunResult {
  readonly id: string;
  readonly label: string;
  readonly timings: ProcessTiming[];
  /** In-process training time with each history policy, and the overheads against 'none'. */
  readonly recording: { readonly policy: HistoryPolicy; readonly summary: Summary }[];
  readonly overhead: { readonly budget: number; readonly epochs: number };
}

function runProcess(args: string[], cwd: string): { ms: number; stdout: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', timeout: 300_000 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${(r.stderr || r.stdout || String(r.signal)).trim().split('\n').slice(-3).join(' ')}`);
  return { ms, stdout: r.stdout };
}

/**
 * Times `gradlens train FILE` (dist/cli.js), and the TensorFlow.js script on each backend, as whole
 * processes, alternating (A B C A B C …), `rounds` runs each; then the recording overhead in-process.
 */
export function wholeRun(repoRoot: string, c: WholeRunCase, backends: readonly ('cpu' | 'wasm')[], rounds: number, recordingRounds: number): WholeRunResult {
  const cli = path.join(repoRoot, 'dist', 'cli.js');
  if (rounds > 0 && !existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const script = path.join(repoRoot, 'bench', 'tfjs-train.cjs');
  const contenders: { name: string; args: string[] }[] = [
    { name: 'gradlens train', args: [path.join(repoRoot, 'bin', 'gradlens.js'), 'train', c.file] },
    ...backends.map((b) => ({ name: `tfjs-${b}`, args: [script, c.file, b] })),
  ];
  const samples = contenders.map(() => [] as number[]);
  const done = contenders.map(() => '');
  for (let r = 0; r < rounds; r++) {
    contenders.forEach((k, i) => {
      const run = runProcess(k.args, repoRoot);
      samples[i].push(run.ms);
      done[i] = run.stdout.split('\n').find((l) => l.startsWith('done:')) ?? '';
    });
  }
  const timings = rounds > 0 ? contenders.map((k, i) => ({ name: k.name, samplesMs: samples[i], summary: summarize(samples[i]), done: done[i] })) : [];
  const recording = recordingCost(c.file, recordingRounds);
  const median = (p: HistoryPolicy) => recording.find((x) => x.policy === p)!.summary.median;
  return {
    id: c.id, label: c.label, timings, recording,
    overhead: { budget: median('budget') / median('none') - 1, epochs: median('epochs') / median('none') - 1 },
  };
}

function openSession(file: string): ModelSession {
  const opened = ModelSession.open(readFileSync(file, 'utf8'), file, DEFAULT_ANALYSIS_SETTINGS, createNodeDataFileReader(file));
  if (!opened.session) throw new Error(`${file} did not open: ${opened.diagnostics.map((d) => d.message).join('; ')}`);
  return opened.session;
}

/**
 * The file's whole training (all its epochs, from the initial weights) with each history policy:
 * 'none' (no points), 'budget' (the panel's Train button) and 'epochs' (the command-line tool),
 * alternating, after one warm-up round. A sample repeats the training until it lasts ~200 ms (Iris
 * trains in a few ms, shorter than the machine's scheduling noise) and is the time per training.
 */
function recordingCost(file: string, rounds: number): { policy: HistoryPolicy; summary: Summary }[] {
  const session = openSession(file);
  const train = (history: HistoryPolicy) => {
    session.reset();
    // Without yieldToEventLoop the async run never awaits: it is finished when train() returns.
    void session.train({ history });
  };
  let t0 = performance.now();
  train('none');
  train('none');
  const reps = Math.max(1, Math.ceil(200 / Math.max((performance.now() - t0) / 2, 0.01)));
  const policies: HistoryPolicy[] = ['none', 'budget', 'epochs'];
  const samples = policies.map(() => [] as number[]);
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let r = -1; r < rounds; r++) {
    for (let i = 0; i < policies.length; i++) {
      gc?.();
      t0 = performance.now();
      for (let k = 0; k < reps; k++) train(policies[i]);
      const ms = (performance.now() - t0) / reps;
      if (r >= 0) samples[i].push(ms);
    }
  }
  return policies.map((policy, i) => ({ policy, summary: summarize(samples[i]) }));
}

/**
 * The large-model row of the latency table: a complete analysis of 512-512-512-10 on 2,560 samples
 * (forward, backward, gradient check, detectors; the model already parsed) against one full-batch
 * forward-and-backward pass, alternating; budget: at most twice the pass.
 */
export function largeAnalysisBudget(file: string, runs: number): BudgetResult {
  const session = openSession(file);
  const { train } = session.model.data;
  const pass: number[] = [], analysis: number[] = [];
  let checked = '';
  for (let r = -1; r < runs; r++) {
    let t0 = performance.now();
    backprop(session.currentNetwork, train, session.model.loss);
    const p = performance.now() - t0;
    t0 = performance.now();
    const a = session.analyse().analysis!;
    const q = performance.now() - t0;
    checked = `gradient check: ${a.gradcheck.checked} entries on ${a.gradcheck.samples} of ${a.samples} samples`;
    if (r >= 0) { pass.push(p); analysis.push(q); }
  }
  const fb = summarize(pass).median, summary = summarize(analysis);
  return {
    id: 'large-analysis',
    label: '512-512-512-10, 2,560 samples: complete analysis ≤ 2 × one forward+backward pass',
    unit: 'ms', budget: 2 * fb, relation: '<=', value: summary.median, summary, pass: summary.median <= 2 * fb,
    note: `one forward+backward ${fb.toFixed(0)} ms; ratio ${(summary.median / fb).toFixed(2)}×; ${checked}; ${runs} runs each, alternating`,
  };
}

/** A temporary folder for the files above; remove it with `rmSync(dir, { recursive: true })`. */
export function wholeRunFolder(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'gradlens-whole-run-'));
}

export function removeFolder(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
