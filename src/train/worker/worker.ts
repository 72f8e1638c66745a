/**
 * The training worker: a child process (child_process.fork) that the extension or the CLI starts for one
 * run. TF.js, its native addon and all the data live here, so a crash, a hang or a kill never touches the
 * editor, and tfjs-node is loaded once per process (tfjs issue 8388). It exits when the run ends, when the
 * host says stop, and when the host goes away.
 */
import { train, TrainFailure, type StopSignal } from './trainer';
import type { HostToWorker, WorkerEvent } from '../worker-protocol';

const stop: StopSignal = { stopped: false };
let started = false;

function send(event: WorkerEvent): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(event, undefined, {}, () => resolve());
  });
}

async function finish(code: number, last?: WorkerEvent): Promise<never> {
  if (last) await send(last);
  process.exit(code);
}

process.on('message', (message: HostToWorker) => {
  if (message?.type === 'stop') {
    stop.stopped = true;
    if (stop.model) stop.model.stopTraining = true;
    // Nothing started yet, or stuck before the first batch: leave now.
    if (!started) void finish(0, { type: 'done', outcome: 'stopped', epochsDone: 0, samplesPerSec: 0, elapsedMs: 0 });
    return;
  }
  if (message?.type === 'start' && !started) {
    started = true;
    train(message.job, (e) => void send(e), stop).then(
      () => finish(0),
      (e: unknown) =>
        finish(
          1,
          e instanceof TrainFailure
            ? { type: 'failed', code: e.code, message: e.message, line: e.line }
            : { type: 'failed', code: 'internal', message: `Training failed: ${(e as Error)?.stack ?? String(e)}` },
        ),
    );
  }
});

// The host went away (editor closed, CLI killed): nothing is left to report to.
process.on('disconnect', () => process.exit(0));
process.on('uncaughtException', (e) => void finish(1, { type: 'failed', code: 'internal', message: `Training failed: ${e.stack ?? e.message}` }));
process.on('unhandledRejection', (e) => void finish(1, { type: 'failed', code: 'internal', message: `Training failed: ${(e as Error)?.stack ?? String(e)}` }));
