/**
 * The Runs view in the Model Lens side bar: the runs folder of the first workspace folder as a table (the webview
 * filters and sorts), the selected runs' curves overlaid with the settings that differ in the legend, the
 * architecture diff of two runs, CSV export and delete. It reads the folder again when a run.json changes.
 */
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import type { RunCurves, RunsHostMessage, RunsWebviewMessage } from '../../shared/runs-protocol';
import { curvesOf, differingSettings, legendOf, runRow } from '../../train/runs/compare';
import { metricsCsv } from '../../train/runs/csv';
import { deltaText, diffLines, diffRuns, paramsText } from '../../train/runs/diff';
import { DEFAULT_RUNS_FOLDER } from '../../train/runs/record';
import { deleteRun, listRuns, readMetrics, renameRun, type StoredRun } from '../../train/runs/store';
import { importTensorBoard } from '../../train/runs/tensorboard-import';
import { webviewAssets, webviewHtml } from '../webview-html';
import { RUN_SOURCE_SCHEME, RunSourceDocuments } from './run-source';

/** The palette's "Open Run Source…": a run picked from the list, its source as it was against the file now. */
export const OPEN_RUN_SOURCE_COMMAND = 'modelLens.runs.openSource';

/** The runs folder the view shows: the first workspace folder's, as the recorder places runs. */
function viewedFolder(): string | undefined {
  const workspace = vscode.workspace.workspaceFolders?.[0];
  if (!workspace) return undefined;
  const folder = vscode.workspace.getConfiguration('modelLens.runs', workspace.uri).get<string>('folder', '').trim() || DEFAULT_RUNS_FOLDER;
  return isAbsolute(folder) ? folder : join(workspace.uri.fsPath, folder);
}

export class RunsViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private runs: StoredRun[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly sources = new RunSourceDocuments(viewedFolder);

  constructor(private readonly extensionUri: vscode.Uri) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/run.json');
    const later = () => {
      if (this.refreshTimer) clearTimeout(this.refreshTimer);
      this.refreshTimer = setTimeout(() => this.refresh(), 500);
    };
    this.disposables.push(watcher, watcher.onDidCreate(later), watcher.onDidChange(later), watcher.onDidDelete(later));
    this.disposables.push(
      vscode.workspace.registerTextDocumentContentProvider(RUN_SOURCE_SCHEME, this.sources),
      vscode.commands.registerCommand(OPEN_RUN_SOURCE_COMMAND, (id?: unknown, compare?: unknown) => this.openSource(id, compare)),
    );
  }

  /** Opens a run's source as it was (by id, or picked from the runs folder); compared with the file now unless `compare` is false. */
  private async openSource(id: unknown, compare: unknown): Promise<void> {
    let runId = typeof id === 'string' ? id : undefined;
    if (!runId) {
      const folder = viewedFolder();
      const runs = folder ? listRuns(folder).reverse() : [];
      if (!runs.length) {
        void vscode.window.showInformationMessage('Model Lens: no runs yet in this workspace; every training run is kept in .model-lens/runs.');
        return;
      }
      const picked = await vscode.window.showQuickPick(
        runs.map((r) => ({ label: r.record.label ?? r.record.id, description: `${runRow(r.record).model} · ${r.record.status}`, detail: r.record.source.path, id: r.record.id })),
        { title: 'The source of which run?', matchOnDescription: true, matchOnDetail: true },
      );
      runId = picked?.id;
    }
    if (runId) await this.sources.open(runId, compare !== false);
  }

  /** Asks for a folder of TensorBoard logs, imports its runs into the viewed runs folder and says what it did. */
  private async importTensorBoard(): Promise<void> {
    const folder = viewedFolder();
    if (!folder) {
      void vscode.window.showInformationMessage('Model Lens: open a folder first; imported runs are kept in its .model-lens/runs.');
      return;
    }
    const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Import', title: 'A folder of TensorBoard logs (event files, in it or below it)' });
    if (!picked?.[0]) return;
    // Read off the extension host's event loop between files, with progress and a Cancel button.
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Model Lens: importing TensorBoard logs', cancellable: true },
      (progress, token) => {
        const stop = new AbortController();
        const cancelled = token.onCancellationRequested(() => stop.abort());
        let shown = 0;
        const onProgress = ({ done, total, file }: { done: number; total: number; file: string }) => {
          const percent = total ? (done / total) * 100 : 0;
          progress.report({ message: `${done + 1} of ${total}: ${file}`, increment: percent - shown });
          shown = percent;
        };
        return importTensorBoard(picked[0].fsPath, folder, { onProgress, signal: stop.signal }).finally(() => cancelled.dispose());
      },
    );
    const made = result.imported.length;
    const stopped = result.cancelled ? ' before it was cancelled' : '';
    const summary = `Model Lens: imported ${made} run${made === 1 ? '' : 's'} from ${picked[0].fsPath}${stopped}${result.skipped.length ? ` (${result.skipped.length} imported before)` : ''}.`;
    if (result.notes.length) void vscode.window.showWarningMessage(`${summary} ${result.notes.slice(0, 5).join('; ')}${result.notes.length > 5 ? '; …' : ''}`);
    else void vscode.window.showInformationMessage(summary);
    this.refresh();
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const d of this.disposables) d.dispose();
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = { enableScripts: true, localResourceRoots: [webviewAssets(this.extensionUri)] };
    view.webview.html = webviewHtml(view.webview, this.extensionUri, 'runs', 'Runs');
    view.webview.onDidReceiveMessage((m: RunsWebviewMessage) => void this.onMessage(m), undefined, this.disposables);
    view.onDidChangeVisibility(() => view.visible && this.refresh(), undefined, this.disposables);
  }

  private post(m: RunsHostMessage): void {
    void this.view?.webview.postMessage(m);
  }

  private refresh(): void {
    if (!this.view) return;
    const folder = viewedFolder();
    this.runs = folder ? listRuns(folder) : [];
    this.post({ type: 'runs/didList', folder: folder ?? '', rows: this.runs.map((r) => runRow(r.record)) });
  }

  private chosen(ids: readonly string[]): StoredRun[] {
    return ids.flatMap((id) => this.runs.filter((r) => r.record.id === id));
  }

  private async onMessage(m: RunsWebviewMessage): Promise<void> {
    switch (m.type) {
      case 'runs/ready':
      case 'runs/refresh':
        return this.refresh();
      case 'runs/overlay': {
        const runs = this.chosen(m.ids).slice(0, 20);
        const differing = differingSettings(runs.map((r) => r.record));
        const curves = runs.map((r, i): RunCurves => {
          return { id: r.record.id, legend: legendOf(r.record, differing[i]), ...curvesOf(readMetrics(r.dir)) };
        });
        return this.post({ type: 'runs/didLoadCurves', runs: curves });
      }
      case 'runs/diff': {
        const [a, b] = this.chosen(m.ids);
        if (!a || !b) return;
        const diff = diffRuns(a.record, b.record);
        return this.post({
          type: 'runs/didDiff',
          title: `${a.record.label ?? a.record.id} → ${b.record.label ?? b.record.id}`,
          lines: diffLines(diff.layers),
          total: `Total params: ${paramsText(diff.totalBefore)} → ${paramsText(diff.totalAfter)} (${deltaText(diff.totalDelta)})`,
        });
      }
      case 'runs/export': {
        const runs = this.chosen(m.ids);
        if (!runs.length) return;
        const workspace = vscode.workspace.workspaceFolders?.[0]?.uri;
        const target = await vscode.window.showSaveDialog({ title: 'Export the runs’ metrics as CSV', filters: { CSV: ['csv'] }, defaultUri: workspace ? vscode.Uri.joinPath(workspace, 'runs.csv') : undefined });
        if (!target) return;
        await vscode.workspace.fs.writeFile(target, Buffer.from(metricsCsv(runs.map((r) => ({ record: r.record, metrics: readMetrics(r.dir) }))), 'utf8'));
        void vscode.window.showInformationMessage(`Model Lens: exported ${runs.length} run${runs.length === 1 ? '' : 's'} to ${target.fsPath}.`);
        return;
      }
      case 'runs/delete': {
        const runs = this.chosen(m.ids);
        const folder = viewedFolder();
        if (!runs.length || !folder) return;
        const answer = await vscode.window.showWarningMessage(`Delete ${runs.length} run${runs.length === 1 ? '' : 's'} and ${runs.length === 1 ? 'its' : 'their'} metrics?`, { modal: true }, 'Delete');
        if (answer !== 'Delete') return;
        for (const r of runs) deleteRun(folder, r.record.id);
        return this.refresh();
      }
      case 'runs/importTensorBoard':
        return this.importTensorBoard();
      case 'runs/source':
        return this.sources.open(m.id, m.compare);
      case 'runs/rename': {
        const [run] = this.chosen([m.id]);
        const folder = viewedFolder();
        if (!run || !folder) return;
        const label = await vscode.window.showInputBox({ prompt: 'A name for the run', value: run.record.label ?? '' });
        if (label === undefined) return;
        renameRun(folder, run.record.id, label);
        return this.refresh();
      }
    }
  }
}
