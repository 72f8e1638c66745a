/**
 * Every message between the Model designer view (webview) and the extension host, typed once and imported by
 * both sides. Names are `area/verb`. The host checks each incoming message with `parseDesignerMessage` and
 * drops (and logs) anything malformed before acting; the webview trusts the host.
 *
 * Numbers that can exceed 2^53 (params, MACs) travel as display strings, already formatted by the core.
 */
import type { ArgRule, ArgValue } from './arg-values';

export type { ArgRule, ArgValue };

/** The starting points "New model" offers (src/core/designer/edits/starters.ts writes them). */
export const STARTER_KINDS = ['mlp', 'cnn', 'lstm'] as const;
export type StarterKind = (typeof STARTER_KINDS)[number];

/** The merge layers the graph offers for joining two tensors (functional models). */
export const MERGE_LAYERS = ['Add', 'Concatenate', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Subtract'] as const;

/** The view's id in package.json (`contributes.views`). */
export const DESIGNER_VIEW_ID = 'modelLens.designer';

/** A layer as the panel showed it: where it was (model i, layer j of document version v) and what it was. */
export interface LayerRef {
  readonly uri: string;
  readonly version: number;
  readonly model: number;
  readonly layer: number;
  readonly className: string;
  readonly name: string;
  /** Every layer of the model as shown (`Dense:dense|...`); structure edits are refused when it changed. */
  readonly fingerprint: string;
}

export interface ModelRef {
  readonly uri: string;
  readonly version: number;
  readonly model: number;
  readonly fingerprint: string;
}

/** One argument in a layer's form. */
export interface FieldView {
  readonly rule: ArgRule;
  /** Written in the call (otherwise the spec's default applies). */
  readonly given: boolean;
  /** The Python text in the source, or the default's. */
  readonly text: string;
  /** What the field starts from. */
  readonly value?: ArgValue;
  readonly editable: boolean;
  /** Why it is read-only. */
  readonly reason?: string;
  /** Removable (a keyword argument with a default): the form offers "reset to default". */
  readonly resettable: boolean;
}

export interface LayerDiagnostic {
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
}

export interface LayerCard {
  readonly ref: LayerRef;
  readonly className: string;
  readonly name: string;
  /** Where the layer's constructor is: `line 3`, or `line 4 of cell 2` for a layer written in another notebook cell. */
  readonly where: string;
  /** The arguments as written, shortened (`256, activation=tf.nn.relu`). */
  readonly keyArgs: string;
  readonly outputShape: string;
  /** `200,960` or `?`. */
  readonly params: string;
  readonly trainable: string;
  readonly nonTrainable: string;
  /** This layer's params over the largest layer's, 0..1 (0 when unknown). */
  readonly share: number;
  /** Multiply-accumulates per sample, `?` when unknown. */
  readonly macs: string;
  readonly diagnostics: readonly LayerDiagnostic[];
  /** Why its shape or params are `?`. */
  readonly unresolved?: string;
  readonly fields: readonly FieldView[];
  /** Why nothing about this layer can be edited here. */
  readonly readOnly?: string;
  /** Other layers made by the same line of code (a loop, a helper): an edit changes them all. */
  readonly sharedWith: number;
  /** Functional models: the layers feeding this one. */
  readonly inputs: readonly string[];
  /** Functional models: the column of the graph this card sits in (0 = main line). */
  readonly lane: number;
  readonly doc?: string;
}

export interface ModelTotals {
  readonly params: string;
  readonly trainable: string;
  readonly nonTrainable: string;
  /** At float32, as Keras sizes it (`795.04 KB`). */
  readonly size: string;
  readonly macs: string;
  /** Why the MACs are `?`. */
  readonly macsNote?: string;
}

/** A box of the model's graph: a layer, or one of the model's inputs or outputs. */
export interface GraphNode {
  readonly id: string;
  readonly kind: 'layer' | 'input' | 'output';
  readonly className: string;
  readonly name: string;
  readonly params: string;
  readonly macs: string;
  readonly outputShape: string;
  /** How many times the layer is called (a shared layer: more than 1, one node with an edge in per use). */
  readonly uses: number;
  /** The card this node is (top-level layers of the model shown). */
  readonly layer?: number;
  /** Where the layer is, for "reveal in the editor" (uri and version are the document's). */
  readonly ref?: LayerRef;
  /** The group the node sits in. */
  readonly parent?: string;
  /** Why its shape or params are `?`, or its error. */
  readonly problem?: string;
  /** Diff mode: how the layer changed against the earlier version (a removed layer is drawn as a node too). */
  readonly change?: 'added' | 'removed' | 'changed';
  /** Diff mode: its params now minus before (`+1,024`, `-512`, `?`). */
  readonly paramsDelta?: string;
  /** Diff mode: what changed, in words. */
  readonly changeNote?: string;
}

/** A tensor from one node to another, labelled with its shape (`(None, 32)`, `?` when not known). */
export interface GraphEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly label: string;
  /** Functional models: the edge is input `input` of card `layer`'s call, where a layer can be inserted. */
  readonly insert?: EdgeRef;
}

/** Input `input` of layer `layer`'s call in a functional model. */
export interface EdgeRef {
  readonly layer: number;
  readonly input: number;
}

/** Nodes drawn together: a model used as a layer (`node` is how it looks closed) or one call of a helper function. */
export interface GraphGroup {
  readonly id: string;
  readonly kind: 'model' | 'block';
  readonly label: string;
  readonly parent?: string;
  /** Closed when first drawn. */
  readonly collapsed: boolean;
  readonly node?: GraphNode;
}

export interface ModelGraph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly groups: readonly GraphGroup[];
}

export interface ModelView {
  readonly ref: ModelRef;
  readonly name: string;
  readonly variable?: string;
  readonly kind: string;
  /** Where the model's constructor is: `line 3`, or `line 2 of cell 2` for a model made in another notebook cell. */
  readonly where: string;
  readonly layers: readonly LayerCard[];
  readonly totals: ModelTotals;
  /** Whether layers can be added, deleted and moved, and if not why. */
  readonly structure: { readonly editable: boolean; readonly reason?: string };
  /** A functional model edited from its graph: layers inserted on edges, deleted with their input wired through. */
  readonly graphEdits?: boolean;
  /** Why some numbers are `?`. */
  readonly incomplete?: string;
  /** The model as a graph (laid out and drawn by the webview). */
  readonly graph: ModelGraph;
  /** Diff mode: the model against an earlier version (its graph's nodes are marked). */
  readonly diff?: ModelDiffSummary;
}

/** What changed in a model against an earlier version, in total. */
export interface ModelDiffSummary {
  /** What it is compared with: `HEAD`. */
  readonly against: string;
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  readonly paramsBefore: string;
  readonly paramsAfter: string;
  readonly paramsDelta: string;
}

export interface PaletteEntry {
  readonly className: string;
  readonly group: string;
  readonly doc: string;
  /** The arguments asked for when adding (required ones and a few common ones), with suggested values. */
  readonly fields: readonly FieldView[];
}

export interface StarterInfo {
  readonly kind: StarterKind;
  readonly title: string;
  readonly detail: string;
}

export interface DesignerState {
  /** The Python document shown, if any. */
  readonly document?: { readonly uri: string; readonly fileName: string; readonly version: number; readonly tfjs?: boolean };
  /** Every model in the document, for the picker. */
  readonly models: readonly { readonly index: number; readonly label: string }[];
  readonly model?: ModelView;
  /** The card of the layer the editor's cursor is in. */
  readonly cursorLayer?: number;
  readonly palette: readonly PaletteEntry[];
  readonly starters: readonly StarterInfo[];
  /** What to say when there is no model to show. */
  readonly empty?: string;
  /** Diff mode is on, against this version (`HEAD`); the model's `diff` holds what changed. */
  readonly comparing?: string;
  /** Why the comparison could not be made (no git repository, a notebook). */
  readonly diffNote?: string;
}

// ------------------------------------------------------------------ host → webview

export type HostMessage =
  | { readonly type: 'model/didChange'; readonly state: DesignerState }
  /** The outcome of an edit request (`requestId` from the request). */
  | { readonly type: 'designer/didEdit'; readonly requestId: number; readonly ok: boolean; readonly message: string; readonly undoable?: boolean };

// ------------------------------------------------------------------ webview → host

export interface ArgSettingMessage {
  readonly name: string;
  readonly value: ArgValue;
}

export type WebviewMessage =
  | { readonly type: 'webview/ready' }
  | { readonly type: 'designer/selectModel'; readonly uri: string; readonly model: number }
  | { readonly type: 'designer/revealLayer'; readonly target: LayerRef }
  | { readonly type: 'designer/editArgument'; readonly requestId: number; readonly target: LayerRef; readonly argument: string; readonly value: ArgValue }
  | { readonly type: 'designer/resetArgument'; readonly requestId: number; readonly target: LayerRef; readonly argument: string }
  | { readonly type: 'designer/addLayer'; readonly requestId: number; readonly target: ModelRef; readonly index: number; readonly className: string; readonly args: readonly ArgSettingMessage[]; readonly edge?: EdgeRef }
  | { readonly type: 'designer/deleteLayer'; readonly requestId: number; readonly target: LayerRef }
  | { readonly type: 'designer/moveLayer'; readonly requestId: number; readonly target: LayerRef; readonly to: number }
  | { readonly type: 'designer/newModel'; readonly requestId: number; readonly starter: StarterKind }
  /** Functional models: the layer's output becomes one more output of the model. */
  | { readonly type: 'designer/addOutput'; readonly requestId: number; readonly target: LayerRef }
  /** Functional models: `target`'s output joined into `edge` through merge layer `className`. */
  | { readonly type: 'designer/merge'; readonly requestId: number; readonly target: LayerRef; readonly edge: EdgeRef; readonly className: string }
  /** Undo the last change in the document's editor (the panel's Undo button). */
  | { readonly type: 'designer/undo'; readonly uri: string }
  /** Diff mode on (compare with git `HEAD`) or off. */
  | { readonly type: 'designer/compare'; readonly uri: string; readonly on: boolean }
  /** Save the drawn graph: SVG text, or a PNG as base64. The host asks where. */
  | { readonly type: 'designer/export'; readonly requestId: number; readonly uri: string; readonly model: string; readonly format: 'svg' | 'png'; readonly data: string };

// ------------------------------------------------------------------ validation (host side)

type Check<T> = (v: unknown) => v is T;

const MAX_TEXT = 10_000;
/** An exported picture of a graph (a 1,000-layer graph's SVG is a few MB). */
const MAX_EXPORT = 32_000_000;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText: Check<string> = (v): v is string => typeof v === 'string' && v.length <= MAX_TEXT;
const isIndex: Check<number> = (v): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isFiniteNumber: Check<number> = (v): v is number => typeof v === 'number' && Number.isFinite(v);

function has<K extends string>(o: Record<string, unknown>, checks: Record<K, Check<unknown>>): boolean {
  return (Object.keys(checks) as K[]).every((k) => checks[k](o[k]));
}

export function isArgValue(v: unknown): v is ArgValue {
  if (!isObject(v)) return false;
  switch (v.kind) {
    case 'int':
      return typeof v.value === 'number' && Number.isSafeInteger(v.value);
    case 'float':
      return isFiniteNumber(v.value);
    case 'bool':
      return typeof v.value === 'boolean';
    case 'str':
      return isText(v.value);
    case 'none':
      return true;
    case 'tuple':
      return Array.isArray(v.items) && v.items.length <= 16 && v.items.every((i) => typeof i === 'number' && Number.isSafeInteger(i));
    case 'activation':
      return isText(v.name) && v.name.length <= 64;
    default:
      return false;
  }
}

function isLayerRef(v: unknown): v is LayerRef {
  return isObject(v) && has(v, { uri: isText, version: isIndex, model: isIndex, layer: isIndex, className: isText, name: isText, fingerprint: isText });
}

function isModelRef(v: unknown): v is ModelRef {
  return isObject(v) && has(v, { uri: isText, version: isIndex, model: isIndex, fingerprint: isText });
}

function isArgSetting(v: unknown): v is ArgSettingMessage {
  return isObject(v) && isText(v.name) && isArgValue(v.value);
}

/** The message if it is well-formed, else undefined (the caller drops and logs it). */
export function parseDesignerMessage(raw: unknown): WebviewMessage | undefined {
  if (!isObject(raw) || typeof raw.type !== 'string') return undefined;
  const m = raw;
  const ok = (() => {
    switch (m.type) {
      case 'webview/ready':
        return true;
      case 'designer/selectModel':
        return isText(m.uri) && isIndex(m.model);
      case 'designer/revealLayer':
        return isLayerRef(m.target);
      case 'designer/editArgument':
        return isIndex(m.requestId) && isLayerRef(m.target) && isText(m.argument) && isArgValue(m.value);
      case 'designer/resetArgument':
        return isIndex(m.requestId) && isLayerRef(m.target) && isText(m.argument);
      case 'designer/addLayer':
        return isIndex(m.requestId) && isModelRef(m.target) && isIndex(m.index) && isText(m.className) && Array.isArray(m.args) && m.args.length <= 64 && m.args.every(isArgSetting) && (m.edge === undefined || (isObject(m.edge) && isIndex(m.edge.layer) && isIndex(m.edge.input)));
      case 'designer/deleteLayer':
      case 'designer/addOutput':
        return isIndex(m.requestId) && isLayerRef(m.target);
      case 'designer/merge':
        return isIndex(m.requestId) && isLayerRef(m.target) && isObject(m.edge) && isIndex(m.edge.layer) && isIndex(m.edge.input) && (MERGE_LAYERS as readonly unknown[]).includes(m.className);
      case 'designer/moveLayer':
        return isIndex(m.requestId) && isLayerRef(m.target) && isIndex(m.to);
      case 'designer/newModel':
        return isIndex(m.requestId) && typeof m.starter === 'string' && (STARTER_KINDS as readonly string[]).includes(m.starter);
      case 'designer/undo':
        return isText(m.uri);
      case 'designer/compare':
        return isText(m.uri) && typeof m.on === 'boolean';
      case 'designer/export':
        return isIndex(m.requestId) && isText(m.uri) && isText(m.model) && (m.format === 'svg' || m.format === 'png') && typeof m.data === 'string' && m.data.length <= MAX_EXPORT;
      default:
        return false;
    }
  })();
  return ok ? (raw as unknown as WebviewMessage) : undefined;
}
