/** Completion and hover in model files come from schemas/nn.schema.json, comments and all. */
import { describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import { SchemaLanguageFeatures } from '../../src/language/schemaLanguageFeatures';
import { createSchemaService } from '../../src/language/schemaLanguageService';

/** Each text is a new version of the same document, as an edit in VS Code makes one. */
let nextVersion = 1;
function document(text: string) {
  return { uri: vscode.Uri.file('/m.nn.json'), version: nextVersion++, getText: () => text } as unknown as vscode.TextDocument;
}

/** The position of `|` in the text, and the text without it. */
function cursor(marked: string): { text: string; position: vscode.Position } {
  const offset = marked.indexOf('|');
  const before = marked.slice(0, offset).split('\n');
  return { text: marked.replace('|', ''), position: new vscode.Position(before.length - 1, before[before.length - 1].length) };
}

const features = new SchemaLanguageFeatures(createSchemaService);

describe('schema completion', () => {
  it('offers the top-level keys of a model file, even after a comment', async () => {
    const { text, position } = cursor('// a teacher\'s note\n{\n  "|"\n}');
    const labels = (await features.provideCompletionItems(document(text), position)).map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['inputs', 'layers', 'loss', 'data', 'train', 'seed', 'init', 'name']));
  });

  it('offers the activations as values', async () => {
    const { text, position } = cursor('{ "layers": [ { "units": 2, "activation": | } ] }');
    const labels = (await features.provideCompletionItems(document(text), position)).map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['"sigmoid"', '"tanh"', '"relu"', '"leaky-relu"', '"softmax"', '"linear"']));
  });

  it('offers the losses as values, replacing the text typed so far', async () => {
    const { text, position } = cursor('{ "loss": "cr|" }');
    const items = await features.provideCompletionItems(document(text), position);
    const ce = items.find((i) => i.label === '"cross-entropy"')!;
    expect(ce).toBeDefined();
    expect((ce.range as vscode.Range).start.character).toBe(10);
  });
});

describe('schema hover', () => {
  it('describes the key under the pointer', async () => {
    const { text, position } = cursor('{ "learn|ingRate": 0.5 }'.replace('{ "learn', '{ "train": { "learn').replace('0.5 }', '0.5 } }'));
    const hover = await features.provideHover(document(text), position);
    const md = (hover!.contents as unknown as vscode.MarkdownString[]).map((m) => m.value).join('\n');
    expect(md).toMatch(/step size/i);
  });
});

describe('schema completion and hover for the layers of model file 1.1', () => {
  it('offers every layer type as a value of "type"', async () => {
    const { text, position } = cursor('{ "inputs": [1, 8, 8], "layers": [ { "type": | } ] }');
    const labels = (await features.provideCompletionItems(document(text), position)).map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['"dense"', '"conv2d"', '"maxpool2d"', '"avgpool2d"', '"flatten"', '"activation"', '"dropout"', '"batchnorm"']));
  });

  it('offers a convolution\'s keys and the training keys inside a layer', async () => {
    const { text, position } = cursor('{ "layers": [ { "type": "conv2d", "|" } ] }');
    const labels = (await features.provideCompletionItems(document(text), position)).map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['kernel', 'stride', 'padding', 'filters', 'trainable']));
  });

  it('offers a learning-rate schedule in train', async () => {
    const { text, position } = cursor('{ "train": { "|" } }');
    const labels = (await features.provideCompletionItems(document(text), position)).map((i) => i.label);
    expect(labels).toContain('schedule');
  });

  it('explains the kernel with the output-size formula, and trainable, on hover', async () => {
    const kernel = cursor('{ "layers": [ { "type": "conv2d", "filters": 4, "ker|nel": 3 } ] }');
    const kernelHover = await features.provideHover(document(kernel.text), kernel.position);
    expect((kernelHover!.contents as unknown as vscode.MarkdownString[]).map((m) => m.value).join('\n')).toMatch(/H' = floor\(\(H \+ 2·ph − kh\)\/sh\) \+ 1/);
    const trainable = cursor('{ "layers": [ { "units": 2, "train|able": false } ] }');
    const trainableHover = await features.provideHover(document(trainable.text), trainable.position);
    expect((trainableHover!.contents as unknown as vscode.MarkdownString[]).map((m) => m.value).join('\n')).toMatch(/froz|train/i);
  });
});

describe('completion and hover answer from the last parse of a document version', () => {
  /** A document whose text reads are counted. */
  function counted(text: string, version: number, uri = '/big.nn.json') {
    const reads = { count: 0 };
    const doc = { uri: vscode.Uri.file(uri), version, getText: () => { reads.count++; return text; } } as unknown as vscode.TextDocument;
    return { doc, reads };
  }

  it('parses a version once, however many completions and hovers ask about it', async () => {
    const service = createSchemaService();
    const own = new SchemaLanguageFeatures(() => service);
    const { text, position } = cursor('{ "train": { "learn|ingRate": 0.5 } }');
    const { doc, reads } = counted(text, 1);
    await own.provideHover(doc, position);
    await own.provideCompletionItems(doc, position);
    await own.provideHover(doc, position);
    expect(service.parses).toBe(1);
    expect(reads.count).toBe(1);
  });

  it('parses again when the version changes, and answers about the new text', async () => {
    const service = createSchemaService();
    const own = new SchemaLanguageFeatures(() => service);
    const first = cursor('{ "train": { "learn|ingRate": 0.5 } }');
    await own.provideHover(counted(first.text, 1).doc, first.position);
    const second = cursor('{ "lo|ss": "squared" }');
    const hover = await own.provideHover(counted(second.text, 2).doc, second.position);
    expect(service.parses).toBe(2);
    const md = (hover!.contents as unknown as vscode.MarkdownString[]).map((m) => m.value).join('\n');
    expect(md).toMatch(/loss/i);
  });

  it('keeps each open document\'s parse apart', async () => {
    const service = createSchemaService();
    const own = new SchemaLanguageFeatures(() => service);
    const { text, position } = cursor('{ "train": { "learn|ingRate": 0.5 } }');
    const a = counted(text, 1, '/a.nn.json'), b = counted(text, 1, '/b.nn.json');
    await own.provideHover(a.doc, position);
    await own.provideHover(b.doc, position);
    await own.provideHover(a.doc, position);
    await own.provideHover(b.doc, position);
    expect(service.parses).toBe(2);
  });
});
