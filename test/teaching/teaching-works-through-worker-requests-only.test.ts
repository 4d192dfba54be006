/**
 * No engine work in the extension host: with the worker replaced by a stub (a `WorkerLike` that answers
 * each request, here with numbers changed on their way so only the worker could have given them),
 * step-through, the loss comparison and Explain Gradient show exactly what the worker answered, and
 * each command is one worker request of its own kind. (That the host cannot compute them itself, the
 * extension bundle's import closure shows: test/architecture/extension-runs-no-engine.test.ts.)
 */
import { beforeEach, describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import * as fake from '../fakes/vscode';
import { registerExplainCommand } from '../../src/commands/explainCommand';
import { registerTeaching, type TrainingCurves } from '../../src/teaching';
import { EXPLAIN_SCHEME } from '../../src/commands/explainCommand';
import type { WorkerResponse } from '../../src/worker/workerProtocol';
import { InProcessWorker } from '../helpers/inProcessWorker';
import { exampleFile, exampleText } from './helpers';
import { FakeAnalyses, FakeDepth, FakeDocuments, fakeDocument } from './hostFakes';

/** What the stub puts into its answers. */
const STUB = {
  layerName: 'said by the worker stub',
  title: 'Step 1 · forward · layer "said by the worker stub"',
  range: { start: { line: 2, character: 0 }, end: { line: 3, character: 4 }, startOffset: 0, endOffset: 0 },
  squaredLoss: 27.1828,
  gradient: 31.4159,
};

/** The real worker's handler, with the stub's numbers (and a layer name) written into its teaching answers. */
function doctor(message: WorkerResponse): WorkerResponse {
  if (message.type === 'stepThrough' && 'view' in message.answer && message.answer.view) {
    return { ...message, answer: { ...message.answer, view: { ...message.answer.view, layerName: STUB.layerName }, ranges: [STUB.range] } };
  }
  if (message.type === 'lossComparison' && 'comparison' in message.answer) {
    return { ...message, answer: { ...message.answer, comparison: { ...message.answer.comparison, squaredLoss: STUB.squaredLoss } } };
  }
  if (message.type === 'explanation' && 'explanation' in message.answer) {
    return { ...message, answer: { ...message.answer, explanation: { ...message.answer.explanation, mean: STUB.gradient } } };
  }
  return message;
}

function setUp(name: string) {
  fake.resetTeachingFake();
  const doc = fakeDocument(exampleFile(name), exampleText(name));
  const analyses = new FakeAnalyses(() => new InProcessWorker(doctor));
  const documents = new FakeDocuments([doc]);
  const curves: TrainingCurves[] = [];
  const disposables = [
    ...registerTeaching({ analyses, documents, teacher: analyses.teacher, extensionUri: vscode.Uri.file('/ext'), onLossComparison: (_, c) => curves.push(c) }),
    registerExplainCommand({ analyses, documents, depth: new FakeDepth(4), teacher: analyses.teacher }),
  ];
  const kinds = () => analyses.workerRequests.map((r) => r.type);
  return { doc, analyses, disposables, curves, kinds, uri: doc.uri.toString() };
}

describe('the teaching features work through worker requests only', () => {
  beforeEach(() => fake.resetTeachingFake());

  it('step-through shows the stop and the ranges the worker answered, one request per move', async () => {
    const { doc, kinds, disposables } = setUp('worked-example.nn.json');
    const editor = new fake.FakeTextEditor(doc);
    fake.window.visibleTextEditors = [editor];
    const view = await vscode.commands.executeCommand('gradlens.stepThrough') as { title: string };
    expect(view.title).toBe(STUB.title);
    expect(fake.statusBarMessages.at(-1)!.text).toContain(STUB.title);
    const [highlight] = [...editor.decorations.values()] as vscode.Range[][];
    expect(highlight.map((r) => [r.start.line, r.end.line])).toEqual([[2, 3]]);
    await vscode.commands.executeCommand('gradlens.stepThrough');
    await vscode.commands.executeCommand('gradlens.stepThroughBack');
    expect(kinds()).toEqual(['stepThrough', 'stepThrough', 'stepThrough']);
    disposables.forEach((d) => d.dispose());
  });

  it('the loss comparison page states the worker\'s numbers, and the panel gets its curves', async () => {
    const { kinds, curves, disposables } = setUp('squared-vs-cross-entropy.nn.json');
    const page = await vscode.commands.executeCommand('gradlens.compareLosses') as string;
    // The loss as a KaTeX formula block (its TeX and its plain-text fallback), for the Markdown preview.
    expect(page).toMatch(new RegExp(`"text":"squared error ½ [^"]*: ${STUB.squaredLoss}; McCaffrey`));
    expect(page).toContain(`\\\\mathbf{${STUB.squaredLoss}}`);
    expect(curves).toHaveLength(1);
    expect(kinds()).toEqual(['analyze', 'compareLosses']);
    disposables.forEach((d) => d.dispose());
  });

  it('Explain Gradient\'s page states the worker\'s gradient', async () => {
    const { uri, kinds, disposables } = setUp('worked-example.nn.json');
    await vscode.commands.executeCommand('gradlens.explainGradient', { uri, layerIndex: 1, param: 'weights', index: [0, 0] });
    const shown = fake.registered.executed.filter((e) => e.command === 'markdown.showPreviewToSide').pop()!;
    const page = (await fake.textDocumentContentProviders.get(EXPLAIN_SCHEME)!.provideTextDocumentContent(shown.args[0] as never)) as string;
    expect(page).toContain(`∂L/∂w = ${STUB.gradient}`);
    expect(kinds()).toEqual(['analyze', 'explainGradient']);
    disposables.forEach((d) => d.dispose());
  });
});
