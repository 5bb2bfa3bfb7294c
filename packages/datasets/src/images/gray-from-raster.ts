import { checkSize, type GrayImage, grayImage } from './gray-image';

/**
 * 8-bit pixels, row-major, `channels` per pixel: 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA (a canvas's
 * `ImageData` is RGBA).
 */
export interface RasterImage {
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
  data: Uint8Array | Uint8ClampedArray;
}

/** 8192 x 8192: the most pixels a decoder here returns (256 MB as RGBA), checked before decoding. */
export const MAX_IMAGE_PIXELS = 2 ** 26;

/** ITU-R BT.601 luma, as MNIST-style converters use. */
function luma(r: number, g: number, b: number): number {
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

/** Throws unless `image` holds width x height pixels of 1 to 4 channels; `name` is the caller. */
export function checkRaster(image: RasterImage, name: string): void {
  const { width, height, channels, data } = image;
  checkSize(width, height, name);
  if (![1, 2, 3, 4].includes(channels)) {
    throw new Error(`${name}: channels must be 1, 2, 3 or 4, got ${channels}`);
  }
  if (data.length !== width * height * channels) {
    throw new Error(
      `${name}: ${width} x ${height} x ${channels} channels needs ${width * height * channels} bytes, got ${data.length}`,
    );
  }
}

/** The luminance of each pixel, with alpha composited over white (a transparent pixel is blank paper). */
export function grayFromRaster(image: RasterImage): GrayImage {
  checkRaster(image, 'grayFromRaster');
  const { width, height, channels, data } = image;
  const out = grayImage(width, height);
  for (let i = 0; i < out.data.length; i++) {
    const p = i * channels;
    const level = channels >= 3 ? luma(data[p], data[p + 1], data[p + 2]) : data[p];
    const alpha = channels === 2 || channels === 4 ? data[p + channels - 1] / 255 : 1;
    out.data[i] = (level / 255) * alpha + (1 - alpha);
  }
  return out;
}
