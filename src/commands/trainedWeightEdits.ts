/**
 * The text edits that write trained parameters into a model file: each layer's parameter values
 * (./trainedParameterText.ts: dense and conv `weights` and `bias`, batch norm's `scale`, `shift`,
 * `runningMean` and `runningVar`) replaced where they are written, or added after the layer object's
 * last property where they are not; layers without parameters are left alone. Computed from jsonc-parser's syntax tree of the text the edits will apply to (never from
 * ranges of an earlier version), so an edit replaces exactly a value node or goes right after a
 * property node: never into a comment (`"activation": "sigmoid" // the hidden layer` gets the new
 * properties before the `//`). Pure: applied by the caller as one undoable edit.
 */
import { parseTree, type Node } from 'jsonc-parser';
import type { Analysis } from '../analysis/types';
import type { SourceRange, SourcePosition } from '../model/types';
import { trainedParameterTexts } from './trainedParameterText';

export interface TextEdit {
  readonly range: SourceRange;
  readonly newText: string;
}

/** The edits, or why there are none (the text no longer holds the analysed layers). */
export type WeightEdits = { readonly edits: TextEdit[] } | { readonly error: string };

/** Line starts of a text, for offset → line/character, with VS Code's line breaks: \r\n, \n and a lone \r. */
function lineStarts(text: string): number[] {
  const starts = [0];
  const re = /\r\n|\r|\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index + m[0].length);
  return starts;
}

function positionAt(starts: readonly number[], offset: number): SourcePosition {
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid; else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo]! };
}

/** The leading white space of the line holding `offset`. */
function indentAt(text: string, starts: readonly number[], offset: number): string {
  const start = starts[positionAt(starts, offset).line]!;
  return /^[ \t]*/.exec(text.slice(start, offset))![0];
}

function rangeOf(starts: readonly number[], start: number, end: number): SourceRange {
  return { start: positionAt(starts, start), end: positionAt(starts, end), startOffset: start, endOffset: end };
}

/** The value node of `key` in an object node, if the object has that property. */
function propertyValue(object: Node, key: string): Node | undefined {
  let found: Node | undefined;
  for (const p of object.children ?? []) if (p.type === 'property' && p.children?.[0]?.value === key) found = p.children[1];
  return found; // the last one, as JSON and the model reader use it
}

/**
 * The edits that write the trained weights of `analysis` into `text`. `text` must be the document the
 * analysis was made from: each layer of the analysis is found by its position in `"layers"` and its name.
 */
export function trainedWeightEdits(text: string, analysis: Analysis): WeightEdits {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  const layersNode = root?.type === 'object' ? propertyValue(root, 'layers') : undefined;
  if (!layersNode || layersNode.type !== 'array') return { error: 'the file has no "layers" array any more' };
  const starts = lineStarts(text);
  const edits: TextEdit[] = [];
  for (const layer of analysis.layers) {
    const node = layersNode.children?.[layer.index];
    const written = node?.type === 'object' ? propertyValue(node, 'name')?.value ?? `layer${layer.index + 1}` : undefined;
    if (!node || written !== layer.name) {
      return { error: `layer ${layer.index + 1} of the file is no longer the layer '${layer.name}' that was trained` };
    }
    // Right after the last property (before any comment or trailing comma that follows it), or right
    // after the `{` of an empty object.
    const last = node.children?.at(-1);
    const end = last ? last.offset + last.length : node.offset + 1;
    const additions: string[] = [];
    for (const { key, text: value } of trainedParameterTexts(layer)) {
      const existing = propertyValue(node, key);
      if (existing) edits.push({ range: rangeOf(starts, existing.offset, existing.offset + existing.length), newText: value(indentAt(text, starts, existing.offset)) });
      else additions.push(`"${key}": ${value(indentAt(text, starts, end))}`);
    }
    if (additions.length > 0) edits.push({ range: rangeOf(starts, end, end), newText: `${last ? ', ' : ' '}${additions.join(', ')}` });
  }
  return { edits };
}
