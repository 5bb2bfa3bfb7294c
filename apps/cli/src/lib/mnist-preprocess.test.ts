import { describe, expect, it } from 'vitest';
import { MNIST_SIZE, resampleArea, toMnistDigit } from './mnist-preprocess';
import { type GreyImage, toGrey } from './raster-image';

/** White paper (1) with a dark (0) rectangle [x0, x1) x [y0, y1). */
function paperWithBar(width: number, height: number, [x0, y0, x1, y1]: number[]): GreyImage {
  const data = new Float32Array(width * height).fill(1);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * width + x] = 0;
  return { width, height, data };
}

function inkBounds(digit: Float32Array) {
  let [x0, y0, x1, y1] = [MNIST_SIZE, MNIST_SIZE, -1, -1];
  let [mass, cx, cy] = [0, 0, 0];
  digit.forEach((v, i) => {
    const [x, y] = [i % MNIST_SIZE, Math.floor(i / MNIST_SIZE)];
    if (v > 0)
      [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x + 1), Math.max(y1, y + 1)];
    mass += v;
    cx += v * (x + 0.5);
    cy += v * (y + 0.5);
  });
  return { width: x1 - x0, height: y1 - y0, cx: cx / mass, cy: cy / mass };
}

describe('toMnistDigit', () => {
  it('inverts a light background, fits the longer side to 20 px and centres the mass', () => {
    // A tall dark bar (30 x 120) off-centre on a 200 x 300 page.
    const digit = toMnistDigit(paperWithBar(200, 300, [20, 10, 50, 130]));
    const b = inkBounds(digit);
    expect(b.height).toBe(20);
    expect(b.width).toBe(5); // 30/120 of 20, aspect kept
    expect(Math.max(...digit)).toBeCloseTo(1, 6); // ink is white (1) on black
    expect(Math.abs(b.cx - 14)).toBeLessThanOrEqual(0.5); // centre of mass within rounding of the field centre
    expect(Math.abs(b.cy - 14)).toBeLessThanOrEqual(0.5);
  });

  it('keeps white-on-black input as it is and enlarges small digits', () => {
    const { width, height, data } = paperWithBar(10, 10, [2, 2, 8, 5]);
    const inverted: GreyImage = { width, height, data: data.map((v) => 1 - v) };
    const b = inkBounds(toMnistDigit(inverted));
    expect([b.width, b.height]).toEqual([20, 10]);
  });

  it('treats transparent pixels as white paper', () => {
    // RGBA: fully transparent everywhere except an opaque black square.
    const image = { width: 8, height: 8, channels: 4 as const, data: new Uint8Array(8 * 8 * 4) };
    for (let y = 2; y < 6; y++) for (let x = 2; x < 6; x++) image.data[(y * 8 + x) * 4 + 3] = 255;
    const b = inkBounds(toMnistDigit(toGrey(image)));
    expect([b.width, b.height]).toEqual([20, 20]);
  });

  it('refuses a blank image', () => {
    expect(() => toMnistDigit(paperWithBar(5, 5, [0, 0, 0, 0]), 'blank.png')).toThrow(
      'blank.png: the image is blank',
    );
  });
});

describe('resampleArea', () => {
  it('averages the covered source area exactly when shrinking', () => {
    const src = Float32Array.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    const out = resampleArea(src, 4, { x0: 0, y0: 0, x1: 4, y1: 4 }, 2, 2);
    // float32 inputs, float64 sums of 4 terms: exact to ~1e-6.
    expect(Array.from(out)).toEqual([2.5, 4.5, 10.5, 12.5]);
  });
});
