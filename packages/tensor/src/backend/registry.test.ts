import { afterEach, describe, expect, it } from 'vitest';
import { resolveConv2dGeometry } from '../conv-geometry';
import {
  backendInfo,
  explainKernel,
  getBackend,
  getKernel,
  getThreads,
  listBackends,
  registerBackend,
  reportBackendFailure,
  setBackend,
  setThreads,
} from './registry';
import type { KernelBackend } from './types';

const REGISTRY_KEY = Symbol.for('scratchnet.tensor.backend-registry.v1');
type Registry = { backends: Map<string, KernelBackend>; failures: Map<string, string[]>; choice?: string };
const registry = () => (globalThis as unknown as Record<symbol, Registry>)[REGISTRY_KEY];

afterEach(() => {
  registry().backends.delete('fake');
  registry().backends.delete('native');
  registry().backends.delete('wasm');
  registry().failures.clear();
  registry().choice = undefined;
  delete process.env.SCRATCHNET_BACKEND;
});

const fake = (dtypes: KernelBackend['dtypes'] = ['float32']): KernelBackend => ({
  name: 'fake',
  apiVersion: 1,
  dtypes,
  matmul: () => undefined,
});

describe('backend registry', () => {
  it('always has js, and auto picks it when nothing else is registered', () => {
    expect(listBackends()).toContain('js');
    expect(getBackend().name).toBe('js');
    expect(backendInfo()).toMatchObject({ active: 'js', choice: 'auto', choiceSource: 'default' });
    expect(backendInfo().details.js).toMatchObject({ language: 'TypeScript', threads: 1 });
  });

  it('lives on globalThis under a Symbol.for key so that copies of the package share it', () => {
    expect(registry().backends.get('js')?.name).toBe('js');
  });

  it('setBackend switches, and kernels fall back to js for missing kernels or dtypes', () => {
    registerBackend(fake());
    setBackend('fake');
    expect(getBackend().name).toBe('fake');
    const jsConv = registry().backends.get('js')?.conv2dForward;
    expect(getKernel('matmul', 'float32').name).toContain('matmul');
    // float64 is not served by the fake backend: js runs it; conv is missing: js runs it.
    expect(getKernel('matmul', 'float64')).not.toBe(getKernel('matmul', 'float32'));
    expect(jsConv).toBeDefined();
    setBackend('auto');
    expect(getBackend().name).toBe('js');
  });

  it('auto prefers native, then wasm, then js', () => {
    registerBackend({ ...fake(), name: 'wasm' });
    expect(getBackend().name).toBe('wasm');
    registerBackend({ ...fake(), name: 'native' });
    expect(getBackend().name).toBe('native');
  });

  it('setThreads goes to the active backend, and a one-thread backend refuses more', async () => {
    await expect(setThreads(1)).resolves.toBeUndefined();
    expect(getThreads()).toBe(1);
    await expect(setThreads(2)).rejects.toThrow(
      "setThreads(2): backend 'js' runs on one thread; threads come with 'wasm' and 'native'",
    );
    await expect(setThreads(0)).rejects.toThrow('setThreads: n must be an integer >= 1, got 0');
    let threads = 1;
    registerBackend({
      ...fake(),
      setThreads: async (n) => {
        threads = n;
      },
      getThreads: () => threads,
    });
    setBackend('fake');
    await setThreads(3);
    expect(getThreads()).toBe(3);
  });

  it('reads SCRATCHNET_BACKEND, and setBackend overrides it', () => {
    registerBackend(fake());
    process.env.SCRATCHNET_BACKEND = 'fake';
    expect(getBackend().name).toBe('fake');
    expect(backendInfo().choiceSource).toBe('SCRATCHNET_BACKEND');
    setBackend('js');
    expect(getBackend().name).toBe('js');
  });

  it('names the registered backends for an unknown name, and the package that registers a known one', () => {
    expect(() => setBackend('webgpu')).toThrow(
      "setBackend: unknown backend 'webgpu'; registered backends: js",
    );
    expect(() => setBackend('wasm')).toThrow(
      "setBackend: unknown backend 'wasm' (install '@scratchnet/backend-wasm' and import it to register it); registered backends: js",
    );
    process.env.SCRATCHNET_BACKEND = 'native';
    expect(() => getBackend()).toThrow(
      "SCRATCHNET_BACKEND=native: unknown backend 'native' (install '@scratchnet/conv-native' and import it to register it); registered backends: js",
    );
  });

  it('lists every recorded failure when a backend could not load', () => {
    reportBackendFailure('native', [
      '@scratchnet/conv-native-linux-x64-gnu: not installed',
      'native/x.node: load error: bad ELF',
    ]);
    expect(() => setBackend('native')).toThrow(
      "setBackend: backend 'native' could not be loaded:\n  - @scratchnet/conv-native-linux-x64-gnu: not installed\n  - native/x.node: load error: bad ELF\nregistered backends: js",
    );
    expect(backendInfo().unavailable.native).toHaveLength(2);
  });

  it('explains which backend would run a call and what it plans, falling back as kernels do', () => {
    const geometry = resolveConv2dGeometry([2, 3, 8, 8], [4, 3, 3, 3]);
    const conv = { kernel: 'conv2dForward', geometry, dtype: 'float32' } as const;
    expect(explainKernel(conv)).toEqual({ backend: 'js', algorithm: 'im2col + GEMM', threads: 1 });
    registerBackend({ ...fake(), plan: () => ({ algorithm: 'fake-gemm', threads: 2 }) });
    setBackend('fake');
    const args = { m: 4, n: 5, k: 6, transA: false, transB: true, accumulate: false };
    const info = backendInfo([
      { label: 'fc', kernel: 'matmul', args, dtype: 'float32' },
      { label: 'fc64', kernel: 'matmul', args, dtype: 'float64' },
      { label: 'conv', ...conv },
    ]);
    // The fake serves float32 matmul only: float64 and the convolution run on js.
    expect(info.plans).toEqual([
      { label: 'fc', kernel: 'matmul', backend: 'fake', algorithm: 'fake-gemm', threads: 2 },
      { label: 'fc64', kernel: 'matmul', backend: 'js', algorithm: 'dot products', threads: 1 },
      { label: 'conv', kernel: 'conv2dForward', backend: 'js', algorithm: 'im2col + GEMM', threads: 1 },
    ]);
    expect(backendInfo().plans).toEqual([]);
  });

  it('rejects malformed backends', () => {
    expect(() => registerBackend({ name: '', apiVersion: 1, dtypes: [] })).toThrow(/non-empty string name/);
    expect(() => registerBackend({ name: 'auto', apiVersion: 1, dtypes: [] })).toThrow(/'auto' is reserved/);
    expect(() => registerBackend({ name: 'v2', apiVersion: 2 as 1, dtypes: [] })).toThrow(
      "registerBackend: backend 'v2' implements kernel API version 2, this tensor package speaks version 1",
    );
  });
});
