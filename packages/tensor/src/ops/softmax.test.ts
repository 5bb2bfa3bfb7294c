import { describe, expect, it } from 'vitest';
import { Tensor } from '../tensor';
import { logSoftmax, logSumExp, softmax } from './softmax';

describe('softmax family', () => {
  it('matches the seeds’ SoftMax example', () => {
    // Lab 5: softmax([0, 1, 2, 3, 4]).
    const y = softmax(Tensor.from([0, 1, 2, 3, 4], { dtype: 'float64' }));
    const expected = [0.01165623, 0.03168492, 0.08612854, 0.23412166, 0.63640865];
    y.data.forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i], 8);
    });
  });

  it('is stable at logits of ±1000', () => {
    const x = Tensor.from(
      [
        [1000, 1000, -1000],
        [-1000, -1001, -1002],
      ],
      { dtype: 'float64' },
    );
    const y = softmax(x);
    expect(Array.from(y.data).every(Number.isFinite)).toBe(true);
    expect(y.data[0]).toBeCloseTo(0.5, 15);
    const lse = logSumExp(x);
    expect(lse.data[0]).toBeCloseTo(1000 + Math.log(2), 10);
    expect(lse.data[1]).toBeCloseTo(-1000 + Math.log(1 + Math.exp(-1) + Math.exp(-2)), 10);
    const ls = logSoftmax(x);
    expect(ls.data[2]).toBeCloseTo(-2000 - Math.log(2), 9);
  });

  it('normalises along any axis', () => {
    const x = Tensor.arange(12, undefined, 1, { dtype: 'float64' }).reshape([3, 4]);
    const y = softmax(x, 0);
    for (let j = 0; j < 4; j++) expect(y.data[j] + y.data[4 + j] + y.data[8 + j]).toBeCloseTo(1, 14);
    expect(logSumExp(x, 0, true).shape).toEqual([1, 4]);
    const ls = logSoftmax(x, 1);
    ls.data.forEach((v, i) => {
      expect(Math.exp(v)).toBeCloseTo(softmax(x, 1).data[i], 14);
    });
  });
});
