import { backendInfo, getKernel, resolveConv2dGeometry, setBackend } from '@scratchnet/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { getNumThreads, nativeAvailable, nativeDescription, setNumThreads } from './index';

describe('the native thread pool', () => {
  const initial = nativeAvailable() ? getNumThreads() : 1;
  afterAll(() => setNumThreads(initial));

  it('is resized by setNumThreads and reported by getNumThreads and describe()', () => {
    expect(nativeAvailable()).toBe(true);
    for (const threads of [1, 3, 2]) {
      setNumThreads(threads);
      expect(getNumThreads()).toBe(threads);
      expect(nativeDescription().threads).toBe(threads);
      expect(backendInfo().details.native?.threads).toBe(threads);
    }
  });

  it('gives the same forward result on 1 and 3 threads (each output is summed by one thread)', () => {
    setBackend('native');
    const g = resolveConv2dGeometry([5, 6, 9, 9], [8, 6, 3, 3], { padding: 1 });
    const x = Float32Array.from({ length: 5 * 6 * 81 }, (_, i) => Math.sin(i));
    const w = Float32Array.from({ length: 8 * 6 * 9 }, (_, i) => Math.cos(i));
    const run = (threads: number) => {
      setNumThreads(threads);
      const y = new Float32Array(5 * 8 * 81);
      getKernel('conv2dForward', 'float32')(x, w, null, y, g);
      return y;
    };
    expect(Array.from(run(3))).toEqual(Array.from(run(1)));
  });
});
