/**
 * The full-data check, kept out of CI time limits (a few minutes on two cores): the tutorial model trained
 * 5 epochs on all 60,000 Fashion-MNIST training images scores at least 85% on the 10,000 test images
 * (Keras gets about 88% with this model). Run: npm run test:full-data
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { cliTrain, requireBuild, requireFashionMnist, ROOT } from '../integration/helpers';

before(() => {
  requireBuild();
  requireFashionMnist();
});

test('tutorial model, 5 epochs on all 60,000 images: at least 85% test accuracy', { timeout: 1_800_000 }, async () => {
  const r = await cliTrain([join(ROOT, 'examples', 'fashion_mnist.py'), '--epochs', '5', '--json', '--seed', '7']);
  assert.equal(r.code, 0, r.stderr);
  for (const e of r.lines.filter((l) => l.event === 'epoch')) process.stdout.write(`# epoch ${e.epoch}: loss ${(e.loss as number).toFixed(4)}, accuracy ${((e.accuracy as number) * 100).toFixed(2)}%, ${(e.seconds as number).toFixed(1)} s\n`);
  const result = r.lines.find((l) => l.event === 'result')!;
  process.stdout.write(`# test accuracy ${((result.testAccuracy as number) * 100).toFixed(2)}% on ${result.testSamples} images, ${result.samplesPerSec} samples/s on ${result.backend}\n`);
  assert.equal(result.testSamples, 10000);
  assert.ok((result.testAccuracy as number) >= 0.85, `test accuracy ${result.testAccuracy}`);
});
