import { describe, expect, it } from 'vitest';
import { imageSample, planesFromRaster } from './image-sample';

const raster = (channels: 1 | 2 | 3 | 4, data: number[]) => ({
  width: data.length / channels,
  height: 1,
  channels,
  data: Uint8Array.from(data),
});

describe('planesFromRaster', () => {
  it('gives RGB planes, a gray level three times, and alpha composited over white', () => {
    expect(planesFromRaster(raster(3, [255, 0, 51, 0, 102, 255]), 3).data).toEqual(
      Float32Array.of(1, 0, 0, 0.4, 0.2, 1),
    );
    expect(Array.from(planesFromRaster(raster(1, [0, 255]), 3).data)).toEqual([0, 1, 0, 1, 0, 1]);
    // Transparent black is white paper; half-transparent black is mid-grey.
    const rgba = planesFromRaster(raster(4, [0, 0, 0, 0, 0, 0, 0, 255]), 3).data;
    expect(Array.from(rgba)).toEqual([1, 0, 1, 0, 1, 0]);
    expect(planesFromRaster(raster(2, [0, 51]), 1).data[0]).toBeCloseTo(0.8, 6);
  });

  it('takes luma for one channel, as grayFromRaster', () => {
    expect(planesFromRaster(raster(3, [255, 0, 0]), 1).data[0]).toBeCloseTo(0.299, 6);
  });
});

describe('imageSample', () => {
  it('resizes every plane by area to [C, H, W]', () => {
    const image = { width: 4, height: 2, channels: 3 as const, data: new Uint8Array(24) };
    // Left half red, right half blue.
    for (let p = 0; p < 8; p++) image.data.set(p % 4 < 2 ? [255, 0, 0] : [0, 0, 255], p * 3);
    expect(Array.from(imageSample(image, { channels: 3, height: 1, width: 2 }))).toEqual([1, 0, 0, 0, 0, 1]);
    expect(Array.from(imageSample(image, { channels: 3, height: 1, width: 1 }))).toEqual([0.5, 0, 0.5]);
    expect(imageSample(image, { channels: 1, height: 3, width: 5 }).length).toBe(15);
  });

  it('rejects a bad spec', () => {
    const image = raster(1, [0]);
    expect(() => imageSample(image, { channels: 2 as 1, height: 1, width: 1 })).toThrow(
      'imageSample: channels must be 1 (gray) or 3 (RGB), got 2',
    );
    expect(() => imageSample(image, { channels: 1, height: 0, width: 1 })).toThrow(
      'imageSample: height must be an integer in [1, 4096], got 0',
    );
  });
});
