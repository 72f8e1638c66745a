/**
 * The pre-flight summary as records: what each setting of a run is and where it came from (`epochs: 5 (line
 * 22)`, `batch size: 32 (not given; default)`). Code reads the records (the editor's "Epochs" item asks for the
 * `epochs` note); people read `noteText`, the one place they become words.
 */

/** A 1-based line of the source, with the words people find it by (`line 3`; in a notebook `line 1 of cell 4`). */
export interface SourceLine {
  readonly line: number;
  readonly where: string;
}

/** Says a line in words: `line 3`, or in a notebook `line 1 of cell 4`. */
export type LineWords = (line: number) => string;

export const fileLineWords: LineWords = (line) => `line ${line}`;

export type NoteSource =
  /** Written in the source: `(line 22)`, or with what the file does there: `(the file loads it on line 3)`. */
  | { readonly kind: 'line'; readonly at: SourceLine; readonly does?: string }
  /** Not in the source: `(default)`, `(not given; default)`. */
  | { readonly kind: 'default'; readonly why?: string }
  /** From Model Lens's settings: `(setting)`. */
  | { readonly kind: 'setting' }
  /** Chosen for this run (the editor's quick pick, `--epochs`): `(chosen for this run)`. */
  | { readonly kind: 'run' }
  /** Anything else worth saying in brackets: `(the file does not rescale its inputs)`. */
  | { readonly kind: 'because'; readonly text: string };

export type NoteKind =
  | 'compile'
  | 'optimizer'
  | 'loss'
  | 'metrics'
  /** `loss_weights / weighted_metrics are ignored (one output only)`: a sentence of its own, without a label. */
  | 'loss weights'
  | 'epochs'
  | 'batch size'
  | 'validation'
  | 'shuffle'
  | 'data'
  | 'preprocessing'
  | 'training samples'
  | 'test samples';

export interface PlanNote {
  readonly kind: NoteKind;
  /** What the setting is, in words: `5`, `Adam (learning rate 0.001)`, `Fashion-MNIST`. */
  readonly value: string;
  readonly source?: NoteSource;
}

export const note = (kind: NoteKind, value: string | number, source?: NoteSource): PlanNote => ({ kind, value: String(value), ...(source ? { source } : {}) });

export const atLine = (line: number, words: LineWords, does?: string): NoteSource => ({ kind: 'line', at: { line, where: words(line) }, ...(does ? { does } : {}) });

function sourceText(s: NoteSource): string {
  switch (s.kind) {
    case 'line':
      return s.does ? `${s.does} ${s.at.where}` : s.at.where;
    case 'default':
      return s.why ? `${s.why}; default` : 'default';
    case 'setting':
      return 'setting';
    case 'run':
      return 'chosen for this run';
    case 'because':
      return s.text;
  }
}

/** Where the setting came from, in brackets (`(line 22)`, `(default)`), or nothing. */
export function noteSourceText(n: PlanNote): string {
  return n.source ? `(${sourceText(n.source)})` : '';
}

/** The label people read before the value (`epochs`); none for a note that is a sentence of its own. */
export function noteLabel(n: PlanNote): string {
  return n.kind === 'loss weights' ? '' : n.kind;
}

/** How the setting's value is said after its label (`5 (line 22)`), for a label shown apart (the run panel). */
export function noteValueText(n: PlanNote): string {
  return n.source ? `${n.value} ${noteSourceText(n)}` : n.value;
}

/** The note as people read it: `epochs: 5 (line 22)`. */
export function noteText(n: PlanNote): string {
  const label = noteLabel(n);
  return label ? `${label}: ${noteValueText(n)}` : noteValueText(n);
}
