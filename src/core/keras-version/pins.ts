/**
 * What a project's pin files say about its Keras: the `tensorflow` / `keras` / `tf-keras` requirements written in
 * requirements.txt, pyproject.toml (PEP 621 and Poetry), environment.yml (conda and its pip list), setup.py,
 * setup.cfg, Pipfile, and `pip install` lines of a notebook. Pure text in, facts out.
 */

/** A package a pin file names, and the version specifier written for it ('' when none). */
export interface Pin {
  readonly pkg: 'tensorflow' | 'keras' | 'tf-keras';
  readonly spec: string;
  /** The pin as written, for the reason shown to people: `tensorflow==2.12.0`. */
  readonly text: string;
}

/** Every distribution that carries TensorFlow's `tf.keras`. */
const TENSORFLOW_NAMES = /^(tensorflow(-cpu|-gpu|-macos|-intel|-aarch64)?|intel-tensorflow)$/;
const NAME = /(?<![\w.\-/])(tensorflow(?:-cpu|-gpu|-macos|-intel|-aarch64)?|intel-tensorflow|tf[-_]keras|keras)(?![\w.\-/])/gi;

function packageOf(name: string): Pin['pkg'] {
  const n = name.toLowerCase().replace('_', '-');
  if (TENSORFLOW_NAMES.test(n)) return 'tensorflow';
  return n === 'tf-keras' ? 'tf-keras' : 'keras';
}

/** The specifier after a package name on its line: `>=2.12,<2.16`, Poetry's `^2.12`, conda's `=2.12.0=py39_0`. */
function specAfter(rest: string): string | undefined {
  const table = /^\s*=\s*\{[^}]*version\s*=\s*["']([^"']*)["']/.exec(rest) ?? /^\s*=\s*["']([^"']*)["']/.exec(rest);
  if (table) return table[1].trim() === '*' ? '' : table[1].trim();
  const extras = rest.replace(/^\[[^\]]*\]/, '');
  // A name followed by a letter, `.` or `(` is a word in prose or code (`keras.layers`), not a requirement.
  if (/^\s*[A-Za-z.(]/.test(extras) || /^\s*:/.test(extras)) return undefined;
  const spec = extras.split(/["'#;\]]/)[0].trim();
  // conda's `name=version=build`: the build string is not a version.
  return /^=[^=]/.test(spec) ? spec.split('=').slice(0, 2).join('=') : spec;
}

/** The pins of `tensorflow`, `keras` and `tf-keras` in a pin file's text. */
export function pinsIn(text: string): Pin[] {
  const pins: Pin[] = [];
  for (const line of text.split('\n').slice(0, 5000)) {
    if (/^\s*#/.test(line)) continue;
    for (const m of line.matchAll(NAME)) {
      const spec = specAfter(line.slice(m.index + m[0].length));
      if (spec === undefined || (spec !== '' && !/^[\s\d.*^~=<>!,v]+$/.test(spec))) continue;
      pins.push({ pkg: packageOf(m[0]), spec, text: `${m[0]}${spec}`.replace(/\s+/g, '') });
    }
  }
  return pins;
}

/** A version as numbers; `*` parts end it (a prefix). */
function parts(v: string): number[] {
  const out: number[] = [];
  for (const p of v.replace(/^v/, '').split('.')) {
    if (!/^\d+$/.test(p)) break;
    out.push(Number(p));
  }
  return out;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The version after the last kept part, bumped: the exclusive upper bound of `~=`, `^`, `==2.15.*`. */
function bump(v: readonly number[], keep: number): number[] {
  const head = v.slice(0, Math.max(1, keep));
  head[head.length - 1] += 1;
  return head;
}

/**
 * Whether every version a specifier allows is below `cut` ('below'), at or above it ('above'), or either
 * ('either'). Versions are compared as numbers (`2.16` after `2.9`); pre-release tags are ignored.
 */
export function sideOf(spec: string, cut: readonly number[]): 'below' | 'above' | 'either' {
  let lower: number[] = [0];
  let upper: number[] | null = null; // exclusive
  const raise = (v: number[]) => compare(v, lower) > 0 && (lower = v);
  const cap = (v: number[]) => (upper === null || compare(v, upper) < 0) && (upper = v);
  for (const clause of spec.split(',')) {
    const m = /^\s*(===|==|~=|>=|<=|!=|\^|~|>|<|=)?\s*(v?\d[\d.*]*)\s*$/.exec(clause);
    if (!m) continue;
    const [op, raw] = [m[1] ?? '==', m[2]];
    const v = parts(raw);
    if (v.length === 0) continue;
    const wildcard = raw.includes('*');
    if (op === '==' || op === '===' || op === '=') {
      raise(v);
      // conda's `=2.12` and a wildcard mean the prefix; `==2.12.0` one version.
      cap(op === '=' || wildcard ? bump(v, v.length) : [...v, 0, 0, 0, 1]);
    } else if (op === '>=' || op === '>') raise(v);
    else if (op === '<') cap(v);
    else if (op === '<=') cap([...v, 0, 0, 0, 1]);
    else if (op === '~=') (raise(v), cap(bump(v, v.length - 1)));
    else if (op === '~') (raise(v), cap(bump(v, v.length >= 2 ? 2 : 1)));
    else if (op === '^') (raise(v), cap(bump(v, v.findIndex((n) => n !== 0) + 1 || v.length)));
  }
  if (upper !== null && compare(upper, cut) <= 0) return 'below';
  if (compare(lower, cut) >= 0) return 'above';
  return 'either';
}

/** The Keras a set of pins means, or undefined when they leave it open. */
export function versionOfPins(pins: readonly Pin[]): { version: 2 | 3; pin: Pin } | undefined {
  const tfKeras = pins.find((p) => p.pkg === 'tf-keras');
  if (tfKeras) return { version: 2, pin: tfKeras };
  for (const p of pins.filter((q) => q.pkg === 'keras')) {
    const side = sideOf(p.spec, [3]);
    if (side !== 'either') return { version: side === 'below' ? 2 : 3, pin: p };
  }
  // TensorFlow 2.16 is the first whose `tf.keras` is Keras 3.
  for (const p of pins.filter((q) => q.pkg === 'tensorflow')) {
    const side = sideOf(p.spec, [2, 16]);
    if (side !== 'either') return { version: side === 'below' ? 2 : 3, pin: p };
  }
  return undefined;
}
