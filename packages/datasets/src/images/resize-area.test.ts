import { describe, expect, it } from 'vitest';
import { grayImage } from './gray-image';
import { resizeArea } from './resize-area';

const sum = (a: Float32Array) => a.reduce((s, v) => s + v, 0);
const whole = (width: number, height: number) => ({ x0: 0, y0: 0, x1: width, y1: height });

describe('resizeArea', () => {
  it('averages the covered source area exactly when shrinking', () => {
    const image = grayImage(
      4,
      4,
      Float32Array.from({ length: 16 }, (_, i) => i / 16),
    );
    const out = resizeArea(image, whole(4, 4), 2, 2);
    expect(Array.from(out.data)).toEqual([2.5 / 16, 4.5 / 16, 10.5 / 16, 12.5 / 16]);
  });

  it('averages whole blocks when the ratio is an integer', () => {
    const image = grayImage(4, 2, Float32Array.of(1, 0, 0, 0, 1, 1, 0, 1));
    expect(Array.from(resizeArea(image, whole(4, 2), 2, 1).data)).toEqual([0.75, 0.25]);
  });

  it('keeps the mean of the image for a ratio that is not an integer', () => {
    const image = grayImage(
      7,
      5,
      Float32Array.from({ length: 35 }, (_, i) => ((i * 37) % 11) / 10),
    );
    const out = resizeArea(image, whole(7, 5), 3, 4);
    expect(sum(out.data) / 12).toBeCloseTo(sum(image.data) / 35, 6);
  });

  it('reads only the box, and full ink stays exactly 1', () => {
    const image = grayImage(6, 6);
    for (let y = 1; y < 4; y++) image.data.fill(1, y * 6 + 2, y * 6 + 5);
    const out = resizeArea(image, { x0: 2, y0: 1, x1: 5, y1: 4 }, 7, 7);
    expect(Array.from(out.data)).toEqual(new Array(49).fill(1));
  });

  it('copies the box unchanged at scale 1', () => {
    const image = grayImage(3, 2, Float32Array.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6));
    expect(resizeArea(image, { x0: 1, y0: 0, x1: 3, y1: 2 }, 2, 2).data).toEqual(
      Float32Array.of(0.2, 0.3, 0.5, 0.6),
    );
  });
});
