/**
 * A model's summary as Markdown, read off the summary text people see (Keras 3's boxes or tf.keras 2's ruled
 * table), so the table says exactly what the text says: the same cells (a cell wrapped over several lines is
 * joined back), then the totals and notes. Every cell is escaped: layer names come from the source.
 * Text in neither layout is given as a fenced block.
 */
import { mdText } from './markdown';

interface Table {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly string[][];
  readonly footer: readonly string[];
}

/** Where each column's text starts and ends on a line: between the header's separators, or its titles. */
function cellsOf(line: string, bounds: readonly number[]): string[] {
  return bounds.slice(0, -1).map((start, i) => line.slice(start, bounds[i + 1]));
}

/** A row's cells from its lines: each column's pieces joined with `separator(column)`. */
function join(fragments: readonly string[][], separator: (column: number) => string): string[] {
  const columns = fragments[0]?.length ?? 0;
  return Array.from({ length: columns }, (_, c) => {
    const between = separator(c);
    return fragments.map((f) => (between ? f[c].trim() : f[c].trimEnd())).filter((t) => t).join(between).trim();
  });
}

/** Keras 3: `┃ Layer (type) ┃ …` between heavy rules, rows between light ones; rich wraps cells at spaces. */
function kerasThreeTable(lines: readonly string[]): Table | undefined {
  const head = lines.findIndex((l) => l.startsWith('┃'));
  const bottom = lines.findIndex((l) => l.startsWith('└'));
  if (head < 1 || bottom < head || !lines[head + 1]?.startsWith('┡')) return undefined;
  const bounds = [...lines[head]].flatMap((ch, i) => (ch === '┃' ? [i] : []));
  const columns = cellsOf(lines[head], bounds).map((c) => c.slice(1).trim());
  const rows: string[][] = [];
  let fragments: string[][] = [];
  for (const line of lines.slice(head + 2, bottom + 1)) {
    if (line.startsWith('│')) {
      fragments.push(cellsOf(line, bounds).map((c) => c.slice(1)));
      continue;
    }
    if (!line.startsWith('├') && !line.startsWith('└')) return undefined;
    // Keras 3 puts each connection on a line of its own (names have no spaces); other cells wrap at spaces.
    if (fragments.length) rows.push(join(fragments, (c) => (columns[c] === 'Connected to' ? ', ' : ' ')));
    fragments = [];
  }
  return { title: lines[head - 2] ?? '', columns, rows, footer: lines.slice(bottom + 1) };
}

/** tf.keras 2: a header under a `___` rule, rows between `===` rules with blank lines between; cells cut anywhere. */
function tfKerasTwoTable(lines: readonly string[]): Table | undefined {
  const rules = lines.flatMap((l, i) => (/^=+$/.test(l) ? [i] : []));
  if (rules.length < 2 || rules[0] < 2 || !/^_+$/.test(lines[rules[0] - 2])) return undefined;
  const header = lines[rules[0] - 1];
  const titles = header.trim().split(/ {2,}/);
  const bounds = [...titles.map((t) => header.indexOf(t)), Math.max(...lines.map((l) => l.length))];
  if (bounds.some((b) => b < 0)) return undefined;
  const rows: string[][] = [];
  let fragments: string[][] = [];
  for (const line of lines.slice(rules[0] + 1, rules[1] + 1)) {
    if (line.trim() && !/^=+$/.test(line)) {
      fragments.push(cellsOf(line, bounds));
      continue;
    }
    if (fragments.length) rows.push(join(fragments, () => ''));
    fragments = [];
  }
  const footer = lines.slice(rules[1] + 1).filter((l) => !/^_+$/.test(l));
  return { title: lines[rules[0] - 3] ?? '', columns: titles, rows, footer };
}

/** The summary `text` (as formatSummaryFor gives it) as a Markdown table with its totals and notes. */
export function summaryMarkdown(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').replace(/\n+$/, '').split('\n');
  const table = kerasThreeTable(lines) ?? tfKerasTwoTable(lines);
  if (!table || table.rows.some((r) => r.length !== table.columns.length)) {
    const fence = '`'.repeat(Math.max(3, ...(text.match(/`+/g) ?? []).map((run) => run.length + 1)));
    return `${fence}text\n${text.replace(/\n+$/, '')}\n${fence}\n`;
  }
  const cell = (t: string) => mdText(t) || ' ';
  const align = table.columns.map((c) => (c === 'Param #' ? '--:' : ':--'));
  const out = [
    `**${mdText(table.title)}**`,
    '',
    `| ${table.columns.map(cell).join(' | ')} |`,
    `| ${align.join(' | ')} |`,
    ...table.rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
    '',
    ...table.footer.filter((l) => l.trim()).map((l) => `- ${mdText(l.trim())}`),
  ];
  return out.join('\n') + '\n';
}
