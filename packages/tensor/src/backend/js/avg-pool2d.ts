import type { FloatArray } from '../../dtype';
import type { Pool2dGeometry } from '../types';
import { windowRange } from './window-range';

/**
 * y = window mean. With countIncludePad (PyTorch's default) the divisor is kH·kW, padding
 * counting as zeros; otherwise it is the number of in-bounds elements of the window.
 */
export function avgPool2dForward(
  x: FloatArray,
  y: FloatArray,
  g: Pool2dGeometry,
  countIncludePad: boolean,
): void {
  walkWindows(x, y, g, countIncludePad, false);
}

/** dx = each dy spread evenly (by the forward divisor) over its window's in-bounds elements. */
export function avgPool2dBackward(
  dy: FloatArray,
  dx: FloatArray,
  g: Pool2dGeometry,
  countIncludePad: boolean,
): void {
  dx.fill(0, 0, g.batch * g.channels * g.inHeight * g.inWidth);
  walkWindows(dx, dy, g, countIncludePad, true);
}

/** Forward gathers x into y; `adjoint` scatters y (holding dy) back into x (holding dx). */
function walkWindows(
  x: FloatArray,
  y: FloatArray,
  g: Pool2dGeometry,
  countIncludePad: boolean,
  adjoint: boolean,
) {
  const { inHeight: H, inWidth: W, outHeight: OH, outWidth: OW } = g;
  const planes = g.batch * g.channels;
  const fullWindow = g.kernelHeight * g.kernelWidth;
  let o = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * H * W;
    for (let oh = 0; oh < OH; oh++) {
      const { start: h0, end: h1 } = windowRange(oh, g.strideHeight, g.padTop, g.kernelHeight, H);
      for (let ow = 0; ow < OW; ow++) {
        const { start: w0, end: w1 } = windowRange(ow, g.strideWidth, g.padLeft, g.kernelWidth, W);
        const divisor = countIncludePad ? fullWindow : (h1 - h0) * (w1 - w0);
        if (adjoint) {
          const share = y[o] / divisor;
          for (let h = h0; h < h1; h++)
            for (let at = base + h * W + w0; at < base + h * W + w1; at++) x[at] += share;
        } else {
          let s = 0;
          for (let h = h0; h < h1; h++)
            for (let at = base + h * W + w0; at < base + h * W + w1; at++) s += x[at];
          y[o] = s / divisor;
        }
        o++;
      }
    }
  }
}
