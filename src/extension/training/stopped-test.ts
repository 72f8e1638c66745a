/**
 * Testing a stopped run's model: the worker rebuilds the model, loads the weights the stop saved and runs only
 * the test set (nothing trains), in a process of its own like any run. No VS Code here beyond the caller.
 */
import type { Evaluation } from '../../shared/training-protocol';
import { TrainingSession, type SessionEnd } from '../../train/host/session';
import type { TrainJob } from '../../train/worker-protocol';

export interface StoppedTest {
  readonly session: TrainingSession;
  readonly ended: Promise<{ end: SessionEnd; evaluation?: Evaluation; message?: string }>;
}

/** Tests the weights saved in `modelDir` by a stopped run of `job`; `onPhase` hears what it is doing. */
export function testStoppedModel(workerPath: string, job: TrainJob, modelDir: string, onPhase: (phase: string) => void): StoppedTest {
  const session = new TrainingSession({ workerPath });
  let evaluation: Evaluation | undefined;
  let message: string | undefined;
  session.on('event', (e) => {
    if (e.type === 'phase') onPhase(e.phase);
    if (e.type === 'evaluation') evaluation = e.evaluation;
    if (e.type === 'failed') message = e.message;
  });
  session.start({ ...job, weightsFrom: modelDir, saveDir: undefined });
  return { session, ended: session.ended.then((end) => ({ end, evaluation, message: message ?? end.message })) };
}
