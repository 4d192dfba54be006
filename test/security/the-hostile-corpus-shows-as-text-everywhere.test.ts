/**
 * Issue 19's hostile corpus (./hostileCorpus.ts) through every sink of model text: the command-line
 * tool (`report`, `check`, `report --json`), the layer hover, the Markdown report, the Explain Gradient
 * page at every depth and the lecture handout. Each either refuses the file with a short message or
 * shows its names as text: no live markup, no tag, no message longer than its cut.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { markdownReport } from '../../src/analysis/markdownReport';
import { layerHoverMarkdown } from '../../src/hover/layerHover';
import { explainGradient } from '../../src/worker/teaching/chainRule';
import { explanationMarkdown } from '../../src/teaching/chainRuleMarkdown';
import { buildHandout, handoutTargets } from '../../src/teaching/handout';
import { ModelSession } from '../../src/analysis/modelSession';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { createNodeDataFileReader } from '../../src/model/nodeDataFiles';
import { cli } from '../cli/runCli';
import { ACTIVE_MARKDOWN, HOSTILE_CSV, HOSTILE_MODELS } from './hostileCorpus';
import { tempFolder } from './helpers';

/** The corpus on disk: every model next to the CSV files it reads. */
function corpusFolder(): string[] {
  const dir = tempFolder('corpus');
  mkdirSync(path.join(dir, 'data'));
  for (const [name, text] of Object.entries(HOSTILE_CSV)) writeFileSync(path.join(dir, name), text);
  return HOSTILE_MODELS.map((text, i) => {
    const file = path.join(dir, `hostile-${i}.nn.json`);
    writeFileSync(file, text);
    return file;
  });
}

/** HTML that would do something if opened: a tag GradLens does not write, an event handler, a link out. */
const ACTIVE_HTML = [/<(script|img|iframe|object|embed|svg:script)\b/i, /\son\w+\s*=/i, /(href|src)\s*=\s*["']?(https?|javascript|command):/i];

describe('the hostile corpus', () => {
  const files = corpusFolder();

  for (const [i, file] of files.entries()) {
    it(`hostile-${i}.nn.json: gradlens report, check and report --json end with an exit code and short output`, async () => {
      for (const args of [['report', file], ['check', file], ['report', file, '--json']]) {
        const run = await cli(...args);
        expect([0, 1, 2]).toContain(run.code);
        expect(run.stdout.length + run.stderr.length).toBeLessThan(50_000);
        expect(run.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/); // no stack trace
      }
    });

    it(`hostile-${i}.nn.json: hovers, the report, explanations and the handout show every name as text`, () => {
      const { session, diagnostics } = ModelSession.open(HOSTILE_MODELS[i]!, file, DEFAULT_ANALYSIS_SETTINGS, createNodeDataFileReader(file));
      for (const d of diagnostics) expect(d.message.length, d.message.slice(0, 80)).toBeLessThan(2_000);
      if (!session) return;
      const analysis = session.analyse().analysis!;
      const markdown = [markdownReport(analysis, path.basename(file))];
      for (const layer of analysis.layers) for (const depth of [1, 2, 3, 4] as const) markdown.push(layerHoverMarkdown(analysis, layer, depth));
      const explanations = handoutTargets(analysis).map((t) => explainGradient(analysis, t, { data: session.model.data.train, network: session.currentNetwork }));
      for (const e of explanations) for (const depth of [1, 2, 3, 4] as const) markdown.push(explanationMarkdown(e, { depth }));
      for (const md of markdown) for (const pattern of ACTIVE_MARKDOWN) expect(md, String(pattern)).not.toMatch(pattern);
      const html = buildHandout({ analysis, explanations });
      for (const pattern of ACTIVE_HTML) expect(html, String(pattern)).not.toMatch(pattern);
    });
  }
});
