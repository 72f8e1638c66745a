/** The training panel's protocol and the host's run history: messages checked, history kept, exported. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseWebviewMessage, type BatchPoint, type RunInfo } from '../../src/shared/training-protocol';
import { applyEnd, applyEvent, historyCsv, historyJson, newRunState } from '../../src/train/host/run-state';

const INFO: RunInfo = { runId: 1, file: 'examples/fashion_mnist.py', modelName: 'model', epochs: 2, settings: [{ label: 'optimizer', value: 'Adam (learning rate 0.001)' }] };
const point = (x: number, loss: number, acc: number): BatchPoint => ({ x, epoch: Math.ceil(x), batch: 1, batches: 2, loss, acc, samples: x * 64, totalSamples: 128, elapsedMs: x * 1000, samplesPerSec: 64 });

describe('messages from the webview are checked', () => {
  test('well-formed messages pass, with only their known fields', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'webview/ready' }), { type: 'webview/ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'training/stop', extra: 1 }), { type: 'training/stop' });
    assert.deepEqual(parseWebviewMessage({ type: 'training/export', format: 'csv' }), { type: 'training/export', format: 'csv' });
    assert.deepEqual(parseWebviewMessage({ type: 'training/revealLine', line: 14 }), { type: 'training/revealLine', line: 14 });
  });

  test('anything else is dropped', () => {
    for (const bad of [null, 'webview/ready', 42, {}, { type: 'training/export', format: 'exe' }, { type: 'training/revealLine', line: 0 }, { type: 'training/revealLine', line: 1.5 }, { type: 'training/revealLine', line: '3' }, { type: 'run/shell', cmd: 'rm -rf /' }]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });
});

describe('the run history', () => {
  function run() {
    const s = newRunState(INFO);
    applyEvent(s, { type: 'phase', phase: 'Reading data' });
    applyEvent(s, { type: 'backend', name: 'wasm', notes: ['native TensorFlow: @tensorflow/tfjs-node is not installed'] });
    applyEvent(s, { type: 'batch', point: point(0.5, 1.2, 0.5) });
    applyEvent(s, { type: 'batch', point: point(1, 0.9, 0.6) });
    applyEvent(s, { type: 'epoch', epoch: { epoch: 1, epochs: 2, loss: 1.05, acc: 0.55, valLoss: 0.95, valAcc: 0.61, elapsedMs: 1000 } });
    return s;
  }

  test('events build the state the panel replays', () => {
    const s = run();
    assert.equal(s.phase, 'Reading data');
    assert.equal(s.backend?.label, 'WebAssembly (tfjs-backend-wasm)');
    assert.equal(s.points.length, 2);
    assert.equal(s.epochs[0].valAcc, 0.61);
    assert.equal(s.samplesPerSec, 64);
    applyEvent(s, { type: 'saved', dir: '/tmp/x' });
    applyEnd(s, { outcome: 'completed', exitCode: 0, signal: null });
    assert.equal(s.canSave, true);
  });

  test('a stop says so; a crash keeps its message and cannot be saved', () => {
    const stopped = run();
    applyEnd(stopped, { outcome: 'stopped', exitCode: 0, signal: null });
    assert.equal(stopped.message, 'Stopped by you after 1 epoch.');
    // Stopped inside epoch 2: where, how many epochs finished, and the weights as they stood can be saved.
    const midEpoch = run();
    applyEvent(midEpoch, { type: 'saved', dir: '/tmp/x' });
    applyEvent(midEpoch, { type: 'done', outcome: 'stopped', epochsDone: 1, samplesPerSec: 64, elapsedMs: 2000, stoppedAt: { epoch: 2, batch: 830, batches: 1875 } });
    applyEnd(midEpoch, { outcome: 'stopped', exitCode: 0, signal: null });
    assert.equal(midEpoch.message, 'Stopped by you at batch 830 of epoch 2 (of 1,875 batches); 1 epoch finished.');
    assert.equal(midEpoch.canSave, true);
    // The stop came after epoch 1's last batch (a Ray stop can travel that long): that epoch finished.
    const atEpochEnd = run();
    applyEvent(atEpochEnd, { type: 'done', outcome: 'stopped', epochsDone: 1, samplesPerSec: 64, elapsedMs: 2000, stoppedAt: { epoch: 1, batch: 1875, batches: 1875 } });
    applyEnd(atEpochEnd, { outcome: 'stopped', exitCode: 0, signal: null });
    assert.equal(atEpochEnd.message, 'Stopped by you at the end of epoch 1; 1 epoch finished.');
    const crashed = run();
    applyEvent(crashed, { type: 'saved', dir: '/tmp/x' });
    applyEnd(crashed, { outcome: 'crashed', message: 'The training process was killed (SIGKILL) before the run finished.', exitCode: null, signal: 'SIGKILL' });
    assert.equal(crashed.canSave, false);
    assert.match(crashed.message!, /SIGKILL/);
  });

  test('CSV: one row per batch point and per epoch', () => {
    assert.equal(
      historyCsv(run()),
      [
        'kind,epoch,x,batch,loss,accuracy,val_loss,val_accuracy,samples,elapsed_ms',
        'batch,1,0.5,1,1.2,0.5,,,32,500',
        'batch,1,1,1,0.9,0.6,,,64,1000',
        'epoch,1,1,,1.05,0.55,0.95,0.61,,1000',
        '',
      ].join('\n'),
    );
  });

  test('JSON: settings, backend, history; gallery pixels left out', () => {
    const s = run();
    s.evaluation = { testLoss: 0.5, testAcc: 0.8, samples: 10, classNames: ['a', 'b'], confusion: [[5, 0], [2, 3]], gallery: [{ pixels: 'AAAA', width: 2, height: 2, channels: 1, predicted: 0, actual: 1, confidence: 0.7 }] };
    const json = JSON.parse(historyJson(s));
    assert.equal(json.modelName, 'model');
    assert.equal(json.backend, 'wasm');
    assert.equal(json.batches.length, 2);
    assert.equal(json.epochs[0].valLoss, 0.95);
    assert.deepEqual(json.evaluation.gallery, [{ width: 2, height: 2, channels: 1, predicted: 0, actual: 1, confidence: 0.7 }]);
  });
});
