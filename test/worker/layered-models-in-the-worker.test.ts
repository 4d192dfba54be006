/**
 * A model file 1.1 in the worker's session store: analysed (layer types and shapes in the analysis),
 * trained by the layered trainer with the analysis leaving the training's numbers alone, the
 * step-through stopping at its layers, and the loss comparison and the handout answering with the
 * layered engine (their numbers: test/teaching/layered-handout.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { openSession } from '../../src/worker/openSession';
import { SessionStore } from '../../src/worker/sessionStore';
import { TeachingRequests } from '../../src/worker/teachingRequests';
import type { WorkerDocument } from '../../src/worker/workerProtocol';

const TEXT = `{
  "inputs": [1, 4, 4], "seed": 3,
  "layers": [
    { "name": "conv", "type": "conv2d", "filters": 2, "kernel": 3, "padding": 1, "activation": "relu" },
    { "name": "pool", "type": "maxpool2d", "size": 2 },
    { "name": "drop", "type": "dropout", "rate": 0.25 },
    { "type": "flatten" },
    { "name": "out", "units": 2, "activation": "softmax" }
  ],
  "loss": "cross-entropy",
  "data": { "inputs": [[${new Array(16).fill(0).map((_, i) => (i % 3) / 2).join(', ')}], [${new Array(16).fill(0).map((_, i) => (i % 5) / 4).join(', ')}]],
            "targets": [[1, 0], [0, 1]] },
  "train": { "optimizer": "sgd", "learningRate": 0.1, "batchSize": 1, "epochs": 3 }
}`;

const doc = (uri: string): WorkerDocument => ({ uri, version: 1, text: TEXT, fileName: '', settings: DEFAULT_ANALYSIS_SETTINGS });

describe('a layered model in the worker', () => {
  it('is analysed with each layer\'s type and output shape, and passes its gradient check', () => {
    const store = new SessionStore(openSession);
    const analysis = store.analyse(doc('a'))!.analysis!;
    expect(analysis.layers.map((l) => [l.name, l.layered!.type, l.layered!.outputShape])).toEqual([
      ['conv', 'conv2d', [2, 4, 4]], ['pool', 'maxpool2d', [2, 2, 2]], ['drop', 'dropout', [2, 2, 2]], ['layer4', 'flatten', [8]], ['out', 'dense', [2]],
    ]);
    expect(analysis.gradcheck.status).toBe('pass');
  });

  it('trains the same with or without an analysis in between (the analysis runs on a copy)', async () => {
    const plain = new SessionStore(openSession);
    const watched = new SessionStore(openSession);
    await plain.get(doc('p')).session!.train({ steps: 6, history: 'none' });
    const session = watched.get(doc('w')).session!;
    await session.train({ steps: 3, history: 'none' });
    watched.analyse(doc('w'));
    await session.train({ steps: 3, history: 'none' });
    expect(session.evaluate().loss).toBe(plain.get(doc('p')).session!.evaluate().loss);
  });

  it('steps through its layers, and answers the loss comparison and the handout', async () => {
    const store = new SessionStore(openSession);
    const teaching = new TeachingRequests(store);
    const first = teaching.stepThrough(doc('t'), { kind: 'next' });
    expect(first).toMatchObject({ started: true, running: true, view: { phase: 'forward', layerName: 'conv', layered: { layerType: 'conv2d' } } });
    const work = { signal: { aborted: false }, yieldToEventLoop: async () => {} };
    expect(await teaching.compareLosses(doc('t'), work)).toMatchObject({ comparison: { outputKind: 'softmax', crossEntropyLoss: 'cross-entropy', samples: 2, outputs: 2 } });
    expect(await teaching.handout(doc('t'), work)).toMatchObject({
      explanations: [], layeredExplanation: { kind: 'conv2d', layerName: 'conv', index: [0, 0, 1, 1], agrees: true }, comparison: { comparison: { outputKind: 'softmax' } }, cancelled: false,
    });
  });
});
