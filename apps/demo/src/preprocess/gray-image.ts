/** A grayscale image, row-major, values in [0, 1] (1 = ink). */
export interface GrayImage {
  width: number;
  height: number;
  data: Float32Array;
}

export function grayImage(width: number, height: number, data?: Float32Array): GrayImage {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`grayImage: width and height must be integers >= 1, got ${width} x ${height}`);
  }
  if (data && data.length !== width * height) {
    throw new Error(`grayImage: ${width} x ${height} needs ${width * height} values, got ${data.length}`);
  }
  return { width, height, data: data ?? new Float32Array(width * height) };
}

/** Ink from RGBA pixels drawn light on dark (the red channel; the pad draws in white on black). */
export function grayFromRgba(rgba: Uint8ClampedArray, width: number, height: number): GrayImage {
  if (rgba.length !== width * height * 4) {
    throw new Error(
      `grayFromRgba: ${width} x ${height} needs ${width * height * 4} RGBA bytes, got ${rgba.length}`,
    );
  }
  const out = grayImage(width, height);
  for (let i = 0; i < out.data.length; i++) out.data[i] = rgba[4 * i] / 255;
  return out;
}
