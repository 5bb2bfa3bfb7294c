import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { AvgPool2d } from './avg-pool2d';
import { GlobalAvgPool2d } from './global-avg-pool2d';
import { MaxPool2d } from './max-pool2d';
import { describeEachBackend } from './test-support/backends';
import { f64 } from './test-support/tensors';

const plane = f64([1, 5, 2, 0, 3, 4, 8, 1, 0, 1, 2, 3, 9, 1, 1, 4], [1, 1, 4, 4]);

describeEachBackend('pooling', () => {
  it('MaxPool2d routes the gradient to each window’s maximum', () => {
    const pool = new MaxPool2d(2);
    expect(Array.from(pool.forward(plane).data)).toEqual([5, 8, 9, 4]);
    const dx = pool.backward(f64([1, 2, 3, 4], [1, 1, 2, 2]));
    expect(Array.from(dx.data)).toEqual([0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 3, 0, 0, 4]);
  });

  it('AvgPool2d divides by the window (countIncludePad) or by the in-bounds count', () => {
    const x = f64([1, 2, 3, 4], [1, 1, 2, 2]);
    const withPad = new AvgPool2d(2, { stride: 1, padding: 1 }).forward(x);
    expect(Array.from(withPad.data)).toEqual([0.25, 0.75, 0.5, 1, 2.5, 1.5, 0.75, 1.75, 1]);
    const withoutPad = new AvgPool2d(2, { stride: 1, padding: 1, countIncludePad: false }).forward(x);
    expect(Array.from(withoutPad.data)).toEqual([1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4]);
  });

  it('GlobalAvgPool2d averages each plane to [N, C]', () => {
    const pool = new GlobalAvgPool2d();
    const y = pool.forward(plane);
    expect(y.shape).toEqual([1, 1]);
    expect(y.data[0]).toBe(45 / 16);
    const dx = pool.backward(f64([16], [1, 1]));
    expect(Array.from(dx.data)).toEqual(new Array(16).fill(1));
  });
});

describe('pooling errors', () => {
  it('name the layer and the shapes', () => {
    expect(() => new MaxPool2d(2).forward(Tensor.zeros([4, 4]))).toThrow(
      'MaxPool2d(2): expected input [N, C, H, W], got [4, 4]',
    );
    expect(() => new AvgPool2d(3, { padding: 1 }).forward(Tensor.zeros([1, 1, 4]))).toThrow(
      'AvgPool2d(3, padding=1): expected input [N, C, H, W], got [1, 1, 4]',
    );
    expect(() => new GlobalAvgPool2d().forward(Tensor.zeros([2, 3]))).toThrow(
      'GlobalAvgPool2d(): expected input [N, C, H, W] with H, W >= 1, got [2, 3]',
    );
    expect(() => new MaxPool2d(3).forward(Tensor.zeros([1, 1, 2, 2]))).toThrow(
      'MaxPool2d(3): kernel 3x3 is larger than the padded input 2x2',
    );
  });

  it('validate the window when built', () => {
    expect(() => new MaxPool2d(2, { padding: 2 })).toThrow('must be at most half the kernel');
    expect(() => new AvgPool2d(0)).toThrow('kernel size must be a positive integer, got 0');
  });
});
