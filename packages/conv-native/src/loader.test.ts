import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./test-support/load-report.mjs', import.meta.url));

/** Imports the built package in a fresh process (ESM or CJS) with `env` added, and reports the registry. */
function loadIn(format: 'esm' | 'cjs', env: Record<string, string>) {
  const child = spawnSync(process.execPath, [script, format], {
    encoding: 'utf8',
    env: { ...process.env, SCRATCHNET_BACKEND: '', ...env },
    timeout: 30_000,
  });
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}');
}

describe.each(['esm', 'cjs'] as const)('the %s build', (format) => {
  it('registers native, which auto then picks, with its facts', () => {
    const report = loadIn(format, {});
    expect(report.available).toBe(true);
    expect(report.registered).toEqual(['js', 'native']);
    expect(report.setBackendError).toBeNull();
    const details = report.info.details.native;
    expect(details.language).toBe('Rust');
    expect(details.binary).toMatch(/conv-native\.[a-z0-9-]+\.node$/);
    expect(details.gemm).toMatch(/^gemm /);
    expect(typeof details.simd).toBe('string');
    expect(details.threads).toBeGreaterThanOrEqual(1);
  });

  it('under auto, backendInfo shows native active', () => {
    const report = loadIn(format, {});
    expect(report.autoInfo.choice).toBe('auto');
    expect(report.autoInfo.active).toBe('native');
  });

  it('when disabled, registers nothing and setBackend(native) lists why', () => {
    const report = loadIn(format, { SCRATCHNET_CONV_NATIVE_DISABLE: '1' });
    expect(report.available).toBe(false);
    expect(report.registered).toEqual(['js']);
    expect(report.loadErrors).toEqual(['disabled by SCRATCHNET_CONV_NATIVE_DISABLE=1']);
    expect(report.info.unavailable.native).toEqual(report.loadErrors);
    expect(report.setBackendError).toMatch(
      /^setBackend: backend 'native' could not be loaded:\n {2}- disabled by SCRATCHNET_CONV_NATIVE_DISABLE=1\n/,
    );
  });

  it('a failed explicit path is reported while the next candidate loads', () => {
    const report = loadIn(format, { SCRATCHNET_CONV_NATIVE_PATH: '/nonexistent/conv-native.node' });
    expect(report.available).toBe(true);
    expect(report.loadErrors).toEqual([
      'SCRATCHNET_CONV_NATIVE_PATH=/nonexistent/conv-native.node: no such file',
      expect.stringMatching(/^@scratchnet\/conv-native-[a-z0-9-]+: not installed$/),
    ]);
  });
});

it('a binary that is not an addon is a load error, not a crash', () => {
  const report = loadIn('esm', { SCRATCHNET_CONV_NATIVE_PATH: script, SCRATCHNET_CONV_NATIVE_DISABLE: '' });
  expect(report.loadErrors[0]).toMatch(/load error|lacks/);
});
