/**
 * Analysis results per document version. Providers ask for a document's report; typing is allowed to settle
 * first (debounce), a cancelled request stops waiting, and one version is analyzed at most once.
 */
import * as vscode from 'vscode';
import { analyzeDocument, initParsersFor, kindOfLanguage } from '../core/documents';
import { cellSource } from '../core/python/notebook';
import type { Report } from '../core/report/report';
import { editorSource } from './document-source';
import { cellPlace, NOTEBOOK_CELL_SCHEME } from './notebook-cells';
import { documentModules, modulesUnchanged, type ModuleDependency } from './workspace-modules';
import type { KerasChoice } from '../core/keras-version/detect';

interface Entry {
  /** The document version, or for a notebook cell the versions of every code cell (earlier cells matter). */
  readonly version: string;
  readonly report: Report;
  /** The workspace modules it imports, at the versions read: a change there makes the report stale too. */
  readonly modules: readonly ModuleDependency[];
}

function versionOf(document: vscode.TextDocument): string {
  const place = cellPlace(document);
  return place ? place.cells.map((c) => c.document.version).join('.') + `@${place.index}` : String(document.version);
}

/**
 * The text a document's report positions refer to: the document's text, or for a notebook cell the cell as the
 * analysis reads it (magics as blank lines of the same length, which the designer's edits parse around).
 */
export function analyzedText(document: vscode.TextDocument): string {
  return document.uri.scheme === NOTEBOOK_CELL_SCHEME ? cellSource(document.getText()) : document.getText();
}

export class AnalysisCache implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly lastEdit = new Map<string, number>();
  private readonly disposables: vscode.Disposable[] = [];

  /** `kerasFor`: the Keras a document follows; a report made for another choice is made again. */
  constructor(
    private readonly debounceMs: () => number,
    private readonly kerasFor: (document: vscode.TextDocument) => KerasChoice | undefined = () => undefined,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.lastEdit.set(e.document.uri.toString(), Date.now());
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.entries.delete(d.uri.toString());
        this.lastEdit.delete(d.uri.toString());
      }),
    );
  }

  /** The report for the document's current version, without waiting; undefined if not analyzed yet. */
  peek(document: vscode.TextDocument): Report | undefined {
    const entry = this.entries.get(document.uri.toString());
    return entry?.version === this.entryKey(document) && modulesUnchanged(entry.modules) ? entry.report : undefined;
  }

  /** The report for the document's current version, after typing has paused; undefined if cancelled. */
  async get(document: vscode.TextDocument, token?: vscode.CancellationToken, settle = true): Promise<Report | undefined> {
    const key = document.uri.toString();
    const cached = this.peek(document);
    if (cached) return cached;
    await initParsersFor([kindOfLanguage(document.languageId)]);
    if (settle) {
      const waitMs = (this.lastEdit.get(key) ?? 0) + this.debounceMs() - Date.now();
      if (waitMs > 0 && !(await sleep(waitMs, token))) return undefined;
    }
    if (token?.isCancellationRequested) return undefined;
    const again = this.peek(document);
    if (again) return again;
    const keras = this.kerasFor(document);
    const version = this.entryKey(document, keras);
    const modules = documentModules(document);
    const { report } = analyzeDocument(editorSource(document, keras).source, modules?.context);
    this.entries.set(key, { version, report, modules: modules?.read ?? [] });
    return report;
  }

  /** The document's version and the Keras it follows (a change of either makes a new report). */
  private entryKey(document: vscode.TextDocument, keras = this.kerasFor(document)): string {
    return `${versionOf(document)}:${keras ? `${keras.version} ${keras.reason}` : ''}`;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.entries.clear();
  }
}

/** Resolves true after `ms`, or false as soon as the token is cancelled. */
function sleep(ms: number, token?: vscode.CancellationToken): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      sub?.dispose();
      resolve(true);
    }, ms);
    const sub = token?.onCancellationRequested(() => {
      clearTimeout(timer);
      sub?.dispose();
      resolve(false);
    });
  });
}
