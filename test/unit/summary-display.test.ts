/** The summary tab's text: Keras's table untouched, the lines wider than it wrapped at its width. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, test } from 'node:test';
import { analyzePython, initParser } from '../../src/core/python/analyze';
import { summaryForDisplay } from '../../src/core/report/summary-display';
import { formatSummaryFor } from '../../src/core/report/summary-for';

before(async () => {
  await initParser();
});

const width = (line: string) => [...line].length;

const summaryOf = (file: string, version: 2 | 3) =>
  formatSummaryFor(analyzePython(readFileSync(file, 'utf8')).models[0], { version, reason: 'no pin of tensorflow, keras or tf-keras found; Keras 3 is what `pip install tensorflow` gives today' } as never);

test('the footer wider than the Keras 3 table is wrapped at the table\'s width; the table and Keras\'s own lines are unchanged', () => {
  const text = summaryOf('examples/fashion_mnist.py', 3);
  const shown = summaryForDisplay(text);
  const table = width(text.split('\n')[1]);
  assert.equal(table, 76);
  assert.ok(shown.split('\n').every((l) => width(l) <= table), shown);
  assert.ok(shown.startsWith(text.slice(0, text.indexOf(' Follows'))), 'everything before the footer is as Keras prints it');
  assert.deepEqual(shown.slice(shown.indexOf(' Follows')).split('\n'), [
    ' Follows Keras 3 (no pin of tensorflow, keras or tf-keras found; Keras 3 is',
    ' what `pip install tensorflow` gives today).',
  ]);
  // Unwrapping gives the text back: only line breaks were added.
  assert.equal(shown.replace(/\n (?=what)/, ' '), text);
});

test('tf.keras 2\'s ruled table sets the width the same way', () => {
  const text = summaryOf('examples/functional_branches.py', 2);
  const shown = summaryForDisplay(text);
  const rule = text.split('\n').find((l) => /^_+$/.test(l))!;
  assert.equal(width(rule), 98);
  assert.ok(shown.split('\n').every((l) => width(l) <= width(rule)), shown);
  assert.equal(shown.split('\n').length, text.split('\n').length + 1, 'the footer takes two lines');
});

test('text with no table, or nothing wider than it, is left as it is; a word longer than the table stays whole', () => {
  assert.equal(summaryForDisplay('no table here, however long this line may be'), 'no table here, however long this line may be');
  const narrow = '┏━━━━━━━━━━┓\n┃ Layer    ┃\n└──────────┘\n Total: 1';
  assert.equal(summaryForDisplay(narrow), narrow);
  assert.equal(summaryForDisplay('┏━━━━━┓\n averyveryverylongword and more'), '┏━━━━━┓\n averyveryverylongword\n and\n more');
  assert.equal(summaryForDisplay(''), '');
});
