/**
 * The text of a file as it is in git `HEAD`, through VS Code's built-in git extension (`vscode.git`, API
 * version 1), for the designer's "what changed" mode. Only the few members used are typed here. Every failure
 * (no git extension, a file outside any repository, git disabled) is a sentence for the panel, never a throw.
 */
import * as vscode from 'vscode';

interface GitRepository {
  show(ref: string, path: string): Promise<string>;
}
interface GitApi {
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  getRepository(uri: vscode.Uri): GitRepository | null;
  openRepository?(root: vscode.Uri): Promise<GitRepository | null>;
}
interface GitExtension {
  readonly enabled: boolean;
  readonly onDidChangeEnablement: vscode.Event<boolean>;
  getAPI(version: 1): GitApi;
}

/** How long to wait for the git extension to find git and scan the workspace (slow on a loaded machine). */
const GIT_START_MS = 15_000;

/** Resolves when `ready()` holds or `event` fires and it holds, or after `ms` (then the caller reads the state again). */
function until(ready: () => boolean, event: vscode.Event<unknown>, ms: number): Promise<void> {
  if (ready()) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    const listener = event(() => { if (ready()) done(); });
    function done(): void {
      clearTimeout(timer);
      listener.dispose();
      resolve();
    }
  });
}

export type Baseline = { readonly ok: true; readonly text: string; readonly note?: string } | { readonly ok: false; readonly reason: string };

async function gitApi(): Promise<GitApi | string> {
  const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!extension) return 'VS Code\'s Git extension is not installed, so the version in HEAD cannot be read.';
  const git = extension.isActive ? extension.exports : await extension.activate();
  if (!git) return 'VS Code\'s Git extension did not start, so the version in HEAD cannot be read.';
  // `enabled` stays false until the extension has found the git executable, which happens after activation;
  // only the setting says git is really off.
  if (!git.enabled && vscode.workspace.getConfiguration('git').get<boolean>('enabled', true)) {
    await until(() => git.enabled, git.onDidChangeEnablement, GIT_START_MS);
  }
  if (!git.enabled) {
    return vscode.workspace.getConfiguration('git').get<boolean>('enabled', true)
      ? 'VS Code\'s Git extension found no git executable, so the version in HEAD cannot be read.'
      : 'Git is disabled in VS Code (git.enabled), so the version in HEAD cannot be read.';
  }
  const api = git.getAPI(1);
  await until(() => api.state === 'initialized', api.onDidChangeState, GIT_START_MS);
  return api;
}

/** The file at `uri` as committed in `HEAD`; a file not committed yet is empty there (every layer is new). */
export async function headText(uri: vscode.Uri): Promise<Baseline> {
  if (uri.scheme !== 'file') return { ok: false, reason: 'Only a file saved on disk can be compared with git HEAD.' };
  try {
    const api = await gitApi();
    if (typeof api === 'string') return { ok: false, reason: api };
    // The git extension finds repositories in the background; a file opened early may not have one yet.
    let repository = api.getRepository(uri);
    for (let i = 0; !repository && i < 10; i++) {
      await new Promise((r) => setTimeout(r, 200));
      repository = api.getRepository(uri);
    }
    if (!repository && api.openRepository) repository = await api.openRepository(vscode.Uri.joinPath(uri, '..')).catch(() => null);
    if (!repository) return { ok: false, reason: `${vscode.workspace.asRelativePath(uri)} is in no git repository, so it has no version in HEAD to compare with.` };
    try {
      return { ok: true, text: await repository.show('HEAD', uri.fsPath) };
    } catch {
      return { ok: true, text: '', note: 'The file is not in HEAD yet: every layer is new.' };
    }
  } catch (error) {
    return { ok: false, reason: `Could not read the version in HEAD: ${(error as Error).message}` };
  }
}

/** How long a file's HEAD text is kept before git is asked again (a commit changes it). */
const HEAD_TTL_MS = 3000;

/** The HEAD text of each compared file, kept for a few seconds before git is asked again (a commit changes it). */
export class HeadTexts {
  private readonly texts = new Map<string, { at: number; baseline: Baseline }>();

  async get(uri: vscode.Uri): Promise<Baseline> {
    const key = uri.toString();
    let entry = this.texts.get(key);
    if (!entry || Date.now() - entry.at > HEAD_TTL_MS) {
      entry = { at: Date.now(), baseline: await headText(uri) };
      this.texts.set(key, entry);
    }
    return entry.baseline;
  }

  forget(uri: string): void {
    this.texts.delete(uri);
  }
}
