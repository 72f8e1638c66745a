// `--ray` with no address: a Ray head started for the run. The flag's reading and the head's command line;
// the head itself is started in test/integration/keras-engine-ray-local.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kerasFlag, rayHasAddress } from '../../src/cli/train-keras';
import { headCommand, LOCAL_RAY, localHeadCpus, type HeadPorts } from '../../src/train/python/local-ray-head';

test('--ray takes the next argument as its address unless it is a flag, the file, or missing', () => {
  for (const [inline, next, takes] of [
    [undefined, 'http://127.0.0.1:8265', true],
    [undefined, '127.0.0.1:8265', true],
    [undefined, 'local', true],
    [undefined, '--epochs', false],
    [undefined, 'examples/fashion_mnist.py', false],
    [undefined, 'notebook.ipynb', false],
    [undefined, undefined, false],
    ['http://h:1', '--epochs', true],
  ] as const) {
    assert.equal(rayHasAddress(inline, next), takes, `${inline} ${next}`);
  }
});

test('--ray without an address, or `local`, asks for a local head; an address stays an address', () => {
  for (const [value, ray] of [
    [undefined, LOCAL_RAY],
    ['local', LOCAL_RAY],
    ['127.0.0.1:8265', 'http://127.0.0.1:8265'],
    ['https://ray.example:443', 'https://ray.example:443'],
  ] as const) {
    const k: Parameters<typeof kerasFlag>[0] = { python: 'python3', mode: 'model' };
    assert.equal(kerasFlag(k, '--ray', value), undefined);
    assert.deepEqual({ ray: k.ray, engine: k.engine }, { ray, engine: 'keras' });
  }
});

const PORTS: HeadPorts = { gcs: 1, dashboard: 2, agent: 3, agentGrpc: 4, client: 5, metrics: 6, runtimeEnv: 7, nodeManager: 8, objectManager: 9 };

test("the head: the `ray` beside the interpreter when there is one, else Ray's CLI module; every port given, dashboard on 127.0.0.1", () => {
  const venv = headCommand('/v/bin/python', PORTS, 2, '/t/ray', (p) => p === '/v/bin/ray');
  assert.equal(venv.command, '/v/bin/ray');
  assert.deepEqual(venv.args.slice(0, 5), ['start', '--head', '--block', '--num-cpus', '2']);
  const bare = headCommand('/usr/bin/python3', PORTS, 1, '/t/ray', () => false);
  assert.equal(bare.command, '/usr/bin/python3');
  assert.deepEqual(bare.args.slice(0, 4), ['-m', 'ray.scripts.scripts', 'start', '--head']);
  const onPath = headCommand('python3', PORTS, 1, '/t/ray', () => true);
  assert.equal(onPath.command, 'python3', 'a bare name has no folder to look beside');
  const value = (flag: string) => venv.args[venv.args.indexOf(flag) + 1];
  assert.equal(value('--dashboard-host'), '127.0.0.1');
  assert.equal(value('--temp-dir'), '/t/ray');
  const flags = ['--port', '--dashboard-port', '--dashboard-agent-listen-port', '--dashboard-agent-grpc-port', '--ray-client-server-port', '--metrics-export-port', '--runtime-env-agent-port', '--node-manager-port', '--object-manager-port'];
  assert.deepEqual(flags.map(value), ['1', '2', '3', '4', '5', '6', '7', '8', '9']);
});

test('the local head leaves one core free unless told how many CPUs to offer; --ray-cpus and the setting are passed as --num-cpus', () => {
  for (const [requested, cores, cpus] of [
    [undefined, 2, 1],
    [undefined, 8, 7],
    [undefined, 1, 1],
    [0, 4, 3],
    [1.5, 4, 3],
    [3, 2, 3],
    [1, 16, 1],
  ] as const) {
    assert.equal(localHeadCpus(requested, cores), cpus, `${requested} of ${cores}`);
  }
  const args = headCommand('/v/bin/python', PORTS, localHeadCpus(undefined, 2), '/t/ray', () => true).args;
  assert.equal(args[args.indexOf('--num-cpus') + 1], '1');
  const k: Parameters<typeof kerasFlag>[0] = { python: 'python3', mode: 'model' };
  assert.equal(kerasFlag(k, '--ray-cpus', '3'), undefined);
  assert.equal(k.rayCpus, 3);
  for (const bad of [undefined, '0', '-1', '1.5', 'all']) assert.match(kerasFlag(k, '--ray-cpus', bad) ?? '', /^--ray-cpus needs a whole number of at least 1/);
});
