/**
 * How an argument value the designer writes is spelled in Python, in the file's own style (quotes, list or
 * tuple brackets, activations by name or by reference).
 */
import { pythonFloat, type ArgValue } from '../../../shared/arg-values';

/** How the file writes things, so a new value reads like its neighbours. */
export interface PythonStyle {
  /** The quote for new strings. */
  readonly quote: '"' | "'";
  /** Tuples as lists (`[3, 3]`), when the value being replaced was a list. */
  readonly listBrackets?: boolean;
  /** Activations as a dotted reference with this prefix (`tf.nn.`, `keras.activations.`) instead of a string. */
  readonly activationPrefix?: string;
}

export function pythonString(s: string, quote: '"' | "'"): string {
  const escaped = s
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .split(quote)
    .join(`\\${quote}`);
  return `${quote}${escaped}${quote}`;
}

/** The Python source for a value. */
export function pythonText(value: ArgValue, style: PythonStyle): string {
  switch (value.kind) {
    case 'int':
      return String(value.value);
    case 'float':
      return pythonFloat(value.value);
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'str':
      return pythonString(value.value, style.quote);
    case 'tuple': {
      const items = value.items.map(String);
      if (style.listBrackets) return `[${items.join(', ')}]`;
      return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
    }
    case 'activation':
      return style.activationPrefix !== undefined ? `${style.activationPrefix}${value.name}` : pythonString(value.name, style.quote);
  }
}
