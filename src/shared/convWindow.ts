/**
 * The window arithmetic of a convolution, shared by Explain Gradient (src/worker/teaching/layeredExplanation.ts)
 * and the panel's step-by-step card (webview/model/convStepModel.ts). Output position (y, x) and kernel
 * tap (i, j) of a layer with stride s and padding p read the input at
 *   row = y·s_h − p_h + i,   col = x·s_w − p_w + j     (0 when outside the H × W image: the padding),
 * so that net[f, y, x] = Σ_c Σ_i Σ_j w[f, c, i, j]·x[c, row, col] + b[f]. Plain arithmetic, no imports.
 */

/** Kernel, stride, padding and the input size of a convolution (as `WindowGeometry` in layerSummaries.ts). */
export interface ConvGeometry {
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number];
  /** Input height and width. */
  readonly input: readonly [number, number];
}

/** Where tap (i, j) of the window at output (y, x) reads the input: its row and column, and whether it lies inside the image. */
export function convTap(g: ConvGeometry, y: number, x: number, i: number, j: number): { readonly row: number; readonly col: number; readonly inside: boolean } {
  const row = y * g.stride[0] - g.padding[0] + i, col = x * g.stride[1] - g.padding[1] + j;
  return { row, col, inside: row >= 0 && row < g.input[0] && col >= 0 && col < g.input[1] };
}

/** The flat index (C-major, row-major, within one sample) of channel c at (row, col). */
export function mapIndex(g: ConvGeometry, c: number, row: number, col: number): number {
  return (c * g.input[0] + row) * g.input[1] + col;
}
