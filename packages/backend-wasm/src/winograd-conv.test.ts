import type { Conv2dGeometry } from '@scratchnet/tensor';
import { createRng, resolveConv2dGeometry } from '@scratchnet/tensor';
import {
  CONV_TOLERANCE,
  CONV2D_CASE_KINDS,
  maxRelativeError,
  randomConv2dCases,
  randomFloats,
  referenceConv2dBackwardInput,
  referenceConv2dForward,
} from '@scratchnet/tensor/testing';
import { describe, expect, it } from 'vitest';
import { scalarBackend } from './simd-test-paths';
import { usesWinograd, winogradConvolution, winogradPolicy } from './winograd-conv';

const rng = createRng(23);
const size = (shape: number[]) => shape.reduce((p, d) => p * d, 1);

function problem(g: Conv2dGeometry, x: Float64Array, w: Float64Array, y: Float64Array) {
  return { ...g, x, top: g.padTop, left: g.padLeft, weight: w, r: g.kernelHeight, y };
}

describe('wasm Winograd convolution', () => {
  it('is exact up to float64 rounding: F(4×4, 3×3) and F(4×4, 5×5), ragged tiles, several images per block', () => {
    for (const [N, C, K, H, W, r, pad] of [
      [3, 2, 3, 9, 7, 3, 1],
      [2, 3, 2, 13, 10, 5, 2],
      [40, 1, 1, 6, 6, 3, 0],
      [1, 4, 5, 4, 4, 5, 2],
    ]) {
      const g = resolveConv2dGeometry([N, C, H, W], [K, C, r, r], { padding: pad });
      const x = randomFloats(rng, 'float64', N * C * H * W) as Float64Array;
      const w = randomFloats(rng, 'float64', K * C * r * r) as Float64Array;
      const y = new Float64Array(N * K * g.outHeight * g.outWidth);
      const expected = new Float64Array(y.length);
      winogradConvolution(problem(g, x, w, y), 0, N, null);
      referenceConv2dForward(x, w, null, expected, g);
      // float64 transforms with entries up to 2⁶ and 1/2⁷: ~1e-14 relative, far inside float64's conv tolerance.
      expect(maxRelativeError(y, expected), JSON.stringify(g)).toBeLessThan(CONV_TOLERANCE.float64);
    }
  });

  it('gives the same bits whatever the block size (wide layers get small blocks)', () => {
    const g = resolveConv2dGeometry([7, 9, 10, 11], [12, 9, 3, 3], { padding: [1, 0] });
    const x = randomFloats(rng, 'float32', 7 * 9 * 10 * 11);
    const w = randomFloats(rng, 'float32', 12 * 9 * 3 * 3);
    const run = () => {
      const y = new Float32Array(7 * 12 * g.outHeight * g.outWidth);
      scalarBackend.conv2dForward(x, w, null, y, g);
      return y;
    };
    const wide = run();
    const saved = winogradPolicy.blockDoubles;
    try {
      // 12 channels × 36 = 432 doubles per tile: a budget of 8 tiles (the smallest block) splits each image.
      winogradPolicy.blockDoubles = 8 * 432;
      expect(run()).toEqual(wide);
    } finally {
      winogradPolicy.blockDoubles = saved;
    }
  });

  const cases = randomConv2dCases(5, 9 * CONV2D_CASE_KINDS.length).filter((c) => c.kind === 'winograd');

  it('serves the float32 forward and backward-input passes of every random Winograd geometry', () => {
    expect(cases.length).toBeGreaterThanOrEqual(9);
    for (const c of cases) {
      const g = c.geometry;
      const x = randomFloats(rng, 'float32', size(c.inputShape));
      const w = randomFloats(rng, 'float32', size(c.weightShape));
      const bias = randomFloats(rng, 'float32', g.outChannels);
      const outSize = g.batch * g.outChannels * g.outHeight * g.outWidth;
      expect(scalarBackend.planConv2d('forward', g, 'float32').algorithm, JSON.stringify(c.options)).toBe(
        'winograd',
      );
      const viaWinograd = scalarBackend.planConv2d('backward-input', g, 'float32').algorithm === 'winograd';
      expect(viaWinograd).toBe(g.inHeight >= 4 && g.inWidth >= 4);

      const y = randomFloats(rng, 'float32', outSize); // stale contents must be overwritten
      const expected = new Float64Array(outSize);
      scalarBackend.conv2dForward(x, w, bias, y, g);
      referenceConv2dForward(
        Float64Array.from(x),
        Float64Array.from(w),
        Float64Array.from(bias),
        expected,
        g,
      );
      expect(maxRelativeError(y, expected), `forward ${JSON.stringify(c.options)}`).toBeLessThan(
        CONV_TOLERANCE.float32,
      );

      const dy = randomFloats(rng, 'float32', outSize);
      const dx = randomFloats(rng, 'float32', x.length);
      const expectedDx = new Float64Array(x.length);
      scalarBackend.conv2dBackwardInput(dy, w, dx, g);
      referenceConv2dBackwardInput(Float64Array.from(dy), Float64Array.from(w), expectedDx, g);
      expect(maxRelativeError(dx, expectedDx), `backward-input ${JSON.stringify(c.options)}`).toBeLessThan(
        CONV_TOLERANCE.float32,
      );
    }
  });

  it('leaves float64, strided, dilated, 7×7, rectangular and few-channel convolutions to the direct kernels', () => {
    const shape = {
      kernelHeight: 3,
      kernelWidth: 3,
      strideHeight: 1,
      strideWidth: 1,
      dilationHeight: 1,
      dilationWidth: 1,
      outHeight: 8,
      outWidth: 8,
    };
    expect(usesWinograd(8, 8, shape)).toBe(true);
    expect(usesWinograd(8, 8, { ...shape, strideWidth: 2 })).toBe(false);
    expect(usesWinograd(8, 8, { ...shape, dilationHeight: 2 })).toBe(false);
    expect(usesWinograd(8, 8, { ...shape, kernelHeight: 7, kernelWidth: 7 })).toBe(false);
    expect(usesWinograd(8, 8, { ...shape, kernelWidth: 5 })).toBe(false);
    expect(usesWinograd(7, 8, shape)).toBe(false);
    expect(usesWinograd(8, 4, shape)).toBe(false);
    expect(usesWinograd(8, 8, { ...shape, outWidth: 3 })).toBe(false);
    // float64 keeps the direct algorithm's exactness: the planner asks Winograd for float32 only.
    const g = resolveConv2dGeometry([1, 8, 8, 8], [8, 8, 3, 3], { padding: 1 });
    expect(scalarBackend.planConv2d('forward', g, 'float32').algorithm).toBe('winograd');
    expect(scalarBackend.planConv2d('forward', g, 'float64').algorithm).toBe('implicit-gemm');
  });
});
