/** Which model a position points at, for the summary command, training and the language server's requests. */
import type { ModelReport } from './report';

/** The model the cursor is in (its call or one of its layers), else the nearest one above the cursor. */
export function modelAt(models: readonly ModelReport[], offset: number, line: number): ModelReport | undefined {
  const inside = models.filter((m) => m.range.startIndex <= offset && offset <= m.range.endIndex);
  if (inside.length) return inside.sort((a, b) => a.range.endIndex - a.range.startIndex - (b.range.endIndex - b.range.startIndex))[0];
  const viaLayer = models.find((m) => m.layers.some((l) => l.range.startLine <= line && line <= l.range.endLine));
  if (viaLayer) return viaLayer;
  const above = models.filter((m) => m.range.startLine <= line);
  return above[above.length - 1] ?? models[0];
}
