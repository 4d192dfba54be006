/**
 * `gradlens report --json`, version 1 (docs/spec/report-json-v1.md): a projection of an Analysis.
 * Fields may be added; none of those below may change meaning.
 */
import { nest } from './nested';
import type { Analysis, GradCheckStatus, LayerAnalysis, WarningSeverity } from './types';

export interface ReportLayerV1 {
  readonly name: string;
  readonly index: number;
  readonly line: number;
  readonly activation: string;
  readonly weights: { readonly shape: readonly number[]; readonly value: number[][]; readonly grad: number[][]; readonly trainable?: false };
  readonly bias: { readonly shape: readonly number[]; readonly value: number[]; readonly grad: number[]; readonly trainable?: false };
  readonly net: number[][];
  readonly out: number[][];
  readonly delta: number[][];
  readonly stats: { readonly gradNorm: number; readonly gradMeanAbs: number; readonly gradMaxAbs: number };
}

/**
 * A layer of a layered model (model file 1.1, "Report JSON additions"): `type` and `outputShape`;
 * parameters nested to their shape and only where the layer has them (frozen ones marked
 * `trainable: false`); `net` (only with an activation), `out` and `delta` nested per sample to the
 * output shape; dropout's `mask`; batch norm's `batchMean` and `batchVar`.
 */
export interface ReportLayerV1_1 {
  readonly name: string;
  readonly index: number;
  readonly line: number;
  readonly type: string;
  readonly activation: string;
  readonly outputShape: readonly number[];
  readonly weights?: { readonly shape: readonly number[]; readonly value: unknown[]; readonly grad: unknown[]; readonly trainable?: false };
  readonly bias?: { readonly shape: readonly number[]; readonly value: number[]; readonly grad: number[]; readonly trainable?: false };
  readonly net?: unknown[];
  readonly out: unknown[];
  readonly delta: unknown[];
  readonly mask?: unknown[];
  readonly batchMean?: number[];
  readonly batchVar?: number[];
  readonly stats: { readonly gradNorm: number; readonly gradMeanAbs: number; readonly gradMaxAbs: number };
}

export interface ReportV1 {
  readonly version: 1;
  readonly model: { readonly name: string; readonly file: string };
  readonly samples: number;
  readonly loss: { readonly kind: string; readonly value: number };
  /** For a layered model (model file 1.1) each entry is a {@link ReportLayerV1_1} (`"type"` tells them apart). */
  readonly layers: ReportLayerV1[];
  /** Model file 1.1 only: the input shape ([F] or [C, H, W]). */
  readonly inputShape?: readonly number[];
  readonly gradcheck: {
    readonly status: GradCheckStatus;
    readonly maxRelError: number;
    readonly checked: number;
    readonly entries: { layer: string; param: 'weights' | 'bias'; index: number[]; analytic: number; numeric: number; relError: number; kink: boolean }[];
    /** Training samples whose loss was checked (added in 0.2: = `samples` unless a subset was checked). */
    readonly samples: number;
    /** Only when a subset was checked: its samples, 0-based, ascending. */
    readonly sampleIndices?: number[];
  };
  readonly warnings: { code: string; severity: WarningSeverity; layer?: string; line: number; message: string }[];
  readonly steps?: { step: number; loss: number }[];
  readonly final?: { layers: { name: string; weights?: { value: unknown[] }; bias?: { value: number[] }; runningMean?: number[]; runningVar?: number[] }[] };
}

/** The trained parameters after `--steps N`, as the report's `final` section wants them. */
export interface FinalParameters {
  readonly layers: readonly {
    readonly name: string; readonly weights: number[][]; readonly bias: number[];
    /** Layered models: which parameters the layer has (none for pooling, flatten, dropout, activation), and batch norm's running statistics. */
    readonly hasWeights?: boolean; readonly hasBias?: boolean;
    readonly runningMean?: number[]; readonly runningVar?: number[];
  }[];
}

/** One layered layer in the 1.1 report shape. */
function layeredLayer(l: LayerAnalysis): ReportLayerV1_1 {
  const x = l.layered!;
  const perSample = (rows: number[][]) => rows.map((row) => (x.outputShape.length <= 1 ? row : nest(row, x.outputShape)));
  const param = (name: 'weights' | 'bias') => x.params.find((p) => p.name === name);
  const w = param('weights'), b = param('bias');
  const flat = (rows: number[][] | number[]): number[] => (rows as (number | number[])[]).flat();
  return {
    name: l.name,
    index: l.index,
    line: l.line,
    type: x.type,
    activation: l.activation,
    outputShape: x.outputShape,
    ...(w ? { weights: { shape: w.shape, value: nest(flat(l.weights.value), w.shape), grad: nest(flat(l.weights.grad), w.shape), ...(w.trainable ? {} : { trainable: false as const }) } } : {}),
    ...(b ? { bias: { shape: b.shape, value: l.bias.value as number[], grad: l.bias.grad as number[], ...(b.trainable ? {} : { trainable: false as const }) } } : {}),
    ...(x.hasActivation ? { net: perSample(l.net) } : {}),
    out: perSample(l.out),
    delta: perSample(l.delta),
    ...(x.mask ? { mask: perSample(x.mask) } : {}),
    ...(x.batchMean ? { batchMean: x.batchMean, batchVar: x.batchVar! } : {}),
    stats: { gradNorm: l.stats.gradNorm, gradMeanAbs: l.stats.gradMeanAbs, gradMaxAbs: l.stats.gradMaxAbs },
  };
}

/**
 * Builds the report object. `analysis` must describe the initial parameters (step 0); `file` is the
 * model file's path as the user gave it; `steps` and `final` are present only with `--steps N`.
 */
export function reportJson(
  analysis: Analysis,
  file: string,
  training?: { readonly steps: readonly { step: number; loss: number }[]; readonly final: FinalParameters },
): ReportV1 {
  const report: ReportV1 = {
    version: 1,
    model: { name: analysis.modelName, file },
    samples: analysis.samples,
    loss: { kind: analysis.lossKind, value: analysis.loss },
    ...(analysis.inputShape ? { inputShape: analysis.inputShape } : {}),
    layers: analysis.layers.map((l) => (l.layered ? layeredLayer(l) as unknown as ReportLayerV1 : {
      name: l.name,
      index: l.index,
      line: l.line,
      activation: l.activation,
      weights: { shape: l.weights.shape, value: l.weights.value as number[][], grad: l.weights.grad as number[][], ...(l.weights.trainable === false ? { trainable: false as const } : {}) },
      bias: { shape: l.bias.shape, value: l.bias.value as number[], grad: l.bias.grad as number[], ...(l.bias.trainable === false ? { trainable: false as const } : {}) },
      net: l.net,
      out: l.out,
      delta: l.delta,
      stats: { gradNorm: l.stats.gradNorm, gradMeanAbs: l.stats.gradMeanAbs, gradMaxAbs: l.stats.gradMaxAbs },
    })),
    gradcheck: {
      status: analysis.gradcheck.status,
      maxRelError: analysis.gradcheck.maxRelError,
      checked: analysis.gradcheck.checked,
      entries: analysis.gradcheck.entries.map((e) => ({
        layer: e.layer, param: e.param, index: e.index, analytic: e.analytic, numeric: e.numeric, relError: e.relError, kink: e.kink,
      })),
      samples: analysis.gradcheck.samples,
      ...(analysis.gradcheck.sampleIndices ? { sampleIndices: analysis.gradcheck.sampleIndices } : {}),
    },
    warnings: analysis.warnings.map((w) => ({
      code: w.code, severity: w.severity, ...(w.layer !== undefined ? { layer: w.layer } : {}), line: w.line, message: w.message,
    })),
  };
  if (!training) return report;
  return {
    ...report,
    steps: training.steps.map((s) => ({ step: s.step, loss: s.loss })),
    final: {
      layers: training.final.layers.map((l) => ({
        name: l.name,
        ...(l.hasWeights === false ? {} : { weights: { value: l.weights } }),
        ...(l.hasBias === false ? {} : { bias: { value: l.bias } }),
        ...(l.runningMean ? { runningMean: l.runningMean, runningVar: l.runningVar } : {}),
      })),
    },
  };
}

/** JSON cannot hold NaN or Infinity: they are written as null (the warnings say where they came from). */
export function stringifyReport(report: ReportV1): string {
  return JSON.stringify(report, (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2);
}
