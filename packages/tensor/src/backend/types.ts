import type { DType, FloatArray } from '../dtype';

/**
 * The kernel contract every backend implements on raw, contiguous, row-major typed arrays.
 * Kernels never allocate their outputs: the caller passes them in, and each kernel
 * overwrites its output(s) completely (unless `accumulate` says otherwise).
 * All arrays of one call share one dtype; a backend lists the dtypes it serves in `dtypes`.
 */

/** C (m×n) = op(A)·op(B), or C += op(A)·op(B) when `accumulate`. */
export interface MatmulArgs {
  m: number;
  n: number;
  k: number;
  /** A is stored k×m and used transposed (otherwise stored m×k). */
  transA: boolean;
  /** B is stored n×k and used transposed (otherwise stored k×n). */
  transB: boolean;
  accumulate: boolean;
}

/** The sliding window shared by convolution and pooling over NCHW input. */
export interface WindowGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  kernelHeight: number;
  kernelWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padBottom: number;
  padLeft: number;
  padRight: number;
  outHeight: number;
  outWidth: number;
}

/**
 * Fully resolved 2-D convolution geometry (NCHW input, PyTorch weight layout
 * [outChannels, inChannels / groups, kernelHeight, kernelWidth]).
 * outHeight = floor((inHeight + padTop + padBottom - dilationHeight * (kernelHeight - 1) - 1) / strideHeight) + 1,
 * and likewise for the width. Produced and validated by `resolveConv2dGeometry`.
 */
export interface Conv2dGeometry extends WindowGeometry {
  inChannels: number;
  outChannels: number;
  dilationHeight: number;
  dilationWidth: number;
  groups: number;
}

/** Fully resolved pooling geometry over NCHW input; padding is never larger than half the kernel. */
export interface Pool2dGeometry extends WindowGeometry {
  channels: number;
}

export interface KernelSet {
  matmul(a: FloatArray, b: FloatArray, c: FloatArray, args: MatmulArgs): void;
  /** y [N, outC, outH, outW] = conv(x [N, C, H, W], weight) + bias. */
  conv2dForward(
    x: FloatArray,
    weight: FloatArray,
    bias: FloatArray | null,
    y: FloatArray,
    g: Conv2dGeometry,
  ): void;
  /** dx [N, C, H, W] = dL/dx given dy [N, outC, outH, outW]. */
  conv2dBackwardInput(dy: FloatArray, weight: FloatArray, dx: FloatArray, g: Conv2dGeometry): void;
  /** dWeight [outC, C/groups, kH, kW] and dBias [outC] (when given) from x and dy. */
  conv2dBackwardWeight(
    x: FloatArray,
    dy: FloatArray,
    dWeight: FloatArray,
    dBias: FloatArray | null,
    g: Conv2dGeometry,
  ): void;
  /**
   * y [N, C, outH, outW] = window max; `argmax` (same length as y) receives, per output,
   * the flat index h * inWidth + w of the chosen input element within its (n, c) plane.
   * Padding never wins (it acts as -Infinity); NaN propagates as in PyTorch.
   */
  maxPool2dForward(x: FloatArray, y: FloatArray, argmax: Int32Array, g: Pool2dGeometry): void;
  /**
   * dx [N, C, H, W] = scatter-add of dy through argmax. Throws before writing anything when an
   * argmax entry lies outside its input plane, as `argmax[i] = v is outside the HxW plane of input
   * [N, C, H, W]` (the op leaves this check to the kernel, which native makes in parallel).
   */
  maxPool2dBackward(dy: FloatArray, argmax: Int32Array, dx: FloatArray, g: Pool2dGeometry): void;
  /** y = window mean; divisor is kernelHeight*kernelWidth when countIncludePad, else the in-bounds count. */
  avgPool2dForward(x: FloatArray, y: FloatArray, g: Pool2dGeometry, countIncludePad: boolean): void;
  avgPool2dBackward(dy: FloatArray, dx: FloatArray, g: Pool2dGeometry, countIncludePad: boolean): void;
  /** y = max(x, 0) element by element; NaN stays NaN (as in PyTorch) and −0 gives +0. */
  relu(x: FloatArray, y: FloatArray): void;
  /**
   * dx = dy where y > 0, else +0 (a NaN y gives 0). `y` is relu's output or its input: the two are
   * positive at the same elements, so a layer need only keep one.
   */
  reluBackward(y: FloatArray, dy: FloatArray, dx: FloatArray): void;
}

/**
 * One Adam or AdamW step (PyTorch's single-tensor rule) of one parameter, in place, with t = `step`
 * and w = 1 - beta1, operation by operation:
 * AdamW (`decoupledWeightDecay`, weightDecay ≠ 0) first p = p * (1 - lr * weightDecay);
 * g = grad, negated when `maximize`; Adam (weightDecay ≠ 0) g = g + weightDecay * p;
 * m = m + w * (g - m) when |w| < 0.5, else g - (g - m) * (1 - w);
 * v = v * beta2 + (1 - beta2) * g * g (the product taken left to right);
 * vMax = max(vMax, v) when `amsgrad` (NaN when either is, +0 over -0);
 * p = p + -(lr / (1 - beta1^t)) * (m / (sqrt(vMax or v) / sqrt(1 - beta2^t) + eps)).
 */
export interface AdamStepArgs {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** AdamW's decay (param *= 1 - lr * weightDecay) instead of Adam's L2 term in the gradient. */
  decoupledWeightDecay: boolean;
  amsgrad: boolean;
  maximize: boolean;
  /** The step count including this step (1 on the first). */
  step: number;
}

/**
 * Fused optimizer updates. Every array has the parameter's length. The arithmetic is in the
 * arrays' dtype, as PyTorch computes it: every scalar (beta2, 1 - beta2, 1 - beta1, lr / (1 - beta1^t),
 * sqrt(1 - beta2^t), eps, the decay factors) is formed in float64 and rounded once to the dtype, and
 * every operation of the rule, in the order written above, rounds its result to the dtype (no fused
 * multiply-add), so that every backend gives bit-identical results.
 */
export interface OptimizerKernelSet {
  /** Updates param, expAvg, expAvgSq (and maxExpAvgSq, required when amsgrad) in place; grad is read. */
  adamStep(
    param: FloatArray,
    grad: FloatArray,
    expAvg: FloatArray,
    expAvgSq: FloatArray,
    maxExpAvgSq: FloatArray | null,
    args: AdamStepArgs,
  ): void;
}

/** Every kernel the `js` backend implements. */
export interface AllKernels extends KernelSet, OptimizerKernelSet {}

export type KernelName = keyof AllKernels;

/** A kernel call to plan, without its data: which kernel, its geometry or sizes, and the dtype. */
export type PlanRequest =
  | {
      kernel: 'conv2dForward' | 'conv2dBackwardInput' | 'conv2dBackwardWeight';
      geometry: Conv2dGeometry;
      dtype: DType;
    }
  | { kernel: 'matmul'; args: MatmulArgs; dtype: DType };

/** How a backend would run a kernel call: its named algorithm and the threads it would use. */
export interface KernelPlanInfo {
  algorithm: string;
  threads: number;
}

/**
 * A kernel backend: any subset of the kernels; what it leaves out (or a dtype it does
 * not list) falls back to the `js` backend, which implements everything.
 */
export interface KernelBackend extends Partial<AllKernels> {
  readonly name: string;
  /** The version of this contract the backend implements. */
  readonly apiVersion: 1;
  readonly dtypes: readonly DType[];
  /** Optional free-form facts shown by `backendInfo()` (threads, SIMD level, binary path…). */
  describe?(): Record<string, string | number | boolean>;
  /**
   * Runs the backend's kernels on `n` threads (results stay bit-identical for every n); resolves
   * once they run. A backend without it runs on one thread (`setThreads` in the registry says so).
   */
  setThreads?(n: number): Promise<void>;
  /** How many threads the backend's kernels run on now. */
  getThreads?(): number;
  /** What its planner would choose for a call (the algorithm it names, the threads it would use). */
  plan?(request: PlanRequest): KernelPlanInfo;
}
