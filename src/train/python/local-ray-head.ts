/**
 * A Ray head of our own for one run (`--ray` with no address, `modelLens.ray.address` = `local`): `ray start
 * --head --block` from the selected interpreter's environment, every port chosen free (another Ray on the
 * machine keeps its own), its own temp folder, in a process group of its own. Stopping it ends exactly the
 * processes it started — never a machine-wide `ray stop`, which would end every Ray here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** What `--ray` / `modelLens.ray.address` say for "start a head here for this run". */
export const LOCAL_RAY = 'local';

/** The ports a head listens on; each is given explicitly so none collides with another head on the machine. */
export interface HeadPorts {
  readonly gcs: number;
  readonly dashboard: number;
  readonly agent: number;
  readonly agentGrpc: number;
  readonly client: number;
  readonly metrics: number;
  readonly runtimeEnv: number;
  readonly nodeManager: number;
  readonly objectManager: number;
}

/**
 * The command that starts the head: the `ray` script beside `python` when there is one (a venv's bin/), else
 * Ray's CLI module run by `python` itself (the same Ray either way).
 */
export function headCommand(python: string, ports: HeadPorts, numCpus: number, tempDir: string, exists: (path: string) => boolean = existsSync): { command: string; args: string[] } {
  const beside = python.includes('/') ? join(dirname(python), 'ray') : undefined;
  const [command, prefix] = beside && exists(beside) ? [beside, []] : [python, ['-m', 'ray.scripts.scripts']];
  const args = [...prefix, 'start', '--head', '--block', '--num-cpus', String(numCpus), '--disable-usage-stats', '--include-dashboard', 'true', '--dashboard-host', '127.0.0.1', '--temp-dir', tempDir,
    '--port', String(ports.gcs), '--dashboard-port', String(ports.dashboard), '--dashboard-agent-listen-port', String(ports.agent), '--dashboard-agent-grpc-port', String(ports.agentGrpc),
    '--ray-client-server-port', String(ports.client), '--metrics-export-port', String(ports.metrics), '--runtime-env-agent-port', String(ports.runtimeEnv),
    '--node-manager-port', String(ports.nodeManager), '--object-manager-port', String(ports.objectManager)];
  return { command, args };
}

/**
 * The CPUs a local head offers: `requested` when it is a whole number of at least 1, else all but one of the
 * machine's (at least 1), so the editor, the language server and the machine stay responsive while it trains.
 */
export function localHeadCpus(requested: number | undefined, cores: number = availableParallelism()): number {
  return requested !== undefined && Number.isSafeInteger(requested) && requested >= 1 ? requested : Math.max(1, cores - 1);
}

/** A TCP port free on 127.0.0.1 now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A free port for each of a head's listeners. */
export async function freePorts(): Promise<HeadPorts> {
  const [gcs, dashboard, agent, agentGrpc, client, metrics, runtimeEnv, nodeManager, objectManager] = await Promise.all(Array.from({ length: 9 }, freePort));
  return { gcs, dashboard, agent, agentGrpc, client, metrics, runtimeEnv, nodeManager, objectManager };
}

export interface LocalRayHead {
  /** The head's dashboard (the Jobs API's address). */
  readonly address: string;
  /** Ends every process the head started; resolves when they are gone. */
  stop(): Promise<void>;
}

/** A process's parent and state from /proc/PID/stat (Linux), or undefined when it is gone. */
export function processStat(pid: number): { ppid: number; state: string } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const [state, ppid] = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(ppid), state };
  } catch {
    return undefined;
  }
}

/** `root` and every process below it. Ray's workers start sessions of their own, so the group alone misses them. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  let pids: number[] = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  } catch {
    return [root]; // no /proc: the group signal below is all there is
  }
  for (const pid of pids) {
    const parent = processStat(pid)?.ppid;
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const tree: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.pop()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

const alive = (pid: number) => {
  const s = processStat(pid);
  return s !== undefined && s.state !== 'Z';
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/**
 * SIGTERM to `ray start --block` (it shuts its processes down in order), then SIGKILL to its group and to any
 * process of its tree still there after a grace period (workers end a few seconds after their raylet).
 */
async function stopHead(head: ChildProcess, graceMs: number): Promise<void> {
  const pid = head.pid;
  if (!pid) return;
  const tree = processTree(pid);
  if (head.exitCode === null && head.signalCode === null) {
    const exited = new Promise((r) => head.once('exit', r));
    signal(pid, 'SIGTERM');
    await Promise.race([exited, sleep(graceMs)]);
  }
  signal(-pid, 'SIGKILL');
  for (let waited = 0; waited < graceMs && tree.some(alive); waited += 500) await sleep(500);
  for (const p of tree.filter(alive)) signal(p, 'SIGKILL');
}

export interface StartOptions {
  /** CPUs the head offers (default: all but one of this machine's, `localHeadCpus`). */
  readonly numCpus?: number;
  /** How long to wait for the dashboard to answer (ms). */
  readonly timeoutMs?: number;
  /** How long the stop waits for a graceful shutdown before killing (ms). */
  readonly stopGraceMs?: number;
  /** Asked while waiting: true gives up (the run was stopped meanwhile). */
  readonly cancelled?: () => boolean;
}

/**
 * Starts a head with `python`'s Ray and waits until its dashboard answers. Rejects with a message that says
 * why (no Ray in that interpreter, the head exited, no answer in time), with the head's processes ended.
 */
export async function startLocalRayHead(python: string, options: StartOptions = {}): Promise<LocalRayHead> {
  const ports = await freePorts();
  // Short: Ray's socket paths inside must stay under 108 bytes.
  const tempDir = mkdtempSync(join(tmpdir(), 'ml-ray-'));
  const { command, args } = headCommand(python, ports, localHeadCpus(options.numCpus), join(tempDir, 'ray'));
  const head = spawn(command, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, RAY_USAGE_STATS_ENABLED: '0' } });
  let errors = '';
  let spawnError: string | undefined;
  head.stderr?.setEncoding('utf8').on('data', (t: string) => (errors = (errors + t).slice(-2000)));
  head.on('error', (e) => (spawnError = e.message));
  const address = `http://127.0.0.1:${ports.dashboard}`;
  const graceMs = options.stopGraceMs ?? 30_000;
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= stopHead(head, graceMs).finally(() => rmSync(tempDir, { recursive: true, force: true })));
  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  const give = async (why: string): Promise<never> => {
    await stop();
    throw new Error(why);
  };
  for (;;) {
    if (spawnError) return give(`A local Ray head could not start: ${spawnError}.`);
    if (head.exitCode !== null || head.signalCode !== null) {
      const tail = errors.trim().split('\n').slice(-3).join(' | ').slice(0, 500);
      const noRay = /No module named '?ray/.test(errors);
      return give(noRay ? `Ray is not installed in ${python}. Install it with: ${python} -m pip install 'ray[default]'` : `The local Ray head exited (${head.exitCode ?? head.signalCode}) before it answered.${tail ? ` Last output: ${tail}` : ''}`);
    }
    if (options.cancelled?.()) return give('Stopped while the local Ray head was starting.');
    if (Date.now() > deadline) return give(`The local Ray head at ${address} did not answer in ${Math.round((options.timeoutMs ?? 180_000) / 1000)} s.`);
    try {
      if ((await fetch(`${address}/api/version`)).ok) return { address, stop };
    } catch {
      // not up yet
    }
    await sleep(500);
  }
}
