/**
 * The model file module: parse and validate `*.nn.json` (docs/spec/model-file-v1.md) into a
 * {@link ModelFile} with source ranges, report every problem as a {@link ModelDiagnostic}, read CSV data.
 * No `vscode` import. Node file access lives in ./nodeDataFiles (import it directly where Node is available).
 */
export {
  parseModelText, defaultModelName, DEFAULT_TRAIN, DEFAULT_SEED, DEFAULT_INIT, LOSSES, OPTIMIZERS, INIT_NAMES,
  LAYER_KEYS, TOP_LEVEL_KEYS, TRAIN_KEYS, MAX_UNITS, MAX_PARAMETERS,
} from './parse';
export type { ParseModelOptions } from './parse';
export { BUILTIN_ACTIVATIONS } from './activation';
export { parseCsv, cellNumber } from './csv';
export type { CsvTable, CsvParseResult } from './csv';
export { mulberry32, seededPermutation } from './random';
export { pathLeavesFolder, NORMALIZE_KINDS } from './data';
export { closest as suggestClosest, editDistance } from './suggest';
export * as codes from './codes';
export * from './types';
