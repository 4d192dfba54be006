/**
 * Issue 9, limits (time), with the real worker thread (bundled by esbuild as for the extension):
 * - a worker that stops answering (a thread blocked forever, standing for an analysis far longer than
 *   the timeout) is terminated and
 *   replaced, its request fails with a message, the log says so, the person sees it, and the next
 *   request is served by a new worker;
 * - a worker that is busy but alive (a long training sending progress) is not killed, even for the
 *   requests of the same document queued behind that training;
 * - two documents: one training "forever" never holds up the other's analysis or step-through, which
 *   arrive while the training still runs (fair lanes, src/worker/fairLanes.ts);
 * - a long training is cancelled by Pause and by the Cancel button of its progress notification;
 * - a malformed message does not break the worker's request queue.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as vscode from 'vscode';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { registerTrainingCommands } from '../../src/commands/trainingCommands';
import { DocumentAnalyses } from '../../src/session/documentAnalyses';
import type { AnalysisWorkerClient } from '../../src/session/workerClient';
import type { WorkerDocument } from '../../src/worker/workerProtocol';
import { registered } from '../fakes/vscode';
import { commandTarget, example, realClient, ROOT, until, within } from './helpers';

/**
 * Digits with 4,000 hidden units (about 300,000 parameters, 1,797 samples). The worker that receives
 * it is a stalled one (realClient's firstWorkerStalls), so it never answers on any machine; the model
 * only makes the scenario a person would meet.
 */
function hugeModel(): WorkerDocument {
  const folder = mkdtempSync(path.join(tmpdir(), 'gradlens-huge-'));
  mkdirSync(path.join(folder, 'data'));
  copyFileSync(path.join(ROOT, 'examples/data/digits.csv'), path.join(folder, 'data/digits.csv'));
  const fileName = path.join(folder, 'huge.nn.json');
  const text = readFileSync(path.join(ROOT, 'examples/digits.nn.json'), 'utf8').replace('"units": 32', '"units": 4000');
  return { uri: vscode.Uri.file(fileName).toString(), version: 1, text, fileName, settings: { ...DEFAULT_ANALYSIS_SETTINGS, maxParameters: 10_000_000 } };
}

/**
 * Starts a training of xor.nn.json far longer than any machine finishes, so only Pause can end it,
 * and resolves at its first progress report. `progress()` counts the reports, `settled()` says
 * whether the run has ended.
 */
async function endlessTraining(client: AnalysisWorkerClient) {
  const xor = example('xor.nn.json');
  let progress = 0;
  let settled = false;
  const training = client.request({ type: 'train', document: xor, epochs: 1_000_000_000 }, () => { progress++; });
  void training.finally(() => { settled = true; }).catch(() => undefined);
  await until(() => progress > 0, 30_000, 'training progress');
  return { xor, training, progress: () => progress, settled: () => settled };
}

let clients: AnalysisWorkerClient[] = [];
const disposables: vscode.Disposable[] = [];
afterEach(() => {
  clients.forEach((c) => c.dispose());
  clients = [];
  disposables.splice(0).forEach((d) => d.dispose());
  registered.messages.length = 0;
  vi.restoreAllMocks();
});

describe('a worker that stops answering', () => {
  it('is terminated and restarted; the request fails with a message, the log and the person are told', async () => {
    const { client, workers, log } = await realClient(3_000, 100, undefined, { firstWorkerStalls: true });
    clients.push(client);
    const huge = hugeModel();
    await expect(within(client.request({ type: 'analyze', document: huge }), 60_000, 'the watchdog'))
      .rejects.toThrow('the analysis did not answer within 3 s and was stopped; the model may be too large');
    expect(log.lines).toContain('warn: the analysis worker did not answer for 3 s; restarting it');
    expect(await within(workers[0]!.exited, 30_000, 'the terminated worker')).toBe(1);

    // The next request gets a new worker, which answers.
    const answer = await within(client.request({ type: 'analyze', document: example('worked-example.nn.json') }), 30_000, 'the new worker');
    expect(answer.outcome.analysis?.modelName).toBe('Worked example 2-2-2');
    expect(workers).toHaveLength(2);
  });

  it('through the session layer and the Run command: the document shows the error and a warning names it', async () => {
    const { client, log } = await realClient(3_000, 100, undefined, { firstWorkerStalls: true });
    clients.push(client);
    const huge = hugeModel();
    const analyses = new DocumentAnalyses(client, () => huge.settings, log, 0);
    disposables.push(analyses, ...registerTrainingCommands({ analyses, documents: commandTarget(huge).documents }));
    await within(Promise.resolve(vscode.commands.executeCommand('gradlens.run', huge.uri)), 60_000, 'Run');
    const state = analyses.get(huge.uri)!;
    expect(state.runState).toBe('error');
    expect(state.error).toContain('did not answer within 3 s');
    expect(registered.messages).toContainEqual({ level: 'warning', text: 'GradLens: the analysis did not answer within 3 s and was stopped; the model may be too large' });
  });
});

describe('a worker that is busy but alive', () => {
  it('is not killed while a long training sends progress, nor for a request queued behind it; Pause stops the run', async () => {
    const { client, workers } = await realClient(2_000, 100);
    clients.push(client);
    const { xor, training } = await endlessTraining(client);
    // Queued behind the training in its document's lane: it waits for the run, and is not late while the run talks.
    const queued = client.request({ type: 'analyze', document: xor });
    await new Promise((r) => setTimeout(r, 5_000)); // more than twice the timeout
    expect(workers).toHaveLength(1);
    client.pause(xor.uri);
    const [trained, analysed] = await within(Promise.all([training, queued]), 30_000, 'pause');
    expect(trained.paused).toBe(true);
    expect(trained.outcome.analysis!.step).toBeGreaterThan(0);
    expect(trained.outcome.analysis!.step).toBeLessThan(1_000_000_000);
    expect(analysed.outcome.analysis?.step).toBe(trained.outcome.analysis!.step);
    expect(workers).toHaveLength(1);
    expect(workers[0]!.exitCode).toBeUndefined();
  });

  it('a training run is cancelled from its progress notification (Cancel pauses it)', async () => {
    const { client, log } = await realClient(30_000, 1_000);
    clients.push(client);
    const xor = example('xor.nn.json');
    const analyses = new DocumentAnalyses(client, () => DEFAULT_ANALYSIS_SETTINGS, log, 0);
    disposables.push(analyses, ...registerTrainingCommands({ analyses, documents: commandTarget(xor).documents }));
    let cancellable: unknown;
    vi.spyOn(vscode.window, 'withProgress').mockImplementation(async (options, task) => {
      cancellable = (options as { cancellable?: boolean }).cancellable;
      const cancel = new vscode.CancellationTokenSource();
      // The person presses Cancel as soon as the first progress is shown.
      return task({ report: () => cancel.cancel() }, cancel.token as unknown as vscode.CancellationToken);
    });
    await within(Promise.resolve(vscode.commands.executeCommand('gradlens.train', xor.uri, { epochs: 1_000_000 })), 30_000, 'cancel');
    expect(cancellable).toBe(true);
    const state = analyses.get(xor.uri)!;
    expect(state.runState).toBe('paused');
    expect(state.outcome!.analysis!.step).toBeLessThan(1_000_000);
  });
});

describe('two documents, one training forever', () => {
  it('the other\'s analysis arrives while the first still trains, and the training goes on until paused', async () => {
    const { client, workers } = await realClient(30_000, 1_000);
    clients.push(client);
    const { xor, training, progress, settled } = await endlessTraining(client);

    const analysed = await within(client.request({ type: 'analyze', document: example('worked-example.nn.json') }), 60_000, 'the second document\'s analysis');
    expect(analysed.outcome.analysis?.modelName).toBe('Worked example 2-2-2');
    expect(analysed.outcome.analysis?.step).toBe(0);
    expect(settled()).toBe(false);
    // The training kept going after the analysis was answered.
    const progressAtAnswer = progress();
    await until(() => progress() > progressAtAnswer, 30_000, 'more training progress');
    expect(settled()).toBe(false);

    client.pause(xor.uri);
    const trained = await within(training, 30_000, 'pause');
    expect(trained.paused).toBe(true);
    expect(workers).toHaveLength(1);
  });

  it('the other\'s step-through and explanation are answered while the first trains', async () => {
    const { client } = await realClient(30_000, 1_000);
    clients.push(client);
    const { xor, training, settled } = await endlessTraining(client);

    const worked = example('worked-example.nn.json');
    const stop = await within(client.teach({ type: 'stepThrough', document: worked, move: { kind: 'next' } }), 60_000, 'the step-through');
    expect(stop).toMatchObject({ started: true, running: true, view: { step: 1, phase: 'forward', layerIndex: 0 } });
    const explained = await within(client.teach({ type: 'explainGradient', document: worked, target: { layerIndex: 1, param: 'weights', index: [0, 0] } }), 60_000, 'the explanation');
    expect(explained).toMatchObject({ explanation: { layerName: 'output', agrees: true } });
    expect(settled()).toBe(false);

    client.pause(xor.uri);
    expect((await within(training, 30_000, 'pause')).paused).toBe(true);
  });
});

describe('a malformed message to the worker', () => {
  it('does not break its queue: the same worker answers the next request', async () => {
    const { client, workers } = await realClient(30_000, 1_000);
    clients.push(client);
    await client.request({ type: 'analyze', document: example('worked-example.nn.json') });
    workers[0]!.worker.postMessage(null);
    workers[0]!.worker.postMessage({ type: 'analyze' }); // no id, no document
    workers[0]!.worker.postMessage({ type: 'nonsense', id: 99 });
    const answer = await within(client.request({ type: 'analyze', document: example('xor.nn.json') }), 30_000, 'the worker');
    expect(answer.outcome.analysis?.modelName).toBe('XOR 2-3-1');
    expect(workers).toHaveLength(1);
    expect(workers[0]!.exitCode).toBeUndefined();
  });
});
