import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { trainValSplit } from './train-val-split';

describe('trainValSplit', () => {
  it('keeps the last valSize rows for validation, as views', () => {
    const images = new Tensor(
      Float32Array.from({ length: 10 * 4 }, (_, k) => k),
      [10, 1, 2, 2],
    );
    const labels = Uint8Array.from({ length: 10 }, (_, i) => i);
    const data = { images, labels, files: { images: 'a', labels: 'b' } };
    const { train, val } = trainValSplit(data, { valSize: 3 });
    expect(train.images.shape).toEqual([7, 1, 2, 2]);
    expect(val.images.shape).toEqual([3, 1, 2, 2]);
    expect(Array.from(val.labels)).toEqual([7, 8, 9]);
    expect(Array.from(train.labels)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(val.images.data[0]).toBe(28);
    expect(val.images.data.buffer).toBe(images.data.buffer);
    expect(val.files).toBe(data.files);
  });

  it('allows empty parts and rejects bad input', () => {
    const x = new Tensor(new Float32Array(8), [4, 2]);
    expect(trainValSplit({ x, labels: new Int32Array(4) }, { valSize: 0 }).val.x.shape).toEqual([0, 2]);
    expect(trainValSplit({ x, labels: new Int32Array(4) }, { valSize: 4 }).train.labels.length).toBe(0);
    expect(() => trainValSplit({ x, labels: new Int32Array(4) }, { valSize: 5 })).toThrow(
      'trainValSplit: valSize must be an integer in [0, 4], got 5',
    );
    expect(() => trainValSplit({ x, labels: new Int32Array(3) }, { valSize: 1 })).toThrow(
      'trainValSplit: fields disagree on the number of rows (x: 4, labels: 3)',
    );
    expect(() => trainValSplit({ name: 'x' }, { valSize: 1 })).toThrow(
      'trainValSplit: data holds no tensor or typed array to split',
    );
  });
});
