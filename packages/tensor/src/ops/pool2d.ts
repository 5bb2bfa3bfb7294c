import { getKernel } from '../backend/registry';
import type { Pool2dGeometry } from '../backend/types';
import { type Pool2dOptions, resolvePool2dGeometry } from '../pool-geometry';
import { validateShape } from '../shape';
import { stepArray, stepInt32Array } from '../step-arena';
import { Tensor } from '../tensor';
import { checkShape, checkTensor } from './conv2d';

export interface AvgPool2dOptions extends Pool2dOptions {
  /** Divide by the whole window, padding included (PyTorch's default), or by the in-bounds count. */
  countIncludePad?: boolean;
}

function outputShape(g: Pool2dGeometry): number[] {
  return [g.batch, g.channels, g.outHeight, g.outWidth];
}

/** Geometry of a backward pass from the input shape, with dy checked against the output it implies. */
function backwardGeometry(
  op: string,
  dy: Tensor,
  inputShape: readonly number[],
  kernelSize: number | readonly [number, number],
  options: Pool2dOptions,
): Pool2dGeometry {
  checkTensor(op, 'dy', dy);
  validateShape(op, inputShape);
  const g = resolvePool2dGeometry(inputShape, kernelSize, options, op);
  checkShape(op, 'dy', dy, outputShape(g), 'the pooling output');
  return g;
}

/** Window max over NCHW input; `argmax` holds, per output, the winner's index h·W + w within its plane. */
export function maxPool2d(
  x: Tensor,
  kernelSize: number | readonly [number, number],
  options: Pool2dOptions = {},
): { output: Tensor; argmax: Int32Array } {
  const op = 'maxPool2d';
  checkTensor(op, 'input', x);
  const g = resolvePool2dGeometry(x.shape, kernelSize, options, op);
  const y = stepArray(op, x.dtype, outputShape(g));
  const argmax = stepInt32Array(y.length);
  getKernel('maxPool2dForward', x.dtype)(x.data, y, argmax, g);
  return { output: new Tensor(y, outputShape(g)), argmax };
}

/** dL/dx of maxPool2d: dy routed to each window's argmax. */
export function maxPool2dBackward(
  dy: Tensor,
  argmax: Int32Array,
  inputShape: readonly number[],
  kernelSize: number | readonly [number, number],
  options: Pool2dOptions = {},
): Tensor {
  const op = 'maxPool2dBackward';
  const g = backwardGeometry(op, dy, inputShape, kernelSize, options);
  if (!(argmax instanceof Int32Array) || argmax.length !== dy.size) {
    const got = argmax instanceof Int32Array ? `length ${argmax.length}` : 'not an Int32Array';
    throw new Error(
      `${op}: argmax must be an Int32Array with one index per dy element (${dy.size}), got ${got}`,
    );
  }
  // Each kernel checks every index against its plane (the contract says so), native in parallel.
  const dx = stepArray(op, dy.dtype, inputShape, 'dx');
  getKernel('maxPool2dBackward', dy.dtype)(dy.data, argmax, dx, g);
  return new Tensor(dx, [...inputShape]);
}

/** Window mean over NCHW input (floor mode; countIncludePad defaults to true, as in PyTorch). */
export function avgPool2d(
  x: Tensor,
  kernelSize: number | readonly [number, number],
  options: AvgPool2dOptions = {},
): Tensor {
  const op = 'avgPool2d';
  checkTensor(op, 'input', x);
  const g = resolvePool2dGeometry(x.shape, kernelSize, options, op);
  const y = stepArray(op, x.dtype, outputShape(g));
  getKernel('avgPool2dForward', x.dtype)(x.data, y, g, options.countIncludePad ?? true);
  return new Tensor(y, outputShape(g));
}

/** dL/dx of avgPool2d. */
export function avgPool2dBackward(
  dy: Tensor,
  inputShape: readonly number[],
  kernelSize: number | readonly [number, number],
  options: AvgPool2dOptions = {},
): Tensor {
  const op = 'avgPool2dBackward';
  const g = backwardGeometry(op, dy, inputShape, kernelSize, options);
  const dx = stepArray(op, dy.dtype, inputShape, 'dx');
  getKernel('avgPool2dBackward', dy.dtype)(dy.data, dx, g, options.countIncludePad ?? true);
  return new Tensor(dx, [...inputShape]);
}
