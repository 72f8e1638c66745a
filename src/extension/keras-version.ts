/**
 * Which Keras each Python document follows, in the editor: gathers the facts the core decides from (the
 * document's code, a notebook's saved outputs and install lines, pin files from the file's folder up to its
 * workspace folder, the packages of the interpreter the Python extension has selected) and shows the choice in
 * the status bar ("Keras 3" / "tf.keras 2", the reason as tooltip, a click opens the setting).
 */
import * as vscode from 'vscode';
import { PythonExtension } from '@vscode/python-extension';
import { dirname } from 'node:path';
import { detectKerasVersion, kerasLabel, type KerasChoice, type KerasFacts, type KerasVersionSetting, type PinFile } from '../core/keras-version/detect';
import { environmentPackages, pinFilesUpward } from '../core/keras-version/gather';
import { kindOfLanguage } from '../core/languages';
import { cellPlace } from './notebook-cells';

type Interpreter = NonNullable<KerasFacts['interpreter']>;

const PIN_FILES_GLOB = '**/{requirements*.txt,requirements*.in,constraints.txt,pyproject.toml,environment*.yml,environment*.yaml,setup.py,setup.cfg,Pipfile}';
const SETTING = 'modelLens.keras.version';
const decoder = new TextDecoder();

/** A notebook's saved text outputs and its `pip install` lines. */
function notebookFacts(notebook: vscode.NotebookDocument): Pick<KerasFacts, 'notebookOutputs' | 'installLines'> {
  const notebookOutputs: string[] = [];
  const installLines: string[] = [];
  for (const cell of notebook.getCells()) {
    if (cell.kind !== vscode.NotebookCellKind.Code) continue;
    for (const line of cell.document.getText().split('\n')) if (/^\s*[!%]?\s*(pip|pip3|conda|mamba)\s+install\b/.test(line)) installLines.push(line);
    for (const output of cell.outputs) for (const item of output.items) if (item.mime === 'text/plain' || item.mime === 'application/vnd.code.notebook.stdout') notebookOutputs.push(decoder.decode(item.data));
  }
  return { notebookOutputs, installLines };
}

export class KerasVersionController implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('modelLens.kerasVersion', vscode.StatusBarAlignment.Right, 100);
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a choice may have changed (the setting, a pin file, the selected interpreter). */
  readonly onDidChange = this.changed.event;
  private readonly pins = new Map<string, PinFile[]>();
  /** The selected interpreter's packages per workspace folder ('' outside any): null while unknown or when there is none. */
  private readonly interpreters = new Map<string, Interpreter | null>();
  private python: Promise<PythonExtension | undefined> | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly setting: () => KerasVersionSetting) {
    this.item.name = 'Model Lens: Keras version';
    this.item.command = { title: 'Choose the Keras version', command: 'workbench.action.openSettings', arguments: [SETTING] };
    const watcher = vscode.workspace.createFileSystemWatcher(PIN_FILES_GLOB);
    const pinsChanged = () => {
      this.pins.clear();
      this.fire();
    };
    this.disposables.push(
      this.item,
      this.changed,
      watcher,
      watcher.onDidCreate(pinsChanged),
      watcher.onDidChange(pinsChanged),
      watcher.onDidDelete(pinsChanged),
      vscode.window.onDidChangeActiveTextEditor(() => this.showFor(vscode.window.activeTextEditor?.document)),
      // The code itself can decide (`import tf_keras` typed in): keep the item true to the active document.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document) this.showFor(e.document);
      }),
    );
    this.showFor(vscode.window.activeTextEditor?.document);
  }

  /** The setting changed. */
  refresh(): void {
    this.fire();
  }

  /** The Keras a Python document or notebook cell follows; undefined for other documents (TF.js). */
  choiceFor(document: vscode.TextDocument): KerasChoice | undefined {
    const place = cellPlace(document);
    const kind = kindOfLanguage(document.languageId, place !== undefined).kind;
    if (kind === 'tfjs') return undefined;
    const setting = this.setting();
    if (setting !== 'auto') return detectKerasVersion({}, setting);
    const uri = place?.notebook.uri ?? document.uri;
    const code = place ? place.cells.map((c) => c.document.getText()).join('\n') : document.getText();
    return detectKerasVersion({
      sourceText: code,
      ...(place ? notebookFacts(place.notebook) : {}),
      pinFiles: this.pinFilesOf(uri),
      interpreter: this.interpreterOf(uri),
    });
  }

  private showFor(document: vscode.TextDocument | undefined): void {
    const choice = document && kindOfLanguage(document.languageId, cellPlace(document) !== undefined).kind !== 'none' ? this.choiceFor(document) : undefined;
    if (!choice) {
      this.item.hide();
      return;
    }
    this.item.text = `$(layers) ${kerasLabel(choice.version)}`;
    this.item.tooltip = `Model Lens follows ${kerasLabel(choice.version)}: ${choice.reason}.\nClick to choose (${SETTING}).`;
    this.item.show();
  }

  private fire(): void {
    this.changed.fire();
    this.showFor(vscode.window.activeTextEditor?.document);
  }

  private pinFilesOf(uri: vscode.Uri): PinFile[] {
    if (uri.scheme !== 'file') return [];
    const dir = dirname(uri.fsPath);
    let found = this.pins.get(dir);
    if (!found) {
      found = pinFilesUpward(dir, vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath);
      this.pins.set(dir, found);
    }
    return found;
  }

  /** The selected interpreter's packages when known; otherwise starts finding them (a change event follows). */
  private interpreterOf(uri: vscode.Uri): Interpreter | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const key = folder?.uri.toString() ?? '';
    if (!this.interpreters.has(key)) {
      this.interpreters.set(key, null);
      void this.findInterpreter(key, folder);
    }
    return this.interpreters.get(key) ?? undefined;
  }

  private async findInterpreter(key: string, folder: vscode.WorkspaceFolder | undefined): Promise<void> {
    try {
      const api = await this.pythonApi();
      if (!api) return;
      const env = await api.environments.resolveEnvironment(api.environments.getActiveEnvironmentPath(folder));
      if (!env) return;
      const packages = environmentPackages(env.executable.sysPrefix);
      const where = env.environment?.name ?? vscode.workspace.asRelativePath(env.path, false);
      if (packages.size === 0) return;
      this.interpreters.set(key, { where: `the selected interpreter (${where})`, packages });
      this.fire();
    } catch {
      // No interpreter we can read: the other facts decide.
    }
  }

  private pythonApi(): Promise<PythonExtension | undefined> {
    this.python ??= PythonExtension.api().then(
      (api) => {
        this.disposables.push(
          api.environments.onDidChangeActiveEnvironmentPath(() => {
            this.interpreters.clear();
            this.fire();
          }),
        );
        return api;
      },
      () => undefined, // The Python extension is not installed: pin files and the code decide.
    );
    return this.python;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
