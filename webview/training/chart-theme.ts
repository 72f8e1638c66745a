/** Colours for the charts from the VS Code theme (CSS variables on <body>), read again when the theme changes. */

export interface ChartColors {
  readonly train: string;
  readonly trainEpoch: string;
  readonly validation: string;
  readonly grid: string;
  readonly text: string;
  readonly marker: string;
  readonly font: string;
}

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

export function themeColors(): ChartColors {
  return {
    train: cssVar('--vscode-charts-blue', '#3794ff'),
    trainEpoch: cssVar('--vscode-charts-purple', '#b180d7'),
    validation: cssVar('--vscode-charts-orange', '#d18616'),
    grid: cssVar('--vscode-editorWidget-border', 'rgba(128,128,128,0.25)'),
    text: cssVar('--vscode-foreground', '#cccccc'),
    marker: cssVar('--vscode-editorRuler-foreground', 'rgba(128,128,128,0.6)'),
    font: cssVar('--vscode-font-family', 'sans-serif'),
  };
}

/** Calls `fn` when VS Code switches theme (it changes the body's class and style). */
export function onThemeChange(fn: () => void): void {
  new MutationObserver(fn).observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
}
