/** The summary tab's Markdown: the table the summary text shows, cell for cell, escaped (issue 17, part 4). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzePython } from '../../src/core/python/analyze';
import { formatSummaryFor } from '../../src/core/report/summary-for';
import { summaryMarkdown } from '../../src/core/report/summary-markdown';
import './analyze-helpers';

const TUTORIAL = `import keras
from keras import layers
model = keras.Sequential([
    layers.Flatten(input_shape=(28, 28)),
    layers.Dense(256, activation="relu"),
    layers.Dense(10, activation="softmax", name="scores|<b>*x*</b>"),
])
`;
const BRANCHES = `import keras
from keras import layers
a = keras.Input(shape=(8,), name="a")
b = keras.Input(shape=(4,), name="b")
x = layers.Dense(16)(a)
y = layers.Concatenate()([x, b])
model = keras.Model([a, b], layers.Dense(1)(y))
`;

function markdown(source: string, version: 2 | 3): string {
  const report = analyzePython(source, undefined, undefined, version);
  return summaryMarkdown(formatSummaryFor(report.models[0], { version, reason: 'a test' } as never));
}

describe('summary as Markdown', () => {
  test('Keras 3 Sequential: the columns, rows and totals of the text; names from the source escaped', () => {
    assert.equal(
      markdown(TUTORIAL, 3),
      [
        '**Model: "sequential"**',
        '',
        '| Layer (type) | Output Shape | Param # |',
        '| :-- | :-- | --: |',
        '| flatten (Flatten) | (None, 784) | 0 |',
        '| dense (Dense) | (None, 256) | 200,960 |',
        '| scores\\|\\<b\\>\\*x\\*\\</b\\> (Dense) | (None, 10) | 2,570 |',
        '',
        '- Total params: 203,530 (795.04 KB)',
        '- Trainable params: 203,530 (795.04 KB)',
        '- Non-trainable params: 0 (0.00 B)',
        '- Follows Keras 3 (a test).',
        '',
      ].join('\n'),
    );
  });

  test('Keras 3 functional: wrapped cells joined, Connected to kept', () => {
    const md = markdown(BRANCHES, 3);
    assert.match(md, /^\| Layer \(type\) \| Output Shape \| Param # \| Connected to \|$/m);
    assert.match(md, /^\| concatenate \(Concatenate\) \| \(None, 20\) \| 0 \| dense\\\[0\\\]\\\[0\\\], b\\\[0\\\]\\\[0\\\] \|$/m);
    assert.match(md, /^- Total params: 165 \(660\.00 B\)$/m);
  });

  test('tf.keras 2: cells cut anywhere are joined back as they were', () => {
    const md = markdown(BRANCHES, 2);
    assert.match(md, /^\| Layer \(type\) \| Output Shape \| Param # \| Connected to \|$/m);
    assert.match(md, /^\| concatenate \(Concatenate\) \| \(None, 20\) \| 0 \| \\\['dense\\\[0\\\]\\\[0\\\]', 'b\\\[0\\\]\\\[0\\\]'\\\] \|$/m);
    assert.match(md, /^- Total params: 165 \(660\.00 Byte\)$/m);
  });

  test('text in neither layout is a fenced block, longer than any backtick run in it', () => {
    assert.equal(summaryMarkdown('no table ````here\n'), '`````text\nno table ````here\n`````\n');
  });
});
