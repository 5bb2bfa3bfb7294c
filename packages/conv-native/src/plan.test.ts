import { explainKernel, getThreads, resolveConv2dGeometry, setBackend, setThreads } from '@scratchnet/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { getNumThreads, nativeAvailable } from './index';

describe('the native plans, as backendInfo() and doctor --explain report them', () => {
  const initial = nativeAvailable() ? getNumThreads() : 1;
  afterAll(() => setThreads(initial));

  const conv = (
    kernel: 'conv2dForward' | 'conv2dBackwardInput' | 'conv2dBackwardWeight',
    x: number[],
    w: number[],
  ) => explainKernel({ kernel, geometry: resolveConv2dGeometry(x, w), dtype: 'float32' });

  it('names the algorithm Rust chooses for each pass: direct loops for few channels, im2col + GEMM for many', async () => {
    expect(nativeAvailable()).toBe(true);
    setBackend('native');
    await setThreads(2);
    expect(getThreads()).toBe(2);
    // 4 -> 2 channels (8 channel pairs): direct; stride 1 sends backward-input through the adjoint's forward.
    expect(conv('conv2dForward', [2, 4, 12, 12], [2, 4, 3, 3])).toEqual({
      backend: 'native',
      algorithm: 'direct-blocked',
      threads: 2,
    });
    expect(conv('conv2dBackwardInput', [2, 4, 12, 12], [2, 4, 3, 3]).algorithm).toBe(
      'adjoint-forward (direct-blocked)',
    );
    // 32 -> 64 channels: im2col + GEMM in every pass for a batch of 2 ...
    for (const kernel of ['conv2dForward', 'conv2dBackwardInput', 'conv2dBackwardWeight'] as const) {
      expect(conv(kernel, [2, 32, 8, 8], [64, 32, 5, 5]).algorithm).toBe('im2col-gemm');
    }
    // ... and Winograd in every pass once the batch fills a vector (16 images).
    expect(conv('conv2dForward', [16, 32, 8, 8], [64, 32, 5, 5]).algorithm).toBe('winograd');
    expect(conv('conv2dBackwardInput', [16, 32, 8, 8], [64, 32, 5, 5]).algorithm).toBe(
      'adjoint-forward (winograd)',
    );
    expect(conv('conv2dBackwardWeight', [16, 32, 8, 8], [64, 32, 5, 5]).algorithm).toBe('winograd');
  });

  it('says when a matmul stays on the calling thread', async () => {
    setBackend('native');
    await setThreads(2);
    const plan = (m: number) =>
      explainKernel({
        kernel: 'matmul',
        args: { m, n: m, k: m, transA: false, transB: false, accumulate: false },
        dtype: 'float32',
      });
    expect(plan(4)).toEqual({ backend: 'native', algorithm: 'sgemm', threads: 1 });
    expect(plan(512)).toEqual({ backend: 'native', algorithm: 'sgemm', threads: 2 });
  });

  it('float64 calls are explained by js, which runs them', () => {
    setBackend('native');
    const g = resolveConv2dGeometry([1, 1, 4, 4], [1, 1, 3, 3]);
    expect(explainKernel({ kernel: 'conv2dForward', geometry: g, dtype: 'float64' }).backend).toBe('js');
  });
});
