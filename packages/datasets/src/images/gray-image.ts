import { formatValue } from '@scratchnet/tensor';

/**
 * A grayscale picture: `width` x `height` luminances, row-major, in [0, 1] (0 black, 1 white), as
 * a decoded photo or a canvas shows it. MNIST digits are gray images of white ink on black.
 */
export interface GrayImage {
  width: number;
  height: number;
  data: Float32Array;
}

/** Throws unless `width` and `height` are positive integers. */
export function checkSize(width: number, height: number, name: string): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`${name}: width and height must be integers >= 1, got ${width} x ${height}`);
  }
}

/**
 * Throws unless `image` holds `width x height` levels in [0, 1]: names `name`, the sizes and the
 * first bad value (levels in 0..255 are the usual mistake).
 */
export function checkGrayImage(image: GrayImage, name = 'image'): void {
  const { width, height, data } = image;
  checkSize(width, height, name);
  if (!(data instanceof Float32Array) || data.length !== width * height) {
    const got = data instanceof Float32Array ? `${data.length} values` : formatValue(data);
    throw new Error(
      `${name}: ${width} x ${height} needs a Float32Array of ${width * height} values, got ${got}`,
    );
  }
  const bad = data.findIndex((v) => !(v >= 0 && v <= 1));
  if (bad >= 0) {
    throw new Error(
      `${name}: gray levels must be in [0, 1] (0 black, 1 white), got ${data[bad]} at index ${bad}`,
    );
  }
}

/** A `width x height` gray image holding `data`, checked, or a black one. */
export function grayImage(width: number, height: number, data?: Float32Array): GrayImage {
  checkSize(width, height, 'grayImage');
  const image = { width, height, data: data ?? new Float32Array(width * height) };
  checkGrayImage(image, 'grayImage');
  return image;
}
