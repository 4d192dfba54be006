/**
 * Paints a heat-map sheet (model/heatSheet.ts) on a canvas: each tile's values as crisp cells on a
 * colour scale symmetric around 0 (theme colours: negative → orange, 0 → the editor background,
 * positive → blue), a thin border so an all-zero map is still visible, outlined marks and labels.
 * The caption and accessible name change at once; the pixels when the canvas is near the screen (drawWhenVisible.ts).
 */
import { scaleColor, type BoundaryPalette } from '../model/boundaryModel';
import { heatPosition, sheetLayout, type HeatSheet, type SheetLayout } from '../model/heatSheet';
import { drawGate } from './drawWhenVisible';
import { h } from './dom';
import type { ChartTheme } from './theme';
import { withAlpha } from './theme';

export class SheetCanvas {
  readonly element: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private readonly caption = h('figcaption', { class: 'sheet-caption' });
  /** The values of the last sheet painted, a pixel each (never in the page). */
  private readonly pixels = document.createElement('canvas');

  constructor(key: string) {
    this.canvas = h('canvas', { class: 'heat-sheet', attrs: { role: 'img', 'data-sheet': key } });
    this.element = h('figure', { class: 'sheet' }, this.canvas, this.caption);
    drawGate.watch(this.canvas);
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
    drawGate.draw(this.canvas, () => this.draw(sheet, layout, ratio, palette, theme));
  }

  /** The pixels: cells, borders, marks and labels. */
  private draw(sheet: HeatSheet, layout: SheetLayout, ratio: number, palette: BoundaryPalette, theme: ChartTheme): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    const fontSize = 10;
    ctx.font = `${fontSize}px ${theme.fontFamily}`;
    ctx.textBaseline = 'top';
    ctx.clearRect(0, 0, layout.width, layout.height);
    // Every value is one pixel of a small image (all tiles side by side, one ImageData), which each tile
    // draws enlarged without smoothing: crisp cells for a pixel per value instead of a fillRect per cell.
    const source = this.values(sheet, palette);
    ctx.imageSmoothingEnabled = false;
    const stride = Math.max(0, ...sheet.tiles.map((t) => t.cols));
    const c = sheet.cell;
    sheet.tiles.forEach((tile, k) => {
      const at = layout.tiles[k];
      if (source && tile.rows > 0 && tile.cols > 0) ctx.drawImage(source, k * stride, 0, tile.cols, tile.rows, at.x, at.y, tile.cols * c, tile.rows * c);
    });
    // Borders, then marks, each as one path (one stroke for the whole sheet).
    ctx.lineWidth = 1;
    ctx.strokeStyle = withAlpha(theme.muted, 0.6);
    ctx.beginPath();
    for (const at of layout.tiles) ctx.rect(at.x + 0.5, at.y + 0.5, at.width - 1, at.height - 1);
    ctx.stroke();
    ctx.strokeStyle = withAlpha(theme.foreground, 0.75);
    ctx.beginPath();
    sheet.tiles.forEach((tile, k) => {
      const at = layout.tiles[k];
      for (const m of tile.marks ?? []) {
        const r = Math.floor(m / tile.cols), col = m % tile.cols;
        ctx.rect(at.x + col * c + 1.5, at.y + r * c + 1.5, c - 3, c - 3);
      }
    });
    ctx.stroke();
    if (sheet.labelled) {
      ctx.fillStyle = theme.muted;
      sheet.tiles.forEach((tile, k) => {
        const at = layout.tiles[k];
        ctx.fillText(tile.label, at.x, at.y + at.height + 2, at.width);
      });
    }
  }

  /** The sheet's values as an image of a pixel each: tile k at columns k·stride …, its rows from the top. */
  private values(sheet: HeatSheet, palette: BoundaryPalette): HTMLCanvasElement | undefined {
    const stride = Math.max(0, ...sheet.tiles.map((t) => t.cols));
    const width = Math.max(1, stride * sheet.tiles.length), height = Math.max(1, ...sheet.tiles.map((t) => t.rows));
    if (this.pixels.width !== width || this.pixels.height !== height) { this.pixels.width = width; this.pixels.height = height; }
    const ctx = this.pixels.getContext('2d');
    if (!ctx) return undefined;
    const image = ctx.createImageData(width, height);
    const px = image.data;
    const lut = colourTable(palette);
    sheet.tiles.forEach((tile, k) => {
      for (let r = 0; r < tile.rows; r++) {
        for (let col = 0; col < tile.cols; col++) {
          const j = Math.round((heatPosition(tile.values[r * tile.cols + col], tile.scale) + 1) * LUT_HALF) * 3;
          const i = (r * width + k * stride + col) * 4;
          px[i] = lut[j]; px[i + 1] = lut[j + 1]; px[i + 2] = lut[j + 2]; px[i + 3] = 255;
        }
      }
    });
    ctx.putImageData(image, 0, 0);
    return this.pixels;
  }
}

/** Steps of the colour table on each side of 0: finer than the 256 levels a colour channel has. */
const LUT_HALF = 1024;
let lastColours = '';
let lastTable: Uint8ClampedArray | undefined;

/** The colour scale from −1 to 1 in 2·LUT_HALF + 1 steps, rgb after rgb (computed once per palette). */
function colourTable(palette: BoundaryPalette): Uint8ClampedArray {
  const colours = `${palette.low}|${palette.middle}|${palette.high}`;
  if (lastTable && lastColours === colours) return lastTable;
  const table = new Uint8ClampedArray((2 * LUT_HALF + 1) * 3);
  for (let j = 0; j <= 2 * LUT_HALF; j++) table.set(scaleColor(j / LUT_HALF - 1, -1, 1, palette), j * 3);
  lastColours = colours;
  lastTable = table;
  return table;
}
