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

/**
 * Resamples the `box` region of `image` to `width x height` by area: each output pixel is the mean
 * of the source area it covers (exact when shrinking, a box filter when enlarging). Sums in float64.
 */
export function resizeArea(image: GrayImage, box: Box, width: number, height: number): GrayImage {
  const columns = areaTaps(box.x0, box.x1 - box.x0, width);
  const rows = areaTaps(box.y0, box.y1 - box.y0, height);
  const out = grayImage(width, height);
  const row = new Float64Array(width);
  for (let y = 0; y < height; y++) {
    row.fill(0);
    for (const [sy, wy] of rows[y]) {
      const line = sy * image.width;
      for (let x = 0; x < width; x++) {
        let v = 0;
        for (const [sx, wx] of columns[x]) v += wx * image.data[line + sx];
        row[x] += wy * v;
      }
    }
    out.data.set(row, y * width);
  }
  return out;
}
