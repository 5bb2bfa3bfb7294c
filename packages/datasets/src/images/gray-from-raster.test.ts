import { describe, expect, it } from 'vitest';
import { grayFromRaster } from './gray-from-raster';

const levels = (image: { data: Float32Array }) => Array.from(image.data);

describe('grayFromRaster', () => {
  it('reads white and black RGBA pixels (a canvas) as 1 and 0', () => {
    const data = new Uint8ClampedArray([255, 255, 255, 255, 0, 0, 0, 255]);
    expect(levels(grayFromRaster({ width: 2, height: 1, channels: 4, data }))).toEqual([1, 0]);
  });

  it('weighs colours by BT.601 luma', () => {
    const data = Uint8Array.of(255, 0, 0, 0, 255, 0, 0, 0, 255);
    const gray = levels(grayFromRaster({ width: 3, height: 1, channels: 3, data }));
    [0.299, 0.587, 0.114].forEach((luma, i) => {
      expect(gray[i]).toBeCloseTo(luma, 6);
    });
  });

  it('composites alpha over white paper', () => {
    // Gray + alpha: opaque black, transparent black, half-transparent black.
    const data = Uint8Array.of(0, 255, 0, 0, 0, 51);
    expect(levels(grayFromRaster({ width: 3, height: 1, channels: 2, data }))).toEqual([
      0,
      1,
      Math.fround(0.8),
    ]);
  });

  it('refuses a byte count that does not match the size, naming the sizes', () => {
    const data = new Uint8ClampedArray(8);
    expect(() => grayFromRaster({ width: 2, height: 2, channels: 4, data })).toThrow(
      'grayFromRaster: 2 x 2 x 4 channels needs 16 bytes, got 8',
    );
    expect(() => grayFromRaster({ width: 0, height: 2, channels: 4, data })).toThrow(
      'grayFromRaster: width and height must be integers >= 1, got 0 x 2',
    );
    const five = { width: 1, height: 1, channels: 5 as 4, data: new Uint8Array(5) };
    expect(() => grayFromRaster(five)).toThrow('grayFromRaster: channels must be 1, 2, 3 or 4, got 5');
  });
});
