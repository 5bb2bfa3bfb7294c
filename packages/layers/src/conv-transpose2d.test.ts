import {
  backendInfo,
  jsBackend,
  type KernelBackend,
  registerBackend,
  setBackend,
  Tensor,
} from '@scratchnet/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConvTranspose2d } from './conv-transpose2d';

describe('ConvTranspose2d', () => {
  it('has output size (H − 1)·stride − 2·padding + dilation·(k − 1) + outputPadding + 1', () => {
    const layer = new ConvTranspose2d(2, 3, [3, 2], {
      seed: 0,
      stride: [2, 3],
      padding: [1, 0],
      outputPadding: [1, 2],
      dilation: [1, 2],
    });
    // Height (4 − 1)·2 − 2 + 2 + 1 + 1 = 8; width (5 − 1)·3 − 0 + 2 + 2 + 1 = 17.
    expect(layer.outputShape([7, 2, 4, 5])).toEqual([7, 3, 8, 17]);
  });

  it("has PyTorch's parameter layout and initialisation bounds", () => {
    const layer = new ConvTranspose2d(4, 6, 3, { seed: 0, groups: 2 });
    expect(layer.parameters().map((p) => `${p.name} [${p.value.shape}]`)).toEqual([
      'weight [4,3,3,3]',
      'bias [6]',
    ]);
    // fan_in = weight.size(1)·kH·kW = 27: weight bound 1/√27 (kaiming_uniform_ with a = √5), bias bound the same.
    // The 108 weights come close to it: above 1/√36, the bound a fan-in from inChannels (4·9) would give.
    const largest = (values: ArrayLike<number>) => Math.max(...Array.from(values, Math.abs));
    expect(largest(layer.weight.value.data)).toBeLessThanOrEqual(1 / Math.sqrt(27));
    expect(largest(layer.weight.value.data)).toBeGreaterThan(1 / Math.sqrt(36));
    expect(largest(layer.bias!.value.data)).toBeLessThanOrEqual(1 / Math.sqrt(27));
  });

  describe('runs on the convolution kernels of the active backend', () => {
    const calls: string[] = [];
    const spy: KernelBackend = {
      name: 'conv-transpose-spy',
      apiVersion: 1,
      dtypes: ['float32'],
      conv2dForward: (...args) => {
        calls.push('conv2dForward');
        jsBackend.conv2dForward(...args);
      },
      conv2dBackwardInput: (...args) => {
        calls.push('conv2dBackwardInput');
        jsBackend.conv2dBackwardInput(...args);
      },
      conv2dBackwardWeight: (...args) => {
        calls.push('conv2dBackwardWeight');
        jsBackend.conv2dBackwardWeight(...args);
      },
    };
    let previous = 'auto';
    beforeAll(() => {
      previous = backendInfo().choice;
    });
    afterAll(() => setBackend(previous));

    it('forward is the backward-input kernel; backward the forward and weight kernels', () => {
      registerBackend(spy);
      setBackend(spy.name);
      const layer = new ConvTranspose2d(2, 3, 3, { seed: 1, stride: 2 });
      const y = layer.forward(Tensor.randn([1, 2, 3, 3]));
      expect(calls).toEqual(['conv2dBackwardInput']);
      layer.backward(Tensor.ones(y.shape));
      expect(calls.slice(1).sort()).toEqual(['conv2dBackwardWeight', 'conv2dForward']);
      expect(layer.kernelCalls([1, 2, 3, 3]).map((c) => c.kernel)).toEqual([
        'conv2dBackwardInput',
        'conv2dForward',
        'conv2dBackwardWeight',
      ]);
    });
  });

  it('names itself, the argument and the value or shape in its errors', () => {
    expect(() => new ConvTranspose2d(0, 2, 3)).toThrow(
      'ConvTranspose2d: inChannels must be a positive integer, got 0',
    );
    expect(() => new ConvTranspose2d(2, 2, [3, 0])).toThrow(
      'ConvTranspose2d: kernelSize must be a positive integer or a pair of them, got [3, 0]',
    );
    expect(() => new ConvTranspose2d(2, 2, 3, { stride: 2, outputPadding: 2 })).toThrow(
      'ConvTranspose2d(2 -> 2, kernel 3x3): outputPadding height (2) must be smaller than stride (2) or dilation (1)',
    );
    expect(() => new ConvTranspose2d(2, 2, 3, { outputPadding: [0, 1] })).toThrow(
      'outputPadding width (1) must be smaller than stride (1) or dilation (1)',
    );
    expect(() => new ConvTranspose2d(2, 2, 3, { padding: -1 })).toThrow(
      'ConvTranspose2d(2 -> 2, kernel 3x3): padding must be a non-negative integer or a pair of them, got -1',
    );
    expect(() => new ConvTranspose2d(2, 2, 3, { stride: Number.NaN })).toThrow(
      'ConvTranspose2d(2 -> 2, kernel 3x3): stride must be a positive integer or a pair of them, got NaN',
    );
    expect(() => new ConvTranspose2d(4, 3, 3, { groups: 2 })).toThrow(
      'ConvTranspose2d(4 -> 3, kernel 3x3): groups (2) must divide inChannels (4) and outChannels (3)',
    );
    expect(() => new ConvTranspose2d(2, 2, 3, 5 as never)).toThrow(
      'ConvTranspose2d: options must be an object, got number 5',
    );
    const layer = new ConvTranspose2d(2, 3, 3, { seed: 0, padding: 2 });
    expect(() => layer.forward(Tensor.zeros([1, 3, 4, 4]))).toThrow(
      'ConvTranspose2d(2 -> 3, kernel 3x3, padding=[2, 2]): expected input [N, 2, H, W], got [1, 3, 4, 4]',
    );
    expect(() => layer.forward(Tensor.zeros([1, 2, 1, 1]))).toThrow(
      'ConvTranspose2d(2 -> 3, kernel 3x3, padding=[2, 2]): input [1, 2, 1, 1] gives an empty output [1, 3, -1, -1]',
    );
  });
});
