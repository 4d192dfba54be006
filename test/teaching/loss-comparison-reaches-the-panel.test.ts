/** Compare Losses hands both training curves to the panel's hook (`registerTeaching({ onLossComparison })`). */
import { describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import * as fake from '../fakes/vscode';
import { registerTeaching, type TrainingCurves } from '../../src/teaching';
import { exampleFile, exampleText } from './helpers';
import { workerBacked, FakeDocuments, fakeDocument } from './hostFakes';

describe('Compare losses reaches the panel', () => {
  it('gives the hook the same curves the page shows: both losses, same steps, plain data', async () => {
    fake.resetTeachingFake();
    const doc = fakeDocument(exampleFile('squared-vs-cross-entropy.nn.json'), exampleText('squared-vs-cross-entropy.nn.json'));
    const seen: [string, TrainingCurves][] = [];
    const disposables = registerTeaching({
      ...workerBacked(), documents: new FakeDocuments([doc]), extensionUri: vscode.Uri.file('/ext'),
      onLossComparison: (uri, curves) => seen.push([uri, curves]),
    });
    const page = await vscode.commands.executeCommand('gradlens.compareLosses') as string;
    expect(seen).toHaveLength(1);
    const [uri, curves] = seen[0];
    expect(uri).toBe(doc.uri.toString());
    expect(curves.squared.length).toBeGreaterThan(1);
    expect(curves.crossEntropy.map((p) => p.step)).toEqual(curves.squared.map((p) => p.step));
    expect(structuredClone(curves)).toEqual(curves);
    expect(page).toContain('## Training under each loss');
    for (const d of disposables) d.dispose();
  });
});
