import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { shuffleRows } from './shuffle-rows';

describe('shuffleRows', () => {
  it('puts every row field in one seeded order and copies the rest', () => {
    const data = {
      x: new Tensor(
        Float32Array.from({ length: 12 }, (_, i) => i),
        [6, 2],
      ),
      labels: Int32Array.of(0, 1, 2, 3, 4, 5),
      classes: ['a', 'b', 'c', 'd', 'e', 'f'],
    };
    const out = shuffleRows(data, { seed: 3 });
    expect(out.classes).toBe(data.classes);
    expect(Array.from(out.labels).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(out.labels)).not.toEqual([0, 1, 2, 3, 4, 5]);
    out.labels.forEach((label, i) => {
      expect(Array.from(out.x.data.subarray(2 * i, 2 * i + 2))).toEqual([2 * label, 2 * label + 1]);
    });
    expect(Array.from(shuffleRows(data, { seed: 3 }).labels)).toEqual(Array.from(out.labels));
    expect(Array.from(data.labels)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('refuses fields of different lengths', () => {
    expect(() => shuffleRows({ a: Int32Array.of(1), b: Int32Array.of(1, 2) }, { seed: 1 })).toThrow(
      'shuffleRows: fields disagree on the number of rows (a: 1, b: 2)',
    );
    expect(() => shuffleRows({ a: [1] }, { seed: 1 })).toThrow(
      'shuffleRows: data holds no tensor or typed array to shuffle',
    );
  });
});
