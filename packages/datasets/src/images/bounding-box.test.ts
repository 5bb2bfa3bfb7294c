import { describe, expect, it } from 'vitest';
import { boundingBox } from './bounding-box';
import { grayImage } from './gray-image';

describe('boundingBox', () => {
  it('bounds the pixels above the threshold, with exclusive ends', () => {
    const image = grayImage(10, 10);
    image.data[3 * 10 + 4] = 1;
    image.data[8 * 10 + 2] = 0.5;
    image.data[5 * 10 + 7] = 0.25; // not above 0.25
    expect(boundingBox(image, 0.25)).toEqual({ x0: 2, y0: 3, x1: 5, y1: 9 });
    expect(boundingBox(image, 0)).toEqual({ x0: 2, y0: 3, x1: 8, y1: 9 });
  });

  it('finds no box in a blank image', () => {
    expect(boundingBox(grayImage(4, 3), 0)).toBeUndefined();
  });
});
