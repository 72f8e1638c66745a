/**
 * Choosing the data of a run in the editor: the Keras datasets that fit the model's input come first, each
 * with where it would come from ("Fashion-MNIST (Keras cache)"), or an offer to download it into Keras's cache
 * as `keras.datasets` would; then picking files. A download asks first, shows its progress in a notification
 * that can cancel it, and leaves what arrived for next time.
 */
import * as vscode from 'vscode';
import type { DataSource, KerasDataset } from '../../train/data/datasets';
import { DataError } from '../../train/data/errors';
import { datasetOrigin, datasetsFitting, fetchDataset, findDataset, placeLabel, planDownload } from '../../train/data/keras-downloads';
import { pickDataFiles } from './data-picker';
import type { TrainingSettings } from './training-settings';

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const foldersOf = (settings: TrainingSettings) => (settings.dataFolder ? [settings.dataFolder] : []);

/**
 * The data for a model whose input has `inputShape` (batch first): a fitting Keras dataset (downloaded when
 * the person agrees) or picked files; undefined when they leave. A model with several inputs (`inputNames`)
 * or outputs (`outputNames`) is offered files only: a Keras dataset has one array of inputs and one of labels.
 */
export async function chooseData(inputShape: readonly (number | null)[] | undefined, settings: TrainingSettings, fileName: string, inputNames?: readonly string[], outputNames?: readonly string[]): Promise<DataSource | undefined> {
  type Item = vscode.QuickPickItem & { dataset?: KerasDataset };
  const items: Item[] = [];
  const several = inputNames && inputNames.length > 1 ? inputNames : undefined;
  const outputs = outputNames && outputNames.length > 1 ? outputNames : undefined;
  for (const dataset of inputShape && !several && !outputs ? datasetsFitting(inputShape) : []) {
    const found = findDataset(dataset, foldersOf(settings));
    const plan = planDownload(dataset, { mirror: settings.datasetMirror });
    items.push(
      found
        ? { dataset, label: `$(database) ${plan.title} (${placeLabel(found)})`, description: found, detail: 'fits the model’s input' }
        : { dataset, label: `$(cloud-download) ${plan.title} (download)`, description: `${megabytes(plan.bytes)} into ${plan.folder}`, detail: `from ${datasetOrigin(settings.datasetMirror)}, as keras.datasets does` },
    );
  }
  items.push(
    outputs
      ? { label: '$(folder-opened) Pick Files…', description: `one .npz with the inputs and ${outputs.map((n) => `y_train_${n}`).join(', ')}, or the inputs and one labels file per output (${outputs.map((n) => `y_${n}.npy`).join(', ')})` }
      : several
        ? { label: '$(folder-opened) Pick Files…', description: `one .npz with ${several.join(', ')} and y_train, or one .npy per input (${several.map((n) => `x_${n}.npy`).join(', ')}) and y.npy` }
        : { label: '$(folder-opened) Pick Files…', description: 'images and labels (IDX or .npy), one .npz, or one CSV' },
  );
  const pick = await vscode.window.showQuickPick(items, {
    title: `Training data for ${fileName}`,
    placeHolder: items.length > 1 ? 'The file loads no data: train on a dataset that fits the model, or pick files' : 'The file loads no dataset Model Lens knows: pick files',
    ignoreFocusOut: true,
  });
  if (!pick) return undefined;
  if (!pick.dataset) return pickDataFiles(several, outputs);
  const data: DataSource = { kind: 'keras', dataset: pick.dataset, folders: foldersOf(settings) };
  return (await ensureDataset(pick.dataset, settings)) ? data : undefined;
}

/** True when `dataset` is on this machine, or was downloaded now with the person's consent. */
export async function ensureDataset(dataset: KerasDataset, settings: TrainingSettings): Promise<boolean> {
  if (findDataset(dataset, foldersOf(settings))) return true;
  const plan = planDownload(dataset, { mirror: settings.datasetMirror });
  const origin = datasetOrigin(settings.datasetMirror);
  const answer = await vscode.window.showInformationMessage(
    `Download ${plan.title} (${megabytes(plan.bytes)}) from ${origin} into ${plan.folder}? These are the files keras.datasets uses, so Python shares them.`,
    { modal: true },
    'Download',
  );
  if (answer !== 'Download') return false;
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Downloading ${plan.title}`, cancellable: true }, async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      let shown = -1;
      return fetchDataset(plan, {
        consent: () => true,
        signal: abort.signal,
        onProgress: (received, total, file) => {
          // One report per percent: chunks arrive far more often than a notification can show.
          const pct = Math.floor((received / Math.max(1, total)) * 100);
          if (pct <= shown && received < total) return;
          progress.report({ increment: Math.max(0, pct - shown), message: `${file} · ${megabytes(received)} of ${megabytes(total)}` });
          shown = Math.max(shown, pct);
        },
      });
    });
  } catch (e) {
    if (!(e instanceof DataError)) throw e;
    void vscode.window.showErrorMessage(`Model Lens: ${e.message}`);
    return false;
  }
  void vscode.window.showInformationMessage(`Model Lens: ${plan.title} is in ${plan.folder}.`);
  return true;
}
