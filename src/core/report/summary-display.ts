/**
 * The summary text as the summary tab shows it: Keras's table untouched, and every other line wider than the
 * table (Model Lens's own footer naming the Keras, notes) wrapped at the table's width, so a pane that fits the
 * table needs no horizontal scrollbar. Copying gives the text unwrapped, as Keras prints it.
 */

/** A line of the table itself: Keras 3's box-drawing rows, tf.keras 2's `___` and `===` rules. */
function isTableRule(line: string): boolean {
  return /^[\u2500-\u257f]/.test(line) || /^_{10,}$/.test(line) || /^={10,}$/.test(line);
}

/** `line` broken at spaces into lines of at most `width` characters; later lines start with one space, as Keras's footer lines do. A word longer than `width` stays whole. */
function wrapLine(line: string, width: number): string[] {
  const out: string[] = [];
  const words = line.trim().split(/ +/);
  let current = line.startsWith(' ') ? ' ' : '';
  let empty = true;
  for (const word of words) {
    if (!empty && current.length + 1 + word.length > width) {
      out.push(current);
      current = ' ';
      empty = true;
    }
    current += empty ? word : ` ${word}`;
    empty = false;
  }
  out.push(current);
  return out;
}

/** `text` (a summary as the server gives it) with the lines wider than its table wrapped at the table's width. */
export function summaryForDisplay(text: string): string {
  const lines = text.split('\n');
  const width = Math.max(0, ...lines.filter(isTableRule).map((l) => [...l].length));
  if (width === 0) return text;
  return lines.flatMap((l) => ([...l].length > width && !isTableRule(l) ? wrapLine(l, width) : [l])).join('\n');
}
