import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { f64 } from './test-support/tensors';
import { Upsample } from './upsample';

const row = (values: number[]) => f64(values, [1, 1, 1, values.length]);
const widthOf = (layer: Upsample, values: number[]) => Array.from(layer.forward(row(values)).data);

describe('Upsample', () => {
  it("nearest repeats pixels, choosing source ⌊o·in/out⌋ as PyTorch's legacy 'nearest'", () => {
    expect(widthOf(new Upsample({ scaleFactor: [1, 2] }), [1, 2, 3])).toEqual([1, 1, 2, 2, 3, 3]);
    expect(widthOf(new Upsample({ size: [1, 5] }), [1, 2, 3])).toEqual([1, 1, 2, 2, 3]);
    expect(widthOf(new Upsample({ size: [1, 2] }), [1, 2, 3, 4, 5])).toEqual([1, 3]);
  });

  it('bilinear with alignCorners false maps pixel centres; with true, the corners', () => {
    const half = new Upsample({ scaleFactor: [1, 2], mode: 'bilinear' });
    expect(widthOf(half, [0, 4])).toEqual([0, 1, 3, 4]);
    const corners = new Upsample({ size: [1, 5], mode: 'bilinear', alignCorners: true });
    expect(widthOf(corners, [0, 4, 8])).toEqual([0, 2, 4, 6, 8]);
  });

  it('backward sends each dy back to the inputs it was read from, with the same weights', () => {
    const layer = new Upsample({ scaleFactor: [1, 2], mode: 'bilinear' });
    layer.forward(row([0, 4]));
    // Outputs read [1·x0], [0.75·x0 + 0.25·x1], [0.25·x0 + 0.75·x1], [1·x1].
    expect(Array.from(layer.backward(row([1, 2, 4, 8])).data)).toEqual([1 + 1.5 + 1, 0.5 + 3 + 8]);
  });

  it('stores its options in the config and prints them', () => {
    const layer = new Upsample({ size: [4, 6], mode: 'bilinear', alignCorners: true });
    expect(layer.config()).toEqual({
      kind: 'Upsample',
      args: [{ size: [4, 6], mode: 'bilinear', alignCorners: true }],
    });
    expect(String(layer)).toBe('Upsample(size=[4, 6], mode=bilinear, alignCorners=true)');
    expect(String(new Upsample({ scaleFactor: 2 }))).toBe('Upsample(scaleFactor=[2, 2], mode=nearest)');
  });

  it('names itself, the argument and the value or shape in its errors', () => {
    expect(() => new Upsample({})).toThrow('Upsample: give exactly one of size and scaleFactor');
    expect(() => new Upsample({ size: 2, scaleFactor: 2 })).toThrow(
      'Upsample: give exactly one of size and scaleFactor',
    );
    expect(() => new Upsample({ size: [2, 0] })).toThrow(
      'Upsample: size width must be a positive integer, got 0',
    );
    expect(() => new Upsample({ scaleFactor: Number.NaN })).toThrow(
      'Upsample: scaleFactor height must be a positive finite number, got NaN',
    );
    expect(() => new Upsample({ scaleFactor: [1, 2, 3] as never })).toThrow(
      'Upsample: scaleFactor must be a number or [height, width], got [1, 2, 3]',
    );
    expect(() => new Upsample({ size: 2, mode: 'bicubic' as never })).toThrow(
      `Upsample: mode must be 'nearest' or 'bilinear', got "bicubic"`,
    );
    expect(() => new Upsample({ size: 2, alignCorners: true })).toThrow(
      "Upsample: alignCorners applies to mode 'bilinear' only and must be a boolean, got true with mode 'nearest'",
    );
    expect(() => new Upsample({ scaleFactor: 0.2 }).forward(Tensor.zeros([1, 1, 3, 8]))).toThrow(
      'Upsample(scaleFactor=[0.2, 0.2], mode=nearest): scaling an input of 3x8 gives an empty output 0x1',
    );
    expect(() => new Upsample({ size: 4 }).forward(Tensor.zeros([3, 8]))).toThrow(
      'Upsample(size=[4, 4], mode=nearest): expected input [N, C, H, W] with H, W >= 1, got [3, 8]',
    );
  });
});
