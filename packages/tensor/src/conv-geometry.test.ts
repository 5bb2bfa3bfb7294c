import { describe, expect, it } from 'vitest';
import { conv2dFlops, resolveConv2dGeometry } from './conv-geometry';
import { resolvePool2dGeometry } from './pool-geometry';

describe('resolveConv2dGeometry', () => {
  it('computes output sizes like PyTorch', () => {
    // The seeds' shapes: (10,3,7,5) kernel 2 -> (10,20,6,4); (2,3,4,5) kernel 3 padding 1 -> same size.
    expect(resolveConv2dGeometry([10, 3, 7, 5], [20, 3, 2, 2])).toMatchObject({ outHeight: 6, outWidth: 4 });
    expect(resolveConv2dGeometry([2, 3, 4, 5], [20, 3, 3, 3], { padding: 1 })).toMatchObject({
      outHeight: 4,
      outWidth: 5,
    });
    const g = resolveConv2dGeometry([1, 4, 11, 9], [8, 2, 3, 2], {
      stride: [2, 3],
      padding: [1, 0, 2, 1],
      dilation: 2,
      groups: 2,
    });
    // H: (11+1+0-2*2-1)/2+1 = 4; W: (9+2+1-2*1-1)/3+1 = 4.
    expect(g).toMatchObject({
      outHeight: 4,
      outWidth: 4,
      padTop: 1,
      padBottom: 0,
      padLeft: 2,
      padRight: 1,
      groups: 2,
    });
    expect(conv2dFlops(g)).toBe(2 * 1 * 8 * 4 * 4 * 2 * 3 * 2);
  });

  it("resolves 'same' (extra pixel bottom/right) and 'valid'", () => {
    const same = resolveConv2dGeometry([1, 1, 6, 6], [1, 1, 4, 3], { padding: 'same' });
    expect(same).toMatchObject({
      padTop: 1,
      padBottom: 2,
      padLeft: 1,
      padRight: 1,
      outHeight: 6,
      outWidth: 6,
    });
    const dilated = resolveConv2dGeometry([1, 1, 6, 6], [1, 1, 3, 3], { padding: 'same', dilation: 2 });
    expect(dilated).toMatchObject({ padTop: 2, padBottom: 2, outHeight: 6 });
    expect(resolveConv2dGeometry([1, 1, 6, 6], [1, 1, 3, 3], { padding: 'valid' }).outHeight).toBe(4);
  });

  it('names the op and the shapes in every error', () => {
    expect(() => resolveConv2dGeometry([1, 3, 8], [4, 3, 3, 3])).toThrow(
      'conv2d: input must be 4-D [N, C, H, W], got shape [1, 3, 8]',
    );
    expect(() => resolveConv2dGeometry([1, 3, 8, 8], [4, 2, 3, 3])).toThrow(
      'conv2d: weight [4, 2, 3, 3] expects 2 input channels (inC/groups=2, groups=1), input [1, 3, 8, 8] has 3',
    );
    expect(() => resolveConv2dGeometry([1, 4, 8, 8], [6, 1, 3, 3], { groups: 4 })).toThrow(
      'conv2d: groups=4 must divide input channels (4) and output channels (6)',
    );
    expect(() => resolveConv2dGeometry([1, 1, 2, 2], [1, 1, 3, 3])).toThrow(
      'conv2d: kernel 3x3 (dilation 1x1) is larger than the padded input 2x2 (input [1, 1, 2, 2])',
    );
    expect(() => resolveConv2dGeometry([1, 1, 8, 8], [2, 1, 0, 3])).toThrow(
      'conv2d: kernel must be at least 1x1, got 0x3 (weight [2, 1, 0, 3])',
    );
    expect(() => resolveConv2dGeometry([1, 1, 8, 8], [1, 1, 3, 3], { stride: 0 })).toThrow(
      'conv2d: stride must be a positive integer, got 0',
    );
    expect(() => resolveConv2dGeometry([1, 1, 8, 8], [1, 1, 3, 3], { padding: -1 })).toThrow(
      'conv2d: padding top must be a non-negative integer, got -1',
    );
    expect(() => resolveConv2dGeometry([1, 1, 8, 8], [1, 1, 3, 3], { padding: 'same', stride: 2 })).toThrow(
      /'same' needs stride 1/,
    );
    expect(() => resolveConv2dGeometry([1, 1, 8, 8], [1, 1, 3, 3], { padding: [1, 2, 3] as never })).toThrow(
      /padding must be a number/,
    );
  });
});

describe('resolvePool2dGeometry', () => {
  it('defaults the stride to the kernel and floors like PyTorch', () => {
    expect(resolvePool2dGeometry([2, 3, 7, 7], 2)).toMatchObject({
      strideHeight: 2,
      outHeight: 3,
      outWidth: 3,
    });
    expect(resolvePool2dGeometry([1, 1, 5, 5], 3, { stride: 2, padding: 1 })).toMatchObject({
      outHeight: 3,
      outWidth: 3,
    });
  });

  it('rejects padding beyond half the kernel and windows larger than the input', () => {
    expect(() => resolvePool2dGeometry([1, 1, 5, 5], 2, { padding: 2 })).toThrow(
      'pool2d: padding [2, 2, 2, 2] must be at most half the kernel 2x2',
    );
    expect(() => resolvePool2dGeometry([1, 1, 2, 2], 3, {}, 'maxPool2d')).toThrow(
      /maxPool2d: kernel 3x3 is larger than the padded input 2x2/,
    );
    expect(() => resolvePool2dGeometry([1, 1, 4], 2)).toThrow(/input must be 4-D/);
  });
});
