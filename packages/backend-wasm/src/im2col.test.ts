import { createRng, resolveConv2dGeometry } from '@scratchnet/tensor';
import {
  maxRelativeError,
  randomConv2dCases,
  randomFloats,
  referenceConv2dForward,
} from '@scratchnet/tensor/testing';
import { describe, expect, it } from 'vitest';
import { col2imImage, im2colImage, validRange } from './im2col';

const rng = createRng(23);

describe('js im2col / col2im', () => {
  it('validRange finds the output positions whose input lies inside the image', () => {
    // size 5, stride 2, pad 1, offset 0: inputs −1, 1, 3, 5 for o = 0..3 → only o = 1, 2 are inside.
    expect(validRange(4, 5, 2, 1, 0)).toEqual([1, 3]);
    expect(validRange(3, 2, 1, 0, 4)).toEqual([0, 0]);
  });

  it('unfolds a hand-checked 3×3 image into 2×2 windows', () => {
    const g = resolveConv2dGeometry([1, 1, 3, 3], [1, 1, 2, 2]);
    const cols = new Float64Array(16).fill(Number.NaN);
    im2colImage(Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), 0, cols, 0, g, 0, 1);
    expect([...cols]).toEqual([1, 2, 4, 5, 2, 3, 5, 6, 4, 5, 7, 8, 5, 6, 8, 9]);
  });

  it('W · im2col(x) is the convolution, per image and group, on random geometries', () => {
    for (const c of randomConv2dCases(1001, 45)) {
      const g = c.geometry;
      const groupIn = g.inChannels / g.groups;
      const groupOut = g.outChannels / g.groups;
      const taps = groupIn * g.kernelHeight * g.kernelWidth;
      const positions = g.outHeight * g.outWidth;
      const x = randomFloats(rng, 'float64', g.batch * g.inChannels * g.inHeight * g.inWidth);
      const w = randomFloats(rng, 'float64', g.outChannels * taps);
      const expected = new Float64Array(g.batch * g.outChannels * positions);
      referenceConv2dForward(x, w, null, expected, g);
      const y = new Float64Array(expected.length);
      const cols = new Float64Array(taps * positions).fill(Number.NaN); // every entry must be written
      for (let n = 0; n < g.batch; n++) {
        for (let grp = 0; grp < g.groups; grp++) {
          im2colImage(x, n * g.inChannels * g.inHeight * g.inWidth, cols, 0, g, grp * groupIn, groupIn);
          for (let k = 0; k < groupOut; k++) {
            const out = (n * g.outChannels + grp * groupOut + k) * positions;
            for (let t = 0; t < taps; t++) {
              const wv = w[(grp * groupOut + k) * taps + t];
              for (let p = 0; p < positions; p++) y[out + p] += wv * cols[t * positions + p];
            }
          }
        }
      }
      expect(maxRelativeError(y, expected), `${c.kind} ${JSON.stringify(c)}`).toBeLessThan(1e-12);
    }
  });

  it('col2im is the adjoint of im2col: ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩', () => {
    // Two float64 dot products of the same terms in different orders: equal to ~1e-15 relative.
    for (const c of randomConv2dCases(1002, 45)) {
      const g = c.geometry;
      const rows = g.inChannels * g.kernelHeight * g.kernelWidth;
      const x = randomFloats(rng, 'float64', g.inChannels * g.inHeight * g.inWidth);
      const cols = randomFloats(rng, 'float64', rows * g.outHeight * g.outWidth);
      const unfolded = new Float64Array(cols.length);
      im2colImage(x, 0, unfolded, 0, g, 0, g.inChannels);
      const folded = new Float64Array(x.length);
      col2imImage(cols, 0, folded, 0, g, 0, g.inChannels);
      const left = unfolded.reduce((s, v, i) => s + v * cols[i], 0);
      const right = folded.reduce((s, v, i) => s + v * x[i], 0);
      expect(Math.abs(left - right), c.kind).toBeLessThan(1e-12 * Math.max(1, Math.abs(left)));
    }
  });
});
