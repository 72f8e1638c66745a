/**
 * Opens a saved model (`.keras`, `.h5` / `.hdf5`, TF.js `model.json`) as a read-only page showing its Keras
 * summary, read without Python (core/config/saved-model.ts). The page has no script: nothing to message.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { analyzeSavedModel, savedModelFormat } from '../core/config/saved-model';
import { messageOnly } from '../core/interp/guarded';
import { savedModelHtml } from './saved-model-page';

/** The custom editors package.json contributes: binary Keras files by default, model.json as an option. */
export const SAVED_MODEL_VIEW = 'modelLens.savedModel';
export const TFJS_MODEL_VIEW = 'modelLens.tfjsModel';

const FORMAT_NAMES = { keras: 'Keras model (.keras)', h5: 'Keras model (HDF5)', tfjs: 'TensorFlow.js layers model' } as const;

/** Larger files are not read: the weights come with the config, and the whole file is read at once. */
const MAX_BYTES = 1 << 30;

export class SavedModelEditorProvider implements vscode.CustomReadonlyEditorProvider {
  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
    panel.webview.options = { enableScripts: false, localResourceRoots: [] };
    const name = document.uri.path.split('/').pop() ?? document.uri.path;
    const format = savedModelFormat(name) ?? 'tfjs';
    const nonce = randomBytes(18).toString('base64');
    try {
      const stat = await vscode.workspace.fs.stat(document.uri);
      if (stat.size > MAX_BYTES) throw new Error(`it has ${stat.size.toLocaleString('en-US')} bytes, over the ${MAX_BYTES.toLocaleString('en-US')} Model Lens reads`);
      const bytes = await vscode.workspace.fs.readFile(document.uri);
      panel.webview.html = savedModelHtml({ fileName: name, format: FORMAT_NAMES[format], report: analyzeSavedModel(bytes, format), nonce });
    } catch (e) {
      const report = messageOnly('warning', `Model Lens cannot read this file: ${(e as Error).message}`);
      panel.webview.html = savedModelHtml({ fileName: name, format: FORMAT_NAMES[format], report, nonce });
    }
  }
}

export function registerSavedModelEditors(): vscode.Disposable {
  const provider = new SavedModelEditorProvider();
  return vscode.Disposable.from(
    vscode.window.registerCustomEditorProvider(SAVED_MODEL_VIEW, provider, { supportsMultipleEditorsPerDocument: true }),
    vscode.window.registerCustomEditorProvider(TFJS_MODEL_VIEW, provider, { supportsMultipleEditorsPerDocument: true }),
  );
}
