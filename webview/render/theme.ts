/**
 * Colours for the charts, read from VS Code's `--vscode-*` variables (canvas cannot use CSS variables
 * directly), and a watcher that fires when VS Code switches theme (it changes the body's class).
 */
export interface ChartTheme {
  readonly kind: 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';
  readonly foreground: string;
  readonly muted: string;
  readonly grid: string;
  readonly background: string;
  readonly fontFamily: string;
  readonly fontSize: number;
  readonly blue: string;
  readonly orange: string;
  readonly green: string;
  readonly purple: string;
  readonly red: string;
  readonly yellow: string;
  /** One colour per layer, cycling. */
  readonly series: readonly string[];
}

let probe: CanvasRenderingContext2D | null | undefined;

/** A colour in a form canvas and the alpha helper understand (`#rrggbb` or `rgba(…)`). */
function normalise(color: string): string | undefined {
  if (!color) return undefined;
  probe ??= document.createElement('canvas').getContext('2d');
  if (!probe) return color;
  probe.fillStyle = '#000001';
  probe.fillStyle = color;
  const result = String(probe.fillStyle);
  return result === '#000001' && color.trim().toLowerCase() !== '#000001' ? undefined : result;
}

function cssVar(style: CSSStyleDeclaration, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = normalise(style.getPropertyValue(name).trim());
    if (value) return value;
  }
  return undefined;
}

export function themeKind(body: HTMLElement): ChartTheme['kind'] {
  if (body.classList.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (body.classList.contains('vscode-high-contrast')) return 'high-contrast';
  if (body.classList.contains('vscode-light')) return 'light';
  return 'dark';
}

export function readChartTheme(body: HTMLElement = document.body): ChartTheme {
  const style = getComputedStyle(body);
  const kind = themeKind(body);
  // Outside VS Code the variables may be missing: fall back to the body's own (stylesheet) colours.
  const foreground = cssVar(style, '--vscode-charts-foreground', '--vscode-foreground', '--vscode-editor-foreground') ?? style.color;
  const blue = cssVar(style, '--vscode-charts-blue') ?? foreground;
  const orange = cssVar(style, '--vscode-charts-orange', '--vscode-charts-red') ?? foreground;
  const green = cssVar(style, '--vscode-charts-green') ?? foreground;
  const purple = cssVar(style, '--vscode-charts-purple') ?? foreground;
  const red = cssVar(style, '--vscode-charts-red', '--vscode-errorForeground') ?? foreground;
  const yellow = cssVar(style, '--vscode-charts-yellow') ?? foreground;
  return {
    kind,
    foreground,
    muted: cssVar(style, '--vscode-descriptionForeground') ?? foreground,
    grid: cssVar(style, '--vscode-charts-lines', '--vscode-widget-border', '--vscode-panel-border') ?? withAlpha(foreground, 0.2),
    background: cssVar(style, '--vscode-editor-background') ?? style.backgroundColor,
    fontFamily: style.getPropertyValue('--vscode-font-family').trim() || 'system-ui, sans-serif',
    fontSize: parseFloat(style.getPropertyValue('--vscode-font-size')) || 13,
    blue, orange, green, purple, red, yellow,
    series: [blue, orange, green, purple, yellow, red],
  };
}

/** Either high-contrast theme: shapes and outlines, not shades, must tell things apart. */
export function isHighContrast(theme: ChartTheme): boolean {
  return theme.kind === 'high-contrast' || theme.kind === 'high-contrast-light';
}

/** The colour with the given opacity; colours it cannot parse are returned unchanged. */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})?$/i.exec(color);
  if (hex) return `rgba(${parseInt(hex[1], 16)}, ${parseInt(hex[2], 16)}, ${parseInt(hex[3], 16)}, ${alpha})`;
  const rgba = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)/i.exec(color);
  if (rgba) return `rgba(${rgba[1]}, ${rgba[2]}, ${rgba[3]}, ${alpha})`;
  return color;
}

/** Calls `onChange` whenever the body's theme class changes. Returns a function that stops watching. */
export function watchTheme(onChange: () => void, body: HTMLElement = document.body): () => void {
  let last = body.className;
  const observer = new MutationObserver(() => {
    if (body.className === last) return;
    last = body.className;
    onChange();
  });
  observer.observe(body, { attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}
