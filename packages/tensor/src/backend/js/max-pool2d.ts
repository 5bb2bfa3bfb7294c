import type { FloatArray } from '../../dtype';
import type { Pool2dGeometry } from '../types';

/**
 * y = window max, argmax = flat index h·W + w of the winner within its (n, c) plane.
 * Padding never wins; like PyTorch, a NaN replaces the running max (so NaN propagates), and
 * a window of -Infinity reports its first in-bounds element.
 */
export function maxPool2dForward(x: FloatArray, y: FloatArray, argmax: Int32Array, g: Pool2dGeometry): void {
  const { inHeight: H, inWidth: W, outHeight: OH, outWidth: OW } = g;
  const planes = g.batch * g.channels;
  let o = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * H * W;
    for (let oh = 0; oh < OH; oh++) {
      const h0 = Math.max(0, oh * g.strideHeight - g.padTop);
      const h1 = Math.min(H, oh * g.strideHeight - g.padTop + g.kernelHeight);
      for (let ow = 0; ow < OW; ow++) {
        const w0 = Math.max(0, ow * g.strideWidth - g.padLeft);
        const w1 = Math.min(W, ow * g.strideWidth - g.padLeft + g.kernelWidth);
        let best = Number.NEGATIVE_INFINITY;
        let bestAt = h0 * W + w0;
        for (let h = h0; h < h1; h++) {
          for (let at = h * W + w0, end = h * W + w1; at < end; at++) {
            const v = x[base + at];
            if (v > best || v !== v) {
              best = v;
              bestAt = at;
            }
          }
        }
        y[o] = best;
        argmax[o] = bestAt;
        o++;
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
  const planes = g.batch * g.channels;
  const inPlane = g.inHeight * g.inWidth;
  const outPlane = g.outHeight * g.outWidth;
  dx.fill(0, 0, planes * inPlane);
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * inPlane;
    for (let o = plane * outPlane, end = o + outPlane; o < end; o++) dx[base + argmax[o]] += dy[o];
  }
}
