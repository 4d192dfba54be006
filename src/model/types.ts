/**
 * A model file (`*.nn.json`) after parsing and validation, with the source range of every part,
 * so that every value the engine computes can be pointed back at the text it came from.
 * Format: docs/spec/model-file-v1.md. No `vscode` import: used by the extension, the CLI and tests.
 */
import type {
  ActivationSpec, DataSet, InitSpec, LossKind, NetworkSpec, TrainSpec,
} from '../engine/spec';

export type { LayerSource, PropertyRanges, SourcePosition, SourceRange } from '../shared/sourceRange';
import type { LayerSource, PropertyRanges, SourceRange } from '../shared/sourceRange';
import type { TrainableSpec } from '../engine/layers/spec';
import type { LayeredModel } from './layers/layeredModel';

export type { LayeredModel };

export type ModelSeverity = 'error' | 'warning' | 'info';

/** One problem (or piece of advice) found in a model file. Validation reports all of them at once. */
export interface ModelDiagnostic {
  readonly message: string;
  readonly range: SourceRange;
  readonly severity: ModelSeverity;
  /** Stable code, e.g. `syntax-error`, `unknown-key`, `shape-mismatch` (see src/model/codes.ts). */
  readonly code: string;
  /**
   * An obvious fix, offered as a quick fix: replace the text at `fixRange` (default: `range`) with
   * `suggestion` (already in JSON form, quotes included for strings), titled `fixTitle`.
   */
  readonly data?: { readonly suggestion?: string; readonly fixRange?: SourceRange; readonly fixTitle?: string };
}

export interface ModelLayer {
  readonly index: number;
  readonly name: string;
  readonly units: number;
  readonly fanIn: number;
  readonly activation: ActivationSpec;
  readonly weights?: readonly (readonly number[])[];
  readonly bias?: number | readonly number[];
  readonly init: InitSpec;
  /** Model file 1.1: which parameters an optimiser may change (absent: all). */
  readonly trainable?: TrainableSpec;
  readonly source: LayerSource;
}

export interface ModelData {
  readonly train: DataSet;
  readonly test?: DataSet;
  /** For CSV text labels: the class names in one-hot order. */
  readonly classLabels?: readonly string[];
  /** Column names of the features, when known (CSV header). */
  readonly featureNames?: readonly string[];
  /** For CSV data with `normalize`: how the inputs were scaled (already applied to train and test). */
  readonly normalization?: NormalizationSpec;
  /** For CSV data: the file as written in the model, its number of data rows, the target column's name. */
  readonly csv?: { readonly file: string; readonly rows: number; readonly targetName: string };
}

/** x' = (x − offset[j]) / scale[j] for feature j, fitted on the training rows only. */
export interface NormalizationSpec {
  readonly kind: 'zscore' | 'minmax';
  readonly offset: readonly number[];
  readonly scale: readonly number[];
}

export interface ModelFile {
  /** `name` from the file, else the file name without `.nn.json`. */
  readonly name: string;
  readonly fileName: string;
  readonly seed: number;
  readonly inputs: number;
  /**
   * One entry per layer. For a layered model (`layered`), `units` is the numbers per sample out of the
   * layer and `fanIn` the numbers in, and only dense layers have `weights`.
   */
  readonly layers: readonly ModelLayer[];
  /**
   * Model file 1.1: present when the file has image inputs or layers other than dense; its network is
   * then a `LayeredNetwork` built from `layered.spec` (see `isLayeredModel`). Dense-only files keep the
   * fused dense `Network` of `toNetworkSpec`.
   */
  readonly layered?: LayeredModel;
  readonly loss: LossKind;
  readonly data: ModelData;
  readonly train: TrainSpec;
  /** Ranges of the top-level parts, for lenses above `loss` and `data`. */
  readonly source: {
    readonly root: SourceRange;
    readonly loss?: SourceRange;
    readonly data?: SourceRange;
    readonly train?: SourceRange;
    readonly layers?: SourceRange;
    /** The keys written at the top level, in `data` and in `train`, with their values' ranges. */
    readonly properties?: PropertyRanges;
    readonly dataProperties?: PropertyRanges;
    readonly trainProperties?: PropertyRanges;
  };
}

/** The result of reading a model file: a model when there are no errors, and every diagnostic. */
export interface ParseResult {
  readonly model?: ModelFile;
  readonly diagnostics: readonly ModelDiagnostic[];
}

/**
 * How the model module reads a CSV file named in the model. The CLI and tests use the Node file
 * system (src/model/nodeDataFiles.ts); the extension may supply its own. Implementations refuse any
 * path that leaves the model file's folder tree, symbolic links included.
 */
export interface DataFileReader {
  /** The file's text, or an error message ("no such file", "outside the model's folder") to report. */
  readText(relativePath: string): { text: string } | { error: string };
  /**
   * The file's bytes (a `weightsFile`), by the same rules and size cap as `readText`; a reader without
   * it cannot read weights files (the model reader says so).
   */
  readBytes?(relativePath: string): { bytes: Uint8Array } | { error: string };
}

export function toNetworkSpec(model: ModelFile): NetworkSpec {
  return {
    inputs: model.inputs,
    seed: model.seed,
    layers: model.layers.map((l) => ({
      name: l.name, units: l.units, activation: l.activation, weights: l.weights, bias: l.bias, init: l.init,
      ...(l.trainable !== undefined ? { trainable: l.trainable } : {}),
    })),
  };
}
