import type { Conv2dGeometry, FloatArray } from '@scratchnet/tensor';
import { slidingConvPlane } from './conv2d-forward';
import { gatherGemm, gemm } from './gemm';
import { col2imImage, columnScratch, padPlanes, positionOffsets, tapOffsets } from './im2col';
import type { ConvPlan } from './planner';
import { rowConvolution } from './row-conv';
import { kernelsFor, simdKernels, type WasmKernels } from './wasm/wasm-kernels';
import { winogradConvolution } from './winograd-conv';

/**
 * dx = dL/dx of y = conv(x, weight) for images [first, end) (each image's dx depends on that
 * image's dy alone). With stride 1, dx is itself a stride-1 convolution of dy (transposedConv),
 * run by the plan's algorithm; otherwise ('gemm-col2im'), per image and group, cols = Wᵀ·dy and the
 * columns are folded back (col2im), which any stride handles.
 */
export function conv2dBackwardInputImages(
  dy: FloatArray,
  weight: FloatArray,
  dx: FloatArray,
  g: Conv2dGeometry,
  first: number,
  end: number,
  plan: ConvPlan,
): void {
  const image = g.inChannels * g.inHeight * g.inWidth;
  dx.fill(0, first * image, end * image);
  if (plan.algorithm === 'gemm-col2im') foldColumns(dy, weight, dx, g, first, end, kernelsFor(plan));
  else transposedConv(dy, weight, dx, g, first, end, plan);
}

function foldColumns(
  dy: FloatArray,
  weight: FloatArray,
  dx: FloatArray,
  g: Conv2dGeometry,
  first: number,
  end: number,
  simd: WasmKernels | null,
): void {
  const groupIn = g.inChannels / g.groups;
  const groupOut = g.outChannels / g.groups;
  const taps = groupIn * g.kernelHeight * g.kernelWidth;
  const outPlane = g.outHeight * g.outWidth;
  const cols = columnScratch(dx, taps * outPlane);
  for (let n = first; n < end; n++) {
    for (let grp = 0; grp < g.groups; grp++) {
      const dyOff = (n * g.outChannels + grp * groupOut) * outPlane;
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
        0,
        false,
        simd,
      );
      col2imImage(cols, 0, dx, n * g.inChannels * g.inHeight * g.inWidth, g, grp * groupIn, groupIn);
    }
  }
}

/**
 * Stride 1: dx[c] = Σₖ dy[k] ⋆ flip(w[k, c]), a convolution of dy zero-padded by the kernel extent
 * minus the forward padding (a negative amount crops) with the weights flipped in space and
 * transposed in channels, by the plan's algorithm: the SIMD row kernel, Winograd's algorithm, the
 * sliding-window kernel or an implicit GEMM.
 */
function transposedConv(
  dy: FloatArray,
  weight: FloatArray,
  dx: FloatArray,
  g: Conv2dGeometry,
  first: number,
  end: number,
  plan: ConvPlan,
): void {
  const groupIn = g.inChannels / g.groups;
  const groupOut = g.outChannels / g.groups;
  const { kernelHeight: KH, kernelWidth: KW, inHeight: H, inWidth: W } = g;
  const spanH = (KH - 1) * g.dilationHeight;
  const spanW = (KW - 1) * g.dilationWidth;
  const flipped = flipWeights(weight, g);
  const bufferHeight = H + spanH;
  const bufferWidth = W + spanW;
  // biome-ignore format: the transposed problem on one line
  const problem = { x: dy, inChannels: g.outChannels, inHeight: g.outHeight, inWidth: g.outWidth, top: spanH - g.padTop, left: spanW - g.padLeft, bufferHeight, bufferWidth, weight: flipped, groups: g.groups, kernelHeight: KH, kernelWidth: KW, strideHeight: 1, dilationHeight: g.dilationHeight, y: dx, outChannels: g.inChannels, outHeight: H, outWidth: W };
  if (plan.algorithm === 'simd-rows') {
    rowConvolution(problem, first, end, simdKernels());
    return;
  }
  if (plan.algorithm === 'winograd') {
    winogradConvolution({ ...problem, r: KH }, first, end, kernelsFor(plan));
    return;
  }
  const taps = tapOffsets(groupOut, KH, KW, g.dilationHeight, g.dilationWidth, bufferHeight, bufferWidth);
  const positions = positionOffsets(H, W, 1, 1, bufferWidth);
  const tapCount = groupOut * KH * KW;
  const outPlane = g.outHeight * g.outWidth;
  const sliding = plan.algorithm === 'sliding-window';
  const simd = kernelsFor(plan);
  const shape = {
    kernelHeight: KH,
    kernelWidth: KW,
    outHeight: H,
    outWidth: W,
    strideHeight: 1,
    dilationHeight: g.dilationHeight,
  };
  for (let n = first; n < end; n++) {
    for (let grp = 0; grp < g.groups; grp++) {
      const dyOff = (n * g.outChannels + grp * groupOut) * outPlane;
      const top = spanH - g.padTop;
      const left = spanW - g.padLeft;
      const dyp = padPlanes(
        dy,
        dyOff,
        groupOut,
        g.outHeight,
        g.outWidth,
        top,
        left,
        bufferHeight,
        bufferWidth,
      );
      const dxOff = (n * g.inChannels + grp * groupIn) * H * W;
      const wOff = grp * groupIn * tapCount;
      if (sliding) {
        for (let c = 0; c < groupIn; c++) {
          slidingConvPlane(
            dyp,
            groupOut,
            bufferHeight * bufferWidth,
            bufferWidth,
            flipped,
            wOff + c * tapCount,
            shape,
            dx,
            dxOff + c * H * W,
          );
        }
      } else
        gatherGemm(groupIn, H * W, tapCount, flipped, wOff, dyp, taps, positions, dx, dxOff, H * W, simd);
    }
  }
}

/** w'[grp][c][k][kh][kw] = w[grp·groupOut + k][c][KH − 1 − kh][KW − 1 − kw], as float64. */
function flipWeights(weight: FloatArray, g: Conv2dGeometry): Float64Array {
  const groupIn = g.inChannels / g.groups;
  const groupOut = g.outChannels / g.groups;
  const kernelSize = g.kernelHeight * g.kernelWidth;
  const out = new Float64Array(g.outChannels * groupIn * kernelSize);
  let i = 0;
  for (let grp = 0; grp < g.groups; grp++) {
    for (let c = 0; c < groupIn; c++) {
      for (let k = 0; k < groupOut; k++) {
        const src = ((grp * groupOut + k) * groupIn + c) * kernelSize;
        for (let t = kernelSize - 1; t >= 0; t--) out[i++] = weight[src + t];
      }
    }
  }
  return out;
}
