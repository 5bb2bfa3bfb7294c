import type { FloatArray } from '../../dtype';
import type { Conv2dGeometry } from '../types';
import { gatherGemm } from './gemm';
import { gatherPlan, padGroup } from './im2col';

/**
 * dWeight = Σ over images of dy · colsᵀ per group (an implicit GEMM reducing over the output
 * positions, gathering the im2col matrix from the zero-padded input), dBias = Σ of dy.
 */
export function conv2dBackwardWeight(
  x: FloatArray,
  dy: FloatArray,
  dWeight: FloatArray,
  dBias: FloatArray | null,
  g: Conv2dGeometry,
): void {
  const groupOut = g.outChannels / g.groups;
  const taps = (g.inChannels / g.groups) * g.kernelHeight * g.kernelWidth;
  const outPlane = g.outHeight * g.outWidth;
  dWeight.fill(0, 0, g.outChannels * taps);
  if (dBias) sumBias(dy, dBias, g.batch, g.outChannels, outPlane);
  const plan = gatherPlan(g);
  for (let n = 0; n < g.batch; n++) {
    for (let grp = 0; grp < g.groups; grp++) {
      const xp = padGroup(x, g, n, grp, plan);
      const dyOff = (n * g.outChannels + grp * groupOut) * outPlane;
      const wOff = grp * groupOut * taps;
      gatherGemm(groupOut, taps, outPlane, dy, dyOff, xp, plan.positions, plan.taps, dWeight, wOff, taps);
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
