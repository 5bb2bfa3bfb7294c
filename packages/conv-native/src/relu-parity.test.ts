/** native's relu and reluBackward against the js kernels, bit for bit, on every class of float32. */
import { createRng, getBackend, getKernel, setBackend } from '@scratchnet/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeAvailable, nativeLoadErrors } from './index';

beforeAll(() => {
  expect(nativeAvailable(), `the native binary must be built: ${nativeLoadErrors().join('; ')}`).toBe(true);
  setBackend('native');
  // Else getKernel would hand out the js kernels and the comparison below could not fail.
  expect(getBackend().relu).toBeTypeOf('function');
  expect(getBackend().reluBackward).toBeTypeOf('function');
});
afterAll(() => setBackend('js'));

/** Random values with zeros of both signs, subnormals, infinities and NaNs of both signs mixed in. */
function values(length: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const a = Float32Array.from({ length }, () => rng.normal() * 10);
  const bits = new Int32Array(a.buffer);
  const specials = [0, 0x80000000, 1, 0x80000001, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0xff800001];
  for (let i = 0; i < length; i += 7) bits[i] = specials[rng.int(specials.length)] | 0;
  return a;
}

const run = (backend: string, f: () => void) => {
  setBackend(backend);
  f();
};

describe('relu on native', () => {
  // Around the length native splits over threads (2^15) and its vector widths.
  for (const length of [1, 15, 16, 17, 32768, 32769, 100_003]) {
    it(`equals js bit for bit, forward and backward, ${length} elements`, () => {
      const x = values(length, length);
      const dy = values(length, length + 1);
      const [yJs, yNative] = [new Float32Array(length), new Float32Array(length).fill(7)];
      run('js', () => getKernel('relu', 'float32')(x, yJs));
      run('native', () => getKernel('relu', 'float32')(x, yNative));
      expect(new Int32Array(yNative.buffer)).toEqual(new Int32Array(yJs.buffer));

      const [dxJs, dxNative] = [new Float32Array(length), new Float32Array(length).fill(7)];
      run('js', () => getKernel('reluBackward', 'float32')(yJs, dy, dxJs));
      run('native', () => getKernel('reluBackward', 'float32')(yJs, dy, dxNative));
      expect(new Int32Array(dxNative.buffer)).toEqual(new Int32Array(dxJs.buffer));
    });
  }
});
