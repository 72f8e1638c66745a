/**
 * `compile()` for a model with several outputs: a loss, a loss weight and metrics per output, matched to the
 * outputs by the output layers' names as Keras 3 does (`model.output_names`). Keras 3 takes `loss` as one loss
 * for every output, a list in the outputs' order or a dict by name (every output named); `loss_weights` as a list
 * or a dict; `metrics` as a list with one entry (a metric, a list of them, or None) per output, or a dict.
 * TF.js takes a metrics list as the metrics of every output (tfjs-layers' `collectMetrics`) and has no loss
 * weights. What Keras itself would refuse is a problem here too, never a guess.
 */
import { describe, type PyValue } from '../../core/model/values';
import type { LossSpec, Problem } from './compile-fit';
import { note, type PlanNote } from './plan-notes';

export interface OutputSpec {
  /** The output layer's name: Keras's `output_names`, the labels' key in the data (`y_train_<name>`). */
  readonly name: string;
  readonly loss: LossSpec;
  /** Its share of the total loss (`loss_weights`; 1 when not given). */
  readonly weight: number;
  /** Accuracy is tracked for this output. */
  readonly accuracy: boolean;
}

/** How one language writes these arguments. */
export interface OutputsDialect {
  readLoss(v: PyValue, written: string): LossSpec | string;
  isAccuracy(v: PyValue): boolean;
  /** A value as the language writes it, for messages. */
  text(v: PyValue): string;
  /** Keras 3: a metrics list has one entry per output. TF.js: a metrics list is every output's. */
  readonly metricsListPerOutput: boolean;
  /** Keras's `loss_weights`; TF.js has none. */
  readonly lossWeights?: string;
}

export interface OutputsReading {
  readonly outputs: OutputSpec[];
  readonly notes: PlanNote[];
  readonly problems: Problem[];
}

const isList = (v: PyValue): v is Extract<PyValue, { kind: 'list' | 'tuple' }> => v.kind === 'list' || v.kind === 'tuple';

/**
 * One value per output from `v`: the same for all, a list in order, or a dict by name; a problem
 * when the list's length or the dict's keys do not match the outputs (Keras refuses both).
 */
function perOutput(v: PyValue, names: readonly string[], what: string, text: (v: PyValue) => string, partial = false): PyValue[] | string {
  if (isList(v)) {
    if (v.items.length !== names.length) return `${what}=${text(v)} has ${v.items.length} entr${v.items.length === 1 ? 'y' : 'ies'}, but the model has ${names.length} outputs (${names.join(', ')}); give one per output, in that order, or a dict by output name.`;
    return [...v.items];
  }
  if (v.kind === 'dict') {
    const unknown = [...v.entries.keys()].filter((k) => !names.includes(k));
    // A metrics dict may leave outputs out (Keras tracks none for them); a loss or loss_weights dict may not.
    const missing = partial ? [] : names.filter((n) => !v.entries.has(n));
    if (unknown.length || missing.length) {
      const says = [...(unknown.length ? [`${unknown.join(', ')} ${unknown.length === 1 ? 'is not an output' : 'are not outputs'}`] : []), ...(missing.length ? [`no entry for ${missing.join(', ')}`] : [])];
      return `${what}=${text(v)}: ${says.join('; ')}. The model's outputs are ${names.join(', ')} (the output layers' names); give an entry for each.`;
    }
    return names.map((n) => v.entries.get(n) ?? { kind: 'none' });
  }
  return names.map(() => v);
}

/** The loss, loss weight and accuracy of each output named `names`, read from `compile()`'s arguments `args`. */
export function readOutputs(args: ReadonlyMap<string, PyValue>, names: readonly string[], fallback: LossSpec, defaultAccuracy: boolean, dialect: OutputsDialect, line?: number): OutputsReading {
  const notes: PlanNote[] = [];
  const problems: Problem[] = [];
  const problem = (message: string) => problems.push({ message, line });

  let losses: LossSpec[] = names.map(() => fallback);
  const lossValue = args.get('loss');
  if (lossValue) {
    const each = perOutput(lossValue, names, 'loss', dialect.text);
    if (typeof each === 'string') problem(each);
    else {
      const read = each.map((v) => dialect.readLoss(v, dialect.text(v)));
      for (const r of read) if (typeof r === 'string') problem(r);
      if (read.every((r): r is LossSpec => typeof r !== 'string')) losses = read;
    }
  }

  let weights = names.map(() => 1);
  const weightsValue = dialect.lossWeights ? args.get(dialect.lossWeights) : undefined;
  if (weightsValue && weightsValue.kind !== 'none') {
    const each = perOutput(weightsValue, names, dialect.lossWeights!, dialect.text);
    if (typeof each === 'string') problem(each);
    else {
      const numbers = each.map((v) => (v.kind === 'int' || v.kind === 'float' ? v.value : undefined));
      const bad = each.filter((_, i) => numbers[i] === undefined || numbers[i]! < 0);
      if (bad.length) problem(`${dialect.lossWeights}=${dialect.text(weightsValue)}: each weight must be a number known from the source, 0 or more (${bad.map(describe).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not).`);
      else weights = numbers as number[];
    }
  }

  const accuracy = names.map(() => false);
  const skipped: string[] = [];
  const metrics = args.get('metrics');
  if (metrics && metrics.kind !== 'none') {
    // A metrics list in TF.js is every output's; in Keras 3 it has an entry per output.
    const every = isList(metrics) && !dialect.metricsListPerOutput;
    const each: PyValue[] | string = every ? names.map(() => metrics) : perOutput(metrics, names, 'metrics', dialect.text, true);
    if (dialect.metricsListPerOutput && !isList(metrics) && metrics.kind !== 'dict') problem(`metrics=${dialect.text(metrics)}: Keras takes a list, tuple or dict of metrics (a model with several outputs: one entry per output, or a dict by output name).`);
    else if (typeof each === 'string') problem(each);
    else
      each.forEach((v, i) => {
        for (const m of isList(v) ? v.items : v.kind === 'none' ? [] : [v]) {
          if (dialect.isAccuracy(m)) accuracy[i] = true;
          else if (i === 0 || !every) skipped.push(`${dialect.text(m)}${every ? '' : ` (${names[i]})`}`);
        }
      });
  } else if (defaultAccuracy) accuracy.fill(true);
  if (skipped.length) notes.push(note('metrics', `only accuracy is tracked here; ${skipped.join(', ')} left out`));
  if (args.has('weighted_metrics')) notes.push(note('loss weights', 'weighted_metrics are ignored'));

  const outputs = names.map((name, i) => ({ name, loss: losses[i], weight: weights[i], accuracy: accuracy[i] }));
  const loss = outputs.map((o) => `${o.name} ${o.loss.name}${o.loss.fromLogits ? ' (from logits)' : ''}${weights.some((w) => w !== 1) ? ` ×${o.weight}` : ''}`).join(', ');
  notes.push(note('loss', loss, lossValue ? undefined : { kind: 'default' }));
  const tracked = outputs.filter((o) => o.accuracy).map((o) => o.name);
  if (tracked.length) notes.push(note('metrics', `accuracy of ${tracked.join(', ')}`));
  return { outputs, notes, problems };
}
