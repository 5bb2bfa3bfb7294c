import { allocateFor, type FloatArray } from '../../dtype';
import type { Conv2dGeometry } from '../types';
import { col2imImage, im2colImage } from './im2col';
import { matmul } from './matmul';

/*
 * Convolution as im2col + GEMM, per image and group. With cols the [C/groups·kH·kW, outH·outW]
 * column matrix of the group's input channels (im2col.ts) and W the group's weights as a
 * [outC/groups, C/groups·kH·kW] matrix:
 *   forward          y  = W · cols + bias
 *   backward-input   dx = col2im(Wᵀ · dy)
 *   backward-weight  dW = Σ over images of dy · colsᵀ,   dBias = Σ of dy
 * Every sum runs in float64 and is rounded once into the output.
 */

/** A float64 working array of the js backend, held to the tensor element limit like any tensor. */
function scratch(pass: string, what: string, shape: number[]): Float64Array {
  return allocateFor(`${pass} (js backend)`, 'float64', shape, what) as Float64Array;
}

/** The per-group sizes and the slices of one (image, group) pair that the passes multiply. */
function groupSlices(g: Conv2dGeometry) {
  const groupIn = g.inChannels / g.groups;
  const groupOut = g.outChannels / g.groups;
  const taps = groupIn * g.kernelHeight * g.kernelWidth;
  const positions = g.outHeight * g.outWidth;
  return {
    groupIn,
    groupOut,
    taps,
    positions,
    image: g.inChannels * g.inHeight * g.inWidth,
    weightRange: (grp: number): [number, number] => [grp * groupOut * taps, (grp + 1) * groupOut * taps],
    outputRange: (n: number, grp: number): [number, number] => {
      const start = (n * g.outChannels + grp * groupOut) * positions;
      return [start, start + groupOut * positions];
    },
  };
}

export function conv2dForward(
  x: FloatArray,
  weight: FloatArray,
  bias: FloatArray | null,
  y: FloatArray,
  g: Conv2dGeometry,
): void {
  const s = groupSlices(g);
  const cols = scratch('conv2dForward', 'column matrix', [s.taps, s.positions]);
  const sums = scratch('conv2dForward', 'group output', [s.groupOut, s.positions]);
  for (let n = 0; n < g.batch; n++) {
    for (let grp = 0; grp < g.groups; grp++) {
      im2colImage(x, n * s.image, cols, 0, g, grp * s.groupIn, s.groupIn);
      for (let k = 0; k < s.groupOut; k++) {
        const b = bias ? bias[grp * s.groupOut + k] : 0;
        sums.fill(b, k * s.positions, (k + 1) * s.positions);
      }
      const w = weight.subarray(...s.weightRange(grp));
      matmul(w, cols, sums, {
        m: s.groupOut,
        n: s.positions,
        k: s.taps,
        transA: false,
        transB: false,
        accumulate: true,
      });
      y.set(sums, s.outputRange(n, grp)[0]);
    }
  }
}

export function conv2dBackwardInput(
  dy: FloatArray,
  weight: FloatArray,
  dx: FloatArray,
  g: Conv2dGeometry,
): void {
  const s = groupSlices(g);
  const cols = scratch('conv2dBackwardInput', 'column matrix', [s.taps, s.positions]);
  const image = scratch('conv2dBackwardInput', 'image', [s.image]);
  for (let n = 0; n < g.batch; n++) {
    image.fill(0);
    for (let grp = 0; grp < g.groups; grp++) {
      const w = weight.subarray(...s.weightRange(grp));
      const dyGroup = dy.subarray(...s.outputRange(n, grp));
      matmul(w, dyGroup, cols, {
        m: s.taps,
        n: s.positions,
        k: s.groupOut,
        transA: true,
        transB: false,
        accumulate: false,
      });
      col2imImage(cols, 0, image, 0, g, grp * s.groupIn, s.groupIn);
    }
    dx.set(image, n * s.image);
  }
}

export function conv2dBackwardWeight(
  x: FloatArray,
  dy: FloatArray,
  dWeight: FloatArray,
  dBias: FloatArray | null,
  g: Conv2dGeometry,
): void {
  const s = groupSlices(g);
  const cols = scratch('conv2dBackwardWeight', 'column matrix', [s.taps, s.positions]);
  const sums = scratch('conv2dBackwardWeight', 'weight sums', [g.outChannels, s.taps]);
  for (let n = 0; n < g.batch; n++) {
    for (let grp = 0; grp < g.groups; grp++) {
      im2colImage(x, n * s.image, cols, 0, g, grp * s.groupIn, s.groupIn);
      const dyGroup = dy.subarray(...s.outputRange(n, grp));
      const dW = sums.subarray(...s.weightRange(grp));
      matmul(dyGroup, cols, dW, {
        m: s.groupOut,
        n: s.taps,
        k: s.positions,
        transA: false,
        transB: true,
        accumulate: true,
      });
    }
  }
  dWeight.set(sums);
  if (dBias) conv2dBackwardBias(dy, dBias, g);
}

/** dBias [outC] = Σ of dy over images and positions. */
export function conv2dBackwardBias(dy: FloatArray, dBias: FloatArray, g: Conv2dGeometry): void {
  const positions = g.outHeight * g.outWidth;
  for (let k = 0; k < g.outChannels; k++) {
    let sum = 0;
    for (let n = 0; n < g.batch; n++) {
      const start = (n * g.outChannels + k) * positions;
      for (let p = 0; p < positions; p++) sum += dy[start + p];
    }
    dBias[k] = sum;
  }
}
