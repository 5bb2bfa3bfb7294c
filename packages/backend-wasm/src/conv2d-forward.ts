import type { Conv2dGeometry, FloatArray } from '@scratchnet/tensor';
import { gatherGemm } from './gemm';
import { gatherPlan, padGroup } from './im2col';
import type { ConvPlan } from './planner';
import { rowConvolution } from './row-conv';
import { kernelsFor, simdKernels } from './wasm/wasm-kernels';
import { winogradConvolution } from './winograd-conv';

/**
 * y = conv(x, weight) + bias for images [first, end) as `plan` says (each image's output depends
 * on that image alone, so threads split the batch): the SIMD row kernel (row-conv.ts), Winograd's
 * algorithm (winograd-conv.ts), the sliding-window kernel below, or, per image and group, an
 * implicit GEMM y[group] (outC/groups × outH·outW) += W[group] (outC/groups × C/groups·kH·kW) · cols
 * whose micro-kernel gathers the im2col matrix from a zero-padded copy of the input.
 */
export function conv2dForwardImages(
  x: FloatArray,
  weight: FloatArray,
  bias: FloatArray | null,
  y: FloatArray,
  g: Conv2dGeometry,
  first: number,
  end: number,
  plan: ConvPlan,
): void {
  const groupIn = g.inChannels / g.groups;
  const groupOut = g.outChannels / g.groups;
  const taps = groupIn * g.kernelHeight * g.kernelWidth;
  const outPlane = g.outHeight * g.outWidth;
  fillBias(y, bias, first, end, g.outChannels, outPlane);
  const bufferHeight = g.inHeight + g.padTop + g.padBottom;
  const bufferWidth = g.inWidth + g.padLeft + g.padRight;
  const problem = { ...g, x, top: g.padTop, left: g.padLeft, bufferHeight, bufferWidth, weight, y };
  switch (plan.algorithm) {
    case 'simd-rows':
      rowConvolution(problem, first, end, simdKernels());
      return;
    case 'winograd':
      winogradConvolution({ ...problem, r: g.kernelHeight }, first, end, kernelsFor(plan));
      return;
    case 'sliding-window':
    case 'implicit-gemm':
      break;
    default:
      throw new Error(`conv2d forward: the wasm backend has no '${plan.algorithm}' forward pass`);
  }
  const gather = gatherPlan(g);
  const plane = gather.bufferHeight * gather.bufferWidth;
  const w64 = plan.algorithm === 'sliding-window' ? Float64Array.from(weight) : null;
  const simd = kernelsFor(plan);
  for (let n = first; n < end; n++) {
    for (let grp = 0; grp < g.groups; grp++) {
      const xp = padGroup(x, g, n, grp, gather);
      const yOff = (n * g.outChannels + grp * groupOut) * outPlane;
      const wOff = grp * groupOut * taps;
      if (w64) {
        for (let k = 0; k < groupOut; k++) {
          slidingConvPlane(
            xp,
            groupIn,
            plane,
            gather.bufferWidth,
            w64,
            wOff + k * taps,
            g,
            y,
            yOff + k * outPlane,
          );
        }
      } else {
        // biome-ignore format: the operands on one line
        gatherGemm(groupOut, outPlane, taps, weight, wOff, xp, gather.taps, gather.positions, y, yOff, outPlane, simd);
      }
    }
  }
}

function fillBias(
  y: FloatArray,
  bias: FloatArray | null,
  first: number,
  end: number,
  channels: number,
  plane: number,
): void {
  if (!bias) {
    y.fill(0, first * channels * plane, end * channels * plane);
    return;
  }
  for (let n = first; n < end; n++) {
    for (let k = 0; k < channels; k++) {
      const at = (n * channels + k) * plane;
      y.fill(bias[k], at, at + plane);
    }
  }
}

/** The part of a geometry the sliding kernel reads. */
export type SlidingShape = Pick<
  Conv2dGeometry,
  'kernelHeight' | 'kernelWidth' | 'outHeight' | 'outWidth' | 'strideHeight' | 'dilationHeight'
>;

/**
 * One output plane of a stride-1 (in width), undilated (in width) convolution over a padded
 * buffer, for convolutions with too few output channels to fill the GEMM's 4-row tiles:
 * out[oh, ow] += Σ w[c, kh, kw] · buf[c, oh·strideHeight + kh·dilationHeight, ow + kw].
 * Eight outputs of a row stay in registers while a window of eight inputs slides along the
 * row, one new load per kernel column.
 */
// biome-ignore format: the eight lanes of the sliding window side by side
export function slidingConvPlane(buf: Float64Array, channels: number, plane: number, bufferWidth: number, w: Float64Array, wOff: number, g: SlidingShape, out: FloatArray, outOff: number): void {
  const { kernelHeight: KH, kernelWidth: KW, outHeight: OH, outWidth: OW } = g;
  const rowStep = g.dilationHeight * bufferWidth;
  for (let oh = 0; oh < OH; oh++) {
    const rowStart = oh * g.strideHeight * bufferWidth;
    for (let ow0 = 0; ow0 < OW; ow0 += 8) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
      let wi = wOff;
      for (let c = 0; c < channels; c++) {
        for (let kh = 0, at = c * plane + rowStart + ow0; kh < KH; kh++, at += rowStep) {
          let v0 = buf[at], v1 = buf[at + 1], v2 = buf[at + 2], v3 = buf[at + 3];
          let v4 = buf[at + 4], v5 = buf[at + 5], v6 = buf[at + 6], v7 = buf[at + 7];
          for (let kw = 0; kw < KW; kw++) {
            const wv = w[wi++];
            s0 += wv * v0; s1 += wv * v1; s2 += wv * v2; s3 += wv * v3;
            s4 += wv * v4; s5 += wv * v5; s6 += wv * v6; s7 += wv * v7;
            v0 = v1; v1 = v2; v2 = v3; v3 = v4; v4 = v5; v5 = v6; v6 = v7;
            v7 = buf[at + kw + 8];
          }
        }
      }
      const o = outOff + oh * OW + ow0;
      const count = Math.min(8, OW - ow0);
      out[o] += s0;
      if (count > 1) out[o + 1] += s1;
      if (count > 2) out[o + 2] += s2;
      if (count > 3) out[o + 3] += s3;
      if (count > 4) out[o + 4] += s4;
      if (count > 5) out[o + 5] += s5;
      if (count > 6) out[o + 6] += s6;
      if (count > 7) out[o + 7] += s7;
    }
  }
}
