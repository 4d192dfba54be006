/**
 * The `gradlens` command-line tool: the same engine, model reader and diagnostics as the extension.
 * Exit codes (HELP in ./args): 0 ran and passed, 1 a file failed, 2 a file is invalid or over a budget
 * or the command line is wrong, 3 internal error; with several files the worst decides. Problems are
 * printed as `FILE:LINE:COL: severity: message [code]`, never as a stack trace; every model-derived
 * string reaches the terminal through src/shared/escape.ts.
 *
 * The bundle (dist/cli.js) is also its own worker: started with a job in `workerData`, it analyses that
 * one file under the per-file budgets (./isolation) and posts the result back.
 */
import * as path from 'node:path';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { ModelSession } from '../analysis/modelSession';
import { diagnosticList, type PlainDiagnostic } from '../analysis/diagnosticList';
import { reportJson, stringifyReport } from '../analysis/reportJson';
import { divergenceDiagnostic, findDivergence } from '../analysis/divergence';
import { createNodeDataFileReader } from '../model/nodeDataFiles';
import { escapeJsonForTerminal } from '../shared/escape';
import { inlineSampleLimit } from '../model/inlineSamples';
import { formatPercent, formatScientific, formatValue } from '../shared/format';
import { HELP, parseArgs, type CliCommand } from './args';
import { analyseFile, analysisSettings, EXIT_FAILED, EXIT_INTERNAL, EXIT_INVALID, EXIT_OK, invalidCode, withSeed, worst, type CliIo } from './common';
import { textReport } from './textReport';
import { ProgressLine } from './progressLine';
import { describeKernels } from '../engine/products';
import { enableNodeKernelThreads } from '../worker/nodeKernelThreads';
import { diagnosticLines, fileProblem, hasWarnings, jsonDiagnostic, safe } from './diagnosticOutput';
export type { CliIo } from './common';
import { expandGlobs, readModelFile } from './input';
import { JOB_KEY, STARTED } from './isolation';
import { runFileJob, type FileJob } from './fileJob';
import { grade } from './grade/gradeCommand';
import { importModel } from './importCommand';
import { exportModel } from './exportCommand';

declare const GRADLENS_VERSION: string | undefined;

async function report(command: Extract<CliCommand, { kind: 'report' }>, io: CliIo): Promise<number> {
  const result = await analyseFile(command.file, command, io, command.steps !== undefined ? { steps: command.steps } : {});
  if (result.kind === 'invalid') {
    io.err(diagnosticLines(command.file, result.diagnostics));
    return invalidCode(result.diagnostics);
  }
  const { analysis, diagnostics, training } = result;
  if (command.json) {
    const json = { ...reportJson(analysis, command.file, training), diagnostics: diagnostics.map((d) => jsonDiagnostic(command.file, d)) };
    io.out(escapeJsonForTerminal(stringifyReport(json)) + '\n');
  } else {
    io.out(textReport(analysis, command.file, diagnostics, training?.steps));
  }
  return fileCode(analysis.gradcheck.status, diagnostics, command.strict);
}

/** A valid file's exit code: 1 when its gradient check fails, or (with --strict) when it has warnings. */
function fileCode(status: string, diagnostics: readonly PlainDiagnostic[], strict: boolean): number {
  return status === 'fail' || (strict && hasWarnings(diagnostics)) ? EXIT_FAILED : EXIT_OK;
}

async function check(command: Extract<CliCommand, { kind: 'check' }>, io: CliIo): Promise<number> {
  const codes: number[] = [];
  const results: unknown[] = [];
  for (const file of expandGlobs(command.files)) {
    const result = await analyseFile(file, command, io);
    if (result.kind === 'invalid') {
      const code = invalidCode(result.diagnostics);
      codes.push(code);
      results.push({ file, status: code === EXIT_INTERNAL ? 'error' : 'invalid', diagnostics: result.diagnostics.map((d) => jsonDiagnostic(file, d)) });
      if (!command.json) io.err(diagnosticLines(file, result.diagnostics));
      continue;
    }
    const { analysis, diagnostics } = result;
    const g = analysis.gradcheck;
    codes.push(fileCode(g.status, diagnostics, command.strict));
    results.push({ file, status: g.status, maxRelError: g.maxRelError, checked: g.checked, diagnostics: diagnostics.map((d) => jsonDiagnostic(file, d)) });
    if (!command.json) {
      io.out(`${safe(file)}: gradient check ${g.status.toUpperCase()} · largest relative error ${formatScientific(g.maxRelError, 2)} over ${g.checked} entries\n`);
      io.out(diagnosticLines(file, diagnostics));
    }
  }
  if (command.json) io.out(escapeJsonForTerminal(JSON.stringify({ version: 1, results }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)) + '\n');
  return worst(codes);
}

async function train(command: Extract<CliCommand, { kind: 'train' }>, io: CliIo): Promise<number> {
  const read = readModelFile(command.file, command.maxBytes);
  if ('error' in read) {
    io.err(diagnosticLines(command.file, [fileProblem('unreadable', `cannot read the model file: ${read.error}`)]));
    return EXIT_INVALID;
  }
  const text = withSeed(read.text, command.seed);
  const settings = analysisSettings(command);
  const limit = inlineSampleLimit(text, settings.maxSamples);
  const absolute = command.file === '-' ? path.join(process.cwd(), 'stdin.nn.json') : path.resolve(command.file);
  const opened = limit ? { diagnostics: [limit] } : ModelSession.open(text, absolute, settings, createNodeDataFileReader(absolute));
  if (!opened.session) {
    io.err(diagnosticLines(command.file, diagnosticList({ diagnostics: opened.diagnostics })));
    return EXIT_INVALID;
  }
  const session = opened.session;
  const model = session.model;
  const epochs = command.epochs ?? model.train.epochs;
  const total = session.stepsForEpochs(epochs);
  // The reader's diagnostics, and loss and accuracy only: training needs no gradient check (`check` and
  // `report` run it, with every diagnostic of the analysis).
  const diagnostics = diagnosticList({ diagnostics: opened.diagnostics });
  const initial = session.evaluate();
  const emit = (line: string, json: object) => io.out(command.json ? `${escapeJsonForTerminal(JSON.stringify(json, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)))}\n` : `${line}\n`);
  if (!command.json) {
    io.out(`${safe(model.name)}: ${epochs} epoch${epochs === 1 ? '' : 's'} (${total} steps), ${model.train.optimizer}, learning rate ${model.train.learningRate}\n`);
    io.out(diagnosticLines(command.file, diagnostics));
  }
  const lossPoints: { step: number; loss: number }[] = [{ step: 0, loss: initial.loss }];
  emit(`epoch 0: loss ${formatValue(initial.loss, 6)}${initial.accuracy !== undefined ? ` · accuracy ${formatPercent(initial.accuracy)}` : ''}${initial.testAccuracy !== undefined ? ` · test ${formatPercent(initial.testAccuracy)}` : ''}`,
    { epoch: 0, step: 0, loss: initial.loss, ...(initial.accuracy !== undefined ? { accuracy: initial.accuracy } : {}), ...(initial.testLoss !== undefined ? { testLoss: initial.testLoss } : {}), ...(initial.testAccuracy !== undefined ? { testAccuracy: initial.testAccuracy } : {}) });
  const bar = io.isTerminal && !command.json ? new ProgressLine(io.err) : undefined;
  let lastEpoch = 0;
  const result = await session.train({
    epochs,
    history: 'epochs',
    progressEveryMs: 0,
    onProgress: (points, step) => {
      for (const p of points) {
        lossPoints.push({ step: p.step, loss: p.loss });
        if (p.epoch <= lastEpoch) continue; // one line per completed epoch
        lastEpoch = p.epoch;
        bar?.clear();
        emit(`epoch ${p.epoch}: loss ${formatValue(p.loss, 6)}${p.testLoss !== undefined ? ` · test loss ${formatValue(p.testLoss, 6)}` : ''}`
          + `${p.accuracy !== undefined ? ` · accuracy ${formatPercent(p.accuracy)}` : ''}${p.testAccuracy !== undefined ? ` · test ${formatPercent(p.testAccuracy)}` : ''}`,
        { epoch: p.epoch, step: p.step, loss: p.loss, ...(p.testLoss !== undefined ? { testLoss: p.testLoss } : {}), ...(p.accuracy !== undefined ? { accuracy: p.accuracy } : {}), ...(p.testAccuracy !== undefined ? { testAccuracy: p.testAccuracy } : {}) });
      }
      bar?.show(step / Math.max(1, total), `step ${step}/${total}`);
    },
  });
  bar?.clear();
  const after = session.evaluate();
  const nonFinite = result.stopped === 'non-finite' || !Number.isFinite(after.loss);
  const divergence = findDivergence(lossPoints);
  const warnings: PlainDiagnostic[] = [];
  const at = model.source.train ?? model.source.root;
  if (divergence) warnings.push(divergenceDiagnostic(divergence, at));
  if (nonFinite) {
    warnings.push({ range: at, severity: 'error', code: 'non-finite', origin: 'analysis', message: result.message ?? `Training ended at step ${session.step} with a loss that is NaN or infinite.` });
  }
  if (command.json) {
    io.out(`${escapeJsonForTerminal(JSON.stringify({
      summary: true, stopped: nonFinite ? 'non-finite' : result.stopped, steps: result.stepsTaken, epochs,
      initialLoss: Number.isFinite(initial.loss) ? initial.loss : null, loss: Number.isFinite(after.loss) ? after.loss : null,
      ...(after.accuracy !== undefined ? { accuracy: after.accuracy } : {}), ...(after.testAccuracy !== undefined ? { testAccuracy: after.testAccuracy } : {}),
      diagnostics: [...diagnostics, ...warnings].map((d) => jsonDiagnostic(command.file, d)),
    }))}\n`);
  } else {
    if (!nonFinite) {
      io.out(`done: loss ${formatValue(initial.loss, 6)} → ${formatValue(after.loss, 6)} after ${result.stepsTaken} steps`
        + `${after.accuracy !== undefined ? ` · accuracy ${formatPercent(after.accuracy)}` : ''}${after.testAccuracy !== undefined ? ` · test accuracy ${formatPercent(after.testAccuracy)}` : ''}\n`);
    }
    io.err(diagnosticLines(command.file, warnings));
  }
  if (nonFinite) return EXIT_FAILED;
  return command.strict && hasWarnings([...diagnostics, ...warnings]) ? EXIT_FAILED : EXIT_OK;
}

/** Runs one command line; returns the exit code. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const command = parseArgs(argv);
    if ('error' in command) {
      io.err(`gradlens: ${command.error}\n\n${HELP[command.topic ?? 'main']}\n`);
      return EXIT_INVALID;
    }
    switch (command.kind) {
      case 'help': io.out(HELP[command.topic ?? 'main'] + '\n'); return EXIT_OK;
      case 'version': io.out(`gradlens ${typeof GRADLENS_VERSION === 'string' ? GRADLENS_VERSION : 'development'}\n${describeKernels()}\n`); return EXIT_OK;
      case 'report': return await report(command, io);
      case 'train': return await train(command, io);
      case 'check': return await check(command, io);
      case 'grade': return await grade(command, io);
      case 'import': return await importModel(command, io);
      case 'export': return await exportModel(command, io);
    }
  } catch (error) {
    try {
      io.err(`gradlens: internal error (please report it): ${safe(String((error as Error)?.message ?? error))}\n`);
    } catch {
      // the error stream itself failed: the exit code still says what happened
    }
    return EXIT_INTERNAL;
  }
}

/** The tool as a program: the real streams, and this bundle as the per-file worker. */
export function main(argv: readonly string[] = process.argv.slice(2)): void {
  enableNodeKernelThreads(); // large products (train and grade run in this thread) may use a second one
  void runCli(argv, {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    isTerminal: process.stderr.isTTY === true,
    workerScript: __filename,
  }).then((code) => { process.exitCode = code; });
}

if (!isMainThread && workerData && typeof workerData === 'object' && JOB_KEY in workerData) {
  enableNodeKernelThreads();
  parentPort?.postMessage(STARTED);
  void runFileJob((workerData as Record<string, FileJob>)[JOB_KEY]).then((result) => parentPort?.postMessage(result));
} else if (require.main === module) {
  main();
}
