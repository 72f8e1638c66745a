/**
 * When Keras does not import in the selected interpreter: the offer to make a Python that has it. With the
 * person's yes, a venv `.venv` in the file's workspace folder (made by the selected Python, else `python3`) gets
 * `keras` and `jax[cpu]` from PyPI, its pip output in the log, and the Python extension selects it through its
 * environments API, so this run and the next use it.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { PythonExtension } from '@vscode/python-extension';

const CREATE = 'Create a venv with Keras + JAX';

/** The venv's interpreter, on Windows and elsewhere. */
function venvPython(folder: string): string {
  return process.platform === 'win32' ? join(folder, 'Scripts', 'python.exe') : join(folder, 'bin', 'python');
}

/** Runs a command with its output in the log; its exit code (-1 when it could not start). */
function run(command: string, args: readonly string[], log: vscode.OutputChannel, token: vscode.CancellationToken): Promise<number> {
  return new Promise((resolve) => {
    log.appendLine(`$ ${command} ${args.join(' ')}`);
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8').on('data', (t: string) => log.append(t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => log.append(t));
    const cancel = token.onCancellationRequested(() => child.kill());
    child.on('error', (e) => log.appendLine(e.message));
    child.on('close', (code) => {
      cancel.dispose();
      resolve(code ?? -1);
    });
  });
}

/**
 * Shows why the Keras engine cannot run and offers the venv. The new interpreter's path once made and selected;
 * undefined when the person declines, there is no workspace folder, or it fails (the log says why).
 */
export async function offerKerasVenv(uri: vscode.Uri, basePython: string, message: string, log: vscode.OutputChannel): Promise<string | undefined> {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const pick = await vscode.window.showErrorMessage(`Model Lens: ${message}`, ...(folder ? [CREATE] : []));
  if (pick !== CREATE || !folder) return undefined;
  const target = join(folder.uri.fsPath, '.venv');
  const python = venvPython(target);
  log.show(true);
  const made = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Model Lens: creating .venv with Keras and JAX', cancellable: true }, async (progress, token) => {
    if (!existsSync(python)) {
      progress.report({ message: 'python -m venv .venv' });
      const base = (await run(basePython, ['-m', 'venv', target], log, token)) === 0 ? 0 : await run('python3', ['-m', 'venv', target], log, token);
      if (base !== 0) return false;
    }
    progress.report({ message: "pip install keras 'jax[cpu]' (a few minutes)" });
    return (await run(python, ['-m', 'pip', 'install', '--disable-pip-version-check', 'keras', 'jax[cpu]'], log, token)) === 0;
  });
  if (!made) {
    void vscode.window.showErrorMessage(`Model Lens: the venv could not be made in ${target}; the Model Lens log has pip's output.`);
    return undefined;
  }
  try {
    const api = await PythonExtension.api();
    await api.environments.updateActiveEnvironmentPath(python, folder.uri);
    log.appendLine(`Selected ${python} for ${folder.name} (Python extension).`);
  } catch {
    log.appendLine(`Made ${python}; select it with "Python: Select Interpreter" (the Python extension is not there to do it).`);
  }
  return python;
}
