// The language server keeps the editor live: with a 5,000-comment-line file open (tree-sitter-python's scanner is
// quadratic over comment runs), typing in another Python file keeps its lenses updating. The delays are printed.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workbenchTests } from './workbench';

// Written before the workbench opens so Quick Open indexes it: the file, with a model after the comments.
const COMMENTS = 'comment_run.py';
if (process.env.E2E_WORKSPACE) {
  writeFileSync(
    join(process.env.E2E_WORKSPACE, COMMENTS),
    'x = 1\n' + ('# ' + 'x'.repeat(98) + '\n').repeat(5000) + 'import keras\nmodel = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(4)])\n',
  );
}

const test = workbenchTests();

test('with the 5,000-comment-line file open, typing in another file keeps its lenses updating', async (wb) => {
  const opened = Date.now();
  await wb.openFile(COMMENTS);
  await wb.goToLine(5003);
  // The comment file's own lens (Dense(4) on 8 inputs: 36 params) appears, or it would say why.
  const own = await wb.waitForCodeLenses(['36 params'], 60_000);
  console.log(`comment file: lenses after ${Date.now() - opened} ms: ${JSON.stringify(own)}`);
  // Edit the comment file (its analysis runs again), then type in the other file at once.
  await wb.type('y = 2\n');
  await wb.openFile('fashion_mnist.py');
  await wb.waitForCodeLenses(['200,960 params']);
  const delays: number[] = [];
  let previous = 256;
  for (const next of [128, 64, 32, 256]) {
    await wb.selectText(String(previous), { line: `Dense(${previous},` });
    const started = Date.now();
    await wb.type(String(next));
    await wb.waitForCodeLenses([`${(784 * next + next).toLocaleString('en-US')} params`], 10_000);
    delays.push(Date.now() - started);
    previous = next;
  }
  console.log(`keystroke → lens in fashion_mnist.py with the comment file open: ${delays.join(', ')} ms`);
  await wb.screenshot('lsp-comment-file-open');
  assert.ok(delays.every((d) => d < 5_000), delays.join(', '));
  await wb.runCommand('File: Revert File');
});
