/** The saved-model page: no script at all, one style by nonce, names from the file escaped. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeModelConfig, analyzeSavedModel } from '../../src/core/config/saved-model';
import { savedModelHtml } from '../../src/extension/saved-model-page';

test('a .keras file opens as its Keras summary under default-src none, with no script', () => {
  const report = analyzeSavedModel(readFileSync(join(__dirname, '..', 'fixtures', 'saved-models', 'keras3-two_heads.keras')), 'keras');
  const html = savedModelHtml({ fileName: 'keras3-two_heads.keras', format: 'Keras model (.keras)', report, nonce: 'n0nce' });
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  assert.equal(csp, "default-src 'none'; style-src 'nonce-n0nce'");
  assert.doesNotMatch(html, /<script|\son[a-z]+=|(src|href)=/i);
  assert.match(html, /Model two_heads/);
  assert.match(html, /Total params: 438/);
  assert.match(html, /frozen\[0\]\[0\]/);
});

test('names and messages from the file are escaped', () => {
  const evil = '<img src=x onerror=alert(1)>';
  const report = analyzeModelConfig({ class_name: 'Sequential', config: { name: evil, layers: [{ class_name: 'InputLayer', config: { batch_shape: [null, 2] } }, { class_name: `X${evil}`, config: { name: evil } }] } });
  const html = savedModelHtml({ fileName: `${evil}.keras`, format: 'Keras model (.keras)', report, nonce: 'n' });
  assert.doesNotMatch(html, /<img/);
  assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
});
