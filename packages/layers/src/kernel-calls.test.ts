import {
  type Conv2dGeometry,
  createRng,
  jsBackend,
  type PlanRequest,
  registerBackend,
  setBackend,
  Tensor,
} from '@scratchnet/tensor';
import { afterEach, describe, expect, it } from 'vitest';
import { Conv2d } from './conv2d';
import type { Layer } from './layer';
import { Linear } from './linear';

/** The kernel calls a forward and backward pass of `layer` really make, recorded by a spying backend. */
function recordedCalls(layer: Layer, x: Tensor): PlanRequest[] {
  const calls: PlanRequest[] = [];
  const conv = (
    kernel: 'conv2dForward' | 'conv2dBackwardInput' | 'conv2dBackwardWeight',
    g: Conv2dGeometry,
  ) => calls.push({ kernel, geometry: g, dtype: 'float32' });
  registerBackend({
    name: 'call-spy',
    apiVersion: 1,
    dtypes: ['float32'],
    matmul(a, b, c, args) {
      calls.push({ kernel: 'matmul', args, dtype: 'float32' });
      jsBackend.matmul(a, b, c, args);
    },
    conv2dForward(x, w, b, y, g) {
      conv('conv2dForward', g);
      jsBackend.conv2dForward(x, w, b, y, g);
    },
    conv2dBackwardInput(dy, w, dx, g) {
      conv('conv2dBackwardInput', g);
      jsBackend.conv2dBackwardInput(dy, w, dx, g);
    },
    conv2dBackwardWeight(x, dy, dw, db, g) {
      conv('conv2dBackwardWeight', g);
      jsBackend.conv2dBackwardWeight(x, dy, dw, db, g);
    },
  });
  setBackend('call-spy');
  const y = layer.forward(x, { training: true });
  layer.backward(Tensor.randn(y.shape, { rng: createRng(2) }));
  return calls;
}

const sorted = (calls: PlanRequest[]) => [...calls].sort((a, b) => a.kernel.localeCompare(b.kernel));

describe('kernelCalls: the calls a training step makes, for backendInfo() to explain', () => {
  afterEach(() => setBackend('js'));

  it('Linear lists the three products its forward and backward run, with their sizes and flags', () => {
    const layer = new Linear(7, 5, { seed: 1 });
    const x = Tensor.randn([3, 7], { rng: createRng(1) });
    const planned = layer.kernelCalls([3, 7]);
    expect(planned).toEqual(recordedCalls(layer, x));
  });

  it('Conv2d lists its three passes with the geometry they run on (strides, padding, groups)', () => {
    const layer = new Conv2d(4, 6, [3, 2], { seed: 1, stride: [2, 1], padding: [1, 0], groups: 2 });
    const x = Tensor.randn([2, 4, 9, 8], { rng: createRng(3) });
    expect(sorted(layer.kernelCalls([2, 4, 9, 8]))).toEqual(sorted(recordedCalls(layer, x)));
  });

  it('rejects an input shape the layer cannot take, naming the layer', () => {
    expect(() => new Linear(7, 5, { seed: 1 }).kernelCalls([3, 6])).toThrow(/Linear\(7 -> 5\)/);
  });
});
