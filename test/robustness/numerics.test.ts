/**
 * Issue 9, numerics: NaN or Infinity in the data, in the weights, or from a training run that
 * explodes (learning rate 1e6) is reported at its source (a diagnostic on the literal or CSV cell, or
 * a warning naming the layer and the operation); training stops cleanly with a message that names
 * where the first NaN appeared; the worker forwards that message, and the host shows it (document
 * state, the Train command's warning, the panel's snapshot); the analysis stays structured-cloneable
 * and its report JSON-serialisable (NaN is written as null). Nothing crashes.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import { ModelSession } from '../../src/analysis/modelSession';
import { reportJson, stringifyReport } from '../../src/analysis/reportJson';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import type { Analysis } from '../../src/analysis/types';
import { registerTrainingCommands } from '../../src/commands/trainingCommands';
import { createNodeDataFileReader } from '../../src/model/nodeDataFiles';
import type { ModelDiagnostic } from '../../src/model/types';
import { DocumentAnalyses } from '../../src/session/documentAnalyses';
import type { ModelDocuments } from '../../src/session/modelDocuments';
import { SessionPanelDataSource } from '../../src/session/sessionPanelDataSource';
import type { AnalysisWorkerClient } from '../../src/session/workerClient';
import type { DepthLevelState } from '../../src/teaching/depthLevel';
import { registered } from '../fakes/vscode';
import { commandTarget, example, realClient, ROOT, within } from './helpers';

const worked = readFileSync(path.join(ROOT, 'examples/worked-example.nn.json'), 'utf8');
/** The worked example with linear units: a learning rate of 1e6 makes its weights explode to Infinity, then NaN. */
const exploding = worked.replace(/"sigmoid"/g, '"linear"').replace('"learningRate": 0.5', '"learningRate": 1e6');

function open(text: string, file = path.join(ROOT, 'examples', 'numerics.nn.json')) {
  return ModelSession.open(text, file, DEFAULT_ANALYSIS_SETTINGS, createNodeDataFileReader(file));
}

const written = (text: string, d: ModelDiagnostic) => text.slice(d.range.startOffset, d.range.endOffset);

/** Crosses a thread by structured clone, and is written as report JSON with NaN and Infinity as null. */
function expectTransportable(analysis: Analysis): void {
  expect(() => structuredClone(analysis)).not.toThrow();
  const json = stringifyReport(reportJson(analysis, 'numerics.nn.json'));
  expect(() => JSON.parse(json)).not.toThrow(); // a bare NaN or Infinity is not JSON
}

describe('NaN and Infinity in the model file are reported where they are written', () => {
  it('a weight 1e999 (Infinity): on the literal', () => {
    const text = worked.replace('0.15', '1e999');
    const { session, diagnostics } = open(text);
    expect(session).toBeUndefined();
    const d = diagnostics.find((x) => x.code === 'non-finite')!;
    expect(written(text, d)).toBe('1e999');
    expect(d.message).toBe("a weight is not a finite number: '1e999' overflows a 64-bit float");
  });

  it('an input -1e999 in inline data: on the literal', () => {
    const text = worked.replace('0.05', '-1e999');
    const d = open(text).diagnostics.find((x) => x.code === 'non-finite')!;
    expect(written(text, d)).toBe('-1e999');
  });

  it('a NaN in row 3,000 of a CSV file: on the csv value, naming file, row and column', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'gradlens-nan-'));
    mkdirSync(path.join(folder, 'data'));
    const rows = ['x1,x2,y'];
    for (let i = 1; i <= 3_100; i++) rows.push(i === 3_000 ? '0.5,NaN,1' : `${(i % 10) / 10},${(i % 7) / 7},${i % 2}`);
    writeFileSync(path.join(folder, 'data', 'samples.csv'), rows.join('\n'));
    const text = '{ "inputs": 2, "layers": [{ "name": "out", "units": 1, "activation": "sigmoid" }],\n'
      + '  "loss": "binary-cross-entropy", "data": { "csv": "data/samples.csv", "target": "y" } }';
    const { session, diagnostics } = open(text, path.join(folder, 'nan.nn.json'));
    expect(session).toBeUndefined();
    const d = diagnostics.find((x) => x.code === 'non-finite')!;
    expect(written(text, d)).toBe('"data/samples.csv"');
    // Data record 3,000 is on line 3,001 (the header is line 1), as an editor numbers it.
    expect(d.message).toBe("data/samples.csv row 3001, column 'x2': 'NaN' is not a finite number");
  });

  it('an overflow while computing (weights 1e308 times inputs 5 and 10): a warning naming the layer and the op', () => {
    const text = worked.replace('0.15, 0.20', '1e308, 1e308').replace('0.05, 0.10', '5, 10');
    const { session } = open(text);
    const analysis = session!.analyse().analysis!;
    const w = analysis.warnings.find((x) => x.code === 'non-finite')!;
    expect(w).toMatchObject({ severity: 'error', layer: 'hidden', layerIndex: 0, details: { op: 'matmul', phase: 'forward', value: 'Infinity' } });
    expect(w.message).toContain("at matmul of layer 'hidden'");
    expect(w.range).toEqual(analysis.layers[0]!.range);
    expectTransportable(analysis);
  });
});

describe('a training run that explodes (learning rate 1e6)', () => {
  it('stops at the first non-finite step with a message naming the layer and the op', async () => {
    const session = open(exploding).session!;
    const result = await session.train({ epochs: 100 });
    expect(result.stopped).toBe('non-finite');
    expect(result.stepsTaken).toBeLessThan(100);
    expect(result.message).toMatch(/^Training stopped at step \d+: a value became NaN or infinite\. The first (NaN \(not a number\)|Infinity|−Infinity) appeared at \w+ of layer '(hidden|output)'/);
    const analysis = session.analyse().analysis!;
    expect(analysis.step).toBe(result.stepsTaken);
    expect(Number.isFinite(analysis.loss)).toBe(false);
    const w = analysis.warnings.find((x) => x.code === 'non-finite')!;
    expect(w.severity).toBe('error');
    expect(['hidden', 'output']).toContain(w.layer);
    expect(typeof w.details!.op).toBe('string');
    expectTransportable(analysis);
    expect(JSON.parse(stringifyReport(reportJson(analysis, 'x.nn.json'))).loss.value).toBeNull();
  });
});

describe('the worker and the host report a run that stopped on NaN', () => {
  let client: AnalysisWorkerClient | undefined;
  const disposables: vscode.Disposable[] = [];
  afterEach(() => {
    client?.dispose();
    disposables.splice(0).forEach((d) => d.dispose());
    registered.messages.length = 0;
  });

  it('the worker answers with the message, and NaN survives the structured clone', async () => {
    const started = await realClient();
    client = started.client;
    const answer = await within(client.request({ type: 'train', document: example('exploding.nn.json', exploding), epochs: 100 }), 60_000, 'train');
    expect(answer.stopped).toMatch(/^Training stopped at step \d+: a value became NaN or infinite\. The first .* of layer '(hidden|output)'/);
    expect(answer.paused).toBe(false);
    expect(answer.outcome.analysis!.loss).toBeNaN();
  });

  it('the document state, the Train command and the panel snapshot show it', async () => {
    const started = await realClient();
    client = started.client;
    const doc = example('exploding.nn.json', exploding);
    const analyses = new DocumentAnalyses(client, () => DEFAULT_ANALYSIS_SETTINGS, started.log, 0);
    const { documents } = commandTarget(doc);
    disposables.push(analyses, ...registerTrainingCommands({ analyses, documents }));
    await within(Promise.resolve(vscode.commands.executeCommand('gradlens.train', doc.uri, { epochs: 100 })), 60_000, 'Train');

    const state = analyses.get(doc.uri)!;
    expect(state.runState).toBe('idle');
    expect(state.error).toMatch(/^Training stopped at step \d+: a value became NaN or infinite/);
    expect(registered.messages).toContainEqual({ level: 'warning', text: `GradLens: ${state.error}` });

    const depth = { current: 3, onDidChange: new vscode.EventEmitter<never>().event } as unknown as DepthLevelState;
    const panelDocuments = { ...documents, onDidChangeCurrent: new vscode.EventEmitter<string | undefined>().event } as unknown as ModelDocuments;
    const panelData = new SessionPanelDataSource(analyses, panelDocuments, depth, () => undefined, () => undefined);
    disposables.push(panelData);
    const snapshot = panelData.snapshot(doc.uri);
    expect(snapshot.errors).toContain(state.error);
    expect(snapshot.analysis!.warnings.some((w) => w.code === 'non-finite')).toBe(true);
  });
});
