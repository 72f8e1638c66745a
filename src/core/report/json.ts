/**
 * The CLI's `--json` report: a stable interface that other tools and the conformance checks read.
 * Lines are 1-based; shapes are arrays with `null` for unknown dims; params are `null` when unknown.
 */
import type { SourceRange } from '../model/graph';
import type { Report } from './report';
import type { Shape } from '../model/shape';

type ShapeJson = (number | null)[] | (number | null)[][] | null;

function shapesJson(shapes: readonly (Shape | null)[] | null): ShapeJson {
  if (shapes === null || shapes.some((s) => s === null)) return null;
  const list = shapes as Shape[];
  return list.length === 1 ? [...list[0]] : list.map((s) => [...s]);
}

/** Where a range is for the reader: a 1-based line, and for notebooks the cell index it is in. */
export type Locate = (range: SourceRange) => { line: number; cell?: number };

const plainLines: Locate = (r) => ({ line: r.startLine + 1 });

export interface JsonReport {
  file: string;
  /** The Keras a Python file or notebook was analyzed as, and why. */
  keras?: { version: 2 | 3; reason: string };
  models: {
    name: string;
    variable: string | null;
    /** When the file does not make it as it runs: "by build_model() with its defaults", "when sys.argv[1] == 'cnn'". */
    context?: string;
    line: number;
    cell?: number;
    kind: 'sequential' | 'functional' | 'subclass';
    layers: {
      name: string;
      type: string;
      line: number;
      cell?: number;
      inputShape: ShapeJson;
      outputShape: ShapeJson;
      params: bigint | null;
      trainableParams: bigint | null;
      nonTrainableParams: bigint | null;
    }[];
    totalParams: bigint | null;
    trainableParams: bigint | null;
    nonTrainableParams: bigint | null;
    /** An unbuilt model's params once fit builds it, on `inputShape`, where they do not depend on the data (Keras shows 0 (unbuilt)). */
    onceBuilt?: { inputShape: ShapeJson; layers: bigint[]; totalParams: bigint; trainableParams: bigint; nonTrainableParams: bigint };
  }[];
  diagnostics: { line: number; cell?: number; severity: string; message: string }[];
}

export function toJsonReport(file: string, report: Report, locate: Locate = plainLines): JsonReport {
  return {
    file,
    ...(report.keras ? { keras: { version: report.keras.version, reason: report.keras.reason } } : {}),
    models: report.models.map((m) => ({
      name: m.name,
      variable: m.variable ?? null,
      ...(m.context ? { context: m.context } : {}),
      ...locate(m.range),
      kind: m.kind,
      layers: m.layers.map((l) => ({
        name: l.name,
        type: l.className,
        ...locate(l.range),
        inputShape: shapesJson(l.inputShapes),
        outputShape: l.kerasHidesShape ? null : shapesJson(l.outputShapes),
        params: l.params,
        trainableParams: l.trainableParams,
        nonTrainableParams: l.nonTrainableParams,
      })),
      totalParams: m.totalParams,
      trainableParams: m.trainableParams,
      nonTrainableParams: m.nonTrainableParams,
      ...(m.onceBuilt && {
        onceBuilt: {
          inputShape: shapesJson([m.onceBuilt.input]),
          layers: [...m.onceBuilt.layers],
          totalParams: m.onceBuilt.total,
          trainableParams: m.onceBuilt.trainable,
          nonTrainableParams: m.onceBuilt.nonTrainable,
        },
      }),
    })),
    diagnostics: report.diagnostics.map((d) => ({ ...locate(d.range), severity: d.severity, message: d.message })),
  };
}

/** JSON text with bigints written as plain (exact) numbers. */
export function stringifyJson(value: unknown, indent = 2): string {
  const marker = '@@model-lens-bigint:';
  const text = JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${marker}${v}` : v), indent);
  return text.replace(new RegExp(`"${marker}(-?\\d+)"`, 'g'), '$1');
}
