/**
 * A report's positions counted from another origin: a notebook cell's report counts lines and offsets from the
 * cell's start, so the editor, the quick fixes and the designer's edits can use them on the cell's own text.
 *
 * Layers, models and layer reports are copied with every position moved: the constructor call and each of its
 * arguments, the layer's calls, a Sequential's entries. Each object is copied once, so what was one object (a
 * layer in a model and in the file's layer list, a model and its compile call) is still one object.
 * Positions outside the cell come out negative (cells above) or past the cell's end (cells below).
 * The tensors a call takes keep their producers as analyzed: nothing after the report reads their positions.
 */
import type { ModelMethodCall } from '../model/result';
import type { ArgumentSpan, CallArguments, LayerInstance, ModelValue, SourceRange } from '../model/graph';
import type { Diagnostic, LayerReport, ModelReport } from './report';

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** Where the new origin is, counted from the old one. */
export interface Origin {
  readonly line: number;
  readonly index: number;
}

export class PositionShift {
  private readonly copies = new Map<object, object>();

  constructor(private readonly origin: Origin) {}

  range(r: SourceRange): SourceRange {
    const { line, index } = this.origin;
    return { ...r, startLine: r.startLine - line, endLine: r.endLine - line, startIndex: r.startIndex - index, endIndex: r.endIndex - index };
  }

  /** The copy of `original`, made by `fill` on a shallow copy the first time it is asked for. */
  private once<T extends object>(original: T, fill: (copy: Writable<T>) => void): T {
    const done = this.copies.get(original);
    if (done) return done as T;
    const copy = { ...original } as Writable<T>;
    // Registered before it is filled: a layer's calls point back at the layer.
    this.copies.set(original, copy);
    fill(copy);
    return copy as T;
  }

  private argument(a: ArgumentSpan): ArgumentSpan {
    return { ...a, range: this.range(a.range), valueRange: this.range(a.valueRange) };
  }

  private args(args: CallArguments): CallArguments {
    return { range: this.range(args.range), items: args.items.map((a) => this.argument(a)) };
  }

  layer(layer: LayerInstance): LayerInstance {
    return this.once(layer, (copy) => {
      copy.range = this.range(layer.range);
      if (layer.args) copy.args = this.args(layer.args);
      copy.calls = layer.calls.map((c) => ({ ...c, layer: copy, range: this.range(c.range) }));
      if (layer.model) copy.model = this.model(layer.model);
    });
  }

  model(model: ModelValue): ModelValue {
    return this.once(model, (copy) => {
      copy.range = this.range(model.range);
      if (model.kind === 'sequential' && copy.kind === 'sequential') {
        copy.layers = model.layers.map((e) => ({ ...e, layer: this.layer(e.layer), range: this.range(e.range) }));
      } else if (model.kind === 'subclass' && copy.kind === 'subclass') {
        copy.layers = model.layers.map((l) => this.layer(l));
        if (model.functional) copy.functional = this.model(model.functional) as typeof model.functional;
      }
    });
  }

  layerReport(report: LayerReport): LayerReport {
    return this.once(report, (copy) => {
      copy.layer = this.layer(report.layer);
      copy.range = this.range(report.range);
      copy.anchor = this.range(report.anchor);
    });
  }

  modelReport(report: ModelReport): ModelReport {
    return this.once(report, (copy) => {
      copy.model = this.model(report.model);
      copy.range = this.range(report.range);
      copy.anchor = this.range(report.anchor);
      copy.layers = report.layers.map((l) => this.layerReport(l));
    });
  }

  diagnostic(d: Diagnostic): Diagnostic {
    return { ...d, range: this.range(d.range) };
  }

  /** A recorded `compile()` / `fit()` call, its arguments' places included. */
  methodCall<T extends ModelMethodCall>(c: T): T {
    const keyRanges = c.keyRanges && new Map([...c.keyRanges].map(([k, r]) => [k, this.range(r)]));
    return { ...c, model: this.model(c.model), range: this.range(c.range), args: c.args && this.args(c.args), keyRanges };
  }
}
