import { describe, expect, it } from 'vitest';
import { grayFromRaster } from './gray-from-raster';
import { type GrayImage, grayImage } from './gray-image';
import { MNIST_DIGIT_SIZE, mnistPreprocess, whiteOnBlack } from './mnist-preprocess';

/** Black, with white ink over [x0, x1) x [y0, y1). */
function withRect(width: number, height: number, [x0, y0, x1, y1]: number[], level = 1): GrayImage {
  const image = grayImage(width, height);
  for (let y = y0; y < y1; y++) image.data.fill(level, y * width + x0, y * width + x1);
  return image;
}

const onPaper = (image: GrayImage): GrayImage => ({ ...image, data: image.data.map((v) => 1 - v) });

/** The ink's box size and its centre of mass in pixel indices, in a 28 x 28 result. */
function inkStats(digit: Float32Array | undefined) {
  if (!digit) throw new Error('no digit');
  let [x0, y0, x1, y1] = [28, 28, 0, 0];
  let [mass, cx, cy] = [0, 0, 0];
  digit.forEach((v, i) => {
    const [x, y] = [i % 28, Math.floor(i / 28)];
    if (v > 0)
      [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x + 1), Math.max(y1, y + 1)];
    mass += v;
    cx += v * x;
    cy += v * y;
  });
  return { width: x1 - x0, height: y1 - y0, cx: cx / mass, cy: cy / mass };
}

describe('mnistPreprocess', () => {
  it('gives 28 x 28 values, the longer side scaled to 20 px with the aspect kept', () => {
    // A bar 30 wide x 150 high in a 280 x 280 pad: 20 px high, 4 px wide.
    const digit = mnistPreprocess(withRect(280, 280, [200, 10, 230, 160]));
    expect(digit).toHaveLength(28 * 28);
    const s = inkStats(digit);
    expect([s.width, s.height]).toEqual([4, MNIST_DIGIT_SIZE]);
    expect(Math.max(...(digit ?? []))).toBe(1); // white ink on black
  });

  it('enlarges small digits', () => {
    const s = inkStats(mnistPreprocess(withRect(10, 10, [2, 2, 8, 5])));
    expect([s.width, s.height]).toEqual([20, 10]);
  });

  it('puts the centre of mass in pixel (14, 14), as MNIST does, wherever the ink was', () => {
    // An L drawn in a corner: its centre of mass is not its box's centre.
    const image = withRect(100, 100, [5, 5, 15, 60]);
    for (let y = 50; y < 60; y++) image.data.fill(1, y * 100 + 5, y * 100 + 45);
    const s = inkStats(mnistPreprocess(image));
    expect([Math.round(s.cx), Math.round(s.cy)]).toEqual([14, 14]);
    expect(s.cx).not.toBe(14); // a real L, not a symmetric shape
  });

  it('returns a digit already in MNIST form unchanged', () => {
    // A ring 12 x 20 (1 outside, 0.5 inside) whose centre of mass (13.5, 13.5) rounds to 14.
    const digit = withRect(28, 28, [8, 4, 20, 24]);
    const hole = withRect(28, 28, [10, 6, 18, 22], 0.5);
    hole.data.forEach((v, i) => {
      if (v > 0) digit.data[i] = v;
    });
    expect(mnistPreprocess(digit)).toEqual(digit.data);
  });

  it('inverts dark ink on light paper into the same digit', () => {
    const drawing = withRect(60, 40, [10, 5, 40, 35], 0.7);
    drawing.data.fill(1, 20 * 60 + 10, 20 * 60 + 40);
    const fromPaper = mnistPreprocess(onPaper(drawing)) ?? [];
    const fromPad = mnistPreprocess(drawing) ?? [];
    expect(fromPaper).toHaveLength(28 * 28);
    fromPaper.forEach((v, i) => {
      expect(v).toBeCloseTo(fromPad[i], 6);
    });
  });

  it('treats transparent pixels as white paper', () => {
    // RGBA: transparent everywhere but an opaque black square.
    const data = new Uint8Array(8 * 8 * 4);
    for (let y = 2; y < 6; y++) for (let x = 2; x < 6; x++) data[(y * 8 + x) * 4 + 3] = 255;
    const s = inkStats(mnistPreprocess(grayFromRaster({ width: 8, height: 8, channels: 4, data })));
    expect([s.width, s.height]).toEqual([20, 20]);
  });

  it('lets only ink above 0.1 set the box', () => {
    const drawing = withRect(40, 40, [10, 10, 20, 30]);
    drawing.data[25 * 40 + 25] = 0.09; // background noise: cropped away
    expect(inkStats(mnistPreprocess(drawing)).width).toBe(10);
    drawing.data[25 * 40 + 25] = 0.11; // faint ink: the box now reaches it
    expect(inkStats(mnistPreprocess(drawing)).width).toBe(16);
  });

  it('returns undefined for a picture with no ink, dark or light', () => {
    expect(mnistPreprocess(grayImage(50, 50))).toBeUndefined();
    expect(mnistPreprocess(onPaper(grayImage(50, 50)))).toBeUndefined();
  });

  it('names itself and the sizes for a malformed image', () => {
    expect(() => mnistPreprocess({ width: 0, height: 3, data: new Float32Array(0) })).toThrow(
      'mnistPreprocess(image): width and height must be integers >= 1, got 0 x 3',
    );
    expect(() => mnistPreprocess({ width: 4, height: 3, data: new Float32Array(10) })).toThrow(
      'mnistPreprocess(image): 4 x 3 needs a Float32Array of 12 values, got 10 values',
    );
  });
});

describe('whiteOnBlack', () => {
  it('keeps a dark-bordered picture as it is and inverts a light-bordered one', () => {
    const pad = withRect(5, 5, [1, 1, 4, 4]);
    expect(whiteOnBlack(pad)).toBe(pad);
    expect(whiteOnBlack(onPaper(pad)).data).toEqual(pad.data);
  });
});
