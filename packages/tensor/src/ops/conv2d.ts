import { getKernel } from '../backend/registry';
import type { Conv2dGeometry } from '../backend/types';
import { type Conv2dOptions, resolveConv2dGeometry } from '../conv-geometry';
import { formatShape, sameShape, validateShape } from '../shape';
import { stepArray } from '../step-arena';
import { Tensor } from '../tensor';

/** Throws unless `value` is a Tensor; names the op and the argument. */
export function checkTensor(op: string, name: string, value: unknown): Tensor {
  if (!(value instanceof Tensor)) throw new Error(`${op}: ${name} must be a Tensor, got ${describe(value)}`);
  return value;
}

/** Throws unless all given tensors share the first one's dtype. */
export function checkSameDType(op: string, tensors: Record<string, Tensor | null>): void {
  const entries = Object.entries(tensors).filter((e): e is [string, Tensor] => e[1] !== null);
  const [firstName, first] = entries[0];
  for (const [name, t] of entries) {
    if (t.dtype !== first.dtype) {
      throw new Error(`${op}: dtypes differ: ${firstName} is ${first.dtype}, ${name} is ${t.dtype}`);
    }
  }
}

/** Throws unless `t` has exactly the `expected` shape, saying what it should be. */
export function checkShape(
  op: string,
  name: string,
  t: Tensor,
  expected: readonly number[],
  why: string,
): void {
  if (!sameShape(t.shape, expected)) {
    throw new Error(
      `${op}: ${name} must have shape ${formatShape(expected)} (${why}), got ${formatShape(t.shape)}`,
    );
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? Object.prototype.toString.call(value) : String(value);
}

function outputShape(g: Conv2dGeometry): number[] {
  return [g.batch, g.outChannels, g.outHeight, g.outWidth];
}

function checkDy(op: string, dy: Tensor, g: Conv2dGeometry): void {
  checkShape(op, 'dy', dy, outputShape(g), 'the convolution output');
}

/** y = conv(x, weight) + bias, with x NCHW and weight [outC, inC/groups, kH, kW] (PyTorch layout). */
export function conv2d(x: Tensor, weight: Tensor, bias: Tensor | null, options: Conv2dOptions = {}): Tensor {
  const op = 'conv2d';
  checkTensor(op, 'input', x);
  checkTensor(op, 'weight', weight);
  if (bias !== null && bias !== undefined) checkTensor(op, 'bias', bias);
  const b = bias ?? null;
  checkSameDType(op, { input: x, weight, bias: b });
  const g = resolveConv2dGeometry(x.shape, weight.shape, options, op);
  if (b) checkShape(op, 'bias', b, [g.outChannels], 'one value per output channel');
  const y = stepArray(op, x.dtype, outputShape(g));
  getKernel('conv2dForward', x.dtype)(x.data, weight.data, b ? b.data : null, y, g);
  return new Tensor(y, outputShape(g));
}

/** dL/dx of conv2d, given dL/dy, the weight and the shape of x. */
export function conv2dBackwardInput(
  dy: Tensor,
  weight: Tensor,
  inputShape: readonly number[],
  options: Conv2dOptions = {},
): Tensor {
  const op = 'conv2dBackwardInput';
  checkTensor(op, 'dy', dy);
  checkTensor(op, 'weight', weight);
  checkSameDType(op, { dy, weight });
  validateShape(op, inputShape);
  const g = resolveConv2dGeometry(inputShape, weight.shape, options, op);
  checkDy(op, dy, g);
  const dx = stepArray(op, dy.dtype, [g.batch, g.inChannels, g.inHeight, g.inWidth], 'dx');
  getKernel('conv2dBackwardInput', dy.dtype)(dy.data, weight.data, dx, g);
  return new Tensor(dx, [...inputShape]);
}

/** dL/dweight (and dL/dbias when `withBias`) of conv2d, given x, dL/dy and the weight's shape. */
export function conv2dBackwardWeight(
  x: Tensor,
  dy: Tensor,
  weightShape: readonly number[],
  options: Conv2dOptions = {},
  withBias = true,
): { dWeight: Tensor; dBias: Tensor | null } {
  const op = 'conv2dBackwardWeight';
  checkTensor(op, 'input', x);
  checkTensor(op, 'dy', dy);
  checkSameDType(op, { input: x, dy });
  validateShape(op, weightShape);
  const g = resolveConv2dGeometry(x.shape, weightShape, options, op);
  checkDy(op, dy, g);
  const dWeight = stepArray(op, x.dtype, weightShape, 'dWeight');
  const dBias = withBias ? stepArray(op, x.dtype, [g.outChannels], 'dBias') : null;
  getKernel('conv2dBackwardWeight', x.dtype)(x.data, dy.data, dWeight, dBias, g);
  return {
    dWeight: new Tensor(dWeight, [...weightShape]),
    dBias: dBias ? new Tensor(dBias, [g.outChannels]) : null,
  };
}
