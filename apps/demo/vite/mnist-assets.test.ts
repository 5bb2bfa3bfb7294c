import { encodeIdx, parseIdx } from '@scratchnet/datasets';
import { describe, expect, it } from 'vitest';
import { sliceIdx } from './mnist-assets';

describe('sliceIdx', () => {
  const images = Uint8Array.from({ length: 5 * 2 * 3 }, (_, i) => i);
  const file = encodeIdx({ dims: [5, 2, 3], data: images });

  it('keeps the first items as a valid IDX file with the count in its header', () => {
    const sliced = parseIdx(sliceIdx(file, 2, 'test file'));
    expect(sliced.dims).toEqual([2, 2, 3]);
    expect(Array.from(sliced.data)).toEqual(Array.from(images.subarray(0, 12)));
  });

  it('keeps everything when the limit is larger than the file', () => {
    expect(Array.from(sliceIdx(file, 50, 'test file'))).toEqual(Array.from(file));
  });

  it('names the file when it is not IDX', () => {
    expect(() => sliceIdx(new Uint8Array([1, 2, 3]), 2, 'broken.idx')).toThrow(/broken\.idx/);
  });
});
