/**
 * Choosing training data files: the person picks several at once (images and labels, training and test), or
 * one after another, the files are told apart by name and shape (`file-roles.ts`), what was understood is said
 * before anything trains, and a CSV's label column is asked.
 */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { DataSource, FileSet } from '../../train/data/datasets';
import { assignRoles, peekFile, type FilePeek, type Roles } from '../../train/data/file-roles';

const ADD = 'Add Files…';

/**
 * `inputNames`: a model with several inputs, whose files are matched to its inputs by name (x_image.npy → image);
 * `outputNames`: one with several outputs, whose labels files are matched by name (y_kind.npy → kind).
 * VS Code's own file dialog (in the browser, and wherever `files.simpleDialog.enable` is on) returns one file per
 * pick: so what was picked is said after each pick, with "Add Files…" until the set is whole.
 */
export async function pickDataFiles(inputNames?: readonly string[], outputNames?: readonly string[]): Promise<DataSource | undefined> {
  const peeks: FilePeek[] = [];
  for (;;) {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: true,
      openLabel: 'Use for training',
      title: peeks.length
        ? `Add training data to ${peeks.map((f) => basename(f.path)).join(', ')}`
        : outputNames
          ? `Training data for the outputs ${outputNames.join(', ')}: select all the files at once — the inputs and one labels .npy per output named after it (${outputNames.map((n) => `y_${n}.npy`).join(', ')}), maybe their test siblings (${outputNames.map((n) => `y_test_${n}.npy`).join(', ')}); or one .npz with x_train and ${outputNames.map((n) => `y_train_${n}`).join(', ')}`
          : inputNames
            ? `Training data for the inputs ${inputNames.join(', ')}: select all the files at once — one .npy per input named after it (${inputNames.map((n) => `x_${n}.npy`).join(', ')}) and the labels (y.npy), maybe their _test siblings; or one .npz with ${inputNames.join(', ')} and y_train`
            : 'Training data: select all the files at once — images and labels (IDX or .npy), for training and maybe testing; or one .npz with x_train/y_train; or a CSV with a label column',
      filters: { 'Training data': ['gz', 'npy', 'npz', 'csv', 'idx', 'ubyte'], 'All files': ['*'] },
    });
    if (!picked || picked.length === 0) return undefined;
    const unknown: string[] = [];
    for (const u of picked) {
      const p = peekFile(u.fsPath);
      if (!p) unknown.push(basename(u.fsPath));
      else if (!peeks.some((f) => f.path === p.path)) peeks.push(p);
    }
    if (unknown.length) {
      void vscode.window.showErrorMessage(`Model Lens reads IDX (.gz or raw), .npy, .npz and CSV files; ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} none of these.`);
      return undefined;
    }
    const roles = assignRoles(peeks, inputNames, outputNames);
    if ('problem' in roles) {
      // Often only a partner is missing (the labels of picked images): another pick may complete the set.
      const next = await vscode.window.showWarningMessage(`Model Lens: ${roles.problem}`, { modal: true, detail: `Picked so far: ${peeks.map((f) => basename(f.path)).join(', ')}.` }, ADD);
      if (next === ADD) continue;
      return undefined;
    }
    const ok = await vscode.window.showInformationMessage('Model Lens will train on these files:', { modal: true, detail: roles.understood.join('\n') }, 'Use These Files', ADD);
    if (ok === ADD) continue;
    if (ok !== 'Use These Files') return undefined;
    return withLabelColumns(roles);
  }
}

/** A CSV's label column, asked for each CSV set. */
async function withLabelColumns(roles: Extract<Roles, { source: DataSource }>): Promise<DataSource | undefined> {
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
  return source;
}
