/**
 * chart.js, tree-shaken: only the controllers, elements, scales and plugins the panel uses are
 * registered. Every chart is created with animation off (live data) and re-coloured on theme change.
 */
import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement,
  LogarithmicScale, PointElement, Tooltip,
  type ChartConfiguration, type ChartType,
} from 'chart.js';
import { formatNumber } from '../model/format';
import { withAlpha, type ChartTheme } from './theme';

Chart.register(LineController, BarController, LineElement, PointElement, BarElement, LinearScale, LogarithmicScale, CategoryScale, Tooltip, Legend);

export { Chart };

/** Options every chart shares: no animation, theme fonts and colours, a compact legend. */
export function baseOptions(theme: ChartTheme): NonNullable<ChartConfiguration['options']> {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    normalized: true,
    interaction: { mode: 'index', intersect: false },
    color: theme.foreground,
    font: { family: theme.fontFamily, size: Math.max(11, theme.fontSize - 1) },
    plugins: {
      legend: { position: 'bottom', align: 'start', labels: { color: theme.foreground, boxWidth: 14, boxHeight: 2, padding: 10, font: { family: theme.fontFamily, size: Math.max(11, theme.fontSize - 2) } } },
      tooltip: {
        backgroundColor: theme.background, titleColor: theme.foreground, bodyColor: theme.foreground,
        borderColor: theme.grid, borderWidth: 1, cornerRadius: 3, displayColors: true,
        titleFont: { family: theme.fontFamily }, bodyFont: { family: theme.fontFamily },
      },
    },
  };
}

/** Scale options, loosely typed: chart.js' own types are a union per scale type. */
export type AxisOptions = Record<string, unknown>;

/** An axis in the theme's colours; `log` makes it logarithmic. */
export function axis(theme: ChartTheme, options: { title?: string; log?: boolean; min?: number; max?: number; position?: 'left' | 'right'; grid?: boolean } = {}): AxisOptions {
  const ticks: Record<string, unknown> = { color: theme.muted, padding: 6, font: { family: theme.fontFamily, size: Math.max(10, theme.fontSize - 2) } };
  // Log axes label only the powers of ten and draw the 2…9 lines faintly; linear axes keep a few ticks.
  if (options.log) ticks.callback = logTicks; else ticks.maxTicksLimit = 6;
  const major = withAlpha(theme.grid, 0.35);
  const minor = withAlpha(theme.grid, 0.1);
  const gridColor = options.log ? (ctx: { tick?: { value: number } }) => (ctx.tick && logTicks(ctx.tick.value) ? major : minor) : major;
  return {
    type: options.log ? 'logarithmic' : 'linear',
    ...(options.min !== undefined ? { min: options.min } : {}),
    ...(options.max !== undefined ? { max: options.max } : {}),
    ...(options.position ? { position: options.position } : {}),
    grid: { color: gridColor, display: options.grid ?? true, drawTicks: false },
    border: { color: theme.grid },
    ticks,
    title: { display: !!options.title, text: options.title ?? '', color: theme.muted, font: { family: theme.fontFamily, size: Math.max(10, theme.fontSize - 2) } },
  };
}

export function categoryAxis(theme: ChartTheme, title?: string): AxisOptions {
  return { ...axis(theme, { title }), type: 'category', grid: { display: false } };
}

function isPowerOfTen(v: number): boolean {
  const exponent = Math.log10(v);
  return Math.abs(exponent - Math.round(exponent)) < 1e-9;
}

/**
 * Log-scale tick labels as powers of ten (1e-3), other ticks dropped; on an axis within one decade
 * (no power of ten among its ticks) the lowest and highest ticks are labelled with their values, so
 * the axis still reads.
 */
export function logTicks(value: number | string, index?: number, ticks?: readonly { value: number }[]): string {
  const v = Number(value);
  if (!(v > 0)) return '';
  if (isPowerOfTen(v)) return `1e${Math.round(Math.log10(v))}`;
  const withinDecade = ticks !== undefined && !ticks.some((t) => t.value > 0 && isPowerOfTen(t.value));
  return withinDecade && (index === 0 || index === ticks.length - 1) ? formatNumber(v, 3) : '';
}

export function createChart<T extends ChartType>(canvas: HTMLCanvasElement, config: ChartConfiguration<T>): Chart<T> {
  return new Chart(canvas, config);
}
