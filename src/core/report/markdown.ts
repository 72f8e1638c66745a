/**
 * Text from the source (layer and model names, class names as written, reasons quoting code) placed in hover
 * Markdown. Unescaped, a layer named ``x` ![](https://example.com/p.png) `y`` would close its code span and
 * show a remote image and a link; escaped, it reads as the name it is.
 */

/** Characters that start Markdown or HTML constructs inline: code spans, emphasis, links and images, HTML, tables. */
const MARKDOWN_SPECIAL = /[\\`*_[\]<>!|~&]/g;

/** Plain text: every character that could start a Markdown or HTML construct is escaped, line breaks become spaces. */
export function mdText(text: string): string {
  return text.replace(/\r?\n|\r/g, ' ').replace(MARKDOWN_SPECIAL, '\\$&');
}

/**
 * An inline code span that holds `text` literally, whatever backticks it contains: the fence is one backtick
 * longer than the longest run inside (CommonMark), padded with a space where the text touches a backtick.
 */
export function mdCode(text: string): string {
  const flat = text.replace(/\r?\n|\r/g, ' ');
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
