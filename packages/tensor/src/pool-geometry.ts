import type { Pool2dGeometry } from './backend/types';
import { explicitPadding, pair } from './conv-geometry';
import { formatValue } from './format-value';
import { formatShape } from './shape';

export interface Pool2dOptions {
  /** Defaults to the kernel size, as in PyTorch. */
  stride?: number | readonly [number, number];
  padding?: number | readonly [number, number] | readonly [number, number, number, number];
}

/** Validates an NCHW input against a pooling window; floor mode, as PyTorch's default. */
export function resolvePool2dGeometry(
  inputShape: readonly number[],
  kernelSize: number | readonly [number, number],
  options: Pool2dOptions = {},
  op = 'pool2d',
): Pool2dGeometry {
  if (inputShape.length !== 4) {
    throw new Error(`${op}: input must be 4-D [N, C, H, W], got shape ${formatShape(inputShape)}`);
  }
  const [kernelHeight, kernelWidth] = pair(op, 'kernel size', kernelSize, 1);
  const [strideHeight, strideWidth] = pair(op, 'stride', options.stride, 0);
  // Only an absent stride means "the kernel size"; 0 or NaN is an error, not the default.
  const sh = options.stride === undefined ? kernelHeight : strideHeight;
  const sw = options.stride === undefined ? kernelWidth : strideWidth;
  for (const [what, v] of [
    ['kernel size', kernelHeight],
    ['kernel size', kernelWidth],
    ['stride', sh],
    ['stride', sw],
  ] as const) {
    if (!Number.isInteger(v) || v < 1)
      throw new Error(`${op}: ${what} must be a positive integer, got ${formatValue(v)}`);
  }
  const [padTop, padBottom, padLeft, padRight] = explicitPadding(op, options.padding ?? 0);
  if (Math.max(padTop, padBottom) * 2 > kernelHeight || Math.max(padLeft, padRight) * 2 > kernelWidth) {
    throw new Error(
      `${op}: padding [${padTop}, ${padBottom}, ${padLeft}, ${padRight}] must be at most half the kernel ${kernelHeight}x${kernelWidth}`,
    );
  }
  const [batch, channels, inHeight, inWidth] = inputShape;
  const paddedH = inHeight + padTop + padBottom;
  const paddedW = inWidth + padLeft + padRight;
  if (kernelHeight > paddedH || kernelWidth > paddedW) {
    throw new Error(
      `${op}: kernel ${kernelHeight}x${kernelWidth} is larger than the padded input ${paddedH}x${paddedW} (input ${formatShape(inputShape)})`,
    );
  }
  return {
    batch,
    channels,
    inHeight,
    inWidth,
    kernelHeight,
    kernelWidth,
    strideHeight: sh,
    strideWidth: sw,
    padTop,
    padBottom,
    padLeft,
    padRight,
    outHeight: Math.floor((paddedH - kernelHeight) / sh) + 1,
    outWidth: Math.floor((paddedW - kernelWidth) / sw) + 1,
  };
}
