/**
 * The architecture diff of two runs: their models' layers aligned in order (a longest common subsequence of layer
 * types, so an inserted layer does not make every later one "changed"), each pair the same or changed (params or
 * output shape), the rest added or removed, with params deltas. A layer that is a model of its own (a nested
 * Sequential, a block) carries its own layers' diff as children, so a nested block stays together.
 */
import type { DiffLine } from '../../shared/runs-protocol';
import type { RunModel, RunRecord } from './record';

export type ChangeKind = 'same' | 'changed' | 'added' | 'removed';

export interface LayerChange {
  readonly change: ChangeKind;
  readonly name: string;
  readonly type: string;
  /** Params before and after; null when Model Lens could not tell (`?`), undefined when the layer is not on that side. */
  readonly before?: number | null;
  readonly after?: number | null;
  /** after − before; null when either is unknown. */
  readonly delta: number | null;
  readonly shapeBefore?: unknown;
  readonly shapeAfter?: unknown;
  /** The layers of a nested model, diffed the same way. */
  readonly children?: readonly LayerChange[];
}

export interface ArchitectureDiff {
  readonly layers: readonly LayerChange[];
  readonly totalBefore: number | null;
  readonly totalAfter: number | null;
  readonly totalDelta: number | null;
}

type Layer = RunModel['layers'][number];
type Models = readonly RunModel[];

const num = (v: bigint | number | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));
const minus = (a: number | null | undefined, b: number | null | undefined) => (a === null || a === undefined || b === null || b === undefined ? null : a - b);
const sameShape = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
/** Bounds the alignment's table (layers × layers). */
const MAX_LAYERS = 4000;

export function diffRuns(a: RunRecord, b: RunRecord): ArchitectureDiff {
  const totalBefore = num(a.model.totalParams);
  const totalAfter = num(b.model.totalParams);
  return { layers: diffModels(a.model, a.nestedModels, b.model, b.nestedModels, 0), totalBefore, totalAfter, totalDelta: minus(totalAfter, totalBefore) };
}

function diffModels(a: RunModel, aNested: Models, b: RunModel, bNested: Models, depth: number): LayerChange[] {
  const x = a.layers.slice(0, MAX_LAYERS);
  const y = b.layers.slice(0, MAX_LAYERS);
  const pairs = align(x.map((l) => l.type), y.map((l) => l.type));
  const changes: LayerChange[] = [];
  let i = 0;
  let j = 0;
  for (const [pi, pj] of [...pairs, [x.length, y.length] as const]) {
    for (; i < pi; i++) changes.push(oneSided('removed', x[i], aNested, depth));
    for (; j < pj; j++) changes.push(oneSided('added', y[j], bNested, depth));
    if (pi < x.length && pj < y.length) {
      changes.push(paired(x[pi], aNested, y[pj], bNested, depth));
      i = pi + 1;
      j = pj + 1;
    }
  }
  return changes;
}

function innerModel(layer: Layer, nested: Models, depth: number): RunModel | undefined {
  return depth < 8 ? nested.find((m) => m.name === layer.name) : undefined;
}

function paired(x: Layer, aNested: Models, y: Layer, bNested: Models, depth: number): LayerChange {
  const before = num(x.params);
  const after = num(y.params);
  const innerA = innerModel(x, aNested, depth);
  const innerB = innerModel(y, bNested, depth);
  const children = innerA && innerB ? diffModels(innerA, aNested, innerB, bNested, depth + 1) : undefined;
  const differs = before !== after || !sameShape(x.outputShape, y.outputShape) || x.name !== y.name || (children?.some((c) => c.change !== 'same') ?? false);
  return {
    change: differs ? 'changed' : 'same',
    name: x.name === y.name ? y.name : `${x.name} → ${y.name}`,
    type: y.type,
    before,
    after,
    delta: minus(after, before),
    shapeBefore: x.outputShape,
    shapeAfter: y.outputShape,
    ...(children ? { children } : {}),
  };
}

function oneSided(change: 'added' | 'removed', layer: Layer, nested: Models, depth: number): LayerChange {
  const params = num(layer.params);
  const inner = innerModel(layer, nested, depth);
  const children = inner?.layers.map((l) => oneSided(change, l, nested, depth + 1));
  return change === 'added'
    ? { change, name: layer.name, type: layer.type, after: params, delta: params, shapeAfter: layer.outputShape, ...(children ? { children } : {}) }
    : { change, name: layer.name, type: layer.type, before: params, delta: params === null ? null : -params, shapeBefore: layer.outputShape, ...(children ? { children } : {}) };
}

/** Index pairs of a longest common subsequence of `a` and `b`, in order. */
function align(a: readonly string[], b: readonly string[]): [number, number][] {
  const n = a.length;
  const m = b.length;
  const table = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) table[at(i, j)] = a[i] === b[j] ? table[at(i + 1, j + 1)] + 1 : Math.max(table[at(i + 1, j)], table[at(i, j + 1)]);
  }
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (a[i] === b[j]) pairs.push([i++, j++]);
    else if (table[at(i + 1, j)] >= table[at(i, j + 1)]) i++;
    else j++;
  }
  return pairs;
}

export const paramsText = (v: number | null | undefined) => (v === null || v === undefined ? '?' : v.toLocaleString('en-US'));
export const deltaText = (v: number | null) => (v === null ? '?' : v > 0 ? `+${paramsText(v)}` : v < 0 ? `−${paramsText(-v)}` : '0');

/** The diff as lines for people: a nested model's layers right after it, one level deeper. */
export function diffLines(changes: readonly LayerChange[], depth = 0): DiffLine[] {
  return changes.flatMap((c) => {
    const params = c.change === 'added' ? paramsText(c.after) : c.change === 'removed' ? paramsText(c.before) : c.before === c.after ? paramsText(c.after) : `${paramsText(c.before)} → ${paramsText(c.after)}`;
    const line: DiffLine = { depth, change: c.change, layer: `${c.name} (${c.type})`, params, delta: c.change === 'same' ? '' : deltaText(c.delta) };
    return [line, ...(c.children ? diffLines(c.children, depth + 1) : [])];
  });
}
