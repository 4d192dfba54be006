/**
 * chart.js, tree-shaken: only the controllers, elements, scales and plugins the panel uses are
 * registered. Every chart is created with animation off (live data) and re-coloured on theme change.
 */
import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement,
  LogarithmicScale, PointElement, Tooltip,
  type ChartConfiguration, type ChartType,
} from 'chart.js';
import { logTicks } from '../model/logTicks';
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

export function createChart<T extends ChartType>(canvas: HTMLCanvasElement, config: ChartConfiguration<T>): Chart<T> {
  return new Chart(canvas, config);
}
