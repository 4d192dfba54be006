/**
 * Issue 19, item 5: the layer name went unescaped into the hover (`layerHover.ts`), allowing spoofed
 * content and remote images. Every MarkdownString built from model text: not trusted (no command
 * links run), no HTML, names escaped.
 */
import { describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import { layerHover, layerHoverMarkdown } from '../../src/hover/layerHover';
import { openText } from '../helpers/examples';
import { ACTIVE_MARKDOWN, HOSTILE_NAMES } from './hostileCorpus';

function hostile(name: string) {
  return openText(JSON.stringify({
    name, inputs: 2,
    layers: [{ name, units: 2, activation: 'relu', init: { normal: [0, 1e-9] } }, { name: `${name}!`, units: 1, activation: 'sigmoid' }],
    loss: 'mse', data: { inputs: [[0, 1], [1, 0]], targets: [[1], [0]] },
    train: { learningRate: 1e-9 },
  }), '/work/hostile.nn.json').analyse().analysis!;
}

describe('layer hovers', () => {
  for (const name of HOSTILE_NAMES) {
    it(`a layer named ${JSON.stringify(name)} is shown as text at every depth, warnings included`, () => {
      const analysis = hostile(name);
      for (const depth of [1, 2, 3, 4] as const) {
        for (const layer of analysis.layers) {
          const md = layerHoverMarkdown(analysis, layer, depth);
          for (const pattern of ACTIVE_MARKDOWN) expect(md, `${pattern} at depth ${depth}`).not.toMatch(pattern);
        }
      }
    });
  }

  it('the hover\'s MarkdownString is neither trusted nor allowed HTML', () => {
    const analysis = hostile('<img src=x>');
    const start = analysis.layers[0]!.range.start;
    const hover = layerHover(analysis, new vscode.Position(start.line, start.character + 1), 3)!;
    const contents = (Array.isArray(hover.contents) ? hover.contents : [hover.contents]) as (vscode.MarkdownString & { supportHtml?: boolean })[];
    for (const m of contents) {
      expect(m.isTrusted).toBe(false);
      expect(m.supportHtml).toBe(false);
    }
  });
});
