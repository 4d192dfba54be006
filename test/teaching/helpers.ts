/** Opens model texts and the project's examples the way the worker does, for the teaching tests. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ModelSession } from '../../src/analysis/modelSession';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { createNodeDataFileReader } from '../../src/model/nodeDataFiles';
import type { Analysis } from '../../src/analysis/types';

export const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');

export function exampleFile(name: string): string {
  return path.join(EXAMPLES, name);
}

export function exampleText(name: string): string {
  return readFileSync(exampleFile(name), 'utf8');
}

/** A session on a model text; throws with the diagnostics when it does not open. */
export function session(text: string, file = path.join(EXAMPLES, 'test.nn.json')): ModelSession {
  const { session: s, diagnostics } = ModelSession.open(text, file, DEFAULT_ANALYSIS_SETTINGS, createNodeDataFileReader(file));
  if (!s) throw new Error(`${file} did not open: ${diagnostics.map((d) => d.message).join('; ')}`);
  return s;
}

export function exampleSession(name: string): ModelSession {
  return session(exampleText(name), exampleFile(name));
}

export function analyse(s: ModelSession): Analysis {
  const analysis = s.analyse().analysis;
  if (!analysis) throw new Error('no analysis');
  return analysis;
}

/** |a − b| / max(|a|, |b|), 0 when both are 0. */
export function relative(a: number, b: number): number {
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return scale === 0 ? 0 : Math.abs(a - b) / scale;
}
