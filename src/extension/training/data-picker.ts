/**
 * Choosing training data when the file loads no dataset Model Lens knows: the person picks files (IDX, .npy,
 * .npz or CSV) and, for a CSV, the label column. Which file holds what is read from the names (`labels`,
 * `y_`, `test`, `t10k`), as the usual datasets name them.
 */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { formatOf, type DataSource, type FileSet } from '../../train/data/datasets';

const isLabels = (name: string) => /label|(^|[_\-.])y([_\-.]|$)|^y/i.test(name);
const isTest = (name: string) => /test|t10k|val/i.test(name);

export async function pickDataFiles(): Promise<DataSource | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: true,
    openLabel: 'Use for training',
    title: 'Training data: images and labels (IDX or .npy), one .npz with x_train/y_train, or one CSV with a label column',
    filters: { 'Training data': ['gz', 'npy', 'npz', 'csv', 'idx', 'ubyte'], 'All files': ['*'] },
  });
  if (!picked || picked.length === 0) return undefined;
  const files = picked.map((u) => u.fsPath);
  const unknown = files.filter((f) => !formatOf(f));
  if (unknown.length) {
    void vscode.window.showErrorMessage(`Model Lens reads IDX (.gz or raw), .npy, .npz and CSV files; ${unknown.map((f) => basename(f)).join(', ')} is none of these.`);
    return undefined;
  }
  const train = files.filter((f) => !isTest(basename(f)));
  const test = files.filter((f) => isTest(basename(f)));
  const set = async (group: string[], what: string): Promise<FileSet | undefined | null> => {
    if (group.length === 0) return null;
    if (group.length === 1) {
      const f = group[0];
      const format = formatOf(f);
      if (format === 'npz') return { x: f };
      if (format === 'csv') {
        const column = await vscode.window.showInputBox({
          title: `Label column of ${basename(f)}`,
          prompt: 'The column that holds the label: its name in the header row, or its number counting from 0',
          value: 'label',
        });
        if (column === undefined) return undefined;
        return { x: f, labelColumn: /^\d+$/.test(column.trim()) ? Number(column.trim()) : column.trim() };
      }
      void vscode.window.showErrorMessage(`${basename(f)} holds the ${what} inputs; pick the labels file with it.`);
      return undefined;
    }
    if (group.length !== 2) {
      void vscode.window.showErrorMessage(`Pick two ${what} files (inputs and labels); got ${group.length}: ${group.map((f) => basename(f)).join(', ')}.`);
      return undefined;
    }
    const y = group.find((f) => isLabels(basename(f))) ?? group[1];
    const x = group.find((f) => f !== y)!;
    return { x, y };
  };
  const trainSet = await set(train, 'training');
  if (!trainSet) {
    if (trainSet === null) void vscode.window.showErrorMessage('Pick training files too (their names must not say test/t10k).');
    return undefined;
  }
  const testSet = await set(test, 'test');
  if (testSet === undefined) return undefined;
  return { kind: 'files', train: trainSet, test: testSet ?? undefined };
}
