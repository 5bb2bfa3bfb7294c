import type { Box } from './bounding-box';
import { type GrayImage, grayImage } from './gray-image';

/** A source cell and the fraction of an output cell it fills. */
type Tap = [index: number, weight: number];

/** For each of `to` output cells along one axis, the source cells of [start, start + length) it covers. */
function areaTaps(start: number, length: number, to: number): Tap[][] {
  const step = length / to;
  return Array.from({ length: to }, (_, d) => {
    const from = start + d * step;
    const end = from + step;
    const taps: Tap[] = [];
    for (let s = Math.floor(from); s < Math.min(start + length, Math.ceil(end)); s++) {
      const overlap = Math.min(end, s + 1) - Math.max(from, s);
      if (overlap > 0) taps.push([s, overlap / step]);
    }
    return taps;
  });
}

/** Planes `[channels, height, width]`, row-major: a decoded picture before it becomes a tensor sample. */
export interface Planes {
  channels: number;
  width: number;
  height: number;
  data: Float32Array;
}

/**
 * Resamples the `box` region of every plane of `src` to `width x height` by area: each output pixel
 * is the mean of the source area it covers (exact when shrinking, a box filter when enlarging).
 * Sums in float64. Returns `[channels, height, width]` values.
 */
export function resizeAreaPlanes(src: Planes, box: Box, width: number, height: number): Float32Array {
  const columns = areaTaps(box.x0, box.x1 - box.x0, width);
  const rows = areaTaps(box.y0, box.y1 - box.y0, height);
  const out = new Float32Array(src.channels * width * height);
  const row = new Float64Array(width);
  for (let c = 0; c < src.channels; c++) {
    const plane = c * src.width * src.height;
    for (let y = 0; y < height; y++) {
      row.fill(0);
      for (const [sy, wy] of rows[y]) {
        const line = plane + sy * src.width;
        for (let x = 0; x < width; x++) {
          let v = 0;
          for (const [sx, wx] of columns[x]) v += wx * src.data[line + sx];
          row[x] += wy * v;
        }
      }
      out.set(row, (c * height + y) * width);
    }
  }
  return out;
}

/** `resizeAreaPlanes` of a gray image. */
export function resizeArea(image: GrayImage, box: Box, width: number, height: number): GrayImage {
  const out = grayImage(width, height);
  out.data.set(resizeAreaPlanes({ ...image, channels: 1 }, box, width, height));
  return out;
}
