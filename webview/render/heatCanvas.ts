/**
 * Paints a heat-map sheet (model/heatSheet.ts) on a canvas: each tile's values as crisp cells on a
 * colour scale symmetric around 0 (theme colours: negative → orange, 0 → the editor background,
 * positive → blue), a thin border so an all-zero map is still visible, outlined marks and labels.
 */
import { scaleColor, type BoundaryPalette } from '../model/boundaryModel';
import { heatPosition, sheetLayout, type HeatSheet, type SheetLayout } from '../model/heatSheet';
import { h } from './dom';
import type { ChartTheme } from './theme';
import { withAlpha } from './theme';

export class SheetCanvas {
  readonly element: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private readonly caption = h('figcaption', { class: 'sheet-caption' });

  constructor(key: string) {
    this.canvas = h('canvas', { class: 'heat-sheet', attrs: { role: 'img', 'data-sheet': key } });
    this.element = h('figure', { class: 'sheet' }, this.canvas, this.caption);
  }

  paint(sheet: HeatSheet, palette: BoundaryPalette, theme: ChartTheme, caption: string, summary: string): void {
    this.caption.textContent = caption;
    this.canvas.setAttribute('aria-label', summary);
    const layout = sheetLayout(sheet);
    const ratio = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
    const W = Math.max(1, Math.round(layout.width * ratio)), H = Math.max(1, Math.round(layout.height * ratio));
    if (this.canvas.width !== W || this.canvas.height !== H) { this.canvas.width = W; this.canvas.height = H; }
    this.canvas.style.width = `${layout.width}px`;
    this.canvas.style.height = `${layout.height}px`;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    const fontSize = 10;
    ctx.font = `${fontSize}px ${theme.fontFamily}`;
    ctx.textBaseline = 'top';
    // The cells go in as pixels, one ImageData for the whole sheet (a fillRect per cell cost a style
    // parse and a draw call each); borders, marks and labels are drawn over them.
    ctx.putImageData(cellPixels(ctx, sheet, layout, palette, ratio, W, H), 0, 0);
    sheet.tiles.forEach((tile, k) => {
      const at = layout.tiles[k];
      const c = sheet.cell;
      ctx.strokeStyle = withAlpha(theme.muted, 0.6);
      ctx.lineWidth = 1;
      ctx.strokeRect(at.x + 0.5, at.y + 0.5, at.width - 1, at.height - 1);
      if (tile.marks && tile.marks.length > 0) {
        ctx.strokeStyle = withAlpha(theme.foreground, 0.75);
        ctx.lineWidth = 1;
        for (const m of tile.marks) {
          const r = Math.floor(m / tile.cols), col = m % tile.cols;
          ctx.strokeRect(at.x + col * c + 1.5, at.y + r * c + 1.5, c - 3, c - 3);
        }
      }
      if (sheet.labelled) {
        ctx.fillStyle = theme.muted;
        ctx.fillText(tile.label, at.x, at.y + at.height + 2, at.width);
      }
    });
  }
}

/**
 * The sheet's cells as device pixels: each cell covers the pixels from its left/top edge to the next
 * cell's (edges rounded at the device ratio, so neighbouring cells meet without a seam); outside the
 * tiles the canvas stays transparent.
 */
function cellPixels(ctx: CanvasRenderingContext2D, sheet: HeatSheet, layout: SheetLayout, palette: BoundaryPalette, ratio: number, W: number, H: number): ImageData {
  const image = ctx.createImageData(W, H);
  const px = image.data;
  const c = sheet.cell;
  sheet.tiles.forEach((tile, k) => {
    const at = layout.tiles[k];
    for (let r = 0; r < tile.rows; r++) {
      const y0 = Math.min(H, Math.round((at.y + r * c) * ratio)), y1 = Math.min(H, Math.round((at.y + (r + 1) * c) * ratio));
      for (let col = 0; col < tile.cols; col++) {
        const [red, green, blue] = scaleColor(heatPosition(tile.values[r * tile.cols + col], tile.scale), -1, 1, palette);
        const x0 = Math.min(W, Math.round((at.x + col * c) * ratio)), x1 = Math.min(W, Math.round((at.x + (col + 1) * c) * ratio));
        for (let y = y0; y < y1; y++) {
          for (let i = (y * W + x0) * 4, end = (y * W + x1) * 4; i < end; i += 4) {
            px[i] = red; px[i + 1] = green; px[i + 2] = blue; px[i + 3] = 255;
          }
        }
      }
    }
  });
  return image;
}
