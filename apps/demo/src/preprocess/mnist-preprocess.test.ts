import { describe, expect, it } from 'vitest';
import { grayFromRgba, grayImage } from './gray-image';
import { boundingBox, centerOfMass, MNIST_BOX, mnistPreprocess, resizeArea } from './mnist-preprocess';

function withRect(width: number, height: number, x0: number, y0: number, x1: number, y1: number) {
  const image = grayImage(width, height);
  for (let y = y0; y < y1; y++) image.data.fill(1, y * width + x0, y * width + x1);
  return image;
}

const sum = (a: Float32Array) => a.reduce((s, v) => s + v, 0);

describe('mnistPreprocess', () => {
  it('leaves a blank drawing blank', () => {
    expect(mnistPreprocess(grayImage(50, 50))).toBeUndefined();
  });

  it('scales the longest side to 20 px and keeps the aspect ratio', () => {
    // A tall bar 30 wide x 150 high in a 280 x 280 pad: 20 px high, 4 px wide after scaling.
    const out = mnistPreprocess(withRect(280, 280, 200, 10, 230, 160))!;
    expect([out.width, out.height]).toEqual([28, 28]);
    const box = boundingBox(out)!;
    expect(box.y1 - box.y0).toBe(MNIST_BOX);
    expect(box.x1 - box.x0).toBe(4);
  });

  it('puts the centre of mass within half a pixel of the centre, wherever the ink was', () => {
    // An L shape drawn in a corner: its centre of mass is not its box centre.
    const image = withRect(100, 100, 5, 5, 15, 60);
    for (let y = 50; y < 60; y++) image.data.fill(1, y * 100 + 5, y * 100 + 45);
    const com = centerOfMass(mnistPreprocess(image)!);
    expect(Math.abs(com.x - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(com.y - 14)).toBeLessThanOrEqual(0.5);
  });

  it('reads ink from the red channel of RGBA pixels', () => {
    const rgba = new Uint8ClampedArray([255, 255, 255, 255, 0, 0, 0, 255]);
    expect(Array.from(grayFromRgba(rgba, 2, 1).data)).toEqual([1, 0]);
    expect(() => grayFromRgba(rgba, 2, 2)).toThrow(/2 x 2 needs 16 RGBA bytes, got 8/);
  });
});

describe('resizeArea', () => {
  it('keeps the mean of the image (area averaging)', () => {
    const image = grayImage(
      7,
      5,
      Float32Array.from({ length: 35 }, (_, i) => ((i * 37) % 11) / 10),
    );
    const out = resizeArea(image, 3, 4);
    // float32 sums of 35 and 12 terms: ~1e-6 relative.
    expect(sum(out.data) / 12).toBeCloseTo(sum(image.data) / 35, 5);
  });

  it('averages whole blocks when the ratio is an integer', () => {
    const image = grayImage(4, 2, Float32Array.from([1, 0, 0, 0, 1, 1, 0, 1]));
    expect(Array.from(resizeArea(image, 2, 1).data)).toEqual([0.75, 0.25]);
  });
});

describe('boundingBox', () => {
  it('bounds the ink, with exclusive ends', () => {
    expect(boundingBox(withRect(10, 10, 2, 3, 5, 9))).toEqual({ x0: 2, y0: 3, x1: 5, y1: 9 });
  });
});
