/**
 * Where the editor's runs are kept and the recorder attached to each session: the workspace folder's
 * `modelLens.runs.folder` (default `.model-lens/runs`; an absolute path as it is), else beside the file when it is
 * in no workspace folder; an unsaved file's run is not recorded (it has no source to point back to).
 */
import { dirname, isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import type { JsonReport } from '../../core/report/json';
import { DEFAULT_RUNS_FOLDER } from '../../train/runs/record';
import { RunRecorder, type SessionEvents } from '../../train/runs/recorder';
import type { TrainJob } from '../../train/worker-protocol';

export function runsFolderFor(document: vscode.TextDocument): string | undefined {
  const config = vscode.workspace.getConfiguration('modelLens.runs', document.uri);
  if (!config.get<boolean>('enabled', true) || document.uri.scheme !== 'file') return undefined;
  const folder = config.get<string>('folder', '').trim() || DEFAULT_RUNS_FOLDER;
  if (isAbsolute(folder)) return folder;
  const workspace = vscode.workspace.getWorkspaceFolder(document.uri);
  return join(workspace ? workspace.uri.fsPath : dirname(document.uri.fsPath), folder);
}

export function recordRun(
  session: SessionEvents,
  document: vscode.TextDocument,
  report: JsonReport,
  modelIndex: number,
  job: TrainJob,
  settings: readonly { label: string; value: string }[],
  log: (line: string) => void,
): RunRecorder | undefined {
  const runsDir = runsFolderFor(document);
  if (!runsDir) return undefined;
  const file = document.uri.fsPath;
  // The editor's job saves to a temporary folder; the record names the place only once the person saves there.
  const recorder = RunRecorder.attach(session, { runsDir, file, text: document.getText(), report, modelIndex, job, settings, savedModelIsTemporary: true, onError: log });
  if (recorder) log(`  recorded in ${recorder.dir}`);
  return recorder;
}
