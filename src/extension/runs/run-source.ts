/**
 * "Open the source as it was" for a run: a read-only virtual document (`model-lens-run:/<run id>/<file name>`)
 * served from the run folder's copy or the run's git commit (`train/runs/source.ts`), and a diff of it against
 * the file as it is now. A URI names a run only by its id in the viewed runs folder, so no URI reads elsewhere.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import { readRunRecord } from '../../train/runs/store';
import { runSource, type RunSource } from '../../train/runs/source';
import type { RunRecord } from '../../train/runs/record';

export const RUN_SOURCE_SCHEME = 'model-lens-run';

/** A run id as the recorder makes it: one folder name, nothing that climbs out of the runs folder. */
const isRunId = (id: string) => /^[A-Za-z0-9_.-]+$/.test(id) && !/^\.+$/.test(id);

export function runSourceUri(record: RunRecord): vscode.Uri {
  // The file's own name last, so the editor picks its language (Python, TypeScript, ...) from it.
  return vscode.Uri.from({ scheme: RUN_SOURCE_SCHEME, path: `/${record.id}/${basename(record.source.path) || 'source'}` });
}

export class RunSourceDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly runsFolder: () => string | undefined) {}

  /** The run's source, or why it cannot be had. */
  sourceOf(id: string): { record?: RunRecord; source: RunSource } {
    const folder = this.runsFolder();
    if (!folder || !isRunId(id)) return { source: { missing: 'no such run' } };
    const dir = join(folder, id);
    const record = readRunRecord(dir);
    return record ? { record, source: runSource(dir, record) } : { source: { missing: 'no such run' } };
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.sourceOf(uri.path.split('/')[1] ?? '').source.text ?? '';
  }

  /** Opens the run's source read-only; with `compare`, as a diff against the file as it is now. */
  async open(id: string, compare: boolean): Promise<void> {
    const { record, source } = this.sourceOf(id);
    if (!record || source.text === undefined) {
      void vscode.window.showWarningMessage(`Model Lens: the source of run ${id} is not available: ${'missing' in source ? source.missing : 'no such run'}.`);
      return;
    }
    const uri = runSourceUri(record);
    const name = record.label ?? record.id;
    if (!compare) {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
      return;
    }
    const current = vscode.Uri.file(record.source.path);
    if (!existsSync(record.source.path)) {
      void vscode.window.showWarningMessage(`Model Lens: ${record.source.path} is no longer there; opening the run's source alone.`);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
      return;
    }
    await vscode.commands.executeCommand('vscode.diff', uri, current, `${basename(record.source.path)}: run ${name} ↔ now`);
  }
}
