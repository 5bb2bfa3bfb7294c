import type { FloatArray } from '../../dtype';
import type { Conv2dGeometry } from '../types';
import { DIRECT_TAPS, directConv2d } from './conv2d-forward';
import { gemm } from './gemm';
import { columnScratch, groupColumns, isPointwise } from './im2col';

/** dWeight = Σ over images of dy · colsᵀ (per group), and dBias = Σ of dy over images and positions. */
export function conv2dBackwardWeight(
  x: FloatArray,
  dy: FloatArray,
  dWeight: FloatArray,
  dBias: FloatArray | null,
  g: Conv2dGeometry,
): void {
  const groupIn = g.inChannels / g.groups;
  const groupOut = g.outChannels / g.groups;
  const taps = groupIn * g.kernelHeight * g.kernelWidth;
  const outPlane = g.outHeight * g.outWidth;
  dWeight.fill(0, 0, g.outChannels * taps);
  if (dBias) sumBias(dy, dBias, g.batch, g.outChannels, outPlane);
  if (taps <= DIRECT_TAPS) {
    for (let n = 0; n < g.batch; n++) directConv2d(x, dy, dWeight, g, n, 'weight-gradient');
    return;
  }
  const pointwise = isPointwise(g);
  const cols = pointwise ? x : columnScratch(x, taps * outPlane);
  for (let n = 0; n < g.batch; n++) {
    for (let grp = 0; grp < g.groups; grp++) {
      const colsOff = groupColumns(x, cols, g, n, grp, pointwise);
      const dyOff = (n * g.outChannels + grp * groupOut) * outPlane;
      gemm(
        groupOut,
        taps,
        outPlane,
        dy,
        dyOff,
        false,
        cols,
        colsOff,
        true,
        dWeight,
        grp * groupOut * taps,
        true,
      );
    }
  }
}

function sumBias(dy: FloatArray, dBias: FloatArray, batch: number, channels: number, plane: number): void {
  dBias.fill(0, 0, channels);
  for (let n = 0; n < batch; n++) {
    for (let k = 0; k < channels; k++) {
      const at = (n * channels + k) * plane;
      let s = 0;
      for (let i = 0; i < plane; i++) s += dy[at + i];
      dBias[k] += s;
    }
  }
}
