import type { FloatArray } from '../../dtype';
import type { Conv2dGeometry } from '../types';
import { DIRECT_TAPS, directConv2d } from './conv2d-forward';
import { gemm } from './gemm';
import { col2imImage, columnScratch, isPointwise } from './im2col';

/** dx = dL/dx of y = conv(x, weight): per image and group, cols = Wᵀ·dy, then fold the columns back. */
export function conv2dBackwardInput(
  dy: FloatArray,
  weight: FloatArray,
  dx: FloatArray,
  g: Conv2dGeometry,
): void {
  const groupIn = g.inChannels / g.groups;
  const groupOut = g.outChannels / g.groups;
  const taps = groupIn * g.kernelHeight * g.kernelWidth;
  const outPlane = g.outHeight * g.outWidth;
  const inImage = g.inChannels * g.inHeight * g.inWidth;
  dx.fill(0, 0, g.batch * inImage);
  if (taps <= DIRECT_TAPS) {
    for (let n = 0; n < g.batch; n++) directConv2d(dx, dy, weight, g, n, 'input-gradient');
    return;
  }
  const pointwise = isPointwise(g);
  const cols = pointwise ? dx : columnScratch(dx, taps * outPlane);
  for (let n = 0; n < g.batch; n++) {
    for (let grp = 0; grp < g.groups; grp++) {
      const dyOff = (n * g.outChannels + grp * groupOut) * outPlane;
      const colsOff = pointwise ? (n * g.inChannels + grp * groupIn) * outPlane : 0;
      gemm(
        taps,
        outPlane,
        groupOut,
        weight,
        grp * groupOut * taps,
        true,
        dy,
        dyOff,
        false,
        cols,
        colsOff,
        false,
      );
      if (!pointwise) col2imImage(cols, 0, dx, n * inImage, g, grp * groupIn, groupIn);
    }
  }
}
