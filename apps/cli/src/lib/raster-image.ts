/** 8-bit pixels, row-major, `channels` per pixel: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA. */
export interface RasterImage {
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
  data: Uint8Array;
}

/** Grey levels in [0, 1] (0 black, 1 white) with alpha composited over a white background. */
export interface GreyImage {
  width: number;
  height: number;
  data: Float32Array;
}

/** ITU-R BT.601 luma, as MNIST-style converters use. */
function luma(r: number, g: number, b: number): number {
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

export function toGrey(image: RasterImage): GreyImage {
  const { width, height, channels, data } = image;
  const out = new Float32Array(width * height);
  for (let i = 0; i < out.length; i++) {
    const p = i * channels;
    const grey = channels >= 3 ? luma(data[p], data[p + 1], data[p + 2]) : data[p];
    const alpha = channels === 2 || channels === 4 ? data[p + channels - 1] / 255 : 1;
    out[i] = (grey / 255) * alpha + (1 - alpha);
  }
  return { width, height, data: out };
}
