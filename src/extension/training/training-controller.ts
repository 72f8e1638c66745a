/**
 * "▶ Train" / "Model Lens: Train Model": pre-flight in the extension host (nothing runs there but the
 * analysis), then one worker process per run. The controller owns the run: its history (replayed to the panel
 * whenever the panel loads), the panel, a progress notification with Cancel and a status-bar item, export and
 * save. Stopping always ends the process within a second; a worker that dies is reported, and the next run
 * starts a fresh one.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { SaveError, writeModelFiles } from '../../train/model-files';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import type { ModelInfo } from '../../shared/lsp-protocol';
import type { JsonReport } from '../../core/report/json';
import type { BatchPoint, HostMessage, RunInfo, RunState, WebviewMessage } from '../../shared/training-protocol';
import type { DataSource } from '../../train/data/datasets';
import { formatBytes } from '../../train/host/memory';
import type { PlanOptions, TrainPlan } from '../../train/host/plan';
import { noteLabel, noteSourceText, noteText, noteValueText, type NoteKind } from '../../train/host/plan-notes';
import { applyEnd, applyEvent, historyCsv, historyJson, newRunState } from '../../train/host/run-state';
import { TrainingSession, type SessionEnd } from '../../train/host/session';
import type { TrainJob, WorkerEvent } from '../../train/worker-protocol';
import { testStoppedModel } from './stopped-test';
import { MODEL_LANGUAGES } from '../../core/languages';
import type { ModelLensClient } from '../language-client';
import { recordRun } from './run-record';
import type { RunRecorder } from '../../train/runs/recorder';
import { Commands } from '../commands';
import { documentName } from '../notebook-cells';
import { chooseData, ensureDataset } from './dataset-choice';
import { planForDocument, type DocumentProblem, type SourceLine } from './document-plan';
import { TrainingPanel } from './training-panel';
import { ENGINE_LABELS, engineItem, kerasSessionFor, pickEngine, type Engine } from './keras-engine';
import type { KerasSession } from '../../train/python/keras-session';
import { readTrainingSettings, type TrainingSettings } from './training-settings';

/** What was asked for, so "Train again" repeats it. */
interface Request {
  readonly uri: vscode.Uri;
  readonly modelIndex: number;
  readonly overrides: Overrides;
  /** Where a line of the run is (a notebook's layers may be in any of its cells). */
  readonly lineAt: (line: number) => SourceLine;
}

/** Changes made in the pre-flight picker for this file and model. */
interface Overrides {
  epochs?: number;
  batchSize?: number;
  limit?: number;
  data?: DataSource;
  /** "Divide by 255" chosen after the unscaled-inputs warning. */
  scale?: number;
  /** The Train picker's engine; TensorFlow.js when not chosen. */
  engine?: Engine;
}

/** How often batch points go to the panel (ms): well inside the half second the issue allows. */
const FLUSH_MS = 150;

export class TrainingController implements vscode.Disposable {
  private session: TrainingSession | KerasSession | undefined;
  private state: RunState | null = null;
  private panel: TrainingPanel | undefined;
  private readonly status: vscode.StatusBarItem;
  private readonly log: vscode.OutputChannel;
  private runId = 0;
  private last: Request | undefined;
  /** Where the current run's worker writes the trained model; "Save model" copies from here. */
  private runDir: string | undefined;
  private pending: BatchPoint[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private progressReport: ((fraction: number, message: string) => void) | undefined;
  private progressDone: (() => void) | undefined;
  private readonly overrides = new Map<string, Overrides>();
  /** The job of the current run, to test its model after a stop. */
  private lastJob: TrainJob | undefined;
  /** The current run's record, told where "Save model" put the model. */
  private recorder: RunRecorder | undefined;
  private testing: TrainingSession | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly client: ModelLensClient,
  ) {
    this.status = vscode.window.createStatusBarItem('modelLens.training', vscode.StatusBarAlignment.Left, 50);
    this.status.name = 'Model Lens training';
    this.status.command = Commands.showTraining;
    this.log = vscode.window.createOutputChannel('Model Lens Training');
  }

  get running(): boolean {
    return this.session?.running ?? false;
  }

  // ---------------------------------------------------------------- commands

  /** Train the model at `index` in `uri` (from the lens), or the one at the cursor. */
  async train(uri?: vscode.Uri, index?: number, repeat = false): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const document = uri ? await vscode.workspace.openTextDocument(uri) : editor?.document;
    if (!document || !MODEL_LANGUAGES.includes(document.languageId)) {
      void vscode.window.showInformationMessage('Model Lens: open a file with a Keras (Python) or TensorFlow.js (JavaScript, TypeScript) model, then run "Train Model" with the cursor in the model.');
      return;
    }
    const position = index === undefined && editor?.document === document ? editor.selection.active : undefined;
    const found = await this.client.models({ uri: document.uri.toString(), ...(position ? { position: { line: position.line, character: position.character } } : {}) });
    if (found.models.length === 0) {
      void vscode.window.showInformationMessage(`Model Lens: ${found.stopped ? `could not read this file: ${found.stopped}.` : 'no Keras or TF.js model found in this file.'}`);
      return;
    }
    const modelIndex = index ?? found.at ?? 0;
    const model = found.models[modelIndex];
    if (!model) return;
    if (this.running) {
      const choice = await vscode.window.showWarningMessage('A training run is in progress. Stop it and start a new one?', { modal: true }, 'Stop and Start');
      if (choice !== 'Stop and Start') return;
      await this.stopAndWait();
    }
    const key = `${document.uri.toString()}#${modelIndex}`;
    const overrides: Overrides = { ...(this.overrides.get(key) ?? {}) };
    const settings = readTrainingSettings();

    // Pre-flight, with a chance to change the settings; files are picked when the source loads no known dataset.
    for (;;) {
      const planned = await planForDocument(this.client, document, this.planOptions(settings, modelIndex, overrides));
      if (!planned.plan) {
        const needsData = !overrides.data && planned.problems.some((p) => /loads no dataset/.test(p.message)) && planned.problems.length === 1;
        if (needsData) {
          // The model's input as the plan sees it with a dataset in place: which Keras datasets fit it.
          const probe = await planForDocument(this.client, document, this.planOptions(settings, modelIndex, { ...overrides, data: { kind: 'keras', dataset: 'fashion_mnist' } }));
          // A model with several inputs or outputs refuses a Keras dataset: their names come from a plan on files.
          const model = probe.plan ? probe.plan.job.model : (await planForDocument(this.client, document, this.planOptions(settings, modelIndex, { ...overrides, data: { kind: 'files', train: { x: 'data.npz' } } }))).plan?.job.model;
          const data = await chooseData(probe.plan?.job.model.inputShape, settings, basename(document.fileName), model?.inputs?.map((i) => i.name), model?.outputs?.map((o) => o.name));
          if (!data) return;
          overrides.data = data;
          continue;
        }
        this.reportProblems(model, document, planned.problems);
        return;
      }
      const data = planned.plan.job.data;
      if (data.kind === 'keras' && !(await ensureDataset(data.dataset, settings))) return;
      if (!settings.confirmBeforeStart || repeat) {
        this.overrides.set(key, overrides);
        return this.start(document, model, modelIndex, planned.plan, planned.lineAt, overrides, planned.report);
      }
      const next = await this.confirm(model, planned.plan, overrides, settings, basename(document.fileName));
      if (next === 'start') {
        this.overrides.set(key, overrides);
        return this.start(document, model, modelIndex, planned.plan, planned.lineAt, overrides, planned.report);
      }
      if (next === 'cancel') return;
    }
  }

  /** Stop the current run (the panel's Stop, the notification's Cancel, the command). */
  stop(): void {
    this.session?.stop();
  }

  showPanel(): void {
    this.ensurePanel().reveal();
  }

  // ---------------------------------------------------------------- pre-flight

  private planOptions(settings: TrainingSettings, modelIndex: number, o: Overrides): PlanOptions {
    return {
      modelIndex,
      epochs: o.epochs ?? (settings.epochs || undefined),
      batchSize: o.batchSize ?? (settings.batchSize || undefined),
      limit: o.limit !== undefined ? o.limit || undefined : settings.sampleLimit || undefined,
      testLimit: settings.testSampleLimit || undefined,
      backend: settings.backend,
      dataFolder: settings.dataFolder || undefined,
      data: o.data,
      scale: o.scale ?? (settings.inputScaling === 'asFile' ? undefined : settings.inputScaling === 'divideBy255' ? 1 / 255 : 1),
      memoryWarningMB: settings.memoryWarningMB,
      progressIntervalMs: 200,
    };
  }

  private reportProblems(model: ModelInfo, document: vscode.TextDocument, problems: readonly DocumentProblem[]): void {
    this.log.appendLine(`[${new Date().toLocaleTimeString()}] ${documentName(document)}: "${model.variable ?? model.name}" cannot be trained here:`);
    for (const p of problems) this.log.appendLine(`  ${p.where ? `${p.where}: ` : ''}${p.message}`);
    const first = problems[0];
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    const actions = [...(first?.line ? ['Go to Line'] : []), ...(problems.length > 1 ? ['Show All'] : [])];
    void vscode.window.showErrorMessage(`Model Lens cannot train "${model.variable ?? model.name}": ${first?.message ?? 'unknown problem'}${more}`, ...actions).then((a) => {
      if (a === 'Go to Line' && first?.line) void revealLine({ uri: first.uri ?? document.uri, line: first.line });
      if (a === 'Show All') this.log.show(true);
    });
  }

  /** The settings of the run, each one a way to change it; resolves when the person starts, changes something or leaves. */
  private async confirm(model: ModelInfo, plan: TrainPlan, o: Overrides, settings: TrainingSettings, fileName: string): Promise<'start' | 'again' | 'cancel'> {
    const job = plan.job;
    type Item = vscode.QuickPickItem & { action: string };
    const noted = (kind: NoteKind) => plan.notes.find((n) => n.kind === kind);
    const dataNote = noted('data');
    const dataLabel = job.data.kind === 'keras' ? (dataNote ? noteValueText(dataNote) : job.data.dataset) : basename(job.data.train.x);
    const items: Item[] = [
      { action: 'start', label: '$(play) Start training', description: `${job.fit.epochs} epoch${job.fit.epochs === 1 ? '' : 's'} · batch ${job.fit.batchSize} · ${plan.model.params.toLocaleString('en-US')} params`, detail: plan.warnings.join(' ') || undefined },
      { action: 'epochs', label: `$(symbol-number) Epochs: ${job.fit.epochs}`, description: o.epochs !== undefined ? 'changed' : noteSourceText(noted('epochs')!) },
      { action: 'batch', label: `$(symbol-number) Batch size: ${job.fit.batchSize}`, description: o.batchSize !== undefined ? 'changed' : noteSourceText(noted('batch size')!) },
      { action: 'limit', label: `$(filter) Training samples: ${job.limit ? `first ${job.limit.toLocaleString('en-US')}` : 'all'}`, description: 'use a subset for a quick run' },
      { action: 'data', label: `$(database) Data: ${dataLabel}`, description: 'another dataset or files…' },
      engineItem(o.engine ?? 'tfjs'),
      { action: 'settings', label: '$(settings-gear) More settings…', description: `backend ${job.backend}, data folder, input scaling, memory warning (${formatBytes(plan.memoryBytes)} estimated)` },
    ];
    const pick = await vscode.window.showQuickPick(items, {
      title: `Train "${model.variable ?? model.name}" with ${ENGINE_LABELS[o.engine ?? 'tfjs']} — ${plan.compileName}`,
      placeHolder: 'Start, or change a setting for this run',
      ignoreFocusOut: true,
    });
    if (!pick) return 'cancel';
    const askNumber = async (title: string, value: number, zeroMeans?: string): Promise<number | undefined> => {
      const v = await vscode.window.showInputBox({
        title,
        value: String(value),
        prompt: zeroMeans ? `A whole number; 0 means ${zeroMeans}` : 'A whole number of at least 1',
        validateInput: (s) => (/^\d+$/.test(s.trim()) && (zeroMeans || Number(s) >= 1) ? undefined : zeroMeans ? 'Enter a whole number (0 or more)' : 'Enter a whole number of at least 1'),
      });
      return v === undefined ? undefined : Number(v.trim());
    };
    switch (pick.action) {
      case 'start':
        return 'start';
      case 'epochs': {
        const v = await askNumber('Epochs for this run', job.fit.epochs);
        if (v !== undefined) o.epochs = v;
        return 'again';
      }
      case 'batch': {
        const v = await askNumber('Batch size for this run', job.fit.batchSize);
        if (v !== undefined) o.batchSize = v;
        return 'again';
      }
      case 'limit': {
        const v = await askNumber('Train on the first N samples', job.limit ?? 0, 'all of them');
        if (v !== undefined) o.limit = v;
        return 'again';
      }
      case 'data': {
        const data = await chooseData(job.model.inputShape, settings, fileName, job.model.inputs?.map((i) => i.name), job.model.outputs?.map((o) => o.name));
        if (data) o.data = data;
        return 'again';
      }
      case 'engine': {
        const engine = await pickEngine(o.engine ?? 'tfjs');
        if (engine) o.engine = engine;
        return 'again';
      }
      case 'settings':
        await vscode.commands.executeCommand('workbench.action.openSettings', 'modelLens.train');
        return 'cancel';
      default:
        return 'cancel';
    }
  }

  // ---------------------------------------------------------------- the run

  private async start(document: vscode.TextDocument, model: ModelInfo, modelIndex: number, plan: TrainPlan, lineAt: Request['lineAt'], overrides: Overrides, report: JsonReport | undefined): Promise<void> {
    this.last = { uri: document.uri, modelIndex, overrides, lineAt };
    this.testing?.kill();
    this.cleanRunDir();
    this.runDir = mkdtempSync(join(tmpdir(), 'model-lens-run-'));
    const job = { ...plan.job, saveDir: join(this.runDir, 'model') };
    this.lastJob = job;
    // The Keras engine first checks that Keras imports in the person's Python; no run when it does not.
    const keras = overrides.engine === 'keras' ? await kerasSessionFor(document.uri, job, this.log) : undefined;
    if (overrides.engine === 'keras' && !keras) return;
    const name = model.variable ?? model.name;
    const info: RunInfo = {
      runId: ++this.runId,
      file: documentName(document),
      modelName: name,
      epochs: job.fit.epochs,
      settings: plan.notes.map((n) => ({ label: noteLabel(n), value: noteValueText(n) })),
    };
    this.state = newRunState(info);
    for (const w of plan.warnings) this.state.warnings.push(w);
    this.log.appendLine(`[${new Date().toLocaleTimeString()}] Training "${name}" from ${info.file}: ${plan.notes.map(noteText).join('; ')}`);

    const panel = this.ensurePanel();
    panel.title = `Training ${name}`;
    panel.reveal();
    this.post({ type: 'training/didStart', info });
    for (const w of plan.warnings) this.post({ type: 'training/didWarn', message: w });

    const tfjs = keras ? undefined : new TrainingSession({ workerPath: vscode.Uri.joinPath(this.extensionUri, 'dist', 'train-worker.js').fsPath });
    const session = (keras?.session ?? tfjs)!;
    this.session = session;
    session.on('event', (e) => {
      if (this.session === session) this.onEvent(e);
    });
    session.on('stderr', (text) => this.log.append(text));
    this.recorder = report ? recordRun(session, document, report, modelIndex, job, info.settings, (line) => this.log.appendLine(line)) : undefined;
    session.on('end', (end) => {
      if (this.session === session) this.onEnd(end, name);
    });
    this.showProgress(name, session);
    this.status.text = `$(pulse) Training ${name}: starting`;
    this.status.tooltip = 'Model Lens is training a model. Click to show the chart.';
    this.status.show();
    if (keras) keras.start();
    else tfjs!.start(job);
  }

  private showProgress(name: string, session: TrainingSession | KerasSession): void {
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Training ${name}`, cancellable: true }, (progress, token) => {
      token.onCancellationRequested(() => session.stop());
      let reported = 0;
      this.progressReport = (fraction, message) => {
        const pct = Math.round(fraction * 100);
        progress.report({ increment: Math.max(0, pct - reported), message });
        reported = Math.max(reported, pct);
      };
      return new Promise<void>((resolve) => (this.progressDone = resolve));
    });
  }

  private onEvent(e: WorkerEvent): void {
    const state = this.state;
    if (!state) return;
    applyEvent(state, e);
    switch (e.type) {
      case 'phase':
        this.post({ type: 'training/didChangePhase', phase: e.phase });
        if (!state.points.length) this.progressReport?.(0, e.phase);
        break;
      case 'backend':
        this.post({ type: 'training/didSelectBackend', backend: state.backend! });
        this.log.appendLine(`  backend: ${state.backend!.label}${e.notes.length ? ` (${e.notes.join('; ')})` : ''}`);
        break;
      case 'data':
        this.post({ type: 'training/didLoadData', data: e.data });
        break;
      case 'warning':
        this.post({ type: 'training/didWarn', message: e.message });
        if (e.code === 'unscaled') this.offerDivideBy255(e.message);
        break;
      case 'batch': {
        this.pending.push(e.point);
        this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
        const p = e.point;
        const fraction = p.samples / Math.max(1, p.totalSamples);
        const acc = p.acc !== undefined ? ` · accuracy ${(p.acc * 100).toFixed(1)}%` : '';
        this.progressReport?.(fraction, `epoch ${p.epoch}/${state.info.epochs} · loss ${p.loss.toFixed(4)}${acc}`);
        this.status.text = `$(pulse) Training ${state.info.modelName}: epoch ${p.epoch}/${state.info.epochs} · ${Math.round(fraction * 100)}%`;
        break;
      }
      case 'epoch':
        this.flush();
        this.post({ type: 'training/didEndEpoch', epoch: e.epoch });
        break;
      case 'evaluation':
        this.post({ type: 'training/didEvaluate', evaluation: e.evaluation });
        break;
      default:
        break;
    }
  }

  /** The unscaled-inputs warning, with the fix one click away: the run starts again with inputs divided by 255. */
  private offerDivideBy255(message: string): void {
    const request = this.last;
    if (!request) return;
    void vscode.window.showWarningMessage(`Model Lens: ${message}`, 'Divide by 255 and Train Again').then(async (a) => {
      if (a !== 'Divide by 255 and Train Again' || this.last !== request) return;
      const key = `${request.uri.toString()}#${request.modelIndex}`;
      this.overrides.set(key, { ...(this.overrides.get(key) ?? request.overrides), scale: 1 / 255 });
      await this.stopAndWait();
      await this.train(request.uri, request.modelIndex, true);
    });
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pending.length === 0) return;
    const points = this.pending;
    this.pending = [];
    this.post({ type: 'training/didProgress', points });
  }

  private onEnd(end: SessionEnd, name: string): void {
    this.flush();
    const state = this.state;
    if (state) {
      applyEnd(state, end);
      if (state.line && this.last) state.where = this.last.lineAt(state.line).where;
      this.post({ type: 'training/didEnd', outcome: end.outcome, message: state.message, line: state.line, where: state.where, samplesPerSec: state.samplesPerSec, canSave: state.canSave });
    }
    this.progressDone?.();
    this.progressDone = undefined;
    this.progressReport = undefined;
    this.status.hide();
    this.session = undefined;
    const acc = state?.evaluation?.testAcc;
    // With several outputs the accuracy is one output's: say whose.
    const accText = acc !== undefined ? `test accuracy${state?.evaluation?.shownOutput ? ` of ${state.evaluation.shownOutput}` : ''} ${(acc * 100).toFixed(2)}%` : undefined;
    this.log.appendLine(`  ${end.outcome}${state?.message ? `: ${state.message}` : ''}${accText ? ` · ${accText}` : ''}`);
    if (end.outcome === 'completed') {
      const summary = accText ?? (state?.evaluation ? `test loss ${state.evaluation.testLoss.toFixed(4)}` : 'done');
      void vscode.window.showInformationMessage(`Training ${name} finished: ${summary}.`, 'Show Chart', 'Save Model…').then((a) => {
        if (a === 'Show Chart') this.showPanel();
        if (a === 'Save Model…') void this.saveModel();
      });
    } else if (end.outcome === 'stopped' && state?.canSave) {
      void vscode.window.showInformationMessage(`Training ${name}: ${state.message ?? 'stopped'}`, 'Test the Model', 'Save Model…').then((a) => {
        if (a === 'Test the Model') void this.testStopped();
        if (a === 'Save Model…') void this.saveModel();
      });
    } else if (end.outcome === 'failed' || end.outcome === 'crashed') {
      const actions = state?.line && this.last ? ['Go to Line', 'Show Log'] : ['Show Log'];
      void vscode.window.showErrorMessage(`Training ${name} ${end.outcome === 'crashed' ? 'stopped unexpectedly' : 'failed'}: ${state?.message ?? 'unknown error'}`, ...actions).then((a) => {
        if (a === 'Go to Line' && state?.line && this.last) void revealLine(this.last.lineAt(state.line));
        if (a === 'Show Log') this.log.show(true);
      });
    }
  }

  private async stopAndWait(): Promise<void> {
    const s = this.session;
    if (!s) return;
    s.stop();
    await s.ended;
  }

  // ---------------------------------------------------------------- panel

  private ensurePanel(): TrainingPanel {
    this.panel ??= new TrainingPanel(
      this.extensionUri,
      this.state ? `Training ${this.state.info.modelName}` : 'Training',
      (m) => void this.onPanelMessage(m),
      () => (this.panel = undefined),
    );
    return this.panel;
  }

  private post(m: HostMessage): void {
    this.panel?.post(m);
  }

  private async onPanelMessage(m: WebviewMessage): Promise<void> {
    switch (m.type) {
      case 'webview/ready':
        // The panel (re)loaded: it gets everything so far.
        this.pending = [];
        if (this.flushTimer) clearTimeout(this.flushTimer);
        this.flushTimer = undefined;
        this.post({ type: 'training/didReset', state: this.state, running: this.running });
        break;
      case 'training/stop':
        this.stop();
        break;
      case 'training/restart':
        if (this.last && !this.running) await this.train(this.last.uri, this.last.modelIndex, true);
        break;
      case 'training/export':
        await this.exportHistory(m.format);
        break;
      case 'training/saveModel':
        await this.saveModel();
        break;
      case 'training/evaluate':
        await this.testStopped();
        break;
      case 'training/revealLine':
        if (this.last) await revealLine(this.last.lineAt(m.line));
        break;
    }
  }

  private async exportHistory(format: 'csv' | 'json'): Promise<void> {
    const state = this.state;
    if (!state) return;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${state.info.modelName}-training-${state.info.runId}.${format}`;
    const target = await vscode.window.showSaveDialog({
      title: `Export the training history as ${format.toUpperCase()}`,
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
    });
    if (!target) return;
    const text = format === 'csv' ? historyCsv(state) : historyJson(state);
    await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
    void vscode.window.showInformationMessage(`Model Lens: training history written to ${vscode.workspace.asRelativePath(target)}.`);
  }

  private async saveModel(): Promise<void> {
    if (!this.state?.canSave || !this.runDir) {
      void vscode.window.showInformationMessage('Model Lens: there is no trained model to save yet (a run must finish, or be stopped after its first batch).');
      return;
    }
    // The Keras engine saved a .keras file; TF.js, model.json + weights.bin.
    const keras = existsSync(join(this.runDir, 'model', 'model.keras'));
    const names = keras ? ['model.keras'] : ['weights.bin', 'model.json'];
    const picked = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: 'Save Model Here', title: `Save the trained model (${keras ? 'Keras format: model.keras' : 'TF.js format: model.json + weights.bin'})` });
    if (!picked?.[0]) return;
    const dir = picked[0].fsPath;
    try {
      const files = names.map((name) => ({ name, data: readFileSync(join(this.runDir!, 'model', name)) }));
      writeModelFiles(dir, files);
    } catch (e) {
      void vscode.window.showErrorMessage(e instanceof SaveError ? `Model Lens: ${e.message}` : `Model Lens could not save the model to ${dir}: ${(e as Error).message}`);
      return;
    }
    this.state.savedTo = dir;
    this.recorder?.savedModelTo(dir);
    this.post({ type: 'training/didSave', folder: dir });
    void vscode.window.showInformationMessage(keras ? `Model Lens: saved model.keras to ${dir}. Load it with keras.saving.load_model.` : `Model Lens: saved model.json and weights.bin to ${dir}. Load them with tf.loadLayersModel, or convert to Keras with the tensorflowjs converter (see the README).`);
  }

  /** Tests a stopped run's model on the test set (its saved weights; nothing trains) and shows the results. */
  private async testStopped(): Promise<void> {
    const state = this.state;
    const job = this.lastJob;
    if (!state || !job || !this.runDir || state.outcome !== 'stopped' || !state.canSave || this.testing || this.running) return;
    if (existsSync(join(this.runDir, 'model', 'model.keras'))) {
      void vscode.window.showInformationMessage('Model Lens: testing a stopped Keras (Python) run is not available yet; save the model (model.keras) and evaluate it with Keras.');
      return;
    }
    const stoppedPhase = state.phase;
    const run = testStoppedModel(vscode.Uri.joinPath(this.extensionUri, 'dist', 'train-worker.js').fsPath, job, join(this.runDir, 'model'), (phase) => this.post({ type: 'training/didChangePhase', phase }));
    this.testing = run.session;
    const { end, evaluation, message } = await run.ended;
    this.testing = undefined;
    if (this.state !== state) return;
    if (evaluation) {
      state.evaluation = evaluation;
      this.post({ type: 'training/didEvaluate', evaluation });
    } else {
      void vscode.window.showErrorMessage(`Model Lens could not test the stopped model: ${message ?? end.outcome}`);
    }
    state.phase = stoppedPhase;
    this.post({ type: 'training/didEnd', outcome: 'stopped', message: state.message, samplesPerSec: state.samplesPerSec, canSave: state.canSave });
  }

  private cleanRunDir(): void {
    if (this.runDir) rmSync(this.runDir, { recursive: true, force: true });
    this.runDir = undefined;
  }

  dispose(): void {
    this.session?.kill();
    this.testing?.kill();
    this.session = undefined;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.progressDone?.();
    this.panel?.dispose();
    this.status.dispose();
    this.log.dispose();
    this.cleanRunDir();
  }
}

/** Opens the document (a notebook's cell opens in its notebook) with the cursor at the start of the line (1-based). */
async function revealLine({ uri, line }: { readonly uri: vscode.Uri; readonly line: number }): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const pos = new vscode.Position(Math.max(0, line - 1), 0);
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos), viewColumn: vscode.ViewColumn.One });
}

