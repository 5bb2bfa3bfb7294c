import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { Tensor } from '../tensor';
import { randomPool2dCases } from '../testing/random-cases';
import {
  maxRelativeError,
  referenceAvgPool2dBackward,
  referenceAvgPool2dForward,
  referenceMaxPool2dBackward,
  referenceMaxPool2dForward,
} from '../testing/reference-kernels';
import { avgPool2d, avgPool2dBackward, maxPool2d, maxPool2dBackward } from './pool2d';

const rng = createRng(37);
const randn = (shape: number[], dtype: 'float32' | 'float64' = 'float64') =>
  Tensor.randn(shape, { rng, dtype });

describe('pooling ops', () => {
  it('max and average pooling (forward, backward) match the reference kernels', () => {
    for (const c of randomPool2dCases(41, 20)) {
      const g = c.geometry;
      const x = randn(c.inputShape);
      const { output, argmax } = maxPool2d(x, c.kernelSize, c.options);
      expect(output.shape).toEqual([g.batch, g.channels, g.outHeight, g.outWidth]);
      const expected = new Float64Array(output.size);
      const expectedArgmax = new Int32Array(output.size);
      referenceMaxPool2dForward(x.data, expected, expectedArgmax, g);
      expect([...output.data]).toEqual([...expected]);
      expect([...argmax]).toEqual([...expectedArgmax]);
      const dx = maxPool2dBackward(output, argmax, c.inputShape, c.kernelSize, c.options);
      const expectedDx = new Float64Array(x.size);
      referenceMaxPool2dBackward(output.data, argmax, expectedDx, g);
      // Same additions in the same order: equal to the last bit.
      expect(maxRelativeError(dx.data, expectedDx)).toBeLessThan(1e-15);

      const avg = avgPool2d(x, c.kernelSize, { ...c.options, countIncludePad: false });
      referenceAvgPool2dForward(x.data, expected, g, false);
      // A sum of ≤ 16 float64 terms and a division: a few ulps.
      expect(maxRelativeError(avg.data, expected)).toBeLessThan(1e-14);
      const avgDx = avgPool2dBackward(avg, c.inputShape, c.kernelSize, c.options);
      referenceAvgPool2dBackward(avg.data, expectedDx, g, true);
      expect(maxRelativeError(avgDx.data, expectedDx)).toBeLessThan(1e-14);
    }
  });

  it('avgPool2d counts padding by default, as PyTorch', () => {
    const x = Tensor.from([1, 2, 3, 4], [1, 1, 2, 2]);
    expect([...avgPool2d(x, 2, { padding: 1 }).data]).toEqual([0.25, 0.5, 0.75, 1]);
    expect([...avgPool2d(x, 2, { padding: 1, countIncludePad: false }).data]).toEqual([1, 2, 3, 4]);
  });

  it('maxPool2d strides by the kernel by default and keeps the dtype', () => {
    const x = Tensor.from([1, 9, 2, 3, 4, 5, 6, 7, 8, 0, 1, 2, 3, 4, 5, 6], [1, 1, 4, 4], {
      dtype: 'float32',
    });
    const { output, argmax } = maxPool2d(x, 2);
    expect(output.dtype).toBe('float32');
    expect([...output.data]).toEqual([9, 7, 8, 6]);
    expect([...argmax]).toEqual([1, 7, 8, 15]);
  });

  describe('rejects bad input with a message naming the op and the shapes', () => {
    it('wrong rank and oversized padding', () => {
      expect(() => maxPool2d(randn([2, 4, 4]), 2)).toThrow(
        'maxPool2d: input must be 4-D [N, C, H, W], got shape [2, 4, 4]',
      );
      expect(() => avgPool2d(randn([1, 1, 4, 4]), 2, { padding: 2 })).toThrow(
        'avgPool2d: padding [2, 2, 2, 2] must be at most half the kernel 2x2',
      );
    });
    it('dy of the wrong shape', () => {
      const argmax = new Int32Array(4);
      expect(() => maxPool2dBackward(randn([1, 1, 3, 3]), argmax, [1, 1, 4, 4], 2)).toThrow(
        'maxPool2dBackward: dy must have shape [1, 1, 2, 2] (the pooling output), got [1, 1, 3, 3]',
      );
      expect(() => avgPool2dBackward(randn([1, 2, 2, 2]), [1, 1, 4, 4], 2)).toThrow(
        'avgPool2dBackward: dy must have shape [1, 1, 2, 2] (the pooling output), got [1, 2, 2, 2]',
      );
    });
    it('an argmax of the wrong length or pointing outside the plane', () => {
      const dy = randn([1, 1, 2, 2]);
      expect(() => maxPool2dBackward(dy, new Int32Array(3), [1, 1, 4, 4], 2)).toThrow(
        'maxPool2dBackward: argmax must be an Int32Array with one index per dy element (4), got length 3',
      );
      expect(() => maxPool2dBackward(dy, Int32Array.from([0, 1, 16, 2]), [1, 1, 4, 4], 2)).toThrow(
        'maxPool2dBackward: argmax[2] = 16 is outside the 4x4 plane of input [1, 1, 4, 4]',
      );
    });
    it('a non-tensor input', () => {
      expect(() => avgPool2d({} as Tensor, 2)).toThrow(
        'avgPool2d: input must be a Tensor, got [object Object]',
      );
    });
  });
});
