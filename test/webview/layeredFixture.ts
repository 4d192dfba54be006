/**
 * A small layered model analysed by the real engine (ModelSession, as the worker does), for the tests of
 * the panel's image view models: [1, 4, 4] images → conv (2 filters 3×3) → relu → max pool → batch norm
 * → flatten → dense softmax, three samples.
 */
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { ModelSession } from '../../src/analysis/modelSession';
import type { Analysis } from '../../src/analysis/types';

export const IMAGES = [
  Array.from({ length: 16 }, (_, i) => ((i * 7) % 11) / 10),
  Array.from({ length: 16 }, (_, i) => ((i * 5) % 13) / 12),
  Array.from({ length: 16 }, (_, i) => ((i * 3) % 7) / 6),
];

export const LAYERED_TEXT = `{
  "inputs": [1, 4, 4], "seed": 11,
  "layers": [
    { "name": "conv", "type": "conv2d", "filters": 2, "kernel": 3, "padding": 1 },
    { "name": "relu", "type": "activation", "activation": "relu" },
    { "name": "pool", "type": "maxpool2d", "size": 2 },
    { "name": "norm", "type": "batchnorm" },
    { "name": "flat", "type": "flatten" },
    { "name": "out", "units": 2, "activation": "softmax" }
  ],
  "loss": "cross-entropy",
  "data": { "inputs": ${JSON.stringify(IMAGES)}, "targets": [[1, 0], [0, 1], [1, 0]] },
  "train": { "optimizer": "sgd", "learningRate": 0.5, "batchSize": 3, "epochs": 2 }
}`;

export function openLayered(): ModelSession {
  const { session, diagnostics } = ModelSession.open(LAYERED_TEXT, 'layered.nn.json', DEFAULT_ANALYSIS_SETTINGS);
  if (!session) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  return session;
}

/** The analysis at the file's parameters, and after two training steps. */
export async function layeredAnalyses(): Promise<{ before: Analysis; after: Analysis }> {
  const session = openLayered();
  const before = session.analyse().analysis!;
  await session.train({ steps: 2, history: 'none' });
  return { before, after: session.analyse().analysis! };
}
