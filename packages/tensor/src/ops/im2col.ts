import { col2imImage, im2colImage } from '../backend/js/im2col';
import type { Conv2dGeometry } from '../backend/types';
import { type Conv2dOptions, pair, resolveConv2dGeometry } from '../conv-geometry';
import { allocate, allocateFor } from '../dtype';
import { formatShape, validateShape } from '../shape';
import { Tensor } from '../tensor';
import { checkShape, checkTensor } from './conv2d';

/** The geometry of a kH×kW window over the input, as a convolution with one output channel per group. */
function unfoldGeometry(
  op: string,
  inputShape: readonly number[],
  kernelSize: number | readonly [number, number],
  options: Conv2dOptions,
): Conv2dGeometry {
  if (options.groups !== undefined && options.groups !== 1) {
    throw new Error(`${op}: groups does not apply to unfolding, got groups=${options.groups}`);
  }
  const [kh, kw] = pair(op, 'kernel size', kernelSize, 1);
  if (inputShape.length !== 4) {
    throw new Error(`${op}: input must be 4-D [N, C, H, W], got shape ${formatShape(inputShape)}`);
  }
  return resolveConv2dGeometry(inputShape, [1, inputShape[1], kh, kw], options, op);
}

/** PyTorch's F.unfold: [N, C, H, W] → [N, C·kH·kW, outH·outW], zero where windows reach into the padding. */
export function im2col(
  x: Tensor,
  kernelSize: number | readonly [number, number],
  options: Conv2dOptions = {},
): Tensor {
  const op = 'im2col';
  checkTensor(op, 'input', x);
  const g = unfoldGeometry(op, x.shape, kernelSize, options);
  const rows = g.inChannels * g.kernelHeight * g.kernelWidth;
  const positions = g.outHeight * g.outWidth;
  const cols = allocateFor(op, x.dtype, [g.batch, rows, positions]);
  const image = g.inChannels * g.inHeight * g.inWidth;
  for (let n = 0; n < g.batch; n++)
    im2colImage(x.data, n * image, cols, n * rows * positions, g, 0, g.inChannels);
  return new Tensor(cols, [g.batch, rows, positions]);
}

/** PyTorch's F.fold: [N, C·kH·kW, outH·outW] → [N, C, H, W], summing where windows overlap. */
export function col2im(
  cols: Tensor,
  inputShape: readonly number[],
  kernelSize: number | readonly [number, number],
  options: Conv2dOptions = {},
): Tensor {
  const op = 'col2im';
  checkTensor(op, 'cols', cols);
  validateShape(op, inputShape);
  const g = unfoldGeometry(op, inputShape, kernelSize, options);
  const rows = g.inChannels * g.kernelHeight * g.kernelWidth;
  const positions = g.outHeight * g.outWidth;
  checkShape(op, 'cols', cols, [g.batch, rows, positions], 'C·kH·kW rows by outH·outW positions per image');
  const x = allocate(cols.dtype, g.batch * g.inChannels * g.inHeight * g.inWidth);
  const image = g.inChannels * g.inHeight * g.inWidth;
  for (let n = 0; n < g.batch; n++)
    col2imImage(cols.data, n * rows * positions, x, n * image, g, 0, g.inChannels);
  return new Tensor(x, [...inputShape]);
}
