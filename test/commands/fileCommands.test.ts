/**
 * The commands that write: Export Report writes the Markdown and JSON reports next to the model file
 * (only when run); New Model File from Example opens the example as a new, unsaved document.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import { fakeFiles, quickPickAnswers, registered, resetTeachingFake, shownDocuments } from '../fakes/vscode';
import { registerFileCommands } from '../../src/commands/fileCommands';
import { analyseExample, exampleText } from '../helpers/examples';
import { expectPublished } from '../helpers/published';

const modelUri = vscode.Uri.file('/work/course/worked-example.nn.json');
const document = { uri: modelUri, version: 1, languageId: 'nnjson', getText: () => exampleText('worked-example.nn.json') };
const analysis = analyseExample('worked-example.nn.json');
const analyses = { analyse: async () => ({ uri: modelUri.toString(), version: 1, runState: 'idle', outcome: { analysis, diagnostics: [] } }) };
const documents = { target: () => document };
const extensionUri = vscode.Uri.file('/ext/gradlens');
const decode = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

describe('file commands', () => {
  beforeEach(() => {
    resetTeachingFake();
    registerFileCommands({ analyses, documents, extensionUri } as never);
  });

  it('Export Report writes <name>.report.md and <name>.report.json next to the model file', async () => {
    expect(fakeFiles.size).toBe(0);
    await vscode.commands.executeCommand('gradlens.exportReport');
    const json = JSON.parse(decode(fakeFiles.get(vscode.Uri.file('/work/course/worked-example.report.json').toString())));
    expect(json.version).toBe(1);
    expect(json.model.file).toBe('worked-example.nn.json');
    expectPublished(json.loss.value, '0.298371109');
    expectPublished(json.layers[1].weights.grad[0][0], '0.08216704056');
    const md = decode(fakeFiles.get(vscode.Uri.file('/work/course/worked-example.report.md').toString()));
    expect(md).toMatch(/^# GradLens report: Worked example 2-2-2/);
    expect(md).toContain('**PASS**');
    expect(fakeFiles.size).toBe(2);
    expect(registered.messages.at(-1)!.text).toContain('wrote worked-example.report.md and worked-example.report.json');
  });

  it('New Model File from Example opens the chosen example as a new unsaved document, writing nothing', async () => {
    fakeFiles.set(vscode.Uri.joinPath(extensionUri, 'examples', 'xor.nn.json').toString(), new TextEncoder().encode(exampleText('xor.nn.json')));
    const opened: { language?: string; content?: string }[] = [];
    Object.assign(vscode.workspace, { openTextDocument: async (options: { language?: string; content?: string }) => { opened.push(options); return { uri: vscode.Uri.parse('untitled:Untitled-1') }; } });
    quickPickAnswers.push((items) => items.find((i: { file: string }) => i.file === 'xor.nn.json'));
    await vscode.commands.executeCommand('gradlens.newModel');
    expect(opened).toEqual([{ language: 'nnjson', content: exampleText('xor.nn.json') }]);
    expect(shownDocuments).toHaveLength(1);
    expect(fakeFiles.size).toBe(1); // only the example put there by the test
  });

  it('New Model File from Example does nothing when the pick is cancelled', async () => {
    quickPickAnswers.push(() => undefined);
    await vscode.commands.executeCommand('gradlens.newModel');
    expect(shownDocuments).toHaveLength(0);
    expect(fakeFiles.size).toBe(0);
  });
});
