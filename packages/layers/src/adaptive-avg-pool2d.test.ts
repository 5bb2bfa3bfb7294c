import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { AdaptiveAvgPool2d, adaptiveWindows } from './adaptive-avg-pool2d';
import { f64 } from './test-support/tensors';

const windows = (inSize: number, outSize: number) =>
  adaptiveWindows(inSize, outSize).map((taps) => taps.map((t) => t.index));

describe('AdaptiveAvgPool2d', () => {
  it("uses PyTorch's windows [⌊i·in/out⌋, ⌈(i+1)·in/out⌉)", () => {
    expect(windows(5, 3)).toEqual([
      [0, 1],
      [1, 2, 3],
      [3, 4],
    ]);
    expect(windows(7, 3)).toEqual([
      [0, 1, 2],
      [2, 3, 4],
      [4, 5, 6],
    ]);
    expect(windows(3, 4)).toEqual([[0], [0, 1], [1, 2], [2]]);
    expect(windows(6, 2)).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect(windows(4, 1)).toEqual([[0, 1, 2, 3]]);
  });

  it('averages each window; with an output of 1x1 it is the global average', () => {
    const x = f64([1, 2, 3, 4, 5, 6], [1, 1, 2, 3]);
    expect(Array.from(new AdaptiveAvgPool2d([1, 2]).forward(x).data)).toEqual([
      (1 + 2 + 4 + 5) / 4,
      (2 + 3 + 5 + 6) / 4,
    ]);
    expect(Array.from(new AdaptiveAvgPool2d(1).forward(x).data)).toEqual([3.5]);
  });

  it('spreads dy evenly over each window, adding where windows overlap', () => {
    const layer = new AdaptiveAvgPool2d([1, 2]);
    layer.forward(f64([1, 2, 3, 4, 5, 6], [1, 1, 2, 3]));
    const dx = layer.backward(f64([4, 8], [1, 1, 1, 2]));
    expect(Array.from(dx.data)).toEqual([1, 3, 2, 1, 3, 2]);
  });

  it('names itself, the argument and the value or shape in its errors', () => {
    expect(() => new AdaptiveAvgPool2d(0)).toThrow(
      'AdaptiveAvgPool2d: outputSize height must be a positive integer, got 0',
    );
    expect(() => new AdaptiveAvgPool2d([2, 1.5])).toThrow(
      'AdaptiveAvgPool2d: outputSize width must be a positive integer, got 1.5',
    );
    expect(() => new AdaptiveAvgPool2d([2] as never)).toThrow(
      'AdaptiveAvgPool2d: outputSize must be a positive integer or [height, width], got [2]',
    );
    expect(() => new AdaptiveAvgPool2d(2).forward(Tensor.zeros([2, 3, 4]))).toThrow(
      'AdaptiveAvgPool2d(2x2): expected input [N, C, H, W] with H, W >= 1, got [2, 3, 4]',
    );
    expect(() => new AdaptiveAvgPool2d(2).forward(Tensor.zeros([1, 1, 0, 4]))).toThrow('got [1, 1, 0, 4]');
  });
});
