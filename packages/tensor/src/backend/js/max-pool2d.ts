import type { FloatArray } from '../../dtype';
import type { Pool2dGeometry } from '../types';
import { windowRange } from './window-range';

/**
 * y = window max, argmax = flat index h·W + w of the winner within its (n, c) plane.
 * Padding never wins; like PyTorch, a larger value or a NaN replaces the running max (so NaN
 * propagates and the last NaN of a window wins), ties keep the first, and a window of -Infinity
 * reports its first in-bounds element.
 */
export function maxPool2dForward(x: FloatArray, y: FloatArray, argmax: Int32Array, g: Pool2dGeometry): void {
  const { inHeight: H, inWidth: W } = g;
  let o = 0;
  for (let plane = 0; plane < g.batch * g.channels; plane++) {
    const base = plane * H * W;
    for (let oh = 0; oh < g.outHeight; oh++) {
      const rows = windowRange(oh, g.strideHeight, g.padTop, g.kernelHeight, H);
      for (let ow = 0; ow < g.outWidth; ow++, o++) {
        const cols = windowRange(ow, g.strideWidth, g.padLeft, g.kernelWidth, W);
        let best = Number.NEGATIVE_INFINITY;
        let bestAt = rows.start * W + cols.start;
        for (let h = rows.start; h < rows.end; h++) {
          for (let w = cols.start; w < cols.end; w++) {
            const v = x[base + h * W + w];
            if (v > best || Number.isNaN(v)) {
              best = v;
              bestAt = h * W + w;
            }
          }
        }
        y[o] = best;
        argmax[o] = bestAt;
      }
    }
  }
}

/** dx = dy scattered (added) to the argmax of each window. */
export function maxPool2dBackward(
  dy: FloatArray,
  argmax: Int32Array,
  dx: FloatArray,
  g: Pool2dGeometry,
): void {
  const inPlane = g.inHeight * g.inWidth;
  const outPlane = g.outHeight * g.outWidth;
  for (let i = 0; i < argmax.length; i++) {
    if (argmax[i] < 0 || argmax[i] >= inPlane) {
      const shape = `[${g.batch}, ${g.channels}, ${g.inHeight}, ${g.inWidth}]`;
      throw new Error(
        `maxPool2dBackward: argmax[${i}] = ${argmax[i]} is outside the ${g.inHeight}x${g.inWidth} plane of input ${shape}`,
      );
    }
  }
  dx.fill(0, 0, g.batch * g.channels * inPlane);
  for (let o = 0; o < g.batch * g.channels * outPlane; o++) {
    dx[Math.floor(o / outPlane) * inPlane + argmax[o]] += dy[o];
  }
}
