/**
 * The Train picker's engine choice: TensorFlow.js (the default, no Python) or Keras (Python), the person's own
 * interpreter — the one the Python extension has selected for the file, else `python3`. Keras runs the
 * person's code, so it is offered only in a trusted workspace, and the picker says so.
 */
import * as vscode from 'vscode';
import { PythonExtension } from '@vscode/python-extension';
import { KerasSession } from '../../train/python/keras-session';
import { modelJob } from '../../train/python/python-job';
import { checkKeras, type KerasBackend } from '../../train/python/runner';
import type { TrainJob } from '../../train/worker-protocol';

export type Engine = 'tfjs' | 'keras';

export const ENGINE_LABELS: Record<Engine, string> = { tfjs: 'TensorFlow.js', keras: 'Keras (Python)' };

/** The picker row that shows the engine and opens the choice. */
export function engineItem(engine: Engine): vscode.QuickPickItem & { action: string } {
  const description = engine === 'keras' ? 'your Python and Keras; runs your code' : vscode.workspace.isTrusted ? 'or Keras (Python)…' : 'Keras (Python) needs a trusted workspace';
  return { action: 'engine', label: `$(server-process) Engine: ${ENGINE_LABELS[engine]}`, description };
}

/** Asks which engine; Keras (Python) only in a trusted workspace (it runs the person's Python). */
export async function pickEngine(current: Engine): Promise<Engine | undefined> {
  type Item = vscode.QuickPickItem & { engine?: Engine };
  const trusted = vscode.workspace.isTrusted;
  const items: Item[] = [
    { engine: 'tfjs', label: ENGINE_LABELS.tfjs, description: current === 'tfjs' ? 'current' : undefined, detail: 'Translates the model to TensorFlow.js: no Python needed.' },
    trusted
      ? { engine: 'keras', label: ENGINE_LABELS.keras, description: current === 'keras' ? 'current' : undefined, detail: "Trains with the Python interpreter the Python extension selected and its Keras (runs your code)." }
      : { label: `$(lock) ${ENGINE_LABELS.keras}`, detail: 'Offered only in a trusted workspace: it runs your Python code. Trust the workspace to use it.' },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: 'Training engine', ignoreFocusOut: true });
  if (pick && !pick.engine) void vscode.commands.executeCommand('workbench.trust.manage');
  return pick?.engine;
}

/** The interpreter the Python extension has selected for `uri`, else `python3`. */
export async function selectedPython(uri: vscode.Uri): Promise<string> {
  try {
    const api = await PythonExtension.api();
    const env = await api.environments.resolveEnvironment(api.environments.getActiveEnvironmentPath(vscode.workspace.getWorkspaceFolder(uri)));
    return env?.executable.uri?.fsPath ?? 'python3';
  } catch {
    return 'python3'; // no Python extension
  }
}

/** The backend setting `modelLens.train.kerasBackend`, when set (else Keras's own choice). */
function kerasBackend(): KerasBackend | undefined {
  const v = vscode.workspace.getConfiguration('modelLens.train').get<string>('kerasBackend');
  return v === 'jax' || v === 'tensorflow' || v === 'torch' ? v : undefined;
}

/**
 * A Keras session for the job, after checking that Keras imports in the interpreter (the log says which Keras
 * and backend it found); undefined, with a message that says how to install what is missing, when it does not.
 */
export async function kerasSessionFor(uri: vscode.Uri, job: TrainJob, log: vscode.OutputChannel): Promise<{ session: KerasSession; start: () => void } | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Model Lens: the Keras (Python) engine runs your code, so it is offered only in a trusted workspace.');
    return undefined;
  }
  const made = modelJob(job);
  if ('error' in made) {
    void vscode.window.showErrorMessage(`Model Lens: ${made.error}`);
    return undefined;
  }
  const python = await selectedPython(uri);
  const backend = kerasBackend();
  const check = await checkKeras(python, backend);
  if (!check.ok) {
    log.appendLine(check.message);
    void vscode.window.showErrorMessage(`Model Lens: ${check.message}`);
    return undefined;
  }
  log.appendLine(`Keras engine: Keras ${check.keras} on ${check.backend} ${check.backendVersion}, Python ${check.python} (${python})`);
  const session = new KerasSession({ python, backend });
  session.on('stdout', (text) => log.append(text));
  return { session, start: () => session.start(made) };
}
