/**
 * The Train picker's engine choice: TensorFlow.js (the default, no Python) or Keras (Python), the person's own
 * interpreter — the one the Python extension has selected for the file, else `python.defaultInterpreterPath`, else
 * `python3`. Keras runs the person's code, so it is offered only in a trusted workspace, and the picker says so. With the setting
 * `modelLens.ray.address` the run is a job on that Ray head (src/train/python/model_lens_ray.py); the job's name
 * and dashboard are offered when Ray takes it.
 */
import { homedir } from 'node:os';
import { isAbsolute } from 'node:path';
import * as vscode from 'vscode';
import { PythonExtension } from '@vscode/python-extension';
import { KerasSession } from '../../train/python/keras-session';
import { LOCAL_RAY } from '../../train/python/local-ray-head';
import { modelJob } from '../../train/python/python-job';
import { checkKeras, type KerasBackend } from '../../train/python/runner';
import type { TrainJob } from '../../train/worker-protocol';
import { offerKerasVenv } from './keras-venv-offer';

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

/** The interpreter the Python extension has selected for `uri`, else its setting `python.defaultInterpreterPath`, else `python3`. */
export async function selectedPython(uri: vscode.Uri): Promise<string> {
  try {
    const api = await PythonExtension.api();
    const env = await api.environments.resolveEnvironment(api.environments.getActiveEnvironmentPath(vscode.workspace.getWorkspaceFolder(uri)));
    if (env?.executable.uri) return env.executable.uri.fsPath;
  } catch {
    // no Python extension (code-server, VSCodium without it): its setting may still name the interpreter
  }
  return defaultInterpreter(uri) ?? 'python3';
}

/** `python.defaultInterpreterPath` when it names a file (absolute, `~/`, or `${workspaceFolder}/`); the extension's default `python` is no choice. */
function defaultInterpreter(uri: vscode.Uri): string | undefined {
  const v = vscode.workspace.getConfiguration('python', uri).get<string>('defaultInterpreterPath')?.trim();
  if (!v || v === 'python') return undefined;
  const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath;
  const path = v.replace(/^~(?=\/)/, homedir()).replace(/^\$\{workspaceFolder\}/, folder ?? '${workspaceFolder}');
  return isAbsolute(path) ? path : undefined;
}

/** The backend setting `modelLens.train.kerasBackend`, when set (else Keras's own choice). */
function kerasBackend(): KerasBackend | undefined {
  const v = vscode.workspace.getConfiguration('modelLens.train').get<string>('kerasBackend');
  return v === 'jax' || v === 'tensorflow' || v === 'torch' ? v : undefined;
}

/** The Ray head's dashboard address `modelLens.ray.address`, when set: Keras runs go there as Ray jobs (`local`: a head started per run). */
function rayAddress(): string | undefined {
  const v = vscode.workspace.getConfiguration('modelLens.ray').get<string>('address')?.trim();
  return v ? (v === LOCAL_RAY || /^[a-z]+:\/\//i.test(v) ? v : `http://${v}`) : undefined;
}

/** `modelLens.ray.localHeadCpus`: the CPUs a local head offers; unset or 0: all but one (local-ray-head.ts decides). */
function localHeadCpus(): number | undefined {
  const v = vscode.workspace.getConfiguration('modelLens.ray').get<number>('localHeadCpus');
  return typeof v === 'number' && v >= 1 ? Math.floor(v) : undefined;
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
  let python = await selectedPython(uri);
  let backend = kerasBackend();
  let check = await checkKeras(python, backend);
  if (!check.ok) {
    log.appendLine(check.message);
    // The offer makes a venv with Keras and JAX: the run goes on with it on JAX (or the backend set).
    const made = await offerKerasVenv(uri, python, check.message, log);
    if (!made) return undefined;
    python = made;
    backend ??= 'jax'; // the venv has JAX only: Keras's own default would be TensorFlow
    check = await checkKeras(python, backend);
    if (!check.ok) {
      void vscode.window.showErrorMessage(`Model Lens: ${check.message}`);
      return undefined;
    }
  }
  log.appendLine(`Keras engine: Keras ${check.keras} on ${check.backend} ${check.backendVersion}, Python ${check.python} (${python})`);
  const ray = rayAddress();
  const session = new KerasSession({ python, backend, ray, rayCpus: ray === LOCAL_RAY ? localHeadCpus() : undefined });
  session.on('stdout', (text) => log.append(text));
  session.on('job', (j) => {
    log.appendLine(`Ray job ${j.id} on ${j.address} (dashboard: ${j.dashboard})`);
    void vscode.window.showInformationMessage(`Model Lens: training as Ray job ${j.id} on ${j.address}.`, 'Open Ray Dashboard').then((pick) => {
      if (pick) void vscode.env.openExternal(vscode.Uri.parse(j.dashboard));
    });
  });
  return { session, start: () => session.start(made) };
}
