import { checkRaster, grayFromRaster, type RasterImage } from './gray-from-raster';
import { type Planes, resizeAreaPlanes } from './resize-area';

/** What a picture becomes as a model input: `channels` planes of `height x width`, values in [0, 1]. */
export interface ImageSampleSpec {
  /** 1 gray (luma), 3 RGB. */
  channels: 1 | 3;
  height: number;
  width: number;
}

/** Throws unless `spec` asks for 1 or 3 channels of a size in 1..4096; `name` is the caller. */
export function checkImageSampleSpec(spec: ImageSampleSpec, name: string): void {
  const { channels, height, width } = spec ?? ({} as ImageSampleSpec);
  if (channels !== 1 && channels !== 3) {
    throw new Error(`${name}: channels must be 1 (gray) or 3 (RGB), got ${String(channels)}`);
  }
  for (const [what, v] of [
    ['height', height],
    ['width', width],
  ] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 4096) {
      throw new Error(`${name}: ${what} must be an integer in [1, 4096], got ${String(v)}`);
    }
  }
}

/**
 * The picture as `channels` planes in [0, 1] (0 black, 1 white), alpha composited over white as in
 * `grayFromRaster`: one plane of luma, or three of R, G and B (a gray picture's level three times).
 */
export function planesFromRaster(image: RasterImage, channels: 1 | 3): Planes {
  if (channels === 1) return { ...grayFromRaster(image), channels };
  checkRaster(image, 'planesFromRaster');
  const { width, height, data, channels: stride } = image;
  const size = width * height;
  const out = new Float32Array(3 * size);
  const hasAlpha = stride === 2 || stride === 4;
  for (let i = 0; i < size; i++) {
    const p = i * stride;
    const alpha = hasAlpha ? data[p + stride - 1] / 255 : 1;
    for (let c = 0; c < 3; c++) {
      const level = stride >= 3 ? data[p + c] : data[p];
      out[c * size + i] = (level / 255) * alpha + (1 - alpha);
    }
  }
  return { channels, width, height, data: out };
}

/**
 * A decoded picture as one model input `[channels, height, width]` in [0, 1]: converted to gray or
 * RGB, then resized (by area, the aspect ratio not kept) to the size the model takes.
 */
export function imageSample(image: RasterImage, spec: ImageSampleSpec): Float32Array {
  checkImageSampleSpec(spec, 'imageSample');
  const planes = planesFromRaster(image, spec.channels);
  const whole = { x0: 0, y0: 0, x1: planes.width, y1: planes.height };
  return resizeAreaPlanes(planes, whole, spec.width, spec.height);
}
