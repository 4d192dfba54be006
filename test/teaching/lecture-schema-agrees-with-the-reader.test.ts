/**
 * schemas/lecture.schema.json (what VS Code checks a `*.lecture.json` against as it is edited) agrees
 * with the reader: a recorded lecture has no schema error, and the faults the reader refuses are schema
 * errors too. Checked with vscode-json-languageservice, the validator VS Code's JSON support is built on.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getLanguageService, TextDocument } from 'vscode-json-languageservice';
import { LectureRecording, readLectureTimeline, writeLectureTimeline } from '../../src/teaching/lectureTimeline';
import { exampleText } from './helpers';

const SCHEMA_URI = 'file:///schemas/lecture.schema.json';
const schema = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'schemas', 'lecture.schema.json'), 'utf8'));
const service = getLanguageService({ schemaRequestService: async () => JSON.stringify(schema) });
service.configure({ validate: true, schemas: [{ uri: SCHEMA_URI, fileMatch: ['*.lecture.json'], schema }] });

async function schemaErrors(text: string): Promise<string[]> {
  const document = TextDocument.create('file:///lectures/xor.lecture.json', 'json', 1, text);
  const diagnostics = await service.doValidation(document, service.parseJSONDocument(document), { schemaValidation: 'error' });
  return diagnostics.map((d) => (typeof d.message === 'string' ? d.message : d.message.value));
}

function lecture(): string {
  const xor = exampleText('xor.nn.json');
  const r = new LectureRecording('xor.nn.json', xor);
  r.add({ kind: 'depth', depth: 2 });
  r.edited(xor.replace('0.05', '0.1'), 0);
  r.annotate('Faster');
  r.add({ kind: 'train', steps: 100, seed: 3, loss: 0.25, step: 100 });
  r.add({ kind: 'stepThrough', move: 'next', stop: { step: 101, stopIndex: 0, title: 'Step 101' } });
  r.add({ kind: 'explain', layerIndex: 0, param: 'weights', index: [1, 0] });
  r.add({ kind: 'openPanel' });
  return writeLectureTimeline(r.finish());
}

describe('the lecture schema agrees with the reader', () => {
  it('a recorded lecture has no schema error', async () => {
    expect(await schemaErrors(lecture())).toEqual([]);
  });

  it.each([
    ['an unknown step kind', (t: string) => t.replace('"kind": "openPanel"', '"kind": "dance"')],
    ['a wrong version', (t: string) => t.replace('"version": 1', '"version": 2')],
    ['a train step without its loss', (t: string) => t.replace('"loss": 0.25,', '')],
    ['a depth of 7', (t: string) => t.replace('"depth": 2', '"depth": 7')],
    ['a model path outside the folder', (t: string) => t.replace('"model": "xor.nn.json"', '"model": "../xor.nn.json"')],
  ])('%s is refused by both', async (_, change) => {
    const text = change(lecture());
    expect(readLectureTimeline(text).error).toBeDefined();
    expect((await schemaErrors(text)).length).toBeGreaterThan(0);
  });
});
