/**
 * Latency and size budgets of issue 8, measured with medians:
 * - a complete analysis of examples/iris.nn.json (parse incl. the CSV, forward, backward, gradient
 *   check, detectors) ≤ 20 ms;
 * - the gradient check of examples/digits.nn.json (64-32-10, 1,437 training samples) ≤ 200 ms;
 * - extension activation ≤ 50 ms: dist/extension.js loaded and `activate(context)` run in plain Node
 *   with a stub `vscode` module (bench/activation-probe.cjs), one fresh process per sample;
 * - dist/webview.js ≤ 340 KB minified, the .vsix < 2 MB (after `scripts/build.mjs --production`).
 * The build, the packaging and the activation run in a staged copy of the working tree (see
 * `stageWorkingTree`), so the repository's own dist/ is never touched.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ModelSession } from '../src/analysis/modelSession';
import { DEFAULT_ANALYSIS_SETTINGS } from '../src/analysis/settings';
import { gradientCheck, Network } from '../src/engine/index';
import { createNodeDataFileReader } from '../src/model/nodeDataFiles';
import { toNetworkSpec } from '../src/model/types';
import { summarize, type Summary } from './stats';

export interface BudgetResult {
  readonly id: string;
  readonly label: string;
  /** `ms` budgets are compared by median, `bytes` budgets by size. */
  readonly unit: 'ms' | 'bytes';
  readonly budget: number;
  /** `≤` or `<`, as the issue words it. */
  readonly relation: '<=' | '<';
  /** The median (ms) or the size (bytes); NaN when it could not be measured. */
  readonly value: number;
  readonly summary?: Summary;
  readonly pass: boolean;
  readonly note?: string;
}

function verdict(value: number, budget: number, relation: '<=' | '<'): boolean {
  return relation === '<=' ? value <= budget : value < budget;
}

/**
 * Times `fn` `runs` times after `warmup` untimed runs (the analysis worker runs on every edit, so its
 * code is optimised after the first few); also returns the very first (cold) run's time.
 */
export function timeRuns(fn: () => void, runs: number, warmup: number): { summary: Summary; firstMs: number } {
  let t0 = performance.now();
  fn();
  const firstMs = performance.now() - t0;
  for (let i = 1; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return { summary: summarize(samples), firstMs };
}

function openExample(repoRoot: string, name: string): { file: string; text: string; session: ModelSession } {
  const file = path.join(repoRoot, 'examples', name);
  const text = readFileSync(file, 'utf8');
  const opened = ModelSession.open(text, file, DEFAULT_ANALYSIS_SETTINGS, createNodeDataFileReader(file));
  if (!opened.session) throw new Error(`${name} did not open: ${opened.diagnostics.map((d) => d.message).join('; ')}`);
  return { file, text, session: opened.session };
}

/** The in-process budgets: Iris analysis and digits gradient check (plus the digits analysis, for information). */
export function engineBudgets(repoRoot: string, runs = 31): BudgetResult[] {
  const results: BudgetResult[] = [];

  const iris = openExample(repoRoot, 'iris.nn.json');
  const irisRun = timeRuns(() => {
    const opened = ModelSession.open(iris.text, iris.file, DEFAULT_ANALYSIS_SETTINGS, createNodeDataFileReader(iris.file));
    opened.session!.analyse();
  }, runs, 20);
  results.push({
    id: 'iris-analysis', label: 'Iris: complete analysis (parse + CSV, forward, backward, gradient check, detectors)',
    unit: 'ms', budget: 20, relation: '<=', value: irisRun.summary.median, summary: irisRun.summary,
    pass: verdict(irisRun.summary.median, 20, '<='), note: `first run in this process ${irisRun.firstMs.toFixed(1)} ms`,
  });

  const digits = openExample(repoRoot, 'digits.nn.json');
  const model = digits.session.model;
  const network = Network.fromSpec(toNetworkSpec(model));
  const s = DEFAULT_ANALYSIS_SETTINGS;
  const checkRun = timeRuns(() => {
    gradientCheck(network, model.data.train, model.loss, {
      eps: s.gradCheckEpsilon, maxEntriesPerTensor: s.gradCheckMaxEntriesPerTensor,
      thresholds: { pass: s.gradCheckWarnThreshold, fail: s.gradCheckFailThreshold }, seed: model.seed,
    });
  }, Math.max(5, Math.round(runs / 3)), 2);
  results.push({
    id: 'digits-gradcheck', label: `Digits 64-32-10: gradient check (${model.data.train.inputs.rows} samples, float64)`,
    unit: 'ms', budget: 200, relation: '<=', value: checkRun.summary.median, summary: checkRun.summary,
    pass: verdict(checkRun.summary.median, 200, '<='), note: `first run ${checkRun.firstMs.toFixed(1)} ms`,
  });

  const digitsRun = timeRuns(() => {
    const opened = ModelSession.open(digits.text, digits.file, DEFAULT_ANALYSIS_SETTINGS, createNodeDataFileReader(digits.file));
    opened.session!.analyse();
  }, Math.max(5, Math.round(runs / 3)), 2);
  results.push({
    id: 'digits-analysis', label: 'Digits: complete analysis (for information, no budget)',
    unit: 'ms', budget: Infinity, relation: '<=', value: digitsRun.summary.median, summary: digitsRun.summary,
    pass: true, note: `first run ${digitsRun.firstMs.toFixed(1)} ms`,
  });
  return results;
}

/**
 * Activation in fresh Node processes: require(dist/extension.js) + activate(context), `runs` samples.
 * Node's own built-ins are loaded before the clock starts (the extension host has them already);
 * processes that load them cold too alternate with those, for the note.
 */
export function activationBudget(repoRoot: string, runs = 11, probe = path.join(repoRoot, 'bench', 'activation-probe.cjs')): BudgetResult {
  const ext = path.join(repoRoot, 'dist', 'extension.js');
  const base = { id: 'activation', label: 'Extension activation: require(dist/extension.js) + activate(context), stub vscode', unit: 'ms' as const, budget: 50, relation: '<=' as const };
  if (!existsSync(ext)) return { ...base, value: NaN, pass: false, note: 'dist/extension.js is missing (build first)' };
  const total: number[] = [], load: number[] = [], activate: number[] = [], cold: number[] = [];
  for (let i = 0; i < 2 * runs; i++) {
    const coldBuiltins = i % 2 === 1;
    const r = spawnSync(process.execPath, [probe, repoRoot, ...(coldBuiltins ? ['--cold-builtins'] : [])], { encoding: 'utf8', timeout: 30_000 });
    if (r.status !== 0) return { ...base, value: NaN, pass: false, note: `the probe failed: ${(r.stderr || r.stdout || String(r.signal)).trim().split('\n').slice(-3).join(' ')}` };
    const m = JSON.parse(r.stdout.trim().split('\n').pop() as string) as { loadMs: number; activateMs: number };
    if (coldBuiltins) {
      cold.push(m.loadMs + m.activateMs);
    } else {
      total.push(m.loadMs + m.activateMs);
      load.push(m.loadMs);
      activate.push(m.activateMs);
    }
  }
  const summary = summarize(total);
  const kb = (statSync(ext).size / 1024).toFixed(0);
  return {
    ...base, value: summary.median, summary, pass: verdict(summary.median, 50, '<='),
    note: `${kb} KB bundle; median load ${summarize(load).median.toFixed(1)} ms + activate() ${summarize(activate).median.toFixed(1)} ms; `
      + `${summarize(cold).median.toFixed(1)} ms when Node's built-ins load cold too; one fresh process per sample`,
  };
}

/** A file's size against a budget. */
export function sizeBudget(id: string, label: string, file: string, budgetBytes: number, relation: '<=' | '<'): BudgetResult {
  if (!existsSync(file)) return { id, label, unit: 'bytes', budget: budgetBytes, relation, value: NaN, pass: false, note: `${file} is missing` };
  const size = statSync(file).size;
  return { id, label, unit: 'bytes', budget: budgetBytes, relation, value: size, pass: verdict(size, budgetBytes, relation) };
}

/**
 * Copies the working tree's files (tracked and untracked-but-not-ignored, without test/) into a new
 * temporary folder with node_modules linked, so `scripts/build.mjs --production` and
 * `scripts/package.mjs` can run there exactly as in the repository without replacing the dist/
 * other people's builds and test runs use. Returns the folder; remove it with `rmSync`.
 */
export function stageWorkingTree(repoRoot: string): string {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' })
    .split('\0').filter((f) => f !== '' && !/^(test|node_modules|bench\/results)(\/|$)/.test(f));
  const stage = mkdtempSync(path.join(os.tmpdir(), 'gradlens-bench-'));
  try {
    for (const f of files) {
      const from = path.join(repoRoot, f);
      // Only regular files: skips files deleted in the working tree but not in the index, and links.
      if (!existsSync(from) || !lstatSync(from).isFile()) continue;
      mkdirSync(path.dirname(path.join(stage, f)), { recursive: true });
      copyFileSync(from, path.join(stage, f));
    }
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
  } catch (e) {
    rmSync(stage, { recursive: true, force: true });
    throw e;
  }
  return stage;
}

/**
 * Production build and .vsix in a staged copy, then the size budgets and the activation budget on
 * what was built there. Nothing in the repository changes.
 */
export function packagingBudgets(repoRoot: string, activationRuns: number, log: (line: string) => void): BudgetResult[] {
  const stage = stageWorkingTree(repoRoot);
  try {
    const vsix = path.join(stage, 'gradlens-bench.vsix');
    log(`building (scripts/build.mjs --production) and packaging (scripts/package.mjs) in a copy of the working tree, ${stage} …`);
    const r = spawnSync(process.execPath, [path.join(stage, 'scripts', 'package.mjs'), '--out', vsix], { cwd: stage, encoding: 'utf8' });
    if (r.status !== 0) {
      const why = (r.stderr || r.stdout || String(r.signal)).trim().split('\n').slice(-6).join(' ');
      return [
        { id: 'webview-bundle', label: 'dist/webview.js, minified', unit: 'bytes', budget: 340 * 1024, relation: '<=', value: NaN, pass: false, note: `packaging failed: ${why}` },
        { id: 'vsix', label: '.vsix', unit: 'bytes', budget: 2 * 1024 * 1024, relation: '<', value: NaN, pass: false, note: 'packaging failed' },
      ];
    }
    return [
      sizeBudget('webview-bundle', 'dist/webview.js, minified (scripts/build.mjs --production)', path.join(stage, 'dist', 'webview.js'), 340 * 1024, '<='),
      sizeBudget('vsix', '.vsix (scripts/package.mjs)', vsix, 2 * 1024 * 1024, '<'),
      activationBudget(stage, activationRuns, path.join(repoRoot, 'bench', 'activation-probe.cjs')),
    ];
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
