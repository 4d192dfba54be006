/**
 * Where things are written in a model file: positions and ranges as VS Code counts them, and where a
 * layer's parts are. Plain data: every value GradLens shows carries one of these as its provenance.
 */

/** A zero-based position, as VS Code counts: line and UTF-16 column. */
export interface SourcePosition {
  readonly line: number;
  readonly character: number;
}

/** A range in the model file's text: zero-based lines/columns plus the character offsets. */
export interface SourceRange {
  readonly start: SourcePosition;
  readonly end: SourcePosition;
  readonly startOffset: number;
  readonly endOffset: number;
}

/** Where a layer's parts are written in the file. */
export interface LayerSource {
  /** The whole `{ ... }` layer object. */
  readonly range: SourceRange;
  readonly nameRange?: SourceRange;
  readonly activationRange?: SourceRange;
  /** For a custom activation: the `f` and `df` string literals. */
  readonly fRange?: SourceRange;
  readonly dfRange?: SourceRange;
  /** The `weights` array, and each literal number in it: `weightRanges[unit][input]`. */
  readonly weightsRange?: SourceRange;
  readonly weightRanges?: readonly (readonly SourceRange[])[];
  /** The `bias` value; for an array, each literal number: `biasRanges[unit]`. */
  readonly biasRange?: SourceRange;
  readonly biasRanges?: readonly SourceRange[];
  /** The `units` value. */
  readonly unitsRange?: SourceRange;
  /** The layer's own `init` value, when it has one. */
  readonly initRange?: SourceRange;
  /** For a custom activation without `df`: true, the derivative was found symbolically (`dfText`). */
  readonly dfDerived?: boolean;
  /** Every key written in the layer object: the key's range and its value's range. */
  readonly properties?: PropertyRanges;
  /** The model's `weightsFile`, when some of this layer's parameters come from it (not written inline). */
  readonly weightsFile?: string;
}

/** For each key written in an object: the range of the key (quotes included) and of its value. */
export type PropertyRanges = Readonly<Record<string, { readonly key: SourceRange; readonly value?: SourceRange }>>;
