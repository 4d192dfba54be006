import { existsSync, readdirSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import * as fake from '../fakes/vscode';
import { ModelSession } from '../../src/analysis/modelSession';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { createNodeDataFileReader } from '../../src/model/nodeDataFiles';
import { registerTeaching } from '../../src/teaching';
import { EXAMPLES } from '../../src/teaching/exampleCommands';
import { COMPARE_SCHEME } from '../../src/teaching/teachingCommands';
import { EXAMPLES as EXAMPLES_DIR, exampleFile, exampleText } from './helpers';
import { FakeAnalyses, workerBacked, FakeDocuments, fakeDocument, type FakeDocument } from './hostFakes';

const extensionUri = vscode.Uri.file('/ext/gradlens');

function setUp(...names: string[]) {
  fake.resetTeachingFake();
  const docs = names.map((n) => fakeDocument(exampleFile(n), exampleText(n)));
  const analyses = new FakeAnalyses();
  const disposables = registerTeaching({ analyses, documents: new FakeDocuments(docs), extensionUri, teacher: analyses.teacher });
  return { docs, analyses, disposables };
}

function lastMessage() {
  return fake.registered.messages.at(-1);
}

describe('registerTeaching registers every teaching command and provider, and disposes them', () => {
  it('registers the commands once, not Explain Gradient, which has its own register function', () => {
    const { disposables } = setUp('worked-example.nn.json');
    const ids = ['gradlens.compareLosses', 'gradlens.exportHandout', 'gradlens.stepThrough', 'gradlens.stepThroughBack', 'gradlens.timelineBack', 'gradlens.timelineForward', 'gradlens.timelineSeek', 'gradlens.stepThroughStop', 'gradlens.openExample'];
    for (const id of ids) expect(fake.registered.commands.has(id), id).toBe(true);
    expect(fake.registered.commands.has('gradlens.explainGradient')).toBe(false);
    expect(fake.textDocumentContentProviders.has(COMPARE_SCHEME)).toBe(true);
    disposables.forEach((d) => d.dispose());
    for (const id of ids) expect(fake.registered.commands.has(id), id).toBe(false);
    expect(fake.textDocumentContentProviders.has(COMPARE_SCHEME)).toBe(false);
  });
});

describe('Open Example opens the examples shipped in the extension folder (without a storage folder), and nothing else', () => {
  beforeEach(() => setUp());

  it('lists only files that exist in examples/', () => {
    for (const e of EXAMPLES) expect(existsSync(`${EXAMPLES_DIR}/${e.file}`), e.file).toBe(true);
  });

  it('offers every model file in examples/, each once, with a label and a one-line description', () => {
    const shipped = readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.nn.json')).sort();
    expect(EXAMPLES.map((e) => e.file).sort()).toEqual(shipped);
    for (const e of EXAMPLES) {
      expect(e.label.length, e.file).toBeGreaterThan(0);
      expect(e.detail, e.file).toMatch(/^[^\n]{10,100}$/);
    }
  });

  it.each(EXAMPLES.map((e) => e.file))('opens %s from the list, and it analyses without a problem', async (file) => {
    fake.quickPickAnswers.push((items) => items.find((i: { file: string }) => i.file === file));
    await vscode.commands.executeCommand('gradlens.openExample');
    expect(fake.shownDocuments.map((d) => d.uri.path)).toEqual([`/ext/gradlens/examples/${file}`]);
    const { session: opened, diagnostics } = ModelSession.open(exampleText(file), exampleFile(file), DEFAULT_ANALYSIS_SETTINGS, createNodeDataFileReader(exampleFile(file)));
    expect(diagnostics).toEqual([]);
    const analysis = opened!.analyse().analysis!;
    expect(Number.isFinite(analysis.loss)).toBe(true);
  }, 120_000);

  it.each([['a file name', 'xor.nn.json'], ['an array, as a walkthrough command link passes it', ['xor.nn.json']]])('opens xor.nn.json when given %s', async (_, arg) => {
    await vscode.commands.executeCommand('gradlens.openExample', arg);
    expect(fake.shownDocuments.map((d) => d.uri.toString())).toEqual(['file:///ext/gradlens/examples/xor.nn.json']);
  });

  it.each(['../package.json', '/etc/passwd', 'examples/xor.nn.json', 'xor', 42])('refuses %s', async (arg) => {
    await vscode.commands.executeCommand('gradlens.openExample', arg);
    expect(fake.shownDocuments).toEqual([]);
    expect(lastMessage()?.level).toBe('warning');
  });

  it('asks which example when given none', async () => {
    fake.quickPickAnswers.push((items) => items.find((i: { file: string }) => i.file === 'iris.nn.json'));
    await vscode.commands.executeCommand('gradlens.openExample');
    expect(fake.quickPicksShown[0].items.map((i: { file: string }) => i.file).slice(0, 6)).toEqual([
      'worked-example.nn.json', 'xor.nn.json', 'squared-vs-cross-entropy.nn.json', 'iris.nn.json', 'vanishing-gradients.nn.json', 'custom-derivative.nn.json',
    ]);
    expect(fake.shownDocuments[0].uri.path).toBe('/ext/gradlens/examples/iris.nn.json');
  });
});

describe('Open Example opens a working copy in GradLens\'s storage, so a lecture can edit it', () => {
  const scratch = vscode.Uri.file('/storage/gradlens/examples/1.0.0');
  const bytes = (text: string) => new TextEncoder().encode(text);
  const text = (uri: vscode.Uri) => new TextDecoder().decode(fake.fakeFiles.get(uri.toString()));
  const shipped = (name: string) => vscode.Uri.joinPath(extensionUri, 'examples', name);
  const copyOf = (name: string) => vscode.Uri.joinPath(scratch, name);

  beforeEach(() => {
    fake.resetTeachingFake();
    for (const name of ['xor.nn.json', 'iris.nn.json', 'data/iris.csv']) fake.fakeFiles.set(shipped(name).toString(), bytes(exampleText(name)));
    registerTeaching({ ...workerBacked(), documents: new FakeDocuments([]), extensionUri, examplesScratch: scratch });
  });

  it('copies the example and the data it reads on first open, and opens the copy; the shipped file is untouched', async () => {
    await vscode.commands.executeCommand('gradlens.openExample', 'iris.nn.json');
    expect(fake.shownDocuments.map((d) => d.uri.toString())).toEqual([copyOf('iris.nn.json').toString()]);
    expect(text(copyOf('iris.nn.json'))).toBe(exampleText('iris.nn.json'));
    expect(text(copyOf('data/iris.csv'))).toBe(exampleText('data/iris.csv'));
    expect(text(shipped('iris.nn.json'))).toBe(exampleText('iris.nn.json'));
    expect(fake.registered.messages).toEqual([]);
  });

  it('opens an edited copy as it is, and offers to restore the original, which it does only when asked', async () => {
    await vscode.commands.executeCommand('gradlens.openExample', 'xor.nn.json');
    fake.fakeFiles.set(copyOf('xor.nn.json').toString(), bytes('{ "edited": true }'));
    await vscode.commands.executeCommand('gradlens.openExample', 'xor.nn.json');
    expect(text(copyOf('xor.nn.json'))).toBe('{ "edited": true }');
    expect(lastMessage()).toEqual({ level: 'info', text: 'GradLens: this is your edited copy of xor.nn.json.' });
    fake.messageAnswers.push('Restore the Original');
    await vscode.commands.executeCommand('gradlens.openExample', 'xor.nn.json');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(text(copyOf('xor.nn.json'))).toBe(exampleText('xor.nn.json'));
  });

  it('opens the shipped file, and says why, when no copy can be made', async () => {
    const copy = vscode.workspace.fs.copy;
    (vscode.workspace.fs as { copy: unknown }).copy = async () => { throw new Error('read-only file system'); };
    try {
      await vscode.commands.executeCommand('gradlens.openExample', 'xor.nn.json');
    } finally {
      (vscode.workspace.fs as { copy: unknown }).copy = copy;
    }
    expect(fake.shownDocuments.map((d) => d.uri.toString())).toEqual([shipped('xor.nn.json').toString()]);
    expect(lastMessage()?.text).toMatch(/could not make a working copy of xor\.nn\.json \(read-only file system\); opening the original/);
  });
});

describe('Compare Squared Error and Cross-Entropy', () => {
  it('opens a page with the signals, the gradients, both curves and McCaffrey\'s figures', async () => {
    setUp('squared-vs-cross-entropy.nn.json');
    const text = await vscode.commands.executeCommand('gradlens.compareLosses') as string;
    const shown = fake.registered.executed.find((e) => e.command === 'markdown.showPreviewToSide');
    const uri = shown!.args[0] as vscode.Uri;
    expect(uri.scheme).toBe(COMPARE_SCHEME);
    const page = await fake.textDocumentContentProviders.get(COMPARE_SCHEME)!.provideTextDocumentContent(uri as never);
    expect(page).toBe(text);
    for (const part of ['## The output signals', '## The gradients', '## Training under each loss', '1.3784', '0.6391']) expect(page).toContain(part);
  });

  it('explains why it cannot compare a network whose outputs are not probabilities', async () => {
    setUp('dying-relu.nn.json');
    expect(await vscode.commands.executeCommand('gradlens.compareLosses')).toBeUndefined();
    expect(lastMessage()?.text).toMatch(/must be sigmoid or softmax; "output" is linear/);
  });
});

describe('Export Lecture Handout writes one HTML file next to the model file, only when asked', () => {
  it('writes the handout with the derivations and offers to open it', async () => {
    setUp('worked-example.nn.json');
    fake.messageAnswers.push('Open in Browser');
    const target = await vscode.commands.executeCommand('gradlens.exportHandout') as vscode.Uri;
    expect(target.path).toBe(`${EXAMPLES_DIR}/worked-example.handout.html`);
    const html = new TextDecoder().decode(fake.fakeFiles.get(target.toString()));
    for (const digits of ['0.082167041', '0.000438568']) expect(html).toContain(digits);
    expect(html).toContain('A training run of');
    expect(html).not.toMatch(/https?:/);
    expect(fake.openedExternally).toEqual([target]);
  });

  it('draws XOR\'s decision boundary in its handout', async () => {
    setUp('xor.nn.json');
    const target = await vscode.commands.executeCommand('gradlens.exportHandout') as vscode.Uri;
    const html = new TextDecoder().decode(fake.fakeFiles.get(target.toString()));
    expect(html).toContain('<h2>The decision boundary</h2>');
    expect(html).toMatch(/<svg class="boundary" role="img" aria-label="Decision boundary of &quot;XOR 2-3-1&quot; over input 1 and input 2/);
  });

  it('draws the digits CNN\'s maps and writes a conv weight\'s sum in its handout', async () => {
    setUp('conv-net.nn.json');
    const target = await vscode.commands.executeCommand('gradlens.exportHandout') as vscode.Uri;
    expect(target.path).toBe(`${EXAMPLES_DIR}/conv-net.handout.html`);
    const html = new TextDecoder().decode(fake.fakeFiles.get(target.toString()));
    expect(html).toContain('<h2>One sample through the network</h2>');
    expect(html).toContain('∂L/∂w of conv1.weights[1, 1, 2, 2]');
    expect(html).toContain('<h2>Squared error versus cross-entropy</h2>');
    expect(html).not.toContain('not yet');
  }, 60_000);

  it('asks before overwriting, and leaves the file alone unless told to', async () => {
    setUp('worked-example.nn.json');
    const first = await vscode.commands.executeCommand('gradlens.exportHandout') as vscode.Uri;
    fake.fakeFiles.set(first.toString(), new TextEncoder().encode('my notes'));
    fake.messageAnswers.push(undefined);
    expect(await vscode.commands.executeCommand('gradlens.exportHandout')).toBeUndefined();
    expect(new TextDecoder().decode(fake.fakeFiles.get(first.toString()))).toBe('my notes');
    fake.messageAnswers.push('Overwrite');
    await vscode.commands.executeCommand('gradlens.exportHandout');
    expect(new TextDecoder().decode(fake.fakeFiles.get(first.toString()))).toContain('<!DOCTYPE html>');
  });

  it('needs a saved file', async () => {
    fake.resetTeachingFake();
    const doc = fakeDocument('/x/Untitled-1', exampleText('worked-example.nn.json'));
    doc.uri = vscode.Uri.parse('untitled:Untitled-1');
    registerTeaching({ ...workerBacked(), documents: new FakeDocuments([doc]), extensionUri });
    expect(await vscode.commands.executeCommand('gradlens.exportHandout')).toBeUndefined();
    expect(lastMessage()?.text).toMatch(/save the model file first/);
    expect(fake.fakeFiles.size).toBe(0);
  });
});

describe('Step Through Training highlights the layer of each phase and scrubs the timeline', () => {
  function editorFor(doc: FakeDocument) {
    const editor = new fake.FakeTextEditor(doc);
    fake.window.visibleTextEditors = [editor];
    return editor;
  }
  /** The highlighted line ranges and the note written after a line. */
  function shown(editor: fake.FakeTextEditor) {
    const [highlight, note] = [...editor.decorations.entries()].map(([, v]) => v);
    const noteText = (note as { renderOptions: { after: { contentText: string } } }[])[0]?.renderOptions.after.contentText;
    return { lines: (highlight as vscode.Range[]).map((r) => [r.start.line, r.end.line]), note: noteText };
  }

  it('walks forward through the layers, the loss, back through the layers and the update', async () => {
    const { docs } = setUp('worked-example.nn.json');
    const editor = editorFor(docs[0]);
    const text = docs[0].text.split('\n');
    const lineOf = (needle: string) => text.findIndex((l) => l.includes(needle));
    const views = [];
    for (let i = 0; i < 6; i++) views.push(await vscode.commands.executeCommand('gradlens.stepThrough') as { title: string });
    expect(views.map((v) => v.title)).toEqual([
      'Step 1 · forward · layer "hidden"', 'Step 1 · forward · layer "output"', 'Step 1 · loss',
      'Step 1 · backward · layer "output"', 'Step 1 · backward · layer "hidden"', 'Step 1 · update',
    ]);
    expect(fake.registered.executed).toContainEqual({ command: 'setContext', args: ['gradlens.steppingThrough', true] });
    // At the update, every layer's weights are highlighted; the note sits on the first.
    expect(shown(editor).lines).toEqual([[lineOf('"weights": [[0.15'), lineOf('"weights": [[0.15')], [lineOf('"weights": [[0.40'), lineOf('"weights": [[0.40')]]);
    expect(shown(editor).note).toMatch(/^← Step 1 · update: sgd with η = 0\.5/);
    expect(fake.statusBarMessages.at(-1)!.text).toContain('Step 1 · update (6/6');
  });

  it('highlights the loss line at the loss phase, with the loss in the note', async () => {
    const { docs } = setUp('worked-example.nn.json');
    const editor = editorFor(docs[0]);
    for (let i = 0; i < 3; i++) await vscode.commands.executeCommand('gradlens.stepThrough');
    const line = docs[0].text.split('\n').findIndex((l) => l.includes('"loss"'));
    expect(shown(editor).lines).toEqual([[line, line]]);
    expect(shown(editor).note).toContain('L = 0.2984');
  });

  it('scrubs back and forth over recorded steps at the same phase, and stops cleanly', async () => {
    const { docs } = setUp('xor.nn.json');
    const editor = editorFor(docs[0]);
    expect(await vscode.commands.executeCommand('gradlens.timelineBack')).toBeUndefined();
    for (let i = 0; i < 2 * 6 + 1; i++) await vscode.commands.executeCommand('gradlens.stepThrough'); // step 3, first stop
    expect(await vscode.commands.executeCommand('gradlens.timelineBack')).toMatchObject({ step: 2, stopIndex: 0 });
    expect(await vscode.commands.executeCommand('gradlens.timelineForward')).toMatchObject({ step: 3, stopIndex: 0 });
    expect(await vscode.commands.executeCommand('gradlens.timelineForward')).toBeUndefined();
    expect(await vscode.commands.executeCommand('gradlens.stepThroughBack')).toMatchObject({ step: 2, phase: 'update' });
    await vscode.commands.executeCommand('gradlens.stepThroughStop');
    expect(shown(editor)).toEqual({ lines: [], note: undefined });
    expect(fake.registered.executed).toContainEqual({ command: 'setContext', args: ['gradlens.steppingThrough', false] });
  });

  it('starts again from the first stop after an edit that is undone (the worker forgets the old recording), and after Stop', async () => {
    const { docs } = setUp('xor.nn.json');
    const doc = docs[0];
    const original = doc.text;
    for (let i = 0; i < 3; i++) await vscode.commands.executeCommand('gradlens.stepThrough');
    for (const text of [`${original} `, original]) {
      doc.text = text;
      doc.version++;
      fake.textDocumentEvents.change.fire({ document: doc, contentChanges: [{ text: ' ' }] });
    }
    expect(await vscode.commands.executeCommand('gradlens.stepThrough')).toMatchObject({ step: 1, stopIndex: 0 });
    await vscode.commands.executeCommand('gradlens.stepThrough');
    await vscode.commands.executeCommand('gradlens.stepThroughStop');
    await vscode.commands.executeCommand('gradlens.stepThroughStop'); // with none on screen: the worker is told again, harmlessly
    expect(await vscode.commands.executeCommand('gradlens.stepThrough')).toMatchObject({ step: 1, stopIndex: 0 });
  });

  it('hands every stop to the panel\'s hook, jumps to a recorded step, and says when it ends', async () => {
    fake.resetTeachingFake();
    const doc = fakeDocument(exampleFile('xor.nn.json'), exampleText('xor.nn.json'));
    const seen: [string, string | undefined][] = [];
    registerTeaching({
      ...workerBacked(), documents: new FakeDocuments([doc]), extensionUri,
      onStepThrough: (uri, view) => seen.push([uri, view?.title]),
    });
    for (let i = 0; i < 13; i++) await vscode.commands.executeCommand('gradlens.stepThrough');
    expect(await vscode.commands.executeCommand('gradlens.timelineSeek', doc.uri.toString(), 1, 3)).toMatchObject({ step: 1, stopIndex: 3 });
    expect(await vscode.commands.executeCommand('gradlens.timelineSeek', doc.uri.toString(), 9)).toBeUndefined();
    await vscode.commands.executeCommand('gradlens.stepThroughStop');
    expect(seen).toHaveLength(15);
    expect(seen[0]).toEqual([doc.uri.toString(), 'Step 1 · forward · layer "hidden"']);
    expect(seen[13]).toEqual([doc.uri.toString(), 'Step 1 · backward · layer "output"']);
    expect(seen[14]).toEqual([doc.uri.toString(), undefined]);
  });

  it('at depth 1 (Drive) writes no derivative in the editor or the status bar, and follows a depth change at once', async () => {
    fake.resetTeachingFake();
    const doc = fakeDocument(exampleFile('worked-example.nn.json'), exampleText('worked-example.nn.json'));
    const depthChanged = new vscode.EventEmitter<1 | 2 | 3 | 4>();
    const depth = { current: 1 as 1 | 2 | 3 | 4, onDidChange: depthChanged.event };
    registerTeaching({ ...workerBacked(), documents: new FakeDocuments([doc]), extensionUri, depth });
    const editor = editorFor(doc);
    for (let i = 0; i < 6; i++) {
      await vscode.commands.executeCommand('gradlens.stepThrough');
      expect(shown(editor).note).not.toMatch(/∂|δ|gradient|‖/);
      expect(fake.statusBarMessages.at(-1)!.text).not.toMatch(/∂|δ|gradient|‖/);
    }
    expect(shown(editor).note).toMatch(/^← Step 1 · update: sgd with learning rate 0\.5 moves every weight a small step meant to lower the loss: the largest weight change is 0\.0413 in/);
    await vscode.commands.executeCommand('gradlens.stepThroughBack'); // backward through "hidden"
    expect(shown(editor).note).toBe('← Step 1 · backward · layer "hidden": The error of the outputs flows back through layer "hidden"; depth 2 (Service) shows its numbers.');
    depth.current = 3;
    depthChanged.fire(3);
    expect(shown(editor).note).toMatch(/^← Step 1 · backward · layer "hidden": δ = ∂L\/∂net of "hidden"/);
  });

  it('Timeline: Go to Step from the palette asks for a recorded step and keeps the phase on screen', async () => {
    const { docs } = setUp('xor.nn.json');
    editorFor(docs[0]);
    await vscode.commands.executeCommand('gradlens.timelineSeek');
    expect(lastMessage()?.text).toMatch(/nothing recorded yet/);
    for (let i = 0; i < 2 * 6 + 3; i++) await vscode.commands.executeCommand('gradlens.stepThrough'); // step 3, stop 3 (the loss)
    fake.inputBoxAnswers.push('1');
    expect(await vscode.commands.executeCommand('gradlens.timelineSeek')).toMatchObject({ step: 1, phase: 'loss' });
    const asked = fake.inputBoxesShown.at(-1)!;
    expect(asked).toMatchObject({ prompt: 'A step from 1 to 3 (the phase on screen stays)', value: '3' });
    expect(['0', '4', '2.5', 'two', ''].map((v) => asked.validateInput!(v))).toEqual(Array(5).fill('Give a whole number from 1 to 3.'));
    expect(asked.validateInput!(' 2 ')).toBeUndefined();
    fake.inputBoxAnswers.push(undefined); // Escape
    expect(await vscode.commands.executeCommand('gradlens.timelineSeek')).toBeUndefined();
  });

  it('ends when the model file is edited, and says why', async () => {
    const { docs } = setUp('xor.nn.json');
    const editor = editorFor(docs[0]);
    for (let i = 0; i < 3; i++) await vscode.commands.executeCommand('gradlens.stepThrough');
    expect(shown(editor).lines).not.toEqual([]);
    fake.textDocumentEvents.change.fire({ document: docs[0], contentChanges: [] }); // saved, or the dirty flag changed
    expect(shown(editor).lines).not.toEqual([]);
    fake.textDocumentEvents.change.fire({ document: docs[0], contentChanges: [{ text: ' ' }] });
    expect(shown(editor)).toEqual({ lines: [], note: undefined });
    expect(fake.statusBarMessages.at(-1)!.text).toBe('GradLens: step-through ended: the model file changed.');
  });

  it('starts again from step 1 after the file changes', async () => {
    const { docs } = setUp('xor.nn.json');
    editorFor(docs[0]);
    for (let i = 0; i < 7; i++) await vscode.commands.executeCommand('gradlens.stepThrough');
    docs[0].version++;
    expect(await vscode.commands.executeCommand('gradlens.stepThrough')).toMatchObject({ step: 1, stopIndex: 0 });
  });
});
