// End-to-end runner: the extension in a real VS Code (code-server) driven through Debian's Chromium.
//
//   node --import tsx test/e2e/run.ts [options] [test files...]      (npm run test:e2e -- [options])
//
// Options:
//   --vsix PATH       install this package instead of building one
//   --no-package      use the existing dist/model-lens.vsix instead of running `npm run package`
//   --no-extension    install no extension at all (proves the harness alone)
//   --keep            keep the temp folders (workspace copy, user data) for a look afterwards
// Environment: E2E_TIMEOUT_S (whole run, default 900), E2E_TEST_TIMEOUT_S (one test, default 180).
// Test files default to test/e2e/*.e2e.ts. They run under node's own test runner (spec reporter),
// so the output ends with its summary. Screenshots and logs go to test-results/e2e/.
// Whatever happens (failure, timeout, Ctrl+C), code-server and Chromium are stopped before exit.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { BrowserServer } from 'playwright-core';
import {
  E2E_ENV, RESULTS_DIR, ROOT, installVsix, log, makeDirs, removeDirs, startBrowser, startCodeServer,
  stopCodeServer, stopCodeServerNow, type CodeServerDirs, type RunningCodeServer,
} from './harness';

const args = process.argv.slice(2);
const flag = (name: string): boolean => {
  const i = args.indexOf(name);
  if (i >= 0) args.splice(i, 1);
  return i >= 0;
};
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
};
const noExtension = flag('--no-extension');
const noPackage = flag('--no-package');
const keep = flag('--keep');
const vsixOption = option('--vsix');
const totalTimeoutS = Number(process.env.E2E_TIMEOUT_S ?? 900);
const testTimeoutS = Number(process.env.E2E_TEST_TIMEOUT_S ?? 180);

const testFiles = args.length
  ? args.map((f) => resolve(f))
  : readdirSync(__dirname).filter((f) => f.endsWith('.e2e.ts')).sort().map((f) => join(__dirname, f));

let dirs: CodeServerDirs | undefined;
let server: RunningCodeServer | undefined;
let browser: BrowserServer | undefined;
let tests: ChildProcess | undefined;
let cleaning: Promise<void> | undefined;

async function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    if (tests && tests.exitCode === null) tests.kill('SIGKILL');
    await browser?.close().catch(() => browser?.kill());
    if (server) await stopCodeServer(server);
    if (dirs && !keep) removeDirs(dirs);
    else if (dirs) log(`kept ${dirs.root}`);
  })();
  return cleaning;
}

// Last resort if the runner dies some other way: no process may outlive it.
process.on('exit', () => {
  if (tests && tests.exitCode === null) tests.kill('SIGKILL');
  if (server) stopCodeServerNow(server);
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    log(`${signal}: stopping`);
    void cleanup().finally(() => process.exit(130));
  });
}
const globalTimer = setTimeout(() => {
  log(`global timeout: the run took more than ${totalTimeoutS} s; stopping everything`);
  void cleanup().finally(() => process.exit(1));
}, totalTimeoutS * 1000);
globalTimer.unref();

function npmRun(script: string): void {
  const result = spawnSync('npm', ['run', '--silent', script], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) {
    const stderr = (result.stderr ?? '').split('\n').filter((l) => !l.includes('Unknown user config "nodedir"')).join('\n');
    throw new Error(`npm run ${script} failed (exit ${result.status}):\n${stderr}`);
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);
  mkdirSync(RESULTS_DIR, { recursive: true });

  let t = Date.now();
  const setup = spawnSync('bash', [join(ROOT, 'scripts', 'setup-e2e.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (setup.status !== 0) throw new Error('scripts/setup-e2e.sh failed');
  const timings = [`setup ${seconds(t)}s`];

  let vsix: string | undefined;
  if (!noExtension) {
    vsix = vsixOption ? resolve(vsixOption) : join(ROOT, 'dist', 'model-lens.vsix');
    if (!vsixOption && !noPackage) {
      t = Date.now();
      log('packaging the extension (npm run package)');
      npmRun('package');
      timings.push(`package ${seconds(t)}s`);
    }
    if (!existsSync(vsix)) throw new Error(`${relative(ROOT, vsix)} does not exist`);
  }

  t = Date.now();
  dirs = makeDirs();
  if (vsix) installVsix(dirs, vsix);
  timings.push(`install ${seconds(t)}s`);

  t = Date.now();
  [server, browser] = await Promise.all([startCodeServer(dirs, join(RESULTS_DIR, 'code-server.log')), startBrowser(dirs)]);
  timings.push(`code-server + chromium ${seconds(t)}s`);
  log(`ready in ${seconds(started)}s (${timings.join(', ')}); ${server.url}`);
  log(`running ${testFiles.map((f) => relative(ROOT, f)).join(' ')}`);

  tests = spawn(
    process.execPath,
    [
      '--import', 'tsx',
      '--test',
      '--test-reporter=spec',
      '--test-concurrency=1',
      `--test-timeout=${testTimeoutS * 1000}`,
      ...testFiles,
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        [E2E_ENV.url]: server.url,
        [E2E_ENV.workspace]: dirs.workspace,
        [E2E_ENV.wsEndpoint]: browser.wsEndpoint(),
        [E2E_ENV.results]: RESULTS_DIR,
      },
    },
  );
  const child = tests;
  const code = await new Promise<number>((r) => child.on('exit', (c, s) => r(c ?? (s ? 1 : 0))));
  await cleanup();
  return code;
}

main()
  .catch(async (error: unknown) => {
    log(`error: ${error instanceof Error ? error.message : String(error)}`);
    await cleanup();
    return 1;
  })
  .then((code) => process.exit(code));
