/**
 * Puts the tensors of a model's `weightsFile` (./weightsFile.ts) into its layers, once every layer was
 * read without errors: version 1's dense drafts, or the layered reader's specs (version 1.1). A layer
 * that takes a tensor from the file records the file in its source (`weightsFile`), so the editor can
 * say where its numbers are (inlay hints, Write Trained Weights).
 */
import type { Node } from 'jsonc-parser';
import type { LayeredReader } from '../layers/layeredReader';
import type { Reporter } from '../report';
import type { DataFileReader } from '../types';
import type { LayerDraft } from './layers';
import { asRows, readWeightsFile, takeParameters, tensorName, type ParameterKey, type ParameterSlot } from './weightsFile';

/** The drafts with the file's parameters in them; undefined when the file has errors (reported on `node`). */
export function fillFromWeightsFile(
  r: Reporter, node: Node, drafts: readonly LayerDraft[], inputs: number | undefined, layered: LayeredReader | undefined,
  dataFiles: DataFileReader | undefined,
): LayerDraft[] | undefined {
  const contents = readWeightsFile(r, node, dataFiles);
  if (!contents) return undefined;
  const shapes = layered ? layered.parameterShapes() : denseShapes(drafts, inputs);
  if (shapes.length === 0 && drafts.some((d) => !d.ok)) return [...drafts]; // layer errors come first
  const slots: ParameterSlot[] = shapes.map((s) => ({
    layerIndex: s.index, layer: s.name, key: s.key, shape: s.shape, inline: drafts[s.index]?.source.properties?.[s.key] !== undefined,
  }));
  const values = takeParameters(r, node, contents, slots);
  if (!values) return undefined;
  const valueOf = (index: number, key: ParameterKey): Float64Array | undefined => values.get(tensorName(drafts[index]!.name, key));
  layered?.fillParameters(valueOf);
  return drafts.map((draft, index) => {
    const own = slots.filter((s) => s.layerIndex === index && values.has(tensorName(s.layer, s.key)));
    if (own.length === 0) return draft;
    const weights = valueOf(index, 'weights');
    const weightsShape = own.find((s) => s.key === 'weights')?.shape;
    const dense = weights && weightsShape?.length === 2 ? asRows(weights, weightsShape[0]!, weightsShape[1]!) : undefined;
    const bias = layered ? undefined : valueOf(index, 'bias');
    return {
      ...draft,
      ...(dense ? { weights: dense } : {}),
      ...(bias ? { bias: Array.from(bias) } : {}),
      source: { ...draft.source, weightsFile: contents.file },
    };
  });
}

/** Version 1: every layer is dense, its weights [units, fan-in] and bias [units]. */
function denseShapes(drafts: readonly LayerDraft[], inputs: number | undefined): { index: number; name: string; key: ParameterKey; shape: number[] }[] {
  if (inputs === undefined || drafts.some((d) => !d.ok || d.units === undefined)) return [];
  let fanIn = inputs;
  return drafts.flatMap((d, index) => {
    const units = d.units!;
    const shapes = [
      { index, name: d.name, key: 'weights' as const, shape: [units, fanIn] },
      { index, name: d.name, key: 'bias' as const, shape: [units] },
    ];
    fanIn = units;
    return shapes;
  });
}
