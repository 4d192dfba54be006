/** Format Document on a model file: comments kept, numbers as written, short number arrays on one line, stable. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'jsonc-parser';
import * as vscode from 'vscode';
import { formatModelText, minimalEdit, type ModelFormatOptions } from '../../src/editing/formatModel';
import { ModelFormatter } from '../../src/editing/editingProviders';

const EXAMPLES = path.resolve(__dirname, '../../examples');
const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.nn.json'));
const options: ModelFormatOptions = { tabSize: 2, insertSpaces: true, eol: '\n', keepShortNumberArrays: true };
const comments = (text: string) => text.match(/\/\/.*|\/\*[\s\S]*?\*\//g) ?? [];

describe('Format Document on every example', () => {
  it.each(examples)('%s keeps every comment, the same values, and formats to itself a second time', (file) => {
    const text = readFileSync(path.join(EXAMPLES, file), 'utf8');
    for (const keep of [true, false]) {
      const once = formatModelText(text, { ...options, keepShortNumberArrays: keep });
      expect(comments(once)).toEqual(comments(text));
      expect(parse(once)).toEqual(parse(text));
      expect(formatModelText(once, { ...options, keepShortNumberArrays: keep })).toBe(once);
    }
  });
});

describe('short number arrays', () => {
  const messy = '{"layers":[{"units":2,"weights":[[0.15,0.20],\n[0.25,   0.30]],"bias":0.35}],"data":{"inputs":[[0,0],[0,1]]}}';

  it('stay on one line, each number spelt as the teacher wrote it', () => {
    const formatted = formatModelText(messy, options);
    expect(formatted).toContain('"weights": [[0.15, 0.20], [0.25, 0.30]],');
    expect(formatted).toContain('"inputs": [[0, 0], [0, 1]]');
  });

  it('go one number per line when the setting is off', () => {
    const formatted = formatModelText(messy, { ...options, keepShortNumberArrays: false });
    expect(formatted).toContain('"weights": [\n');
    expect(formatted).toMatch(/^ {10}0\.15,$/m);
  });

  it('are split into one row per line when the whole matrix does not fit, and rows are kept whole', () => {
    const row = Array.from({ length: 8 }, (_, i) => `0.${i}12345`).join(', ');
    const text = `{ "weights": [[${row}], [${row}], [${row}]] }`;
    const formatted = formatModelText(text, options);
    expect(formatted.split('\n').filter((line) => line.includes(`[${row}]`))).toHaveLength(3);
    expect(formatModelText(formatted, options)).toBe(formatted);
  });

  it('never swallow a comment inside the array', () => {
    const text = '{ "bias": [0.1, // the first unit\n 0.2] }';
    const formatted = formatModelText(text, options);
    expect(formatted).toContain('// the first unit');
    expect(parse(formatted)).toEqual({ bias: [0.1, 0.2] });
    expect(formatModelText(formatted, options)).toBe(formatted);
  });

  it('follow tabs when the editor indents with tabs', () => {
    const formatted = formatModelText('{"data":{"targets":[[1],[0]]}}', { ...options, insertSpaces: false, tabSize: 4 });
    expect(formatted).toBe('{\n\t"data": {\n\t\t"targets": [[1], [0]]\n\t}\n}');
  });
});

describe('the edit VS Code receives', () => {
  it('replaces only the changed middle of the text', () => {
    expect(minimalEdit('{ "a":1 }', '{ "a": 1 }')).toEqual({ offset: 6, length: 0, newText: ' ' });
    expect(minimalEdit('same', 'same')).toBeUndefined();
  });

  it('is empty for a formatted model, and turns a messy one into the formatted text', () => {
    const text = '// note\n{"inputs":2,\n"loss":"squared"}';
    const lines = text.split('\n');
    const offsets = lines.map((_, i) => lines.slice(0, i).reduce((n, l) => n + l.length + 1, 0));
    const document = {
      getText: () => text,
      eol: vscode.EndOfLine.LF,
      positionAt: (offset: number) => {
        let line = offsets.length - 1;
        while (offsets[line] > offset) line--;
        return new vscode.Position(line, offset - offsets[line]);
      },
    } as unknown as vscode.TextDocument;
    const edits = new ModelFormatter(() => true).provideDocumentFormattingEdits(document, { tabSize: 2, insertSpaces: true });
    expect(edits).toHaveLength(1);
    const start = offsets[edits[0].range.start.line] + edits[0].range.start.character;
    const end = offsets[edits[0].range.end.line] + edits[0].range.end.character;
    expect(text.slice(0, start) + edits[0].newText + text.slice(end)).toBe('// note\n{\n  "inputs": 2,\n  "loss": "squared"\n}');
    const formattedDoc = { ...document, getText: () => '// note\n{\n  "inputs": 2,\n  "loss": "squared"\n}' } as unknown as vscode.TextDocument;
    expect(new ModelFormatter(() => true).provideDocumentFormattingEdits(formattedDoc, { tabSize: 2, insertSpaces: true })).toEqual([]);
  });
});

describe('the end of the file', () => {
  it('keeps its final line break, drops trailing spaces, and adds none where there was none', () => {
    expect(formatModelText('{"a":1}\n', options)).toBe('{\n  "a": 1\n}\n');
    expect(formatModelText('{"a":1}\n  ', options)).toBe('{\n  "a": 1\n}\n');
    expect(formatModelText('{"a":1}  ', options)).toBe('{\n  "a": 1\n}');
  });
});
