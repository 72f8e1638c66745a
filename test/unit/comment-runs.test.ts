/**
 * Long runs of comment lines are blanked before parsing (tree-sitter-python's scanner is quadratic over them):
 * positions stay exact, strings are never touched, short runs keep their comments, and the analysis is the same.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blankLongCommentRuns } from '../../src/core/python/comment-runs';
import { analyze } from './analyze-helpers';

const comments = (n: number, indent = '') => Array.from({ length: n }, (_, i) => `${indent}# comment ${i} ${'x'.repeat(80)}\n`).join('');

test('a long run becomes spaces of the same length; code, offsets and line breaks stay', () => {
  const text = `x = 1  # kept: after code\n${comments(50)}y = 2\n`;
  const blanked = blankLongCommentRuns(text);
  assert.equal(blanked.length, text.length);
  assert.deepEqual(blanked.split('\n').map((l) => l.length), text.split('\n').map((l) => l.length));
  assert.ok(blanked.startsWith('x = 1  # kept: after code\n'));
  assert.ok(blanked.endsWith('y = 2\n'));
  assert.doesNotMatch(blanked.slice(30, -7), /\S/);
});

test('short runs keep their comments (the designer reads them)', () => {
  const text = `model = Sequential([\n    # the input\n    # flattened\n    Flatten(),\n])\n`;
  assert.equal(blankLongCommentRuns(text), text);
  assert.equal(blankLongCommentRuns('no comments at all'), 'no comments at all');
});

test('blank lines do not end a run; code does', () => {
  const run = comments(30).replace(/\n/g, '\n\n');
  assert.doesNotMatch(blankLongCommentRuns(`a = 1\n${run}`).slice(6), /#/);
  const split = Array.from({ length: 30 }, (_, i) => `# c ${i} ${'x'.repeat(80)}\nv${i} = ${i}\n`).join('');
  assert.equal(blankLongCommentRuns(split), split);
});

test("'#' lines inside strings are never touched: triple quotes, escapes, prefixes, f-string fields", () => {
  const inside = comments(50);
  for (const text of [
    `doc = """\n${inside}"""\n`,
    `doc = r'''\n${inside}'''\n`,
    `s = "a \\" # not a comment"\ndoc = """\n${inside}"""\n`,
    `s = f"{d['k']} # no"\ndoc = f"""{x}\n${inside}"""\n`,
    `s = f"{{ # braces }}"\ndoc = b"""\n${inside}"""\n`,
  ]) {
    assert.equal(blankLongCommentRuns(text), text, text.slice(0, 40));
  }
  // After a closed string, a long run is a run again.
  const after = `s = """a\nb"""\n${inside}`;
  assert.doesNotMatch(blankLongCommentRuns(after).slice(14), /#/);
});

test('the analysis of a file with 3,000 comment lines (in a function too) is the analysis without them', () => {
  const model = (filler: string, inner: string) => `import keras
from keras import layers
${filler}
def build(units=64):
    m = keras.Sequential([keras.Input((784,)), layers.Dense(units, activation="relu")])
${inner}
    m.add(layers.Dense(10))
    return m
model = build()
`;
  const plain = analyze(model('', ''));
  const commented = analyze(model(comments(3000), comments(3000, '    ')));
  assert.deepEqual(commented.models.map((m) => [m.totalParams, m.layers.map((l) => [l.type, l.outputShape, l.params])]), plain.models.map((m) => [m.totalParams, m.layers.map((l) => [l.type, l.outputShape, l.params])]));
  assert.equal(commented.models[0].totalParams, 50890);
  assert.equal(commented.models[0].layers[1].line, 6007); // lines are counted as written
});
