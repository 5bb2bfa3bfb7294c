import type { Conv2dGeometry } from './backend/types';
import { formatValue } from './format-value';
import { formatShape } from './shape';

/** Padding as PyTorch and the seeds accept it, plus asymmetric [top, bottom, left, right]. */
export type Conv2dPadding =
  | number
  | readonly [number, number]
  | readonly [number, number, number, number]
  | 'same'
  | 'valid';

export interface Conv2dOptions {
  stride?: number | readonly [number, number];
  padding?: Conv2dPadding;
  dilation?: number | readonly [number, number];
  groups?: number;
}

function positiveInt(op: string, what: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new Error(`${op}: ${what} must be a positive integer, got ${formatValue(value)}`);
  }
  return value;
}

function nonNegativeInt(op: string, what: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new Error(`${op}: ${what} must be a non-negative integer, got ${formatValue(value)}`);
  }
  return value;
}

export function pair(
  op: string,
  what: string,
  value: number | readonly number[] | undefined,
  fallback: number,
) {
  if (value === undefined) return [fallback, fallback] as const;
  if (typeof value === 'number') return [value, value] as const;
  if (Array.isArray(value) && value.length === 2) return [value[0], value[1]] as const;
  throw new Error(`${op}: ${what} must be a number or [height, width], got ${formatValue(value)}`);
}

/** [top, bottom, left, right] for explicit padding; 'same' and 'valid' are resolved by the caller. */
export function explicitPadding(op: string, padding: Exclude<Conv2dPadding, 'same' | 'valid'>) {
  let sides: readonly number[];
  if (typeof padding === 'number') sides = [padding, padding, padding, padding];
  else if (Array.isArray(padding) && padding.length === 2)
    sides = [padding[0], padding[0], padding[1], padding[1]];
  else if (Array.isArray(padding) && padding.length === 4) sides = padding;
  else {
    throw new Error(
      `${op}: padding must be a number, [ph, pw], [top, bottom, left, right], 'same' or 'valid', got ${formatValue(padding)}`,
    );
  }
  const names = ['top', 'bottom', 'left', 'right'];
  return sides.map((p, i) => nonNegativeInt(op, `padding ${names[i]}`, p)) as [
    number,
    number,
    number,
    number,
  ];
}

/** TensorFlow's 'same' split: the odd pixel of padding goes to the bottom/right. */
function samePadding(size: number, kernel: number, stride: number, dilation: number): [number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max(0, (out - 1) * stride + dilation * (kernel - 1) + 1 - size);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/**
 * Validates an NCHW input shape and a PyTorch-layout weight shape against the options
 * and returns the full geometry the kernels need. Every error names the op and the shapes.
 */
export function resolveConv2dGeometry(
  inputShape: readonly number[],
  weightShape: readonly number[],
  options: Conv2dOptions = {},
  op = 'conv2d',
): Conv2dGeometry {
  if (inputShape.length !== 4) {
    throw new Error(`${op}: input must be 4-D [N, C, H, W], got shape ${formatShape(inputShape)}`);
  }
  if (weightShape.length !== 4) {
    throw new Error(
      `${op}: weight must be 4-D [outC, inC/groups, kH, kW], got shape ${formatShape(weightShape)}`,
    );
  }
  const [batch, inChannels, inHeight, inWidth] = inputShape;
  const [outChannels, channelsPerGroup, kernelHeight, kernelWidth] = weightShape;
  if (kernelHeight < 1 || kernelWidth < 1) {
    throw new Error(
      `${op}: kernel must be at least 1x1, got ${kernelHeight}x${kernelWidth} (weight ${formatShape(weightShape)})`,
    );
  }
  const groups = positiveInt(op, 'groups', options.groups ?? 1);
  const [strideHeight, strideWidth] = pair(op, 'stride', options.stride, 1).map((s) =>
    positiveInt(op, 'stride', s),
  );
  const [dilationHeight, dilationWidth] = pair(op, 'dilation', options.dilation, 1).map((d) =>
    positiveInt(op, 'dilation', d),
  );
  if (inChannels % groups !== 0 || outChannels % groups !== 0) {
    throw new Error(
      `${op}: groups=${groups} must divide input channels (${inChannels}) and output channels (${outChannels})`,
    );
  }
  if (channelsPerGroup * groups !== inChannels) {
    throw new Error(
      `${op}: weight ${formatShape(weightShape)} expects ${channelsPerGroup * groups} input channels (inC/groups=${channelsPerGroup}, groups=${groups}), input ${formatShape(inputShape)} has ${inChannels}`,
    );
  }
  const padding = options.padding ?? 0;
  let pads: [number, number, number, number];
  if (padding === 'valid') pads = [0, 0, 0, 0];
  else if (padding === 'same') {
    if (strideHeight !== 1 || strideWidth !== 1) {
      throw new Error(
        `${op}: padding 'same' needs stride 1 (as in PyTorch), got stride [${strideHeight}, ${strideWidth}]`,
      );
    }
    pads = [
      ...samePadding(inHeight, kernelHeight, 1, dilationHeight),
      ...samePadding(inWidth, kernelWidth, 1, dilationWidth),
    ];
  } else pads = explicitPadding(op, padding);
  const [padTop, padBottom, padLeft, padRight] = pads;
  const effectiveKH = dilationHeight * (kernelHeight - 1) + 1;
  const effectiveKW = dilationWidth * (kernelWidth - 1) + 1;
  const paddedH = inHeight + padTop + padBottom;
  const paddedW = inWidth + padLeft + padRight;
  if (effectiveKH > paddedH || effectiveKW > paddedW) {
    throw new Error(
      `${op}: kernel ${kernelHeight}x${kernelWidth} (dilation ${dilationHeight}x${dilationWidth}) is larger than the padded input ${paddedH}x${paddedW} (input ${formatShape(inputShape)})`,
    );
  }
  return {
    batch,
    inChannels,
    inHeight,
    inWidth,
    outChannels,
    kernelHeight,
    kernelWidth,
    strideHeight,
    strideWidth,
    padTop,
    padBottom,
    padLeft,
    padRight,
    dilationHeight,
    dilationWidth,
    groups,
    outHeight: Math.floor((paddedH - effectiveKH) / strideHeight) + 1,
    outWidth: Math.floor((paddedW - effectiveKW) / strideWidth) + 1,
  };
}

/** Elements of x (and dx) of a convolution: N·C·H·W. */
export const conv2dInputSize = (g: Conv2dGeometry): number => g.batch * g.inChannels * g.inHeight * g.inWidth;

/** Elements of y (and dy): N·outC·outH·outW. */
export const conv2dOutputSize = (g: Conv2dGeometry): number =>
  g.batch * g.outChannels * g.outHeight * g.outWidth;

/** Elements of the weight (and dWeight): outC·(C/groups)·kH·kW. */
export const conv2dWeightSize = (g: Conv2dGeometry): number =>
  g.outChannels * (g.inChannels / g.groups) * g.kernelHeight * g.kernelWidth;

/** 2·N·outC·outH·outW·(C/groups)·kH·kW: the multiply-adds of one pass, counted as two flops each. */
export function conv2dFlops(g: Conv2dGeometry): number {
  return (
    2 *
    g.batch *
    g.outChannels *
    g.outHeight *
    g.outWidth *
    (g.inChannels / g.groups) *
    g.kernelHeight *
    g.kernelWidth
  );
}
