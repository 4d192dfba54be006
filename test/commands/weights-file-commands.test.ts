/**
 * A model whose parameters are in a `weightsFile`: it analyses to the same published numbers as with
 * the weights inline, its inlay hints show the gradients after each layer's name, and Write Trained
 * Weights rewrites the weights file (after asking; through a temporary file; never through a link),
 * not the model file's text.
 */
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import { fakeFiles, messageAnswers, registered, resetTeachingFake } from '../fakes/vscode';
import { registerFileCommands } from '../../src/commands/fileCommands';
import { weightHints } from '../../src/inlay/weightHints';
import { decodeSafetensors, encodeSafetensors } from '../../src/model/safetensors';
import type { Analysis } from '../../src/analysis/types';
import { openText } from '../helpers/examples';
import { expectPublished } from '../helpers/published';

/** Mazur's worked example, its weights in worked.safetensors. */
const TEXT = `{
  "name": "Worked example 2-2-2",
  "inputs": 2,
  "weightsFile": "worked.safetensors",
  "layers": [
    { "name": "hidden", "units": 2, "activation": "sigmoid" },
    { "name": "output", "units": 2, "activation": "sigmoid" }
  ],
  "loss": "squared",
  "data": { "inputs": [[0.05, 0.10]], "targets": [[0.01, 0.99]] },
  "train": { "optimizer": "sgd", "learningRate": 0.5, "batchSize": 1, "epochs": 1, "shuffle": false }
}
`;
const WEIGHTS = encodeSafetensors([
  { name: 'hidden.weights', dtype: 'F64', shape: [2, 2], values: Float64Array.of(0.15, 0.2, 0.25, 0.3) },
  { name: 'hidden.bias', dtype: 'F64', shape: [2], values: Float64Array.of(0.35, 0.35) },
  { name: 'output.weights', dtype: 'F64', shape: [2, 2], values: Float64Array.of(0.4, 0.45, 0.5, 0.55) },
  { name: 'output.bias', dtype: 'F64', shape: [2], values: Float64Array.of(0.6, 0.6) },
]);

function folderWithModel(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gradlens-weights-cmd-'));
  writeFileSync(path.join(dir, 'worked.nn.json'), TEXT);
  writeFileSync(path.join(dir, 'worked.safetensors'), WEIGHTS);
  return dir;
}

async function trainedAnalysis(dir: string): Promise<Analysis> {
  const session = openText(TEXT, path.join(dir, 'worked.nn.json'));
  await session.train({ steps: 1 });
  return session.analyse().analysis!;
}

describe('a model with its weights in a file', () => {
  it('analyses to the published loss and gradients, as with the weights inline', () => {
    const analysis = openText(TEXT, path.join(folderWithModel(), 'worked.nn.json')).analyse().analysis!;
    expectPublished(analysis.loss, '0.298371109');
    expectPublished((analysis.layers[1]!.weights.grad as number[][])[0]![0]!, '0.08216704056');
  });

  it('shows each layer\'s first gradients after its name, the tooltip naming the file', () => {
    const analysis = openText(TEXT, path.join(folderWithModel(), 'worked.nn.json')).analyse().analysis!;
    const hints = weightHints('file:///m/worked.nn.json', analysis, 3);
    const labels = hints.map((h) => (h.label as vscode.InlayHintLabelPart[])[0]!.value);
    expect(labels).toEqual(expect.arrayContaining(['∂L/∂w [0.0822, 0.0827, -0.0226, -0.0227]']));
    expect(hints).toHaveLength(4);
    const outputLine = TEXT.split('\n').findIndex((l) => l.includes('"name": "output"'));
    const onOutput = hints.filter((h) => h.position.line === outputLine);
    expect(onOutput).toHaveLength(2);
    expect(TEXT.split('\n')[outputLine]!.slice(0, onOutput[0]!.position.character).endsWith('"output"')).toBe(true);
    expect((onOutput[0]!.label as vscode.InlayHintLabelPart[])[0]!.tooltip).toContain('worked.safetensors');
  });
});

/** A small conv network on 1×3×3 images, its conv kernel and dense weights in conv.safetensors. */
const CONV_TEXT = `{
  "version": "1.1",
  "name": "Conv from a file",
  "inputs": [1, 3, 3],
  "weightsFile": "conv.safetensors",
  "layers": [
    { "type": "conv2d", "name": "conv1", "filters": 2, "kernel": 2, "activation": "relu" },
    { "type": "flatten", "name": "flat" },
    { "type": "dense", "name": "out", "units": 2, "activation": "softmax" }
  ],
  "loss": "cross-entropy",
  "data": { "inputs": [[1, 2, 3, 4, 5, 6, 7, 8, 9], [9, 8, 7, 6, 5, 4, 3, 2, 1]], "targets": [[1, 0], [0, 1]] },
  "train": { "optimizer": "sgd", "learningRate": 0.1, "epochs": 1 }
}
`;
const CONV_WEIGHTS = encodeSafetensors([
  { name: 'conv1.weights', dtype: 'F64', shape: [2, 1, 2, 2], values: Float64Array.of(0.1, -0.2, 0.3, 0.05, -0.1, 0.2, 0.15, 0.25) },
  { name: 'conv1.bias', dtype: 'F64', shape: [2], values: Float64Array.of(0.01, -0.02) },
  { name: 'out.weights', dtype: 'F64', shape: [2, 8], values: Float64Array.from({ length: 16 }, (_, i) => ((i * 7) % 11) / 20 - 0.25) },
  { name: 'out.bias', dtype: 'F64', shape: [2], values: Float64Array.of(0, 0) },
]);

describe('a conv model with its weights in a file', () => {
  it('shows the conv layer\'s first gradients after its name too, as the dense layer\'s', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gradlens-weights-conv-'));
    writeFileSync(path.join(dir, 'conv.nn.json'), CONV_TEXT);
    writeFileSync(path.join(dir, 'conv.safetensors'), CONV_WEIGHTS);
    const analysis = openText(CONV_TEXT, path.join(dir, 'conv.nn.json')).analyse().analysis!;
    const hints = weightHints('file:///m/conv.nn.json', analysis, 3);
    const convLine = CONV_TEXT.split('\n').findIndex((l) => l.includes('"name": "conv1"'));
    const onConv = hints.filter((h) => h.position.line === convLine);
    expect(onConv).toHaveLength(2);
    const first = (analysis.layers[0]!.weights.grad as number[][])[0]![0]!;
    expect((onConv[0]!.label as vscode.InlayHintLabelPart[])[0]!.value).toMatch(/^∂L\/∂w \[/);
    expect((onConv[0]!.label as vscode.InlayHintLabelPart[])[0]!.tooltip).toContain(String(first).slice(0, 6));
    expect((onConv[0]!.label as vscode.InlayHintLabelPart[])[0]!.tooltip).toContain('conv.safetensors');
  });
});

describe('Write Trained Weights for a model with a weights file', () => {
  beforeEach(() => resetTeachingFake());

  function register(uri: vscode.Uri, analysis: Analysis) {
    const document = { uri, version: 1, languageId: 'nnjson', getText: () => TEXT };
    const analyses = { analyse: async () => ({ uri: uri.toString(), version: 1, runState: 'idle', outcome: { analysis, diagnostics: [] } }) };
    registerFileCommands({ analyses, documents: { target: () => document }, extensionUri: vscode.Uri.file('/ext') } as never);
  }

  it('asks, then rewrites the weights file with the trained numbers (the model file\'s text is not edited)', async () => {
    const analysis = await trainedAnalysis(folderWithModel());
    const uri = vscode.Uri.file('/gradlens-absent-folder/course/worked.nn.json');
    register(uri, analysis);
    let edits = 0;
    Object.assign(vscode.workspace, { applyEdit: async () => { edits++; return true; } });
    messageAnswers.push('Write');
    await vscode.commands.executeCommand('gradlens.writeWeights');
    expect(edits).toBe(0);
    expect([...fakeFiles.keys()]).toEqual([vscode.Uri.file('/gradlens-absent-folder/course/worked.safetensors').toString()]);
    const decoded = decodeSafetensors([...fakeFiles.values()][0]!);
    if (!('tensors' in decoded)) throw new Error(decoded.error);
    expect(decoded.tensors.map((t) => t.name)).toEqual(['hidden.weights', 'hidden.bias', 'output.weights', 'output.bias']);
    // Mazur's w5 after one step: 0.4 − 0.5 · 0.082167 = 0.35891648
    expectPublished(decoded.tensors[2]!.values[0]!, '0.35891648');
    expect(Array.from(decoded.tensors[2]!.values)).toEqual((analysis.layers[1]!.weights.value as number[][]).flat());
    expect(registered.messages.at(-1)!.text).toBe('GradLens wrote the weights after 1 steps into worked.safetensors.');
  });

  it('writes nothing when the question is not answered with Write', async () => {
    const analysis = await trainedAnalysis(folderWithModel());
    register(vscode.Uri.file('/gradlens-absent-folder/course/worked.nn.json'), analysis);
    await vscode.commands.executeCommand('gradlens.writeWeights');
    expect(fakeFiles.size).toBe(0);
  });

  it('never writes through a symbolic link at the weights file\'s place', async () => {
    const dir = folderWithModel();
    const victim = path.join(dir, 'victim.bin');
    writeFileSync(victim, 'keep me');
    const linked = mkdtempSync(path.join(tmpdir(), 'gradlens-weights-link-'));
    writeFileSync(path.join(linked, 'worked.nn.json'), TEXT);
    symlinkSync(victim, path.join(linked, 'worked.safetensors'));
    register(vscode.Uri.file(path.join(linked, 'worked.nn.json')), await trainedAnalysis(dir));
    messageAnswers.push('Write');
    await vscode.commands.executeCommand('gradlens.writeWeights');
    expect(fakeFiles.size).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    expect(registered.messages.at(-1)!.text).toContain('is a symbolic link');
  });
});
