import { describe, expect, it } from 'vitest';
import { addRowBias, sumRows } from './row-bias';

describe('row bias', () => {
  it('adds the bias to every row, and only to the rows asked for', () => {
    const y = new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]);
    addRowBias(y, new Float32Array([10, 20]), 3);
    expect(Array.from(y)).toEqual([11, 22, 13, 24, 15, 26, 7, 8]);
  });

  it('sums the columns in float64', () => {
    // 2^24 + 1 is not a float32: a float32 sum would lose the 1s.
    const dy = new Float32Array([2 ** 24, 1, 1, 2, 1, 3]);
    expect(Array.from(sumRows(dy, 3, 2))).toEqual([2 ** 24 + 2, 6]);
  });
});
