import { type Conv2dGeometry, conv2dFlops, type DType, type MatmulArgs } from '@scratchnet/tensor';
import { usesPackedGemm } from './gemm';
import { matmulParts, nonEmptyWeightBlocks, weightParts } from './threads/partition';
import { usesWinograd } from './winograd-conv';

/*
 * Where the wasm backend decides how each kernel call runs: one function per kind of call, each
 * returning a named plan that the kernels then follow without trying anything else. Threads are
 * part of the plan (how many, split how); the kernels themselves only ever see a range of work.
 */

/** What the planner knows about the thread it runs on and the settings of its backend. */
export interface PlannerFeatures {
  /** WebAssembly SIMD kernels can run here (and the backend's settings allow them). */
  simd: boolean;
  /** Threads in the running pool (1 without one). */
  threads: number;
  /** Below this many floating-point operations a call stays on the calling thread. */
  minFlops: number;
  /** The same for the backward convolutions (their parts repeat more setup). */
  minBackwardFlops: number;
}

export type ConvPass = 'forward' | 'backward-input' | 'backward-weight';

export const CONV_ALGORITHMS = [
  /** The SIMD row kernel: stride 1 and undilated along the width, straight from the padded input. */
  'simd-rows',
  /** Winograd's minimal filtering (float32, 3×3 / 5×5, stride and dilation 1, ≥ 8 channels). */
  'winograd',
  /** The scalar sliding-window kernel, for one or two output channels per group. */
  'sliding-window',
  /** An implicit GEMM gathering the im2col matrix from the padded input. */
  'implicit-gemm',
  /** Strided backward-input: cols = Wᵀ·dy by the packed GEMM, folded back by col2im. */
  'gemm-col2im',
  /** The SIMD weight-gradient kernel (stride 1 and undilated along the width). */
  'simd-weight-rows',
] as const;

export type ConvAlgorithm = (typeof CONV_ALGORITHMS)[number];

export interface ConvPlan {
  pass: ConvPass;
  algorithm: ConvAlgorithm;
  /** Whether the GEMM products inside run the SIMD block kernel. */
  simd: boolean;
  /** Threads the call is split over (by images, or by blocks of dWeight); 1 keeps it on the caller. */
  threads: number;
}

/** The stride-1 backward-input pass as the forward convolution of dy it is (flipped, transposed weights). */
function adjointShape(g: Conv2dGeometry): Conv2dGeometry {
  return { ...g, outHeight: g.inHeight, outWidth: g.inWidth, strideHeight: 1, strideWidth: 1 };
}

/** The algorithm of a stride-1 (along the width) convolution of `inChannels` into `outChannels` per group. */
function slidingAlgorithm(
  dtype: DType,
  inChannels: number,
  outChannels: number,
  g: Conv2dGeometry,
  f: PlannerFeatures,
): ConvAlgorithm {
  const rowWise = g.strideWidth === 1 && g.dilationWidth === 1;
  if (rowWise && f.simd) return 'simd-rows';
  if (dtype === 'float32' && usesWinograd(inChannels, outChannels, g)) return 'winograd';
  // One or two output channels would fill at most half of the GEMM's 4-row tiles.
  if (rowWise && outChannels <= 2) return 'sliding-window';
  return 'implicit-gemm';
}

function convAlgorithm(pass: ConvPass, g: Conv2dGeometry, dtype: DType, f: PlannerFeatures): ConvAlgorithm {
  const groupIn = g.inChannels / g.groups;
  const groupOut = g.outChannels / g.groups;
  if (pass === 'forward') return slidingAlgorithm(dtype, groupIn, groupOut, g, f);
  if (pass === 'backward-input') {
    if (g.strideHeight !== 1 || g.strideWidth !== 1) return 'gemm-col2im';
    return slidingAlgorithm(dtype, groupOut, groupIn, adjointShape(g), f);
  }
  return g.strideWidth === 1 && g.dilationWidth === 1 && f.simd ? 'simd-weight-rows' : 'implicit-gemm';
}

function convThreads(pass: ConvPass, g: Conv2dGeometry, f: PlannerFeatures): number {
  if (f.threads < 2) return 1;
  const flops = conv2dFlops(g);
  if (pass === 'forward') return g.batch >= 2 && flops >= f.minFlops ? f.threads : 1;
  if (flops < f.minBackwardFlops) return 1;
  if (pass === 'backward-input') return g.batch >= 2 ? f.threads : 1;
  return nonEmptyWeightBlocks(g, weightParts(f.threads)) >= 2 ? f.threads : 1;
}

/** How one pass of a convolution runs here. */
export function planConv(pass: ConvPass, g: Conv2dGeometry, dtype: DType, f: PlannerFeatures): ConvPlan {
  return {
    pass,
    algorithm: convAlgorithm(pass, g, dtype, f),
    simd: f.simd,
    threads: convThreads(pass, g, f),
  };
}

export interface MatmulPlan {
  /** Straight loops for products too small to amortize packing, else the cache-blocked packed GEMM. */
  algorithm: 'straight-loops' | 'packed-gemm';
  simd: boolean;
  /** Threads the rows of C are split over (in 4-row tiles). */
  threads: number;
}

export function planMatmul(args: MatmulArgs, f: PlannerFeatures): MatmulPlan {
  const { m, n, k } = args;
  const packed = usesPackedGemm(m, n, k);
  const shared = packed && f.threads >= 2 && matmulParts(m, f.threads) >= 2 && 2 * m * n * k >= f.minFlops;
  return {
    algorithm: packed ? 'packed-gemm' : 'straight-loops',
    simd: f.simd,
    threads: shared ? f.threads : 1,
  };
}

export interface MaxPoolPlan {
  /** Planes in pairs through the SIMD kernel (an odd last one through `js`), or every plane through `js`. */
  algorithm: 'simd-plane-pairs' | 'js';
}

export function planMaxPool(f: PlannerFeatures): MaxPoolPlan {
  return { algorithm: f.simd ? 'simd-plane-pairs' : 'js' };
}
