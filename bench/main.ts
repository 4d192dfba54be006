/**
 * `npm run bench`: GradLens's engine against TensorFlow.js (cpu and wasm backends) on identical
 * networks, the latency and size budgets, and the scaling curves. Prints tables; writes
 * bench/results/latest.json. Run through bench/run.mjs, which bundles this file with esbuild.
 *
 * Flags: --quick (fewer rounds: a smoke test, not numbers to quote), --no-package (measure the
 * bundles already in dist/ instead of building and packaging a staged copy), --skip=shapes,cnn,scaling,budgets,kernels,memory,wholerun,panel,
 * processes (the whole-run table's processes; its recording overhead is still measured),
 * --markdown (tables as Markdown, for the README), --out=FILE (JSON elsewhere), --panel-baseline=REV (the panel
 * row measures the webview of git revision REV beside the working tree's, in turn, and gives their ratio).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { activationBudget, engineBudgets, packagingBudgets, sizeBudget, type BudgetResult } from './budgets';
import { gradLensContender } from './gradlens';
import { measureMemory, runMemoryProbe, type MemoryPoint } from './memory';
import { simdPeakGflops } from './peak';
import { callGflops, crossovers, KERNEL_BATCHES, measureKernels, PRODUCTS, twoThreadCrossover, type KernelPoint } from './kernels';
import { CROSSOVER, describeKernels, TWO_THREADS_FROM, useKernelThreads } from '../src/engine/products';
import { nodeHelperThreads } from '../src/worker/nodeKernelThreads';
import { agreementHolds, checkAgreement, timeAlternating, type Agreement, type ContenderTiming } from './harness';
import { CNN_SHAPES, cnnStepMultiplyAdds, digitsCnnGradCheck, gradLensCnnContender, makeCnnProblem, tfjsCanTrain, tfjsCnnContender, timeConvLayers, type ConvLayerTiming } from './cnn';
import { ISSUE_SHAPES, makeProblem, stepMultiplyAdds, type BenchProblem, type Contender } from './problem';
import { BATCH_SWEEP, gflops, runSweep, WIDTH_SWEEP, type ScalingPoint } from './scaling';
import { findChromium, measurePanelUpdate, PANEL_UPDATE_TARGET_MS } from './panelUpdate';
import { median } from './stats';
import { formatKB, formatMs, formatRatio, formatTable } from './table';
import { initWasmBackend, tfjsContender, type WasmFeatures } from './tfjs';
import { largeAnalysisBudget, removeFolder, wholeRun, wholeRunFolder, writeWholeRunFiles, type WholeRunResult } from './wholeRun';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const quick = flag('quick');
const markdown = flag('markdown');
const skip = new Set((option('skip') ?? '').split(',').filter(Boolean));
const repoRoot = path.resolve(process.env.GRADLENS_REPO_ROOT ?? process.cwd());
const outFile = path.resolve(repoRoot, option('out') ?? 'bench/results/latest.json');

/**
 * Targets: tfjs-cpu / GradLens at least `cpu` (issue 8), tfjs-wasm / GradLens at least `wasm` (issue 21:
 * 2× on (b) and (c)), and GradLens-ts / GradLens at least `ts`: the shipped engine no slower than its
 * TypeScript kernels alone (issue 21: the 4-7-3 teaching step no slower than before the SIMD kernels;
 * a margin of 0.9 for the noise of a 2 µs step on a shared machine).
 */
const TARGETS: Record<string, { cpu: number; wasm?: number; ts?: number; gflops?: number }> = { a: { cpu: 50, ts: 0.9 }, b: { cpu: 2, wasm: 2 }, c: { cpu: 2, wasm: 2, gflops: 12 }, d: { cpu: 10 }, e: { cpu: 10 } };
/** Issue 14: the convolution layers of (d) and (e) at no less than this many GFLOP/s. */
const CONV_GFLOPS_TARGET = 3;

/** Rounds and block lengths per shape: enough samples for stable medians, the whole run under ~5 minutes. */
const PLAN: Record<string, { rounds: number; blockMs: number; warmupMs: number }> = quick
  ? { a: { rounds: 5, blockMs: 10, warmupMs: 100 }, b: { rounds: 5, blockMs: 20, warmupMs: 100 }, c: { rounds: 5, blockMs: 1, warmupMs: 1 } }
  : { a: { rounds: 31, blockMs: 30, warmupMs: 400 }, b: { rounds: 31, blockMs: 60, warmupMs: 500 }, c: { rounds: 15, blockMs: 1, warmupMs: 1 } };
/** The CNN rows: tfjs-cpu takes about a second per LeNet step, so one step per block for (e). */
const CNN_PLAN: Record<string, { rounds: number; blockMs: number; warmupMs: number }> = quick
  ? { d: { rounds: 3, blockMs: 10, warmupMs: 50 }, e: { rounds: 3, blockMs: 1, warmupMs: 1 } }
  : { d: { rounds: 21, blockMs: 60, warmupMs: 400 }, e: { rounds: 11, blockMs: 1, warmupMs: 1 } };

function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1].trim();
  } catch { /* not Linux */ }
  return os.cpus()[0]?.model ?? 'unknown';
}

function load(): number[] {
  return os.loadavg().map((x) => Math.round(x * 100) / 100);
}

function log(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function table(header: string[], rows: string[][], align?: ('left' | 'right')[]): string {
  return formatTable(header, rows, { markdown, align });
}

async function contendersFor(p: BenchProblem, wasmOk: boolean): Promise<Contender[]> {
  const list: Contender[] = [gradLensContender(p), await tfjsContender(tf, 'cpu', p)];
  if (wasmOk) list.push(await tfjsContender(tf, 'wasm', p));
  // The engine with its TypeScript kernels only: what the SIMD path adds (and costs, on small shapes).
  list.push(gradLensContender(p, 'typescript'));
  // The engine as shipped on one thread: what the second thread adds.
  list.push(gradLensContender(p, 'auto', 1));
  return list;
}

interface ShapeResult {
  readonly id: string;
  readonly label: string;
  readonly multiplyAdds: number;
  readonly timings: ContenderTiming[];
  readonly agreement: Agreement[];
  readonly ratios: Record<string, number>;
  readonly targets: { readonly what: string; readonly value: number; readonly target: number; readonly pass: boolean }[];
}

async function main(): Promise<void> {
  const probe = option('memory-probe');
  if (probe) {
    await runMemoryProbe(probe, tf, setWasmPaths, repoRoot);
    return;
  }
  // As the analysis worker and the CLI run the engine: large products may use a second thread.
  useKernelThreads(nodeHelperThreads);
  const started = performance.now();
  const machine = {
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpu: cpuModel(),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
  };
  const loadStart = load();
  const date = new Date().toISOString();
  log(`GradLens benchmark ${date}${quick ? ' (--quick: a smoke test, not numbers to quote)' : ''}`);
  log(`machine: ${machine.nproc} × ${machine.cpu}, Node ${machine.node}, ${machine.platform}; load average ${loadStart.join(' / ')} (1/5/15 min)`);

  const budgets: BudgetResult[] = [];
  // Model files and data for the whole-run table and the large analysis (seeded; removed at the end).
  const wholeRunDir = wholeRunFolder();
  const wholeRunFiles = writeWholeRunFiles(wholeRunDir, repoRoot);
  if (!skip.has('budgets')) {
    log('\n# Latency budgets (in-process, medians)');
    budgets.push(...engineBudgets(repoRoot, quick ? 11 : 31));
    budgets.push(largeAnalysisBudget(wholeRunFiles.large, quick ? 1 : 5));
    if (!flag('no-package')) {
      try {
        budgets.push(...packagingBudgets(repoRoot, quick ? 5 : 15, log));
      } catch (e) {
        log(`packaging budgets not measured: ${e instanceof Error ? e.message : String(e)}`);
        budgets.push({ id: 'packaging', label: 'webview bundle, .vsix and activation', unit: 'bytes', budget: NaN, relation: '<=', value: NaN, pass: false, note: 'could not stage, build or package' });
      }
    } else {
      budgets.push(sizeBudget('webview-bundle', 'dist/webview.js as built (--no-package)', path.join(repoRoot, 'dist', 'webview.js'), 340 * 1024, '<='));
      budgets.push(activationBudget(repoRoot, quick ? 5 : 15));
    }
    log(budgetTable(budgets));
  }

  // TensorFlow.js: the cpu backend always; the wasm backend from node_modules (no network).
  // Production mode only silences warnings (the advice to install tfjs-node); it skips no work.
  tf.enableProdMode();
  await tf.setBackend('cpu');
  await tf.ready();
  let wasm: WasmFeatures | undefined;
  let wasmError: string | undefined;
  try {
    wasm = await initWasmBackend(tf, setWasmPaths, repoRoot);
  } catch (e) {
    wasmError = e instanceof Error ? e.message : String(e);
    log(`tfjs-wasm unavailable: ${wasmError}`);
  }
  const tfjsInfo = { version: tf.version.tfjs, wasm: wasm ?? { error: wasmError } };
  log(`\nTensorFlow.js ${tf.version.tfjs}: cpu backend; wasm backend ${wasm ? `(SIMD ${wasm.simd ? 'on' : 'off'}, threads ${wasm.threads ? 'on' : 'off'})` : 'not available'}. GradLens: float64 fused engine; ${describeKernels()}. GradLens-ts: the same with the TypeScript kernels only; GradLens-1t: the same with every product on one thread.`);

  let kernels: KernelPoint[] | undefined;
  let simdPeak: { median: number; best: number } | undefined;
  if (!skip.has('kernels')) {
    log('\n# Dense products: TypeScript reference, WebAssembly SIMD on one thread and on two (alternating; medians)');
    kernels = await measureKernels(quick ? { rounds: 3, blockMs: 2 } : { rounds: 31, blockMs: 1 });
    log(kernelTables(kernels));
    simdPeak = await simdPeakGflops(quick ? 11 : 101);
    log(`\nA tight f64x2 loop on registers only (12 independent multiply-adds, no memory), one thread: median ${simdPeak.median.toFixed(2)} GFLOP/s, fastest run ${simdPeak.best.toFixed(2)}; two threads at most twice that, ${(2 * simdPeak.median).toFixed(2)} GFLOP/s`);
  }

  const shapes: ShapeResult[] = [];
  if (!skip.has('shapes')) {
    log('\n# Training step (forward, loss, backward, SGD update), alternating A B C A B C …');
    for (const s of ISSUE_SHAPES) {
      const problem = makeProblem(s);
      const contenders = await contendersFor(problem, wasm !== undefined);
      try {
        const agreement = await checkAgreement(contenders);
        if (!agreementHolds(agreement)) {
          log(`WARNING ${s.id}: the contenders do not compute the same training (${agreement.map((a) => `${a.name} loss ${a.maxLossRelDiff.toExponential(1)}, params ${a.paramRelDiff.toExponential(1)}`).join('; ')})`);
        }
        const timings = await timeAlternating(contenders, PLAN[s.id]);
        const gl = timings[0].summary.median;
        const ratios: Record<string, number> = {};
        for (const t of timings.slice(1)) ratios[t.name] = t.summary.median / gl;
        const target = TARGETS[s.id];
        const targets = [{ what: 'tfjs-cpu / GradLens', value: ratios['tfjs-cpu'], target: target.cpu, pass: ratios['tfjs-cpu'] >= target.cpu }];
        if (target.wasm !== undefined) {
          const v = ratios['tfjs-wasm'] ?? NaN;
          targets.push({ what: 'tfjs-wasm / GradLens', value: v, target: target.wasm, pass: v >= target.wasm });
        }
        if (target.ts !== undefined) {
          const v = ratios['GradLens-ts'] ?? NaN;
          targets.push({ what: 'GradLens-ts / GradLens', value: v, target: target.ts, pass: v >= target.ts });
        }
        if (target.gflops !== undefined) {
          // Issue 21: ≥ 12 GFLOP/s on 512-512-512-10 using both cores (a multiply-add is two operations).
          const v = (2 * stepMultiplyAdds(s)) / (gl * 1e6);
          targets.push({ what: 'GradLens GFLOP/s', value: v, target: target.gflops, pass: v >= target.gflops });
        }
        shapes.push({ id: s.id, label: s.label, multiplyAdds: stepMultiplyAdds(s), timings, agreement, ratios, targets });
        log(`(${s.id}) ${s.label}: ${timings.map((t) => `${t.name} ${formatMs(t.summary.median)}`).join(', ')}`);
      } finally {
        for (const c of contenders) c.dispose();
      }
    }
    log(`\n${shapeTable(shapes)}\n\n${detailTable(shapes)}`);
  }

  const cnnRows: CnnResult[] = [];
  if (!skip.has('cnn')) {
    log('\n# Convolutional networks (issue 14): a training step, alternating; the conv layers alone; the digits-CNN gradient check');
    for (const s of CNN_SHAPES) {
      const problem = makeCnnProblem(s);
      const cannot: Record<string, string> = {};
      const contenders: Contender[] = [gradLensCnnContender(problem)];
      for (const backend of wasm ? ['cpu', 'wasm'] as const : ['cpu'] as const) {
        const why = await tfjsCanTrain(tf, backend, problem);
        if (why === undefined) contenders.push(await tfjsCnnContender(tf, backend, problem));
        else {
          cannot[`tfjs-${backend}`] = why;
          log(`(${s.id}) tfjs-${backend} cannot train this network: ${why}`);
        }
      }
      contenders.push(gradLensCnnContender(problem, 'typescript'));
      try {
        const agreement = await checkAgreement(contenders);
        if (!agreementHolds(agreement)) {
          log(`WARNING ${s.id}: the contenders do not compute the same training (${agreement.map((a) => `${a.name} loss ${a.maxLossRelDiff.toExponential(1)}, params ${a.paramRelDiff.toExponential(1)}`).join('; ')})`);
        }
        const timings = await timeAlternating(contenders, { ...CNN_PLAN[s.id], minWarmupSteps: 2 });
        const gl = timings[0].summary.median;
        const ratios: Record<string, number> = {};
        for (const t of timings.slice(1)) ratios[t.name] = t.summary.median / gl;
        const convLayers = timeConvLayers(problem, quick ? 3 : 15, quick ? 5 : 30);
        const convMacs = convLayers.reduce((a, c) => a + c.multiplyAdds, 0);
        const convGflops = gflops(convMacs, convLayers.reduce((a, c) => a + c.auto, 0));
        const cpu = ratios['tfjs-cpu'] ?? NaN;
        const targets = [
          { what: 'tfjs-cpu / GradLens', value: cpu, target: TARGETS[s.id].cpu, pass: cpu >= TARGETS[s.id].cpu },
          { what: 'conv layers GFLOP/s', value: convGflops, target: CONV_GFLOPS_TARGET, pass: convGflops >= CONV_GFLOPS_TARGET },
        ];
        const macs = cnnStepMultiplyAdds(problem);
        cnnRows.push({ id: s.id, label: s.label, multiplyAdds: macs.total, convMultiplyAdds: macs.conv, timings, agreement, ratios, cannot, convLayers, convGflops, targets });
        log(`(${s.id}) ${s.label}: ${timings.map((t) => `${t.name} ${formatMs(t.summary.median)}`).join(', ')}; conv layers ${convGflops.toFixed(2)} GFLOP/s`);
      } finally {
        for (const c of contenders) c.dispose();
      }
    }
    const check = digitsCnnGradCheck(repoRoot, quick ? 3 : 15);
    budgets.push(check);
    log(`\n${cnnTable(cnnRows)}\n\n${cnnDetailTable(cnnRows)}\n\n${convTable(cnnRows)}\n\n${budgetTable([check])}`);
  }

  let panelDetail: unknown;
  if (!skip.has('panel')) {
    log('\n# Panel update (issue 15): the digits CNN\'s analysis into the webview in Chromium, two analyses alternating; then an update that changes nothing');
    const chromiumAt = findChromium();
    if ('missing' in chromiumAt) log(`panel update not measured: ${chromiumAt.missing}`);
    else {
      const baselineRef = option('panel-baseline');
      const panel = await measurePanelUpdate(repoRoot, chromiumAt.path, quick ? 5 : 31, quick ? 2 : 5, undefined, { baselineRef });
      panelDetail = { cards: panel.cards, message: panel.message, baseline: panel.baseline && { ...panel.baseline, changed: undefined } };
      const redraws = (xs: readonly { redraws: number }[]) => `${Math.min(...xs.map((x) => x.redraws))}–${Math.max(...xs.map((x) => x.redraws))}`;
      const unchangedRedraws = Math.max(...panel.unchanged.map((x) => x.redraws));
      const parseRatio = panel.changedSummary.median / panel.message.parse.median;
      const rows: BudgetResult[] = [
        { id: 'panel-update', label: 'panel update, digits CNN', unit: 'ms', budget: PANEL_UPDATE_TARGET_MS, relation: '<=', value: panel.changedSummary.median, summary: panel.changedSummary,
          pass: panel.changedSummary.median <= PANEL_UPDATE_TARGET_MS, note: `message received → rendered and laid out, ${panel.changed.length} updates; components redrawn ${redraws(panel.changed)}; ${formatRatio(parseRatio)} one JSON.parse of the message` },
        ...(panel.baseline ? [{ id: 'panel-update-baseline', label: `panel update, digits CNN, webview of ${panel.baseline.ref} (${panel.baseline.commit})`, unit: 'ms' as const, budget: NaN, relation: '<=' as const,
          value: panel.baseline.changedSummary.median, summary: panel.baseline.changedSummary, pass: true,
          note: `the same updates in turn with the working tree's panel; baseline / now ${formatRatio(panel.baseline.speedup)} (median of per-round ratios)` }] : []),
        { id: 'panel-update-unchanged', label: 'panel update, digits CNN, nothing changed', unit: 'ms', budget: NaN, relation: '<=', value: panel.unchangedSummary.median, summary: panel.unchangedSummary,
          pass: unchangedRedraws === 0, note: `${panel.unchanged.length} updates; components redrawn ${redraws(panel.unchanged)} (target 0)` },
        { id: 'panel-message-parse', label: 'JSON.parse of one snapshot message, in the page (for information)', unit: 'ms', budget: NaN, relation: '<=', value: panel.message.parse.median, summary: panel.message.parse,
          pass: true, note: `${(panel.message.chars / 1e6).toFixed(2)} M characters of JSON` },
      ];
      budgets.push(...rows);
      log(budgetTable(rows));
      log(`\n${formatTable(['component (changed updates)', 'median'], panel.cards.map((c) => [c.name, formatMs(c.median)]), { markdown })}`);
    }
  }

  let memory: MemoryPoint[] | undefined;
  if (!skip.has('memory')) {
    log('\n# Peak resident memory (one fresh process per contender: 30 steps of (b), 5 of (c))');
    memory = measureMemory(process.argv[1], repoRoot, ['b', 'c']);
    log(memoryTable(memory));
  }

  const wholeRuns: WholeRunResult[] = [];
  if (!skip.has('wholerun')) {
    log('\n# Whole run: `gradlens train FILE` as a process against a TensorFlow.js script training the same network the same way');
    for (const c of wholeRunFiles.cases) {
      const result = wholeRun(repoRoot, c, wasm ? ['cpu', 'wasm'] : ['cpu'], skip.has('processes') ? 0 : quick ? 1 : 3, quick ? 3 : 15);
      wholeRuns.push(result);
      log(`(${c.id}) ${c.label}: ${result.timings.map((t) => `${t.name} ${formatMs(t.summary.median)}`).join(', ')}; recording ${formatPercent(result.overhead.budget)}`);
    }
    if (!skip.has('processes')) log(`\n${wholeRunTable(wholeRuns)}`);
    log(`\n${recordingTable(wholeRuns)}`);
  }
  removeFolder(wholeRunDir);

  let scaling: { batch: ScalingPoint[]; width: ScalingPoint[] } | undefined;
  if (!skip.has('scaling')) {
    log('\n# Scaling (GradLens and tfjs-wasm alternating; medians)');
    const make = async (p: BenchProblem): Promise<Contender[]> => (wasm ? [gradLensContender(p), await tfjsContender(tf, 'wasm', p)] : [gradLensContender(p)]);
    const opts = quick ? { rounds: 3, blockMs: 10, warmupMs: 50 } : { rounds: 9, blockMs: 40, warmupMs: 150 };
    scaling = { batch: await runSweep(BATCH_SWEEP, make, opts), width: await runSweep(WIDTH_SWEEP, make, opts) };
    log(scalingTable('batch size (784-128-10 relu/softmax)', scaling.batch, 'batch'));
    log('');
    log(scalingTable('width w (w-w-w-10 relu/softmax, batch 64)', scaling.width, 'width'));
  }

  const loadEnd = load();
  const seconds = (performance.now() - started) / 1000;
  log(`\nload average at the end ${loadEnd.join(' / ')}; ${seconds.toFixed(0)} s in all.`);
  const report = {
    schema: 'gradlens-bench/1', date, quick, machine, load: { start: loadStart, end: loadEnd }, durationSeconds: Math.round(seconds),
    gradlens: { precision: 'float64', threads: 2, kernels: describeKernels() }, tfjs: tfjsInfo,
    shapes: shapes.map((s) => ({
      ...s,
      timings: s.timings.map((t) => ({ ...t, summary: t.summary })),
    })),
    cnn: cnnRows,
    kernels: kernels && { points: kernels, measuredCrossover: crossovers(kernels), crossover: CROSSOVER, measuredTwoThreadsFrom: twoThreadCrossover(kernels), twoThreadsFrom: TWO_THREADS_FROM, simdPeakGflops: simdPeak },
    wholeRuns: wholeRuns.map((w) => ({ ...w, targets: wholeRunTargets(w) })),
    panel: panelDetail, memory, scaling, budgets: budgets.map((b) => ({ ...b, budget: Number.isFinite(b.budget) ? b.budget : null })),
  };
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, `${JSON.stringify(report, null, 1)}\n`);
  log(`wrote ${path.relative(repoRoot, outFile)}`);
  // Issue 21: at least as fast as tfjs-wasm at every batch size of the batch curve.
  const behind = (scaling?.batch ?? []).filter((p) => p.timings.length > 1 && p.timings[1].summary.median < p.timings[0].summary.median);
  if (scaling) log(behind.length === 0 ? 'batch curve: GradLens at least as fast as tfjs-wasm at every batch size' : `batch curve: tfjs-wasm faster at batch ${behind.map((p) => p.batch).join(', ')}`);
  const failed = [...behind.map((p) => `batch ${p.batch}: tfjs-wasm / GradLens ${formatRatio(p.timings[1].summary.median / p.timings[0].summary.median)} < 1×`),
    ...shapes.flatMap((s) => s.targets.filter((t) => !t.pass).map((t) => (t.what.endsWith('GFLOP/s') ? `(${s.id}) ${t.what} ${t.value.toFixed(2)} < ${t.target}` : `(${s.id}) ${t.what} ${formatRatio(t.value)} < ${t.target}×`))),
    ...cnnRows.flatMap((s) => s.targets.filter((t) => !t.pass).map((t) => `(${s.id}) ${t.what} ${t.what.endsWith('GFLOP/s') ? t.value.toFixed(2) : formatRatio(t.value)} < ${t.target}${t.what.endsWith('GFLOP/s') ? '' : '×'}`)),
    ...budgets.filter((b) => !b.pass).map((b) => `${b.id} ${b.unit === 'ms' ? formatMs(b.value) : formatKB(b.value)}`),
    ...wholeRuns.flatMap((w) => wholeRunTargets(w).filter((t) => !t.pass).map((t) => `(${w.id}) ${t.what}`))];
  log(failed.length === 0 ? 'every target and budget holds' : `not met: ${failed.join('; ')}`);
}

function shapeTable(shapes: readonly ShapeResult[]): string {
  const names = shapes[0]?.timings.map((t) => t.name) ?? [];
  const header = ['shape', ...names.map((n) => `${n} ms/step`), ...names.slice(1).map((n) => `${n} / GradLens`), 'targets'];
  const rows = shapes.map((s) => [
    `(${s.id}) ${s.label}`,
    ...s.timings.map((t) => formatMs(t.summary.median)),
    ...names.slice(1).map((n) => formatRatio(s.ratios[n])),
    s.targets.map((t) => (t.what.endsWith('GFLOP/s') ? `${t.value.toFixed(2)} GFLOP/s ≥ ${t.target} ${t.pass ? 'met' : 'NOT met'}` : `${t.what.split(' ')[0]} ≥ ${t.target}× ${t.pass ? 'met' : 'NOT met'}`)).join(', '),
  ]);
  return table(header, rows, header.map((_, c) => (c === 0 || c === header.length - 1 ? 'left' : 'right')));
}

interface CnnResult {
  readonly id: string;
  readonly label: string;
  readonly multiplyAdds: number;
  readonly convMultiplyAdds: number;
  readonly timings: ContenderTiming[];
  readonly agreement: Agreement[];
  readonly ratios: Record<string, number>;
  /** Contenders that cannot train the network, and the error they gave. */
  readonly cannot: Record<string, string>;
  readonly convLayers: ConvLayerTiming[];
  readonly convGflops: number;
  readonly targets: { readonly what: string; readonly value: number; readonly target: number; readonly pass: boolean }[];
}

/** The CNN rows: every contender's ms/step (or why it cannot train), ratios to GradLens, the targets. */
function cnnTable(rows: readonly CnnResult[]): string {
  const names = ['GradLens', 'tfjs-cpu', 'tfjs-wasm', 'GradLens-ts'];
  const header = ['shape', ...names.map((n) => `${n} ms/step`), ...names.slice(1).map((n) => `${n} / GradLens`), 'conv layers GFLOP/s', 'targets'];
  const body = rows.map((r) => {
    const ms = (n: string) => {
      const t = r.timings.find((x) => x.name === n);
      return t ? formatMs(t.summary.median) : r.cannot[n] ? 'cannot train' : '–';
    };
    return [
      `(${r.id}) ${r.label}`, ...names.map(ms),
      ...names.slice(1).map((n) => (r.ratios[n] === undefined ? '–' : formatRatio(r.ratios[n]))),
      r.convGflops.toFixed(2),
      r.targets.map((t) => `${t.what.startsWith('conv') ? `conv ≥ ${t.target} GFLOP/s` : `tfjs-cpu ≥ ${t.target}×`} ${t.pass ? 'met' : 'NOT met'}`).join(', '),
    ];
  });
  const why = rows.flatMap((r) => Object.entries(r.cannot).map(([n, e]) => `(${r.id}) ${n} cannot train it: ${e}`));
  return `${table(header, body, header.map((_, c) => (c === 0 || c === header.length - 1 ? 'left' : 'right')))}${why.length ? `\n${why.join('\n')}` : ''}`;
}

function cnnDetailTable(rows: readonly CnnResult[]): string {
  const body = rows.flatMap((r) => r.timings.map((t, i) => [
    `(${r.id})`, t.name, t.precision, formatMs(t.summary.median), formatMs(t.summary.p10), formatMs(t.summary.p90),
    String(t.summary.samples), String(t.stepsPerBlock), gflops(r.multiplyAdds, t.summary.median).toFixed(2),
    i === 0 ? 'reference' : r.agreement[i].maxLossRelDiff.toExponential(1),
  ]));
  return table(['shape', 'contender', 'precision', 'median', 'p10', 'p90', 'blocks', 'steps/block', 'GFLOP/s (step)', 'loss rel. diff'], body,
    ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right']);
}

function convTable(rows: readonly CnnResult[]): string {
  const body = rows.flatMap((r) => r.convLayers.map((c) => [
    `(${r.id})`, c.layer, c.multiplyAdds.toExponential(2), formatMs(c.auto), gflops(c.multiplyAdds, c.auto).toFixed(2),
    formatMs(c.typescript), gflops(c.multiplyAdds, c.typescript).toFixed(2), formatRatio(c.typescript / c.auto),
  ]));
  return `Conv layers alone (forward, ∂W, ∂b and ∂x but for the first layer; products as shipped against the TypeScript kernels only, alternating, medians)\n${table(
    ['shape', 'layer', 'MACs', 'GradLens', 'GFLOP/s', 'GradLens-ts', 'GFLOP/s', 'ts / shipped'], body,
    ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right'])}`;
}

function detailTable(shapes: readonly ShapeResult[]): string {
  const rows = shapes.flatMap((s) => s.timings.map((t, i) => [
    `(${s.id})`, t.name, t.precision, formatMs(t.summary.median), formatMs(t.summary.p10), formatMs(t.summary.p90),
    String(t.summary.samples), String(t.stepsPerBlock), `${gflops(s.multiplyAdds, t.summary.median).toFixed(2)}`,
    i === 0 ? 'reference' : s.agreement[i].maxLossRelDiff.toExponential(1),
  ]));
  return table(['shape', 'contender', 'precision', 'median', 'p10', 'p90', 'blocks', 'steps/block', 'GFLOP/s', 'loss rel. diff'], rows,
    ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right']);
}

/** Targets of issue 13: 784-128-10 whole process ≥ 2× faster than tfjs-cpu, ≥ as fast as tfjs-wasm; recording ≤ 10 % on both. */
function wholeRunTargets(w: WholeRunResult): { what: string; value: number; target: number; pass: boolean }[] {
  const targets = [{ what: 'recording overhead ≤ 10 %', value: w.overhead.budget, target: 0.1, pass: w.overhead.budget <= 0.1 }];
  if (w.id === 'wide' && w.timings.length > 0) {
    const gl = w.timings[0].summary.median;
    const ratio = (name: string) => (w.timings.find((t) => t.name === name)?.summary.median ?? NaN) / gl;
    targets.push({ what: 'tfjs-cpu / gradlens ≥ 2×', value: ratio('tfjs-cpu'), target: 2, pass: ratio('tfjs-cpu') >= 2 });
    targets.push({ what: 'tfjs-wasm / gradlens ≥ 1×', value: ratio('tfjs-wasm'), target: 1, pass: ratio('tfjs-wasm') >= 1 });
  }
  return targets;
}

function formatPercent(x: number): string {
  return Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} %` : 'n/a';
}

function wholeRunTable(runs: readonly WholeRunResult[]): string {
  const names = runs[0]?.timings.map((t) => t.name) ?? [];
  const header = ['network', ...names.map((n) => `${n} (whole process)`), ...names.slice(1).map((n) => `${n} / gradlens`), 'targets'];
  const rows = runs.map((w) => {
    const gl = w.timings[0].summary.median;
    return [
      `(${w.id}) ${w.label}`,
      ...w.timings.map((t) => `${formatMs(t.summary.median)} (${formatMs(t.summary.p10)} – ${formatMs(t.summary.p90)})`),
      ...w.timings.slice(1).map((t) => formatRatio(t.summary.median / gl)),
      wholeRunTargets(w).filter((t) => t.what.startsWith('tfjs')).map((t) => `${t.what} ${t.pass ? 'met' : 'NOT met'}`).join(', ') || '–',
    ];
  });
  const done = runs.flatMap((w) => w.timings.map((t) => `  (${w.id}) ${t.name}: ${t.done}`));
  return `${table(header, rows, header.map((_, c) => (c === 0 || c === header.length - 1 ? 'left' : 'right')))}\nlast lines printed:\n${done.join('\n')}`;
}

function recordingTable(runs: readonly WholeRunResult[]): string {
  const rows = runs.map((w) => {
    const ms = (p: string) => w.recording.find((r) => r.policy === p)!.summary.median;
    return [
      `(${w.id})`, formatMs(ms('none')), formatMs(ms('budget')), formatPercent(w.overhead.budget), formatMs(ms('epochs')), formatPercent(w.overhead.epochs),
      w.overhead.budget <= 0.1 ? '≤ 10 % met' : '≤ 10 % NOT met',
    ];
  });
  return `Recording the loss curve (ModelSession.train in this process, the file's whole training, medians):\n${table(
    ['network', 'no history', 'history (panel: budget)', 'overhead', 'a point every epoch (CLI)', 'overhead', 'target'], rows,
    ['left', 'right', 'right', 'right', 'right', 'right', 'left'])}`;
}

function scalingTable(title: string, points: readonly ScalingPoint[], by: 'batch' | 'width'): string {
  const names = points[0]?.timings.map((t) => t.name) ?? [];
  const header = [by === 'batch' ? 'batch' : 'width', 'MACs/step', ...names.map((n) => `${n} ms/step`), 'GradLens per sample', 'GradLens GFLOP/s', ...names.slice(1).map((n) => `${n} / GradLens`)];
  const rows = points.map((p) => {
    const gl = p.timings[0].summary.median;
    return [
      String(by === 'batch' ? p.batch : p.width), p.multiplyAdds.toExponential(2),
      ...p.timings.map((t) => formatMs(t.summary.median)),
      formatMs(gl / p.batch), gflops(p.multiplyAdds, gl).toFixed(2),
      ...p.timings.slice(1).map((t) => formatRatio(t.summary.median / gl)),
    ];
  });
  return `${title}\n${table(header, rows)}`;
}

function memoryTable(points: readonly MemoryPoint[]): string {
  const mb = (b: number) => (Number.isFinite(b) ? `${(b / 2 ** 20).toFixed(0)} MB` : 'n/a');
  const rows = points.map((p) => {
    const base = points.find((q) => q.shape === p.shape && q.contender === 'none')?.peakBytes ?? NaN;
    return [`(${p.shape})`, p.contender === 'none' ? 'none (baseline: loaded, no training)' : p.contender, mb(p.peakBytes),
      p.contender === 'none' ? '' : mb(p.peakBytes - base), p.error ?? ''];
  });
  return table(['shape', 'contender', 'peak RSS', 'above baseline', 'error'], rows, ['left', 'left', 'right', 'right', 'left']);
}

function kernelTables(points: readonly KernelPoint[]): string {
  const layers = [...new Set(points.map((p) => `${p.fanIn}→${p.units}`))];
  const header = ['product', 'layer', ...KERNEL_BATCHES.map((b) => `n=${b}`)];
  const rows = PRODUCTS.flatMap((product) => layers.map((layer) => [product, layer, ...KERNEL_BATCHES.map((rows) => {
    const p = points.find((q) => q.product === product && `${q.fanIn}→${q.units}` === layer && q.rows === rows);
    return p ? formatRatio(p.speedup) : '';
  })]));
  const speedups = `SIMD speed-up (median over rounds of TypeScript time / SIMD time, copies included) per product, layer fanIn→units and batch n\n${table(header, rows, header.map((_, c) => (c < 2 ? 'left' : 'right')))}`;
  const twoRows = PRODUCTS.flatMap((product) => layers.map((layer) => [product, layer, ...KERNEL_BATCHES.map((rows) => {
    const p = points.find((q) => q.product === product && `${q.fanIn}→${q.units}` === layer && q.rows === rows);
    return p ? formatRatio(p.twoThreadSpeedup) : '';
  })]));
  const twoThreads = `Two threads over one (median over rounds of one-thread SIMD time / two-thread SIMD time, the split at every size)\n${table(header, twoRows, header.map((_, c) => (c < 2 ? 'left' : 'right')))}`;
  const measured = crossovers(points);
  const big = (p: KernelPoint) => p.multiplyAdds >= 1e6;
  const two = twoThreadCrossover(points);
  const summary = PRODUCTS.map((product) => {
    const large = points.filter((p) => p.product === product && big(p));
    const m = measured[product];
    return [
      product,
      median(large.map((p) => callGflops(p, 'typescript'))).toFixed(2),
      median(large.map((p) => callGflops(p, 'wasm'))).toFixed(2),
      Math.max(...large.map((p) => callGflops(p, 'wasm'))).toFixed(2),
      median(large.map((p) => callGflops(p, 'two'))).toFixed(2),
      Math.max(...large.map((p) => callGflops(p, 'two'))).toFixed(2),
      m ? `n ≥ ${m.rows}, ≥ ${m.multiplyAdds.toLocaleString('en')} MACs` : 'never',
      `n ≥ ${CROSSOVER[product].rows}, ≥ ${CROSSOVER[product].multiplyAdds.toLocaleString('en')} MACs`,
      two[product] === undefined ? 'never' : `≥ ${two[product]!.toLocaleString('en')} MACs`,
    ];
  });
  const sumHeader = ['product', 'TypeScript GFLOP/s', 'SIMD GFLOP/s', 'SIMD best', 'SIMD 2 threads GFLOP/s', '2 threads best', 'SIMD ≥ 1.1× faster from (this run)', 'crossover in products.ts', '2 threads ≥ 1.1× faster from (this run)'];
  return `${speedups}\n\n${twoThreads}\n\nGFLOP/s per path: medians over the products of at least 10⁶ multiply-adds; two threads from ${TWO_THREADS_FROM.toLocaleString('en')} MACs in products.ts\n${table(sumHeader, summary, ['left', 'right', 'right', 'right', 'right', 'right', 'left', 'left', 'left'])}`;
}

function budgetTable(budgets: readonly BudgetResult[]): string {
  const show = (b: BudgetResult, v: number) => (b.unit === 'ms' ? formatMs(v) : formatKB(v));
  const rows = budgets.map((b) => [
    b.label, show(b, b.value),
    b.summary ? `${show(b, b.summary.p10)} – ${show(b, b.summary.p90)}` : '',
    Number.isFinite(b.budget) ? `${b.relation === '<' ? '<' : '≤'} ${show(b, b.budget)}` : '–',
    Number.isFinite(b.budget) ? (b.pass ? 'met' : 'NOT met') : '',
    b.note ?? '',
  ]);
  return table(['budget', 'median / size', 'p10 – p90', 'budget', 'verdict', 'note'], rows, ['left', 'right', 'right', 'right', 'left', 'left']);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
