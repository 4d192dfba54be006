/**
 * Paints a heat-map sheet (model/heatSheet.ts) on a canvas: each tile's values as crisp cells on a
 * colour scale symmetric around 0 (theme colours: negative → orange, 0 → the editor background,
 * positive → blue), a thin border so an all-zero map is still visible, outlined marks and labels.
 */
import { scaleColor, type BoundaryPalette } from '../model/boundaryModel';
import { heatPosition, sheetLayout, type HeatSheet } from '../model/heatSheet';
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
    ctx.clearRect(0, 0, layout.width, layout.height);
    ctx.imageSmoothingEnabled = false;
    const fontSize = 10;
    ctx.font = `${fontSize}px ${theme.fontFamily}`;
    ctx.textBaseline = 'top';
    sheet.tiles.forEach((tile, k) => {
      const at = layout.tiles[k];
      const c = sheet.cell;
      for (let r = 0; r < tile.rows; r++) {
        for (let col = 0; col < tile.cols; col++) {
          const rgb = scaleColor(heatPosition(tile.values[r * tile.cols + col], tile.scale), -1, 1, palette);
          ctx.fillStyle = `rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})`;
          // One pixel of overlap so no seam of background shows between cells at fractional ratios.
          ctx.fillRect(at.x + col * c, at.y + r * c, c + 0.5, c + 0.5);
        }
      }
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
