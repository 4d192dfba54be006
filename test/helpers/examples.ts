/** Opens the project's example model files (and other model texts) the way the CLI and worker do. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ModelSession } from '../../src/analysis/modelSession';
import { DEFAULT_ANALYSIS_SETTINGS, type AnalysisSettings } from '../../src/analysis/settings';
import { createNodeDataFileReader } from '../../src/model/nodeDataFiles';
import type { Analysis } from '../../src/analysis/types';

export const EXAMPLES_DIR = path.resolve(__dirname, '..', '..', 'examples');

export function examplePath(name: string): string {
  return path.join(EXAMPLES_DIR, name);
}

export function exampleText(name: string): string {
  return readFileSync(examplePath(name), 'utf8');
}

/** A session on an example file; throws with the diagnostics when the file does not open. */
export function openExample(name: string, settings: AnalysisSettings = DEFAULT_ANALYSIS_SETTINGS): ModelSession {
  const file = examplePath(name);
  return openText(exampleText(name), file, settings);
}

export function openText(text: string, file: string, settings: AnalysisSettings = DEFAULT_ANALYSIS_SETTINGS): ModelSession {
  const { session, diagnostics } = ModelSession.open(text, file, settings, createNodeDataFileReader(file));
  if (!session) throw new Error(`${file} did not open: ${diagnostics.map((d) => d.message).join('; ')}`);
  return session;
}

export function analyseExample(name: string): Analysis {
  return openExample(name).analyse().analysis!;
}
