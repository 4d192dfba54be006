/**
 * The text edits that write trained parameters into a model file: each layer's `weights` and `bias`
 * values replaced where they are written, or added at the end of the layer object where they are not.
 * Pure: computed from the document's text and the analysis, applied by the caller as one undoable edit.
 */
import type { Analysis, LayerAnalysis } from '../analysis/types';
import type { SourceRange, SourcePosition } from '../model/types';

export interface TextEdit {
  readonly range: SourceRange;
  readonly newText: string;
}

function numberText(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(12))) : '0';
}

function weightsText(layer: LayerAnalysis): string {
  return `[${(layer.weights.value as number[][]).map((row) => `[${row.map(numberText).join(', ')}]`).join(', ')}]`;
}

function biasText(layer: LayerAnalysis): string {
  return `[${(layer.bias.value as number[]).map(numberText).join(', ')}]`;
}

function positionAt(text: string, offset: number): SourcePosition {
  let line = 0, lineStart = 0;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) { line++; lineStart = i + 1; }
  return { line, character: offset - lineStart };
}

function emptyRangeAt(text: string, offset: number): SourceRange {
  const p = positionAt(text, offset);
  return { start: p, end: p, startOffset: offset, endOffset: offset };
}

export function trainedWeightEdits(text: string, analysis: Analysis): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const layer of analysis.layers) {
    const additions: string[] = [];
    if (layer.source.weightsRange) edits.push({ range: layer.source.weightsRange, newText: weightsText(layer) });
    else additions.push(`"weights": ${weightsText(layer)}`);
    if (layer.source.biasRange) edits.push({ range: layer.source.biasRange, newText: biasText(layer) });
    else additions.push(`"bias": ${biasText(layer)}`);
    if (additions.length > 0) {
      // Insert before the closing brace of the layer object, after its last property.
      const close = layer.range.endOffset - 1;
      let last = close - 1;
      while (last >= layer.range.startOffset && /\s/.test(text[last])) last--;
      const needsComma = text[last] !== '{' && text[last] !== ',';
      edits.push({ range: emptyRangeAt(text, last + 1), newText: `${needsComma ? ',' : ''} ${additions.join(', ')}` });
    }
  }
  return edits;
}
