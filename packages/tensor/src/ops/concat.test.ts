import { describe, expect, it } from 'vitest';
import { Tensor } from '../tensor';
import { concat, split } from './concat';

describe('concat / split (torch.cat, torch.split)', () => {
  it('joins along any dim, as torch.cat does', () => {
    const a = Tensor.from([
      [1, 2],
      [3, 4],
    ]);
    const b = Tensor.from([[5], [6]]);
    expect(concat([a, b], 1).toArray()).toEqual([
      [1, 2, 5],
      [3, 4, 6],
    ]);
    expect(concat([a, Tensor.from([[7, 8]])], 0).toArray()).toEqual([
      [1, 2],
      [3, 4],
      [7, 8],
    ]);
    expect(concat([a, b], -1).shape).toEqual([2, 3]);
  });

  it('split undoes concat along the channels of NCHW tensors', () => {
    const x = Tensor.from(
      Array.from({ length: 2 * 3 * 2 * 2 }, (_, i) => i),
      [2, 3, 2, 2],
    );
    const y = Tensor.from(
      Array.from({ length: 2 * 1 * 2 * 2 }, (_, i) => 100 + i),
      [2, 1, 2, 2],
    );
    const joined = concat([x, y], 1);
    expect(joined.shape).toEqual([2, 4, 2, 2]);
    // Image 0 holds x's 12 values then y's 4; image 1 likewise.
    expect(Array.from(joined.data.subarray(0, 16))).toEqual([
      ...x.data.subarray(0, 12),
      ...y.data.subarray(0, 4),
    ]);
    const [x2, y2] = split(joined, [3, 1], 1);
    expect(x2.toArray()).toEqual(x.toArray());
    expect(y2.toArray()).toEqual(y.toArray());
  });

  it('names the tensor and the shapes that do not fit, and bad dims or sizes', () => {
    const a = Tensor.zeros([2, 3]);
    expect(() => concat([a, Tensor.zeros([3, 3])], 1)).toThrow(
      'concat: tensor 1 (float32 [3, 3]) does not fit tensor 0 (float32 [2, 3]) along dim 1',
    );
    expect(() => concat([a, Tensor.zeros([2, 3], { dtype: 'float64' })], 0)).toThrow(/tensor 1 \(float64/);
    expect(() => concat([a], 2)).toThrow('concat: dim must be an integer in [-2, 2) for shape [2, 3], got 2');
    expect(() => concat([], 0)).toThrow(/non-empty/);
    expect(() => split(a, [1, 1], 1)).toThrow(
      'split: sizes [1, 1] must be non-negative integers adding up to dimension 1 of [2, 3] (3)',
    );
  });
});
