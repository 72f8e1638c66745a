/** Colours for the charts from the VS Code theme (CSS variables on <body>), read again when the theme changes. */

/**
 * Training and validation are told apart by more than colour: blue and orange (a pair colour-blind readers
 * tell apart), solid lines with round markers against dashed lines with triangles.
 */
export interface ChartColors {
  readonly train: string;
  /** The raw per-batch curve behind its smoothed line: the training colour, faint. */
  readonly trainRaw: string;
  readonly validation: string;
  readonly grid: string;
  readonly text: string;
  readonly marker: string;
  readonly font: string;
  /** Each output's own series (a model with several outputs): VS Code's other chart colours, dotted, diamonds. */
  readonly outputs: readonly string[];
}

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

/** `#rgb` / `#rrggbb` with an alpha; other colour syntaxes as they are (then the raw curve is not faint). */
export function withAlpha(color: string, alpha: number): string {
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(color);
  const hex = short ? `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}` : color;
  if (!/^#[0-9a-f]{6}$/i.test(hex)) return color;
  return hex + Math.round(alpha * 255).toString(16).padStart(2, '0');
}

export function themeColors(): ChartColors {
  const train = cssVar('--vscode-charts-blue', '#3794ff');
  return {
    train,
    trainRaw: withAlpha(train, 0.3),
    validation: cssVar('--vscode-charts-orange', '#d18616'),
    grid: cssVar('--vscode-editorWidget-border', 'rgba(128,128,128,0.25)'),
    text: cssVar('--vscode-foreground', '#cccccc'),
    marker: cssVar('--vscode-editorRuler-foreground', 'rgba(128,128,128,0.6)'),
    font: cssVar('--vscode-font-family', 'sans-serif'),
    outputs: [cssVar('--vscode-charts-green', '#89d185'), cssVar('--vscode-charts-purple', '#b180d7'), cssVar('--vscode-charts-yellow', '#cca700'), cssVar('--vscode-charts-red', '#f14c4c')],
  };
}

/** Calls `fn` when VS Code switches theme (it changes the body's class and style). */
export function onThemeChange(fn: () => void): void {
  new MutationObserver(fn).observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
}
