/**
 * The text of a layer's trained parameters, as Write Trained Weights puts them into the model file,
 * under the model file's own keys (docs/spec/model-file-v1.1-layers.md):
 * - dense: `weights` [units][fan-in] and `bias` [units], each on one line as before;
 * - conv2d: `weights` [F][C][kh][kw] laid out as a person writes kernels: one filter per block, each
 *   channel's kernel as kh lines, one kernel row `[a, b, c]` per line; `bias` [F] on one line;
 * - batch norm: `scale` γ, `shift` β, `runningMean` and `runningVar`, one line each;
 * - pooling, flatten, dropout and activation layers: nothing.
 * Every number in JavaScript's shortest round-trip form (−0 kept), so the file reads back to exactly
 * the trained float64 parameters, bit for bit.
 */
import type { LayerAnalysis } from '../analysis/types';

/** A model-file key and the JSON text of its value, for a value written on a line indented by `indent`. */
export interface ParameterText {
  readonly key: string;
  readonly text: (indent: string) => string;
}

/** The shortest decimal that reads back as exactly `v` (−0 included). Callers check finiteness first. */
export function roundTripNumber(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}

function vectorText(values: readonly number[]): string {
  return `[${values.map(roundTripNumber).join(', ')}]`;
}

function flat(value: unknown): number[] {
  return (value as unknown[]).flat(3) as number[];
}

/** Dense weights, on one line: `[[w11, w12], [w21, w22]]`. */
function matrixText(rows: readonly (readonly number[])[]): string {
  return `[${rows.map(vectorText).join(', ')}]`;
}

/**
 * Conv weights [F][C][kh][kw] from their flat row-major values, for a value that starts on a line
 * indented by `indent`:
 * ```
 * [
 *   [
 *     [[w0000, w0001, w0002],
 *      [w0010, w0011, w0012],
 *      [w0020, w0021, w0022]],
 *     [[…channel 1…]]
 *   ],
 *   [ …filter 1… ]
 * ]
 * ```
 */
export function convWeightsText(values: readonly number[], shape: readonly number[], indent: string): string {
  const [F, C, kh, kw] = shape as [number, number, number, number];
  const filterIndent = `${indent}  `, kernelIndent = `${indent}    `;
  const filters: string[] = [];
  for (let f = 0; f < F; f++) {
    const kernels: string[] = [];
    for (let c = 0; c < C; c++) {
      const rows: string[] = [];
      for (let i = 0; i < kh; i++) {
        const start = ((f * C + c) * kh + i) * kw;
        rows.push(vectorText(values.slice(start, start + kw)));
      }
      kernels.push(`${kernelIndent}[${rows.join(`,\n${kernelIndent} `)}]`);
    }
    filters.push(`${filterIndent}[\n${kernels.join(',\n')}\n${filterIndent}]`);
  }
  return `[\n${filters.join(',\n')}\n${indent}]`;
}

/** The keys and value texts of a layer's trained parameters (none for a layer without parameters). */
export function trainedParameterTexts(layer: LayerAnalysis): ParameterText[] {
  const layered = layer.layered;
  if (!layered) {
    return [{ key: 'weights', text: () => matrixText(layer.weights.value as number[][]) }, { key: 'bias', text: () => vectorText(layer.bias.value as number[]) }];
  }
  if (layered.params.length === 0) return [];
  const weights = layered.params.find((p) => p.name === 'weights');
  switch (layered.type) {
    case 'conv2d':
      return [
        { key: 'weights', text: (indent) => convWeightsText(flat(layer.weights.value), weights!.shape, indent) },
        { key: 'bias', text: () => vectorText(layer.bias.value as number[]) },
      ];
    case 'batchnorm': {
      const { runningMean, runningVar } = layered;
      return [
        { key: 'scale', text: () => vectorText(flat(layer.weights.value)) },
        { key: 'shift', text: () => vectorText(layer.bias.value as number[]) },
        ...(runningMean ? [{ key: 'runningMean', text: () => vectorText(runningMean) }] : []),
        ...(runningVar ? [{ key: 'runningVar', text: () => vectorText(runningVar) }] : []),
      ];
    }
    default:
      return [
        { key: 'weights', text: () => matrixText(layer.weights.value as number[][]) },
        { key: 'bias', text: () => vectorText(layer.bias.value as number[]) },
      ];
  }
}

/** Every number a layer's trained parameters hold (running statistics included), for the finiteness check. */
export function trainedNumbers(layer: LayerAnalysis): number[] {
  return [...flat(layer.weights.value), ...(layer.bias.value as number[]), ...(layer.layered?.runningMean ?? []), ...(layer.layered?.runningVar ?? [])];
}
