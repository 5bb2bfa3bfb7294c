import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { Tensor } from '../tensor';
import { maxRelativeError } from '../testing/reference-kernels';
import { conv2d } from './conv2d';
import { col2im, im2col } from './im2col';

const rng = createRng(43);

describe('im2col / col2im ops (F.unfold / F.fold)', () => {
  it('unfolds into [N, C·kH·kW, outH·outW], channel-major rows', () => {
    const x = Tensor.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30, 40, 50, 60, 70, 80, 90], [1, 2, 3, 3]);
    const cols = im2col(x, 2);
    expect(cols.shape).toEqual([1, 8, 4]);
    expect(cols.toArray()).toEqual([
      [
        [1, 2, 4, 5],
        [2, 3, 5, 6],
        [4, 5, 7, 8],
        [5, 6, 8, 9],
        [10, 20, 40, 50],
        [20, 30, 50, 60],
        [40, 50, 70, 80],
        [50, 60, 80, 90],
      ],
    ]);
  });

  it('fold of unfold(ones) counts how many windows cover each pixel', () => {
    const ones = Tensor.ones([1, 1, 3, 3], { dtype: 'float64' });
    expect(col2im(im2col(ones, 2), [1, 1, 3, 3], 2).toArray()).toEqual([
      [
        [
          [1, 2, 1],
          [2, 4, 2],
          [1, 2, 1],
        ],
      ],
    ]);
  });

  it('weight · unfold(x) is conv2d(x, weight) with padding, stride and dilation', () => {
    const options = { padding: [1, 0, 2, 1] as const, stride: [1, 2] as const, dilation: 2 };
    const x = Tensor.randn([2, 3, 7, 8], { rng, dtype: 'float64' });
    const w = Tensor.randn([4, 3, 2, 3], { rng, dtype: 'float64' });
    const y = conv2d(x, w, null, options);
    const cols = im2col(x, [2, 3], options);
    const [n, rows, positions] = cols.shape;
    const viaUnfold = new Float64Array(y.size);
    for (let b = 0; b < n; b++) {
      for (let k = 0; k < 4; k++) {
        for (let r = 0; r < rows; r++) {
          for (let p = 0; p < positions; p++)
            viaUnfold[(b * 4 + k) * positions + p] +=
              w.data[k * rows + r] * cols.data[(b * rows + r) * positions + p];
        }
      }
    }
    // Two float64 evaluations of the same 18-term sums in different orders.
    expect(maxRelativeError(viaUnfold, y.data)).toBeLessThan(1e-13);
  });

  it('rejects groups, a wrong cols shape and non-4-D input', () => {
    const x = Tensor.zeros([1, 2, 4, 4]);
    expect(() => im2col(x, 2, { groups: 2 })).toThrow(
      'im2col: groups does not apply to unfolding, got groups=2',
    );
    expect(() => im2col(Tensor.zeros([2, 4, 4]), 2)).toThrow(
      'im2col: input must be 4-D [N, C, H, W], got shape [2, 4, 4]',
    );
    expect(() => col2im(Tensor.zeros([1, 8, 8]), [1, 2, 4, 4], 2)).toThrow(
      'col2im: cols must have shape [1, 8, 9] (C·kH·kW rows by outH·outW positions per image), got [1, 8, 8]',
    );
  });
});
