import { createRng, im2col, Tensor } from '@scratchnet/tensor';
import { randomConv2dCases, randomFloats } from '@scratchnet/tensor/testing';
import { describe, expect, it } from 'vitest';
import { col2imImage, validRange } from './im2col';

const rng = createRng(23);

describe('wasm col2im', () => {
  it('validRange finds the output positions whose input lies inside the image', () => {
    // size 5, stride 2, pad 1, offset 0: inputs −1, 1, 3, 5 for o = 0..3 → only o = 1, 2 are inside.
    expect(validRange(4, 5, 2, 1, 0)).toEqual([1, 3]);
    expect(validRange(3, 2, 1, 0, 4)).toEqual([0, 0]);
  });

  it('col2im is the adjoint of im2col: ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩', () => {
    // Two float64 dot products of the same terms in different orders: equal to ~1e-15 relative.
    for (const c of randomConv2dCases(1002, 45)) {
      const g = c.geometry;
      const rows = g.inChannels * g.kernelHeight * g.kernelWidth;
      const x = randomFloats(rng, 'float64', g.inChannels * g.inHeight * g.inWidth);
      const cols = randomFloats(rng, 'float64', rows * g.outHeight * g.outWidth);
      // The readable unfold of @scratchnet/tensor's js backend, through its F.unfold op.
      const unfoldOptions = {
        stride: [g.strideHeight, g.strideWidth] as const,
        padding: [g.padTop, g.padBottom, g.padLeft, g.padRight] as const,
        dilation: [g.dilationHeight, g.dilationWidth] as const,
      };
      const unfolded = im2col(
        new Tensor(x, [1, g.inChannels, g.inHeight, g.inWidth]),
        [g.kernelHeight, g.kernelWidth],
        unfoldOptions,
      ).data;
      const folded = new Float64Array(x.length);
      col2imImage(cols, 0, folded, 0, g, 0, g.inChannels);
      const left = Array.from(unfolded).reduce((s, v, i) => s + v * cols[i], 0);
      const right = folded.reduce((s, v, i) => s + v * x[i], 0);
      expect(Math.abs(left - right), c.kind).toBeLessThan(1e-12 * Math.max(1, Math.abs(left)));
    }
  });
});
