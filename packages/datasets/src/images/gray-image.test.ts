import { describe, expect, it } from 'vitest';
import { checkGrayImage, grayImage } from './gray-image';

describe('grayImage', () => {
  it('makes a black image, or wraps data of the right length', () => {
    expect(grayImage(3, 2).data).toEqual(new Float32Array(6));
    const data = Float32Array.of(0, 0.5, 1, 1);
    expect(grayImage(2, 2, data).data).toBe(data);
  });

  it('refuses a zero or fractional size, naming both sizes', () => {
    expect(() => grayImage(0, 5)).toThrow('grayImage: width and height must be integers >= 1, got 0 x 5');
    expect(() => grayImage(2, 1.5)).toThrow('got 2 x 1.5');
  });

  it('refuses data of the wrong length, naming the sizes', () => {
    expect(() => grayImage(3, 2, new Float32Array(5))).toThrow(
      'grayImage: 3 x 2 needs a Float32Array of 6 values, got 5 values',
    );
  });
});

describe('checkGrayImage', () => {
  it('names the argument and the first level outside [0, 1] (the 0..255 mistake)', () => {
    const image = { width: 2, height: 1, data: Float32Array.of(0, 255) };
    expect(() => checkGrayImage(image, 'drawing')).toThrow(
      'drawing: gray levels must be in [0, 1] (0 black, 1 white), got 255 at index 1',
    );
    expect(() => checkGrayImage({ ...image, data: Float32Array.of(Number.NaN, 0) })).toThrow(
      'image: gray levels must be in [0, 1] (0 black, 1 white), got NaN at index 0',
    );
  });

  it('refuses levels that are not a Float32Array', () => {
    const image = { width: 1, height: 1, data: [0.5] as unknown as Float32Array };
    expect(() => checkGrayImage(image, 'drawing')).toThrow(
      'drawing: 1 x 1 needs a Float32Array of 1 values, got [0.5]',
    );
  });
});
