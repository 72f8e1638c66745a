/**
 * Choosing training data files: the person picks several at once (images and labels, training and test), the
 * files are told apart by name and shape (`file-roles.ts`), a CSV's label column is asked, and what was
 * understood is said before anything trains.
 */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { DataSource, FileSet } from '../../train/data/datasets';
import { assignRoles, peekFile, type FilePeek } from '../../train/data/file-roles';

/** `inputNames`: a model with several inputs, whose files are matched to its inputs by name (x_image.npy → image). */
export async function pickDataFiles(inputNames?: readonly string[]): Promise<DataSource | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: true,
    openLabel: 'Use for training',
    title: inputNames
      ? `Training data for the inputs ${inputNames.join(', ')}: select all the files at once — one .npy per input named after it (${inputNames.map((n) => `x_${n}.npy`).join(', ')}) and the labels (y.npy), maybe their _test siblings; or one .npz with ${inputNames.join(', ')} and y_train`
      : 'Training data: select all the files at once — images and labels (IDX or .npy), for training and maybe testing; or one .npz with x_train/y_train; or a CSV with a label column',
    filters: { 'Training data': ['gz', 'npy', 'npz', 'csv', 'idx', 'ubyte'], 'All files': ['*'] },
  });
  if (!picked || picked.length === 0) return undefined;
  const peeks: FilePeek[] = [];
  const unknown: string[] = [];
  for (const u of picked) {
    const p = peekFile(u.fsPath);
    if (p) peeks.push(p);
    else unknown.push(basename(u.fsPath));
  }
  if (unknown.length) {
    void vscode.window.showErrorMessage(`Model Lens reads IDX (.gz or raw), .npy, .npz and CSV files; ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} none of these.`);
    return undefined;
  }
  const roles = assignRoles(peeks, inputNames);
  if ('problem' in roles) {
    void vscode.window.showErrorMessage(`Model Lens: ${roles.problem}`);
    return undefined;
  }
  let source = roles.source;
  if (source.kind !== 'files') return source;
  for (const which of roles.csv ?? []) {
    const set = which === 'train' ? source.train : source.test!;
    const column = await vscode.window.showInputBox({
      title: `Label column of ${basename(set.x)}`,
      prompt: 'The column that holds the label: its name in the header row, or its number counting from 0',
      value: 'label',
    });
    if (column === undefined) return undefined;
    const labelled: FileSet = { ...set, labelColumn: /^\d+$/.test(column.trim()) ? Number(column.trim()) : column.trim() };
    source = which === 'train' ? { ...source, train: labelled } : { ...source, test: labelled };
  }
  const ok = await vscode.window.showInformationMessage('Model Lens will train on these files:', { modal: true, detail: roles.understood.join('\n') }, 'Use These Files');
  return ok === 'Use These Files' ? source : undefined;
}
