import { formatValue } from '@scratchnet/tensor';

export interface ConvPlanStep {
  kernelSize: number;
  padding: number;
}

export interface PlanConvOptions {
  /** Largest kernel allowed (default: unlimited). */
  maxKernelSize?: number;
}

function positiveInt(what: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new Error(`planConv: ${what} must be a positive integer, got ${formatValue(value)}`);
  }
  return value;
}

/** `total` split into `parts` non-negative integers differing by at most 1, ascending. */
function evenSplit(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  const extra = total % parts;
  return Array.from({ length: parts }, (_, i) => base + (i >= parts - extra ? 1 : 0));
}

/**
 * The seeds' `find_conv`: `numLayers` stride-1 convolutions (square kernel k, padding p on every
 * side, size ↦ size + 2p − k + 1) taking `inputSize` to `outputSize` with the least total padding
 * Σp. Since Σ(k − 1) = 2·Σp − (outputSize − inputSize), that is Σp = max(0, ⌈Δ/2⌉).
 * Tie-breaks, in order: the smallest largest kernel (the Σ(k − 1) spread evenly), then the smallest
 * largest padding (Σp spread evenly), kernels and paddings each listed in ascending order.
 */
export function planConv(
  inputSize: number,
  outputSize: number,
  numLayers: number,
  options: PlanConvOptions = {},
): ConvPlanStep[] {
  positiveInt('inputSize', inputSize);
  positiveInt('outputSize', outputSize);
  positiveInt('numLayers', numLayers);
  const maxKernel =
    options.maxKernelSize === undefined
      ? Number.POSITIVE_INFINITY
      : positiveInt('maxKernelSize', options.maxKernelSize);
  const growth = outputSize - inputSize;
  const totalPadding = Math.max(0, Math.ceil(growth / 2));
  const totalShrink = 2 * totalPadding - growth;
  if (totalShrink > numLayers * (maxKernel - 1)) {
    const why =
      growth < 0
        ? `shrinking by ${-growth} needs kernels summing to ${-growth + numLayers}, more than ${numLayers} layers of at most ${maxKernel}x${maxKernel}`
        : `growing by an odd ${growth} needs one even kernel, but kernels are limited to ${maxKernel}x${maxKernel}`;
    throw new Error(`planConv: cannot map ${inputSize} to ${outputSize} in ${numLayers} layer(s): ${why}`);
  }
  const kernels = evenSplit(totalShrink, numLayers).map((shrink) => shrink + 1);
  const paddings = evenSplit(totalPadding, numLayers);
  return kernels.map((kernelSize, i) => ({ kernelSize, padding: paddings[i] }));
}

/** The size after each step, checking that every kernel fits its padded input. */
export function applyConvPlan(inputSize: number, plan: readonly ConvPlanStep[]): number[] {
  const sizes: number[] = [];
  let size = inputSize;
  for (const { kernelSize, padding } of plan) {
    if (kernelSize > size + 2 * padding) {
      throw new Error(`applyConvPlan: kernel ${kernelSize} does not fit size ${size} padded by ${padding}`);
    }
    size = size + 2 * padding - kernelSize + 1;
    sizes.push(size);
  }
  return sizes;
}
