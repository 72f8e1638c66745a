/**
 * Hover Markdown escapes every name and string taken from the source. Rendered with markdown-it (CommonMark, as
 * VS Code's hover renders it), a hostile name shows as text: no image, no link, no HTML.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { analyzePython } from '../../src/core/python/analyze';
import { layerHoverMarkdown, modelHoverMarkdown } from '../../src/core/report/explain';
import { mdCode, mdText } from '../../src/core/report/markdown';
import './analyze-helpers';

const render = (md: string) => new MarkdownIt({ html: false, linkify: false }).render(md);
const HOSTILE = 'x` ![](https://example.com/p.png) `y';

/** No image, no HTML from the source, and no link but our own to the Keras docs. */
function assertInert(html: string): void {
  assert.doesNotMatch(html, /<img|<script|<b>|href="https:\/\/example\.com/, html);
}

test('a layer and a model named to break out of their code spans stay text', () => {
  const r = analyzePython(`
import keras
from keras import layers
model = keras.Sequential([keras.Input((4,)), layers.Dense(2, name="${HOSTILE}")], name="[click](https://example.com) <b>bold</b>")
`);
  const layerHtml = render(layerHoverMarkdown(r.layers.find((l) => l.className === 'Dense')!));
  assertInert(layerHtml);
  assert.ok(layerHtml.includes('x` ![](https://example.com/p.png) `y'), layerHtml);
  const modelHtml = render(modelHoverMarkdown(r.models[0]));
  assertInert(modelHtml);
  assert.ok(modelHtml.includes('[click](https://example.com) &lt;b&gt;bold&lt;/b&gt;'), modelHtml);
});

test('reasons and messages that quote the source are escaped too', () => {
  const r = analyzePython(`
import keras
from keras import layers
inputs = keras.Input(shape="![](https://example.com/i.png)")
model = keras.Model(inputs, layers.Dense(1)(inputs), name="m")
`);
  const htmls = [...r.layers.map((l) => render(layerHoverMarkdown(l))), ...r.models.map((m) => render(modelHoverMarkdown(m)))];
  assert.ok(htmls.some((h) => h.includes('![](https://example.com/i.png)')), htmls.join('\n'));
  for (const html of htmls) assertInert(html);
});

test('mdCode holds any text literally; mdText leaves plain words alone', () => {
  for (const s of ['plain', 'a`b', '``x``', '`', HOSTILE]) {
    const html = render(mdCode(s));
    const code = /<code>(.*)<\/code>/.exec(html)?.[1];
    // CommonMark strips the one space of padding on each side, so the code holds exactly the text.
    assert.equal(code?.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/&quot;/g, '"'), s);
  }
  assert.equal(mdText('Dense "dense" · (None, 256)'), 'Dense "dense" · (None, 256)');
  assert.equal(render(mdText('**not bold** [not](a link)')).trim(), '<p>**not bold** [not](a link)</p>');
});
