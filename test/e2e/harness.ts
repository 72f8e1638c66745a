// The processes behind an end-to-end run: a code-server (VS Code in the browser) with fresh
// user-data/extensions folders and the extension package installed, and a headless Debian Chromium
// that playwright-core drives. Used by run.ts; the tests reach both through environment variables
// (see E2E_ENV below) and never start processes themselves.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserServer } from 'playwright-core';

export const ROOT = resolve(__dirname, '..', '..');
export const RESULTS_DIR = join(ROOT, 'test-results', 'e2e');
export const CODE_SERVER_BIN = join(ROOT, '.e2e', 'code-server', 'node_modules', '.bin', 'code-server');
export const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
const SETTINGS = join(ROOT, 'scripts', 'e2e-lib', 'settings.json');

/** Names of the variables run.ts hands to the test processes. */
export const E2E_ENV = {
  url: 'E2E_URL', // the workbench URL with ?folder=<workspace>
  workspace: 'E2E_WORKSPACE', // the copy of examples/ that the workbench has open
  wsEndpoint: 'E2E_WS_ENDPOINT', // playwright's endpoint of the running Chromium
  results: 'E2E_RESULTS', // where screenshots go
} as const;

/** Chromium as root in a container: no sandbox, no GPU, nothing that phones home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function log(message: string): void {
  process.stderr.write(`[e2e] ${message}\n`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface CodeServerDirs {
  root: string; // the temp folder holding everything below
  userData: string;
  extensions: string;
  workspace: string; // the copy of examples/
  config: string; // code-server's config.yaml (so nothing is written to ~/.config)
  env: NodeJS.ProcessEnv;
}

/** Fresh temp folders, the shared settings, and a copy of examples/ (tests edit files). */
export function makeDirs(): CodeServerDirs {
  const root = mkdtempSync(join(tmpdir(), 'model-lens-e2e-'));
  const userData = join(root, 'user-data');
  const extensions = join(root, 'extensions');
  const workspace = join(root, 'examples');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(extensions, { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), readFileSync(SETTINGS));
  cpSync(join(ROOT, 'examples'), workspace, { recursive: true });
  const config = join(root, 'config.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: join(root, 'xdg-config'),
    XDG_DATA_HOME: join(root, 'xdg-data'),
  };
  return { root, userData, extensions, workspace, config, env };
}

function commonArgs(dirs: CodeServerDirs): string[] {
  return [
    '--config', dirs.config,
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    '--disable-telemetry',
    '--disable-update-check',
  ];
}

export function installVsix(dirs: CodeServerDirs, vsix: string): void {
  const result = spawnSync(CODE_SERVER_BIN, [...commonArgs(dirs), '--install-extension', vsix], {
    env: dirs.env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`installing ${vsix} failed (exit ${result.status}):\n${output}`);
  }
}

export interface RunningCodeServer {
  process: ChildProcess;
  port: number;
  url: string;
  logFile: string;
}

/**
 * Starts code-server in its own process group (so stopCodeServer ends its helpers too). Workspace trust is off
 * unless `workspaceTrust` (the Restricted Mode test turns it on, with the folder untrusted).
 */
export async function startCodeServer(dirs: CodeServerDirs, logFile: string, opts: { workspaceTrust?: boolean } = {}): Promise<RunningCodeServer> {
  const port = await freePort();
  const fd = openSync(logFile, 'w');
  const child = spawn(
    CODE_SERVER_BIN,
    [
      ...commonArgs(dirs),
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--ignore-last-opened',
      dirs.workspace,
    ],
    { env: dirs.env, detached: true, stdio: ['ignore', fd, fd] },
  );
  closeSync(fd);
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.workspace)}`;
  const running: RunningCodeServer = { process: child, port, url, logFile };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}); log:\n${readFileSync(logFile, 'utf8')}`);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) return running;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  stopCodeServerNow(running);
  throw new Error(`code-server did not answer within 90 s; log:\n${readFileSync(logFile, 'utf8')}`);
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** TERM to the whole process group, KILL after 5 s. */
export async function stopCodeServer(server: RunningCodeServer): Promise<void> {
  const pid = server.process.pid;
  if (pid === undefined || !groupAlive(pid)) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline && groupAlive(pid)) await new Promise((r) => setTimeout(r, 100));
  if (groupAlive(pid)) stopCodeServerNow(server);
}

/** Synchronous last resort (process 'exit' handlers can't wait). */
export function stopCodeServerNow(server: RunningCodeServer): void {
  const pid = server.process.pid;
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Chromium with its own config/cache folders under the run's temp folder (crash reports included). */
export async function startBrowser(dirs: CodeServerDirs): Promise<BrowserServer> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/setup-e2e.sh`);
  return chromium.launchServer({
    env: { ...process.env, XDG_CONFIG_HOME: join(dirs.root, 'chromium-config'), XDG_CACHE_HOME: join(dirs.root, 'chromium-cache') },
    executablePath: CHROMIUM,
    headless: true,
    chromiumSandbox: false,
    args: CHROMIUM_ARGS,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}

export function removeDirs(dirs: CodeServerDirs): void {
  rmSync(dirs.root, { recursive: true, force: true, maxRetries: 3 });
}
