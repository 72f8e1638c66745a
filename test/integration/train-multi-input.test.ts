/**
 * A functional model with two inputs trains from an .npz that names each input (issue 16's acceptance point):
 * `np.savez(path, image=..., meta=..., y_train=..., image_test=..., meta_test=..., y_test=...)`; or from one
 * .npy file per input (`x_image.npy`, `x_meta.npy`) and a labels file (`y.npy`).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { zipSync } from 'fflate';
import { cliTrain, requireBuild } from './helpers';
import { MODEL, split } from './two-inputs-data';

/** 8 epochs on the 600 training samples with a falling loss, then tested on the 200 test samples. */
function trainedAndTested(r: Awaited<ReturnType<typeof cliTrain>>): void {
    assert.equal(r.code, 0, r.stderr);
    const data = r.lines.find((l) => l.event === 'data')!;
    assert.equal(data.train, 600);
    assert.equal(data.test, 200);
    const epochs = r.lines.filter((l) => l.event === 'epoch');
    assert.equal(epochs.length, 8);
    assert.ok((epochs[7].loss as number) < (epochs[0].loss as number), 'the loss falls');
    const result = r.lines.find((l) => l.event === 'result')!;
    assert.equal(result.testSamples, 200);
    assert.ok((result.testAccuracy as number) > 0.7, `test accuracy ${String(result.testAccuracy)}`);
}

describe('a model with two inputs', () => {
  let dir: string;
  let file: string;
  before(() => {
    requireBuild();
    dir = mkdtempSync(join(tmpdir(), 'ml-multi-'));
    file = join(dir, 'two_inputs.py');
    writeFileSync(file, MODEL);
    const train = split(600, 1);
    const test = split(200, 2);
    writeFileSync(
      join(dir, 'data.npz'),
      zipSync({ 'image.npy': train.image, 'meta.npy': train.meta, 'y_train.npy': train.y, 'image_test.npy': test.image, 'meta_test.npy': test.meta, 'y_test.npy': test.y }),
    );
    writeFileSync(join(dir, 'one.npz'), zipSync({ 'image.npy': train.image, 'y_train.npy': train.y }));
    // The same arrays as one file per input, named after the Inputs.
    for (const [name, bytes] of Object.entries({ 'x_image.npy': train.image, 'x_meta.npy': train.meta, 'y.npy': train.y, 'x_image_test.npy': test.image, 'x_meta_test.npy': test.meta, 'y_test.npy': test.y })) writeFileSync(join(dir, name), bytes);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('trains from an .npz with one array per input, named after the Inputs, and is tested on its test arrays', async () => {
    const r = await cliTrain([file, '--data-files', join(dir, 'data.npz'), '--epochs', '8', '--batch-size', '32', '--seed', '3', '--json']);
    trainedAndTested(r);
  });

  test('trains from one .npy file per input (given in any order, matched by name) and a labels file, tested on their _test siblings', async () => {
    const at = (...names: string[]) => names.map((n) => join(dir, n)).join(',');
    const r = await cliTrain([file, '--data-files', at('x_meta.npy', 'x_image.npy', 'y.npy'), '--test-files', at('x_image_test.npy', 'x_meta_test.npy', 'y_test.npy'), '--epochs', '8', '--batch-size', '32', '--seed', '3', '--json']);
    trainedAndTested(r);

    const missing = await cliTrain([file, '--data-files', at('x_image.npy', 'y.npy'), '--epochs', '1']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /The model has 2 inputs \(image, meta\)\. It trains from an \.npz .* or from one \.npy file per input named after it \(x_name1\.npy, x_name2\.npy\) with a labels file \(y\.npy\)/);
  });

  test('an .npz without an array for every input says which, and how to save one', async () => {
    const r = await cliTrain([file, '--data-files', join(dir, 'one.npz'), '--epochs', '1']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /The model has 2 inputs \(image, meta\); one\.npz has arrays image, y_train but no meta \(or meta_train, x_train_meta\)\. Save one array per input under the Input's name, e\.g\. np\.savez\("one\.npz", image=\.\.\., meta=\.\.\., y_train=\.\.\.\)\./);
  });

  test('a Keras dataset is refused for it, with what it needs instead', async () => {
    const r = await cliTrain([file, '--dataset', 'mnist', '--epochs', '1']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /MNIST has one array of inputs, but the model has 2 \(image, meta\)\. It trains from an \.npz holding one array per input under the Input's name/);
  });
});
