import { describe, expect, it } from 'vitest';
import { loadBinding } from './load-binding';
import { isMusl, platformTriple } from './platform';

const proc = (platform: string, arch: string, glibc?: string) =>
  ({
    platform,
    arch,
    report: { getReport: () => ({ header: glibc ? { glibcVersionRuntime: glibc } : {} }) },
  }) as unknown as NodeJS.Process;

describe('platformTriple', () => {
  it('tells glibc from musl on Linux and names the ABI on Windows', () => {
    expect(platformTriple(proc('linux', 'x64', '2.36'))).toBe('linux-x64-gnu');
    expect(platformTriple(proc('linux', 'x64'))).toBe('linux-x64-musl');
    expect(platformTriple(proc('linux', 'arm64', '2.31'))).toBe('linux-arm64-gnu');
    expect(platformTriple(proc('darwin', 'arm64'))).toBe('darwin-arm64');
    expect(platformTriple(proc('win32', 'x64'))).toBe('win32-x64-msvc');
  });

  it('treats a process without a report as glibc', () => {
    expect(isMusl({ platform: 'linux', arch: 'x64' })).toBe(true);
    expect(
      isMusl({
        platform: 'linux',
        arch: 'x64',
        report: {
          getReport: () => {
            throw new Error('no report');
          },
        },
      }),
    ).toBe(false);
  });
});

describe('loadBinding', () => {
  it('on a platform nothing is built for, lists every attempt with its reason and never throws', () => {
    const result = loadBinding({}, proc('freebsd', 'riscv64'));
    expect(result.ok).toBe(false);
    expect(result.attempts).toEqual([
      expect.stringMatching(
        /^no binary is built for this platform or libc \(freebsd-riscv64\); built: linux-x64-gnu, /,
      ),
      '@scratchnet/conv-native-freebsd-riscv64: not installed',
      'local build native/conv-native.freebsd-riscv64.node (pnpm --filter @scratchnet/conv-native build): no such file',
    ]);
  });

  it('is switched off by SCRATCHNET_CONV_NATIVE_DISABLE', () => {
    expect(loadBinding({ SCRATCHNET_CONV_NATIVE_DISABLE: 'true' }, process)).toEqual({
      ok: false,
      attempts: ['disabled by SCRATCHNET_CONV_NATIVE_DISABLE=true'],
    });
  });

  it('loads the local build on this machine, reporting the missing per-platform package', () => {
    const result = loadBinding({}, process);
    expect(result.ok, result.attempts.join('; ')).toBe(true);
    expect(result.attempts).toEqual([`@scratchnet/conv-native-${platformTriple(process)}: not installed`]);
  });
});
